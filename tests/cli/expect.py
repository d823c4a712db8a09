#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Runs a command and checks its exit code and stderr: expect.py RC REGEX -- CMD...

Passes when the exit code equals RC, stderr is exactly one line matching REGEX, and the
process was not killed by a signal (a crash is always a failure).
"""
import re
import subprocess
import sys

rc, pattern = int(sys.argv[1]), sys.argv[2]
cmd = sys.argv[sys.argv.index("--") + 1:]
p = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
err = p.stderr.strip("\n")
problems = []
if p.returncode < 0:
    problems.append(f"killed by signal {-p.returncode}")
if p.returncode != rc:
    problems.append(f"exit code {p.returncode}, expected {rc}")
if len(err.splitlines()) != 1:
    problems.append(f"expected one line on stderr, got {len(err.splitlines())}")
if not re.search(pattern, err):
    problems.append(f"stderr does not match {pattern!r}")
print(f"$ {' '.join(cmd)}\nstderr: {err}")
if problems:
    print("FAIL: " + "; ".join(problems))
    sys.exit(1)
print("ok")
