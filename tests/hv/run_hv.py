#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Run one tests/hv program and judge its output.

    run_hv.py --name N [--timeout S] -- lvzemu run ... N.elf

A run passes when the command exits with status 0 within the timeout, no line of its
standard output (the UART: the hypervisor's lines and, with "  [gN]" appended, its
guests') starts with "FAIL", and the last non-empty line is "PASS N". On failure the
output and the emulator's stderr are printed.
"""
import argparse
import subprocess
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--name", required=True)
    ap.add_argument("--timeout", type=float, default=600.0)
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd[:1] == ["--"] else a.cmd
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=a.timeout)
        rc, out, err = p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")
    except subprocess.TimeoutExpired as e:
        rc = None
        out = e.stdout.decode("utf-8", "replace") if e.stdout else ""
        err = (e.stderr.decode("utf-8", "replace") if e.stderr else "") + "\n(timed out)\n"
    lines = [l.rstrip("\r") for l in out.splitlines()]
    oks = sum(1 for l in lines if l.startswith("ok   "))
    fails = [l for l in lines if l.startswith("FAIL ")]
    last = next((l for l in reversed(lines) if l.strip()), "")
    why = None
    if rc is None:
        why = "timed out after %g s" % a.timeout
    elif rc != 0:
        why = "exit status %d" % rc
    elif fails:
        why = "%d FAIL line(s)" % len(fails)
    elif last != "PASS " + a.name:
        why = "last line is %r, not %r" % (last, "PASS " + a.name)
    if why:
        sys.stdout.write(out + err)
        print("hv.%s: %s (%d checks passed)" % (a.name, why, oks))
        return 1
    print("hv.%s: PASS (%d checks)" % (a.name, oks))
    return 0


if __name__ == "__main__":
    sys.exit(main())
