#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""`lvzemu run --step`: two Enters execute two instructions, each shown disassembled with
the registers it changed; `q` quits with status 0. Usage: step_test.py LVZEMU ELF"""
import re
import subprocess
import sys

lvzemu, elf = sys.argv[1:3]
p = subprocess.run([lvzemu, "run", "--step", elf], input="\n\nq\n", capture_output=True,
                   text=True, timeout=30)
err = p.stderr
print(err)
insns = re.findall(r"^(?:step> )?insn hart0 pc=(0x[0-9a-f]+) n=\d+ \(([0-9a-f]{8})\) (.*)$", err, re.M)
problems = []
if p.returncode != 0:
    problems.append(f"exit status {p.returncode}")
if len(insns) != 2:
    problems.append(f"expected 2 executed instructions, got {len(insns)}")
elif int(insns[1][0], 16) != int(insns[0][0], 16) + 4:
    problems.append("second instruction is not at pc + 4")
if not re.search(r"^  \$\w+: 0x[0-9a-f]+ -> 0x[0-9a-f]+$", err, re.M):
    problems.append("no register change shown")
if "2 instructions" not in err:
    problems.append("summary does not count 2 instructions")
if problems:
    print("FAIL: " + "; ".join(problems))
    sys.exit(1)
print("ok")
