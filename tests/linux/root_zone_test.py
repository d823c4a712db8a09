#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Boots hvisor's root zone on the ls3a5000 board under our stand-in hypervisor (issue #7).

Usage: root_zone_test.py --lvzemu PATH --elf tests/board/zone_root.elf [--twice]
Builds (or takes from the cache) the root-zone kernel (tools/linux/build.sh with
LVZEMU_LINUX_DT=ls3a5000-root: root-kernel.bin and its entry address), then runs
  lvzemu run --machine ls3a5000 --smp 4 -m 8G zone_root.elf --load root-kernel.bin@0x200000
           --trace exc --trace-file TRACE
which is the command line of the real check with hvisor's ELF. Passes when: the exit status
is 0 (the zone powered the board off through an emulated MMIO exit); the console shows, in
order, all four CPUs entering, the kernel entry equal to the one build.sh reports (the
address docs/ls3a5000.md tells users to put in hvisor's board file), `CPU0: Running the
VM...`, the kernel's `Run /init as init process` and the init banner; no kernel complaint;
and the trace summary counts guest exits of every kind this zone makes: GSPR from cpucfg,
iocsr*, idle and csr*, stage-2 refills (TLBR) and the MMIO exits (PIL and PIS, decoded from
BADI). --twice: a second run gives the same console, instruction count and trace.
Prints the milestones with their instruction counts (for docs/ls3a5000.md).
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
BAD = re.compile(r"WARNING|Oops|BUG:|Call Trace|stall|Kernel panic|Unable to handle")
MILESTONES = ["Primary CPU 0 has entered.", "Secondary CPU 1 has entered.", "Secondary CPU 2 has entered.",
              "Secondary CPU 3 has entered.", "CPU0: Running the VM...", "Run /init as init process",
              "lvzemu-init: hello from Linux", "reboot: Power down"]


def build():
    env = dict(os.environ, LVZEMU_LINUX_DT="ls3a5000-root")
    p = subprocess.run([os.path.join(HERE, "..", "..", "tools", "linux", "build.sh")], env=env,
                       capture_output=True, text=True, timeout=3600)
    if p.returncode != 0:
        sys.exit(f"tools/linux/build.sh failed:\n{p.stdout[-3000:]}\n{p.stderr[-3000:]}")
    return dict(line.split("=", 1) for line in p.stdout.splitlines() if "=" in line)


def run(lvzemu, elf, kernel, trace):
    t0 = time.monotonic()
    p = subprocess.run([lvzemu, "run", "--machine", "ls3a5000", "--smp", "4", "-m", "8G", elf,
                        "--load", f"{kernel}@0x200000", "--max-insns", "5000000000",
                        "--trace", "exc", "--trace-file", trace],
                       stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=1200)
    m = re.search(r"(\d+) instructions", p.stderr)
    return p.returncode, p.stdout, int(m.group(1)) if m else -1, p.stderr, time.monotonic() - t0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lvzemu", required=True)
    ap.add_argument("--elf", required=True)
    ap.add_argument("--twice", action="store_true")
    a = ap.parse_args()
    out_paths = build()
    entry = int(out_paths["entry"], 16)
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        trace = os.path.join(tmp, "trace1.txt")
        rc, out, n, err, secs = run(a.lvzemu, a.elf, out_paths["root_kernel"], trace)
        with open(trace) as f:
            tr = f.read()
        if rc != 0:
            problems.append(f"exit status {rc}: {err.strip()[-300:]}")
        pos = 0
        for want in MILESTONES:
            i = out.find(want, pos)
            if i < 0:
                problems.append(f"console lacks '{want}' (after the previous milestone)")
            else:
                pos = i
        m = re.search(r"root zone kernel entry (0x[0-9a-f]+)", out)
        if not m or int(m.group(1), 16) != entry:
            problems.append(f"kernel entry on the console {m.group(1) if m else None} != build.sh's {entry:#x}")
        bad = [line for line in out.splitlines() if BAD.search(line) or line.startswith("FAIL")]
        if bad:
            problems.append("complaints:\n  " + "\n  ".join(bad[:10]))
        summary = tr.strip().splitlines()[-1] if tr.strip() else ""
        ex = re.search(r"exits=(\d+) \[([^\]]*)\]", summary)
        gs = re.search(r"gspr=\[([^\]]*)\]", summary)
        exits = dict(re.findall(r"(\S+) (\d+)", ex.group(2))) if ex else {}
        gspr = dict(re.findall(r"(\S+) (\d+)", gs.group(1))) if gs else {}
        for reason in ("GSPR", "TLBR", "PIL", "PIS"):
            if int(exits.get(reason, 0)) == 0:
                problems.append(f"no {reason} exit in the trace summary: {summary}")
        for insn in ("cpucfg", "idle", "csrrd", "iocsrrd.w", "iocsrwr.w"):
            if int(gspr.get(insn, 0)) == 0:
                problems.append(f"no GSPR exit from {insn} in the trace summary: {summary}")
        if not re.search(r"gexit hart0 .* PIS gpa=0x100d0014 .*badi=0x[0-9a-f]+ \[st", tr):
            problems.append("no gexit line for the power-off store (PIS at 0x100d0014 with its BADI)")
        if a.twice and not problems:
            trace2 = os.path.join(tmp, "trace2.txt")
            rc2, out2, n2, _, _ = run(a.lvzemu, a.elf, out_paths["root_kernel"], trace2)
            with open(trace2) as f:
                tr2 = f.read()
            if (rc2, out2, n2) != (rc, out, n) or tr2 != tr:
                problems.append(f"second run differs: {n} vs {n2} instructions, console equal: {out == out2}, "
                                f"trace equal: {tr == tr2}")
            else:
                print(f"two runs: identical console, {n} instructions and trace ({len(tr)} bytes)")
        # Milestones with the instruction count at which each console line was reached are
        # not visible from outside; the trace's first genter gives the VM start.
        g = re.search(r"^genter hart0 pc=\S+ n=(\d+)", tr, re.M)
    if problems:
        print(out[-4000:])
        print("FAIL:\n" + "\n".join(problems))
        return 1
    print(f"PASS: root zone to its init banner and power-off: {n} instructions in {secs:.2f} s; "
          f"first guest entry at instruction {g.group(1) if g else '?'} of hart 0; kernel entry {entry:#x}")
    print(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
