#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Linux KVM on lvzemu (issue #8, docs/kvm.md).

Boots the firmware-DT kernel (KVM built in) on `lvzemu run --smp N -m 1G` (N = 2 unless
--smp says otherwise; with 1 the two vCPU threads share one host CPU) with the
initramfs of tests/kvm/build.sh, whose /init is kvm-vmm (tests/kvm/vmm.c). Checks:
  * the guest programs' exits, in order, against tests/kvm/expected.txt;
  * the nested Linux (the same vmlinux as a KVM guest) reaches its init banner and powers
    off through the VMM's GED register, then the host powers off;
  * the `--trace exc` summary counts the guest exits KVM handled, by reason, with the
    ones these guests must cause (GSPR for CPUCFG/IOCSR/IDLE, HVC, stage-2 faults,
    interrupts while in guest mode);
  * with --twice, a second run prints exactly the same console and summary.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
APPEND = "console=ttyS0,115200 rdinit=/init panic=-1"


def build():
    p = subprocess.run([os.path.join(HERE, "build.sh")], capture_output=True, text=True, timeout=3600)
    if p.returncode != 0:
        sys.exit(f"tests/kvm/build.sh failed:\n{p.stdout[-3000:]}\n{p.stderr[-3000:]}")
    paths = dict(l.split("=", 1) for l in p.stdout.splitlines() if "=" in l)
    return paths["vmlinux"], paths["cpio"]


def run(lvzemu, vmlinux, cpio, smp, select=None):
    append = APPEND + (" -- " + " ".join(select) if select else "")
    with tempfile.TemporaryDirectory() as tmp:
        trace = os.path.join(tmp, "trace.txt")
        t0 = time.monotonic()
        p = subprocess.run([lvzemu, "run", "--kernel", vmlinux, "--initrd", cpio, "--append", append,
                            "--smp", str(smp), "-m", "1G", "--max-insns", "20000000000",
                            "--trace", "exc", "--trace-file", trace],
                           stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=1800)
        wall = time.monotonic() - t0
        summary = ""
        with open(trace) as f:
            for line in f:
                if line.startswith("summary "):
                    summary = line.strip()
    m = re.search(r"(\d+) instructions", p.stderr)
    return p, summary, int(m.group(1)) if m else -1, wall


def expected_lines():
    with open(os.path.join(HERE, "expected.txt")) as f:
        return [l.rstrip("\n") for l in f if l.strip() and not l.startswith("#")]


def counts(summary, key):
    """The [NAME n ...] list after `key=` in the summary, as a dict."""
    m = re.search(re.escape(key) + r"=(?:\d+ )?\[([^\]]*)\]", summary)
    if not m:
        return {}
    toks = m.group(1).split()
    return {toks[i]: int(toks[i + 1]) for i in range(0, len(toks) - 1, 2)}


def check(p, summary, insns, wall):
    errors = []
    out = p.stdout
    if p.returncode != 0:
        errors.append(f"lvzemu exit status {p.returncode}")
    if "power-off" not in p.stderr:
        errors.append("the host did not power off")

    progs = ("mmio", "hcall", "timer", "stage2", "smp")
    got = [l for l in out.splitlines() if re.match(r"kvm-vmm: (%s): " % "|".join(progs), l)]
    want = expected_lines()
    if got != want:
        errors.append("guest program exits differ from expected.txt:")
        for i in range(max(len(got), len(want))):
            g = got[i] if i < len(got) else "<missing>"
            w = want[i] if i < len(want) else "<missing>"
            if g != w:
                errors.append(f"  line {i + 1}: got {g!r}, want {w!r}")

    # The nested Linux, in order: its kernel banner, its init's banner, its power-off.
    milestones = ["kvm-vmm: nested: booting /kvm/vmlinux",
                  "[guest] [    0.000000] Linux version 6.12",
                  "[guest] lvzemu-init: hello from Linux",
                  "[guest] lvzemu-init: /dev/kvm: absent",
                  "[guest] lvzemu-init: powering off",
                  "kvm-vmm: nested: vcpu0 power-off 0x34",
                  "kvm-vmm: nested: vcpu0 status 0",
                  "kvm-vmm: done, 0 failure(s)"]
    pos = 0
    for m in milestones:
        i = out.find(m, pos)
        if i < 0:
            errors.append(f"missing (in order): {m!r}")
        else:
            pos = i + len(m)
    # KVM's own complaints (arch/loongarch/kvm/exit.c kvm_err/pr_warn) and the kernel's.
    for bad in ("kvm-vmm: FATAL", "Kernel panic", "Oops", "WARNING:", "BUG:", "Unsupported csr",
                "unsupported gspr", "not supported Inst", "Bad MMIO length", "Bad IOCSR length",
                "ECode:", "internal error"):
        if bad in out:
            errors.append(f"console has {bad!r}")

    # KVM initialised without complaint: the host kernel's only KVM line is its shutdown.
    if "kvm-vmm: KVM_GET_API_VERSION 12," not in out:
        errors.append("kvm-vmm did not get KVM API version 12 from /dev/kvm")
    for line in out.splitlines():
        if line.startswith("[ ") and "kvm" in line.lower() and "kvm: exiting hardware virtualization" not in line:
            errors.append(f"host kernel: {line!r}")

    exits = counts(summary, "exits")
    gspr = counts(summary, "gspr")
    if not exits:
        errors.append(f"no guest-exit counts in the --trace exc summary: {summary!r}")
    for reason in ("GSPR", "HVC", "PIL", "PIS", "PME", "INT"):
        if exits.get(reason, 0) == 0:
            errors.append(f"no {reason} guest exits in the summary")
    for insn in ("cpucfg", "idle", "iocsrrd.w", "iocsrwr.w", "iocsrrd.d", "csrrd"):
        if gspr.get(insn, 0) == 0:
            errors.append(f"no GSPR exit for {insn} in the summary")
    return errors


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lvzemu", required=True)
    ap.add_argument("--twice", action="store_true")
    ap.add_argument("--smp", type=int, default=2, help="host harts (KVM_RUN threads share them)")
    a = ap.parse_args()
    vmlinux, cpio = build()
    p, summary, insns, wall = run(a.lvzemu, vmlinux, cpio, a.smp)
    errors = check(p, summary, insns, wall)
    print(f"host boot + guest programs + nested Linux: {insns} instructions, {wall:.2f} s")
    print(summary)
    if a.twice and not errors:
        p2, summary2, insns2, _ = run(a.lvzemu, vmlinux, cpio, a.smp)
        if (p2.stdout, summary2, insns2) != (p.stdout, summary, insns):
            errors.append(f"second run differs (instructions {insns} vs {insns2})")
    if errors:
        sys.stdout.write(p.stdout[-6000:])
        sys.stderr.write(p.stderr[-2000:])
        print("FAIL:\n" + "\n".join(errors))
        return 1
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
