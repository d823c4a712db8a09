#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Runs the workloads on lvzemu and on qemu-system-loongarch64 in the same run.

Usage: bench/run_bench.py [--build build] [--repeat 3] [--only tlbmiss,exceptions]
                          [--lvzemu PATH (default: BUILD/bin/lvzemu)]
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
WORKLOADS = INTEGER + PRIVILEGED


def run_lvzemu(lvzemu, elf):
    p = subprocess.run([lvzemu, "run", elf], capture_output=True, text=True, timeout=600)
    m = re.search(r"(\d+) instructions in ([\d.]+) s", p.stderr)
    if p.returncode != 0 or not m:
        sys.exit(f"lvzemu failed on {elf}: rc={p.returncode}\n{p.stderr}")
    return int(m.group(1)), float(m.group(2)), p.stdout.strip()


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
    ap.add_argument("--lvzemu", help="the lvzemu binary (default: BUILD/bin/lvzemu)")
    args = ap.parse_args()
    todo = WORKLOADS if not args.only else args.only.split(",")
    for w in todo:
        if w not in WORKLOADS:
            sys.exit(f"unknown workload {w!r}; known: {','.join(WORKLOADS)}")
    lvzemu = args.lvzemu or os.path.join(args.build, "bin", "lvzemu")
    bdir = os.path.join(args.build, "bench")
    base = statistics.median(run_qemu(os.path.join(args.build, "tests", "isa", "smoke.elf"))[0]
                             for _ in range(args.repeat))
    print(f"QEMU boot+exit overhead (empty program): {base:.3f} s (subtracted)")
    print(f"{'workload':<10} {'insns':>12} {'lvzemu s':>9} {'lvzemu MIPS':>12} {'QEMU s':>8} "
          f"{'QEMU MIPS':>10} {'ratio':>6}")
    ratios = {}
    for w in todo:
        elf = os.path.join(bdir, f"bench_{w}.elf")
        lz = [run_lvzemu(lvzemu, elf) for _ in range(args.repeat)]
        qm = [run_qemu(elf) for _ in range(args.repeat)]
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
