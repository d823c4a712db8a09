#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Wall time and instructions of the KVM run (issue #8), phase by phase.

Runs the linux.kvm set-up (tests/kvm/build.sh) three ways, selecting kvm-vmm's work with
arguments after "--" on the host's command line:
  host      host boot, kvm-vmm opens /dev/kvm, power-off (nothing selected)
  programs  the same plus the five guest programs
  nested    the same plus the nested Linux boot
and prints, per phase, the retired instructions (deterministic) and the median wall time
of --repeat runs; the programs and nested rows also show the difference to "host".
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
APPEND = "console=ttyS0,115200 rdinit=/init panic=-1 --"
PHASES = {"host": "none", "programs": "mmio hcall timer stage2 smp", "nested": "nested"}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lvzemu", default=os.path.join(ROOT, "build", "bin", "lvzemu"))
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    p = subprocess.run([os.path.join(ROOT, "tests", "kvm", "build.sh")], capture_output=True, text=True)
    if p.returncode:
        sys.exit(p.stderr)
    paths = dict(l.split("=", 1) for l in p.stdout.splitlines() if "=" in l)
    rows = {}
    for name, sel in PHASES.items():
        walls, insns = [], None
        for _ in range(a.repeat):
            t0 = time.monotonic()
            r = subprocess.run([a.lvzemu, "run", "--kernel", paths["vmlinux"], "--initrd", paths["cpio"],
                                "--append", f"{APPEND} {sel}", "--smp", "2", "-m", "1G"],
                               stdin=subprocess.DEVNULL, capture_output=True, text=True)
            walls.append(time.monotonic() - t0)
            if r.returncode or "kvm-vmm: done, 0 failure(s)" not in r.stdout:
                sys.exit(f"{name}: run failed:\n{r.stdout[-2000:]}\n{r.stderr[-1000:]}")
            insns = int(re.search(r"(\d+) instructions", r.stderr).group(1))
        rows[name] = (insns, statistics.median(walls))
    h_i, h_w = rows["host"]
    print(f"{'phase':10} {'instructions':>14} {'wall s':>8} {'minus host: instr':>18} {'wall s':>8}")
    for name, (i, w) in rows.items():
        extra = "" if name == "host" else f"{i - h_i:18d} {w - h_w:8.2f}"
        print(f"{name:10} {i:14d} {w:8.2f} {extra}")


if __name__ == "__main__":
    main()
