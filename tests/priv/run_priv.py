#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Run one tests/priv kernel and judge its output.

    run_priv.py --name N [--timeout S] -- CMD...        # lvzemu: CMD is `lvzemu run ... N.elf`
    run_priv.py --name N --qemu QEMU [--smp K] ELF       # QEMU virt, -kernel ELF
    run_priv.py --name N --qemu QEMU [--smp K] --can-fail ELF INVERTED_ELF

A run passes when the command exits with status 0 within the timeout, no line of its
standard output (the guest's UART) starts with "FAIL", and the last one is "PASS N". --can-fail runs ELF (which must pass)
and INVERTED_ELF (the same program built with PRIV_INVERT_CHECKS, every check reversed):
the inverted run must report exactly as many failed checks as the normal run had passed
checks ("ok" lines), no passed check, and end with "FAIL N".

QEMU is killed (SIGKILL) at the timeout: with -nographic it may ignore SIGTERM. An empty
--qemu (not found at configure time) exits with 77, which CMake maps to "skipped".
"""
import argparse
import subprocess
import sys

QEMU_ARGS = ["-M", "virt", "-m", "1G", "-nographic", "-no-reboot"]


def run(cmd, timeout):
    """(exit status or None on timeout, guest output (stdout), stderr)"""
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=timeout)
        return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode("utf-8", "replace") if e.stdout else ""
        err = e.stderr.decode("utf-8", "replace") if e.stderr else ""
        return None, out, err + "\n(timed out after %g s)\n" % timeout


def judge(name, rc, out):
    """(ok, why, number of "ok" lines, number of failed-check lines)"""
    timed_out = rc is None
    lines = [l.rstrip("\r") for l in out.splitlines()]
    oks = sum(1 for l in lines if l.startswith("ok   "))
    fails = [l for l in lines if l.startswith("FAIL ")]
    checks_failed = sum(1 for l in fails if l != "FAIL " + name)
    last = next((l for l in reversed(lines) if l.strip()), "")
    if timed_out:
        return False, "timed out", oks, checks_failed
    if rc != 0:
        return False, "exit status %s" % rc, oks, checks_failed
    if fails:
        return False, "%d FAIL line(s)" % len(fails), oks, checks_failed
    if last != "PASS " + name:
        return False, "last line is %r, not %r" % (last, "PASS " + name), oks, checks_failed
    return True, "", oks, checks_failed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--name", required=True)
    ap.add_argument("--qemu")
    ap.add_argument("--smp", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=30.0)
    ap.add_argument("--can-fail", action="store_true")
    ap.add_argument("rest", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    rest = a.rest[1:] if a.rest[:1] == ["--"] else a.rest

    if a.qemu is not None:
        if not a.qemu:
            print("qemu-system-loongarch64 not found: skipped")
            return 77
        mk = lambda elf: [a.qemu] + QEMU_ARGS + ["-smp", str(a.smp), "-kernel", elf]
    else:
        mk = None

    # QEMU's timer runs on host time, so on a loaded machine a time-based check can come
    # out differently there: a failed QEMU run is tried twice more. lvzemu is deterministic
    # and runs once.
    if a.can_fail and mk:
        for _ in range(2):
            if can_fail(a, mk, rest) == 0:
                return 0
    if a.can_fail:
        return can_fail(a, mk, rest)
    attempts = 3 if mk else 1
    for i in range(attempts):
        cmd = mk(rest[0]) if mk else rest
        rc, out, err = run(cmd, a.timeout)
        ok, why, oks, failed = judge(a.name, rc, out)
        if ok or i == attempts - 1:
            break
    sys.stdout.write(out)
    sys.stdout.write(err)
    print("run_priv: %s: %d checks passed, %d failed%s"
          % (a.name, oks, failed, "" if ok else " -- FAILED: " + why))
    return 0 if ok else 1


def can_fail(a, mk, rest):
    """The normal build passes; the inverted one fails every check the normal one passed."""
    normal, inverted = rest
    rc, out, err = run(mk(normal), a.timeout)
    ok, why, oks, _ = judge(a.name, rc, out)
    if not ok:
        sys.stdout.write(out + err)
        print("can-fail: the normal build does not pass: %s" % why)
        return 1
    rc, out2, err2 = run(mk(inverted), a.timeout)
    lines = out2.splitlines()
    _, _, oks2, failed2 = judge(a.name, rc, out2)
    last = next((l for l in reversed(lines) if l.strip()), "")
    good = (rc is not None and oks2 == 0 and failed2 == oks and oks > 0 and last == "FAIL " + a.name)
    print("normal run: %d checks passed; inverted run: %d failed, %d passed, last line %r"
          % (oks, failed2, oks2, last))
    if not good:
        sys.stdout.write(out2 + err2)
        print("can-fail: FAILED (every check must be able to fail)")
        return 1
    print("can-fail: every check reported failure when reversed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
