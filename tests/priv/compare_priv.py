#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Runs the same test kernel on QEMU and on lvzemu and requires identical UART output.

Usage: compare_priv.py --qemu QEMU --lvzemu LVZEMU --smp N --timeout S ELF
The ELF is the `.qemu.elf` build: checks where QEMU 7.2 departs from the manual print
`skip ...` on both (tests/priv/README.md lists them; docs/qemu-deviations.md says what
lvzemu does), so any remaining difference is a real disagreement: every check line, its
verdict, every FAIL/skip line and the final PASS must be the same, in the same order.
A passing check may also show the value it saw (`ok   what = v`, `ok   what (v)`); that
value is compared too, except where it is information rather than the checked outcome:
time readings (RDTIME, TVAL: QEMU runs on host time, lvzemu on virtual time), the TLBFILL
victim (random on QEMU, IMPL-DEFINED), and values derived from the reset CRMD.DATF/DATM
and PRCFG2 that QEMU 7.2 gets wrong (docs/qemu-deviations.md). Those are listed in
INFO_VALUES below; `note:` lines are QEMU-build commentary and ignored. Exit 77 (skipped)
when QEMU is not installed.
"""
import argparse
import difflib
import re
import subprocess
import sys

# Check names whose shown value is informational (see the docstring).
INFO_VALUES = re.compile(
    r"RDTIME|TVAL|InitVal ticks|TLBFILL .*index in the|STLB PS \d+ in the STLB|CRMD restored by ERTN")
VALUE = re.compile(r"^(ok   .*?)(?: = \S+| \(\S+\))$")


def normalise(text):
    out = []
    for line in text.replace("\r\n", "\n").splitlines():
        if line.startswith("note:"):
            continue
        m = VALUE.match(line)
        if m and INFO_VALUES.search(m.group(1)):
            line = m.group(1) + " = <info>"
        out.append(line + "\n")
    return out


def run(cmd, timeout):
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired as e:
        return (e.stdout or b"").decode(errors="replace") + "\n<timeout>\n"
    return p.stdout.decode(errors="replace")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--qemu", default="")
    ap.add_argument("--lvzemu", required=True)
    ap.add_argument("--smp", type=int, default=1)
    ap.add_argument("--timeout", type=int, default=60)
    ap.add_argument("elf")
    a = ap.parse_args()
    if not a.qemu:
        print("qemu-system-loongarch64 not found: skipped")
        return 77
    q = run([a.qemu, "-M", "virt", "-m", "1G", "-nographic", "-no-reboot", "-smp", str(a.smp),
             "-kernel", a.elf], a.timeout)
    # QEMU virt's la464 has no LVZ: compare with the same CPU.
    l = run([a.lvzemu, "run", "--lvz", "off", "--max-insns", "2000000000", "--smp", str(a.smp), a.elf], a.timeout)
    q, l = normalise(q), normalise(l)  # also QEMU's console \r\n
    # QEMU's timer runs on host time: on a loaded machine a time-based check can go the
    # other way there. lvzemu is deterministic, so only QEMU is run again (twice at most).
    for _ in range(2):
        if q == l:
            break
        q = normalise(run([a.qemu, "-M", "virt", "-m", "1G", "-nographic", "-no-reboot", "-smp", str(a.smp),
                           "-kernel", a.elf], a.timeout))
    if q == l and any(x.startswith("PASS") for x in l):
        print(f"identical output ({len(l)} lines)")
        return 0
    sys.stdout.writelines(difflib.unified_diff(q, l, "qemu", "lvzemu"))
    return 1


if __name__ == "__main__":
    sys.exit(main())
