#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Runs the workloads on lvzemu and on qemu-system-loongarch64 in the same run (the LVZ
ones, below, on lvzemu only).

Usage: bench/run_bench.py [--build build] [--repeat 3] [--only tlbmiss,exceptions]
                          [--lvz] [--no-trace] [--lvzemu PATH (default: BUILD/bin/lvzemu)]
For each workload: lvzemu's retired instructions and wall time (from its run summary),
QEMU's wall time for the same ELF minus QEMU's time for an empty program (boot and exit
overhead), both as medians of --repeat runs. MIPS = lvzemu's instruction count / time
(QEMU does not count instructions; it executes the same program). Prints the ratio
lvzemu MIPS / QEMU MIPS. Checksums printed by the two runs must agree.

Two groups, each with its own median ratio: integer workloads (user-level code in DA
mode) and privileged ones (tlbmiss: paging on, a TLB refill per access through Linux's
LDDIR/LDPTE handler; exceptions: a PLV3 loop of SYSCALL/BREAK/ADEM with ERTN). For the
privileged ones QEMU's instruction count may differ slightly from lvzemu's (TLBFILL picks
its victim way at random, so the number of refills is not exactly the same); MIPS for QEMU
still uses lvzemu's count.

A third group, LVZ (`--lvz` runs only it; `--only hypercall,gtlbmiss` picks from it too),
runs on lvzemu only (QEMU has no LVZ): guests of the tests/hv hypervisor. Each ELF has a
_setup twin (the same program without its measured loop); the twin's median time and its
instruction count are subtracted, so the figures are for the loop alone (steady state):
  hypercall    N HVCL round trips, minimal root handler (ERA += 4, ERTN): round trips/s,
               ns and instructions (guest + root) per round trip
  hypercall_c  the same through the runtime's full C exit path (GPR save, log, dispatch)
  gtlbmiss     tlbmiss.c inside the guest (its own page tables and refill handler), stage 2
               filled on demand by the root's refill handler: guest refills/s, stage-2
               refills (touch phase, printed by the program) and MIPS; also bare-metal
               tlbmiss on lvzemu (same checksum) for the guest/bare-metal ratio. Unless
               --no-trace, one extra run of each twin under `--trace exc` counts the guest
               refills exactly (TLBR exceptions minus TLBR exits: the guest's own ones).
Each LVZ program checks itself (checksums; last line PASS NAME); a failure stops the run.
With neither --only nor --lvz, all three groups run (LVZ last).
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import time

INTEGER = ["sort", "hash", "crc", "matmul", "ptrchase", "bytecode"]
PRIVILEGED = ["tlbmiss", "exceptions"]
LVZ = ["hypercall", "hypercall_c", "gtlbmiss"]
QEMU_WORKLOADS = INTEGER + PRIVILEGED
WORKLOADS = QEMU_WORKLOADS + LVZ


def run_lvzemu(lvzemu, elf):
    p = subprocess.run([lvzemu, "run", elf], capture_output=True, text=True, timeout=600)
    m = re.search(r"(\d+) instructions in ([\d.]+) s", p.stderr)
    if p.returncode != 0 or not m:
        sys.exit(f"lvzemu failed on {elf}: rc={p.returncode}\n{p.stderr}")
    return int(m.group(1)), float(m.group(2)), p.stdout.strip()


def run_lvz(lvzemu, elf):
    """One run of a self-checking LVZ program: (insns, seconds, its result line)."""
    p = subprocess.run([lvzemu, "run", elf], capture_output=True, text=True, timeout=900)
    m = re.search(r"(\d+) instructions in ([\d.]+) s", p.stderr)
    lines = [l for l in p.stdout.splitlines() if l.strip()]
    name = os.path.basename(elf)[len("bench_"):-len(".elf")].replace("_setup", "")
    result = next((l for l in lines if l.startswith(name + " ")), None)
    if (p.returncode != 0 or not m or not lines or lines[-1] != "PASS " + name or result is None
            or any(l.startswith("FAIL") for l in lines)):
        sys.exit(f"lvzemu failed on {elf}: rc={p.returncode}\n{p.stdout}{p.stderr}")
    return int(m.group(1)), float(m.group(2)), result


def trace_counts(lvzemu, elf):
    """Exception and exit counts by cause from one `--trace exc` run (its summary line)."""
    p = subprocess.Popen([lvzemu, "run", elf, "--trace", "exc", "--trace-file", "/dev/stdout"],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    summary = None
    for line in p.stdout:
        if line.startswith("summary "):
            summary = line
    p.wait()
    if p.returncode != 0 or summary is None:
        sys.exit(f"traced run of {elf} failed: rc={p.returncode}")
    m = re.search(r"exceptions=\d+ \[([^\]]*)\].*exits=\d+ \[([^\]]*)\]", summary)

    def parse(s):
        return {k: int(v) for k, v in re.findall(r"(\w+) (\d+)", s)}
    return parse(m.group(1)), parse(m.group(2))


def lvz_section(lvzemu, bdir, todo, repeat, trace):
    print(f"LVZ workloads (lvzemu only; medians of {repeat}; the _setup twin's median time and "
          f"its instructions subtracted)")
    for w in todo:
        elf = os.path.join(bdir, f"bench_lvz_{w}.elf")
        setup = os.path.join(bdir, f"bench_lvz_{w}_setup.elf")
        full = [run_lvz(lvzemu, elf) for _ in range(repeat)]
        base = [run_lvz(lvzemu, setup) for _ in range(repeat)]
        insns, insns0 = full[0][0], base[0][0]
        t, t0 = statistics.median(x[1] for x in full), statistics.median(x[1] for x in base)
        dt, di = max(t - t0, 1e-6), insns - insns0
        result = full[0][2]
        fields = dict(re.findall(r"([a-z0-9-]+) (0x[0-9a-f]+|\d+)", result))
        print(f"  {w}: {result}")
        print(f"    whole run: {insns} insns in {t:.3f} s ({insns / t / 1e6:.1f} MIPS); "
              f"setup twin: {insns0} insns in {t0:.3f} s")
        if w.startswith("hypercall"):
            n = int(fields["round-trips"])
            print(f"    {w}: {n / dt / 1e6:.2f} M round trips/s, {dt / n * 1e9:.0f} ns and "
                  f"{di / n:.2f} instructions (guest + root) per round trip, {di / dt / 1e6:.1f} MIPS")
        else:
            touches, s2 = int(fields["touches"]), int(fields["stage2-refills"])
            refills, how = touches, "one per touch, by design"
            if trace:
                exc, exits = trace_counts(lvzemu, elf)
                exc0, exits0 = trace_counts(lvzemu, setup)
                guest = exc.get("TLBR", 0) - exits.get("TLBR", 0)
                guest0 = exc0.get("TLBR", 0) - exits0.get("TLBR", 0)
                refills, how = guest - guest0, "counted by --trace exc"
                print(f"    traced: guest TLB refills {guest} (setup {guest0}), stage-2 refills "
                      f"{exits.get('TLBR', 0)} (setup {exits0.get('TLBR', 0)}), exits {exits}")
            print(f"    {w}: {refills / dt / 1e3:.0f} K guest refills/s ({refills} refills, {how}), "
                  f"{s2} stage-2 refills in the touch phase ({s2 / touches:.3f} per touch, "
                  f"{s2 / dt / 1e3:.0f} K/s), {di / touches:.1f} instructions per touch, "
                  f"{dt / touches * 1e9:.0f} ns per touch, {di / dt / 1e6:.1f} MIPS")
            # the same loop on bare metal (lvzemu, paging on, no LVZ): the cost of stage 2
            bare = [run_lvzemu(lvzemu, os.path.join(bdir, "bench_tlbmiss.elf")) for _ in range(repeat)]
            bt = statistics.median(x[1] for x in bare)
            if bare[0][2].split()[-1] != fields["checksum"]:
                sys.exit(f"gtlbmiss checksum {fields['checksum']} differs from tlbmiss's: {bare[0][2]!r}")
            print(f"    bare-metal tlbmiss on lvzemu (same loop and checksum, whole run): {bt:.3f} s, "
                  f"{bare[0][0]} insns, {bt / touches * 1e9:.0f} ns per touch; "
                  f"guest/bare-metal time per touch {dt / bt:.2f}x")


def run_qemu(elf):
    t0 = time.monotonic()
    p = subprocess.run(["qemu-system-loongarch64", "-M", "virt", "-m", "1G", "-nographic",
                        "-kernel", elf], capture_output=True, text=True, timeout=600)
    return time.monotonic() - t0, p.stdout.strip()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--only", help="comma-separated workloads to run (default: all)")
    ap.add_argument("--lvz", action="store_true", help="run only the LVZ workloads (lvzemu only)")
    ap.add_argument("--no-trace", action="store_true",
                    help="LVZ: skip the traced runs that count guest refills exactly")
    ap.add_argument("--lvzemu", help="the lvzemu binary (default: BUILD/bin/lvzemu)")
    args = ap.parse_args()
    todo = LVZ if args.lvz else WORKLOADS if not args.only else args.only.split(",")
    for w in todo:
        if w not in WORKLOADS:
            sys.exit(f"unknown workload {w!r}; known: {','.join(WORKLOADS)}")
    lvzemu = args.lvzemu or os.path.join(args.build, "bin", "lvzemu")
    bdir = os.path.join(args.build, "bench")
    lvz = [w for w in todo if w in LVZ]
    todo = [w for w in todo if w not in LVZ]
    if todo:
        qemu_section(lvzemu, bdir, todo, args.repeat, args.build)
    if lvz:
        lvz_section(lvzemu, bdir, lvz, args.repeat, not args.no_trace)


def qemu_section(lvzemu, bdir, todo, repeat, build):
    base = statistics.median(run_qemu(os.path.join(build, "tests", "isa", "smoke.elf"))[0]
                             for _ in range(repeat))
    print(f"QEMU boot+exit overhead (empty program): {base:.3f} s (subtracted)")
    print(f"{'workload':<10} {'insns':>12} {'lvzemu s':>9} {'lvzemu MIPS':>12} {'QEMU s':>8} "
          f"{'QEMU MIPS':>10} {'ratio':>6}")
    ratios = {}
    for w in todo:
        elf = os.path.join(bdir, f"bench_{w}.elf")
        lz = [run_lvzemu(lvzemu, elf) for _ in range(repeat)]
        qm = [run_qemu(elf) for _ in range(repeat)]
        insns = lz[0][0]
        lt = statistics.median(x[1] for x in lz)
        qt = max(statistics.median(x[0] for x in qm) - base, 1e-3)
        if lz[0][2] != qm[0][1]:
            sys.exit(f"{w}: output differs: lvzemu {lz[0][2]!r} QEMU {qm[0][1]!r}")
        lm, qmips = insns / lt / 1e6, insns / qt / 1e6
        ratios[w] = lm / qmips
        print(f"{w:<10} {insns:>12} {lt:>9.3f} {lm:>12.1f} {qt:>8.3f} {qmips:>10.1f} {lm / qmips:>6.2f}")
    for group, names in (("integer", INTEGER), ("privileged", PRIVILEGED)):
        r = [ratios[w] for w in names if w in ratios]
        if r:
            print(f"median ratio lvzemu/QEMU ({group}): {statistics.median(r):.2f}")


if __name__ == "__main__":
    main()
