#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Boots Linux 6.12 (tools/linux/build.sh, cached) on lvzemu and checks the console.

Usage: boot_test.py --lvzemu PATH --smp N [--twice] [--dt builtin|firmware]
--dt firmware: a kernel without a built-in device tree, so it runs on the one lvzemu
builds (libfdt; CPUs from --smp, EIOINTC/PCH-PIC/PCH-MSI, the UART's interrupt); the run
must then also show the serial driver on an interrupt line, not polling.
Passes when the run powers off (exit status 0), the init banner, the CPU count N and the
power-off appear, and the console has no warning, oops, BUG or stall. --twice: two boots
must give identical console logs and retired-instruction counts (determinism).
"""
import argparse
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
BAD = re.compile(r"WARNING|Oops|BUG:|Call Trace|stall|Kernel panic|Unable to handle")


def build(smp, dt):
    env = dict(os.environ, LVZEMU_LINUX_CPUS=str(smp), LVZEMU_LINUX_DT=dt)
    p = subprocess.run([os.path.join(HERE, "..", "..", "tools", "linux", "build.sh")], env=env,
                       capture_output=True, text=True, timeout=3600)
    if p.returncode != 0:
        sys.exit(f"tools/linux/build.sh failed:\n{p.stdout[-3000:]}\n{p.stderr[-3000:]}")
    paths = dict(line.split("=", 1) for line in p.stdout.splitlines() if line.startswith(("vmlinux=", "rootfs=")))
    return paths["vmlinux"], paths["rootfs"]


def boot(lvzemu, vmlinux, rootfs, smp):
    # The kernel's own built-in command line (what QEMU 7.2 boots with): --append replaces it.
    p = subprocess.run([lvzemu, "run", "--kernel", vmlinux, "--initrd", rootfs, "--append",
                        "console=ttyS0,115200 earlycon rdinit=/init swiotlb=noforce panic=-1",
                        "--smp", str(smp), "--max-insns", "20000000000"],
                       stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=1200)
    m = re.search(r"(\d+) instructions", p.stderr)
    return p.returncode, p.stdout, int(m.group(1)) if m else -1, p.stderr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lvzemu", required=True)
    ap.add_argument("--smp", type=int, default=1)
    ap.add_argument("--twice", action="store_true")
    ap.add_argument("--dt", choices=("builtin", "firmware"), default="builtin")
    a = ap.parse_args()
    vmlinux, rootfs = build(a.smp if a.dt == "builtin" else 1, a.dt)
    rc, out, n, err = boot(a.lvzemu, vmlinux, rootfs, a.smp)
    problems = []
    if rc != 0:
        problems.append(f"exit status {rc}: {err.strip()[-300:]}")
    for want in ("lvzemu-init: hello from Linux", f"lvzemu-init: cpus online: {a.smp} ",
                 "lvzemu-init: initramfs: external", "lvzemu-init: /dev/kvm: present", "reboot: Power down"):
        if want not in out:
            problems.append(f"console lacks '{want}'")
    if a.dt == "firmware" and not re.search(r"ttyS0 at MMIO 0x1fe001e0 \(irq = [1-9]", out):
        problems.append("the 8250 did not get an interrupt from lvzemu's device tree")
    bad = [line for line in out.splitlines() if BAD.search(line)]
    if bad:
        problems.append("kernel complaints:\n  " + "\n  ".join(bad[:10]))
    if a.twice and not problems:
        rc2, out2, n2, _ = boot(a.lvzemu, vmlinux, rootfs, a.smp)
        if out2 != out or n2 != n or rc2 != rc:
            problems.append(f"second boot differs: {n} vs {n2} instructions, console equal: {out == out2}")
        else:
            print(f"two boots: identical console ({len(out)} bytes) and {n} instructions")
    if problems:
        print(out[-4000:])
        print("FAIL:\n" + "\n".join(problems))
        return 1
    print(f"PASS: --smp {a.smp}, {n} instructions; {err.strip().splitlines()[-1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
