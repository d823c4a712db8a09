#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""`lvzemu disasm ELF` against `llvm-objdump-19 -d --no-show-raw-insn --mattr=...`.

Usage: objdump_compare.py LVZEMU OBJDUMP ELF [--raw BIN BASE]. With --raw, lvzemu
disassembles the raw image BIN loaded at BASE (e.g. the ELF's .text extracted with
llvm-objcopy -O binary) and is compared with objdump's view of the ELF. Every address objdump prints must appear in
lvzemu's output with the same text (whitespace-normalised; objdump's trailing ` <symbol>`
annotation of branch targets is dropped, as it is not part of the instruction text).
Exits 1 on any difference and prints `N passed, M failed`.
"""
import re
import subprocess
import sys

lvzemu, objdump, elf = sys.argv[1:4]
MATTR = "--mattr=+d,+lsx,+lasx,+lvz,+lbt"
line_re = re.compile(r"^\s*([0-9a-f]+):\s*(.*)$")


def norm(t):
    return " ".join(t.split())


def parse(text, strip_sym):
    out = {}
    for line in text.splitlines():
        m = line_re.match(line)
        if not m:
            continue
        t = m.group(2)
        if strip_sym:
            t = re.sub(r"\s+<[^>]*>$", "", t)
        out[int(m.group(1), 16)] = norm(t)
    return out


cmd = [lvzemu, "disasm", elf]
if len(sys.argv) > 4 and sys.argv[4] == "--raw":
    cmd = [lvzemu, "disasm", "--raw", "--base", sys.argv[6], sys.argv[5]]
ours = parse(subprocess.run(cmd, capture_output=True, text=True,
                            check=True).stdout, False)
theirs = parse(subprocess.run([objdump, "-d", "--no-show-raw-insn", MATTR, elf],
                              capture_output=True, text=True, check=True).stdout, True)
passed = failed = 0
for addr, text in sorted(theirs.items()):
    if ours.get(addr) == text:
        passed += 1
    else:
        failed += 1
        print(f"0x{addr:x}: objdump '{text}' lvzemu '{ours.get(addr)}'")
if not theirs:
    print("objdump printed nothing")
    failed += 1
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
