#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Linux boot on lvzemu and on QEMU in the same run (issue #6): wall time from start to
the init banner and to power-off, and lvzemu's retired instructions.

Usage: bench/boot_bench.py [--build build] [--repeat 5] [--smp 1]
The kernel and initramfs come from tools/linux/build.sh (cached). Both emulators get the
kernel's built-in command line (QEMU 7.2 passes none; lvzemu passes --append, which
replaces it), so they do the same work. Medians of --repeat runs.
"""
import argparse
import os
import re
import statistics
import subprocess
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CMDLINE = "console=ttyS0,115200 earlycon rdinit=/init swiotlb=noforce panic=-1"
BANNER = b"lvzemu-init: hello from Linux"


def timed(cmd):
    """(seconds to the banner, seconds to exit, stderr)"""
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    banner = None
    buf = b""
    while True:
        chunk = p.stdout.read1(4096) if hasattr(p.stdout, "read1") else p.stdout.read(4096)
        if not chunk:
            break
        buf += chunk
        if banner is None and BANNER in buf:
            banner = time.monotonic() - t0
    err = p.stderr.read().decode(errors="replace")
    p.wait()
    total = time.monotonic() - t0
    if banner is None:
        raise SystemExit(f"no banner from {cmd[0]}:\n{buf.decode(errors='replace')[-2000:]}\n{err[-1000:]}")
    return banner, total, err


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--smp", type=int, default=1)
    a = ap.parse_args()
    env = dict(os.environ, LVZEMU_LINUX_CPUS=str(a.smp))
    out = subprocess.run([os.path.join(ROOT, "tools", "linux", "build.sh")], env=env, check=True,
                         capture_output=True, text=True).stdout
    paths = dict(l.split("=", 1) for l in out.splitlines() if "=" in l)
    vmlinux, rootfs = paths["vmlinux"], paths["rootfs"]
    lvz = [os.path.join(a.build, "bin", "lvzemu"), "run", "--kernel", vmlinux, "--initrd", rootfs,
           "--append", CMDLINE, "--smp", str(a.smp)]
    qemu = ["qemu-system-loongarch64", "-M", "virt", "-m", "1G", "-smp", str(a.smp), "-nographic", "-no-reboot",
            "-kernel", vmlinux]
    if a.smp > 1:
        smpboot = os.path.join(os.path.dirname(vmlinux), "smpboot-qemu72.bin")
        qemu += ["-device", f"loader,file={smpboot},addr=0x1000,force-raw=on"]
        qemu += [x for i in range(1, a.smp) for x in ("-device", f"loader,addr=0x1000,cpu-num={i}")]
    results = {"lvzemu": [], "qemu": []}
    insns = set()
    for _ in range(a.repeat):
        b, t, err = timed(lvz)
        m = re.search(r"(\d+) instructions", err)
        insns.add(int(m.group(1)) if m else -1)
        results["lvzemu"].append((b, t))
        results["qemu"].append(timed(qemu)[:2])
    med = {k: (statistics.median(x[0] for x in v), statistics.median(x[1] for x in v)) for k, v in results.items()}
    print(f"--smp {a.smp}, {a.repeat} runs each, medians; lvzemu instructions: {sorted(insns)}")
    for k in ("lvzemu", "qemu"):
        print(f"  {k:7s} banner {med[k][0]:.3f} s  power-off {med[k][1]:.3f} s")
    print(f"  lvzemu/QEMU wall time to the banner: {med['lvzemu'][0] / med['qemu'][0]:.2f} (target <= 2)")


if __name__ == "__main__":
    main()
