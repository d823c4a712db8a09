#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Runs scalar FP instructions under qemu-loongarch64 (user mode) and returns what QEMU
computed, so the lvzemu FP semantics (src/cpu/sem/fp_*.cpp) can be compared bit for bit.

Not part of the build or of ctest (qemu-user is a developer tool here): `fp_diff.py`
uses it for random differential runs and `gen_vectors.py` to refresh the golden vectors
that tests/unit/sem_fp_test.cpp embeds.

Each case runs one instruction word with fixed registers: fd = f4, fj = f5, fk = f6,
fa = f7, rd = r14, rj = r13; cd/cj/ca and the fcsr number come from the case. Before it
the harness loads FCSR0, FCC0..7, f4..f7, r13 and r14; after it it records f4, FCSR0,
FCC0..7, r14 and whether a signal (SIGFPE for an enabled FP exception) was taken. A
SIGFPE handler skips the faulting instruction, so FCSR0 is the value at the trap (QEMU's
linux-user saves and restores FCSR0 in the signal frame).
"""
import os
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tools", "specgen"))
import spec  # noqa: E402

REGS = {"fd": 4, "fj": 5, "fk": 6, "fa": 7, "rd": 14, "rj": 13, "rk": 15}
IN_WORDS = 10     # fcsr, fcc bits, fj, fk, fa, fd, rj, rd, rk, rj-is-scratch-offset
OUT_FMT = "<7Q"   # fd, fcsr, fcc bits, rd, signal number (0 = none), scratch[0], scratch[1]
OUT_SIZE = 56
SCRATCH = (0x8899aabbccddeeff, 0x0123456789abcdef)

_insns = None


def insns():
    global _insns
    if _insns is None:
        _insns = {i.name: i for i in spec.load(os.path.join(ROOT, "spec"))}
    return _insns


def encode(name, c=0, fcsr=0, imm=0):
    """The word for `name` with the harness registers (c: the FCC operand, fcsr: the FCSR
    operand, imm: an immediate operand)."""
    ins = insns()[name]
    w = ins.match
    for op in ins.operands:
        if op.name in REGS:
            v = REGS[op.name]
        elif op.kind == "fcc":
            v = c
        elif op.kind == "fcsr":
            v = fcsr
        elif op.kind in ("simm", "uimm"):
            v = imm >> op.shift
        else:
            raise ValueError(f"{name}: operand {op.name} not supported by the harness")
        for h, l in reversed(op.pieces):
            w |= (v & ((1 << (h - l + 1)) - 1)) << l
            v >>= h - l + 1
    return w


def _asm(cases):
    out = [".text", ".globl _start", "_start:",
           # rt_sigaction(sig, &act, NULL, 8) for SIGFPE, SIGSYS, SIGBUS, SIGSEGV
           "  la.local $s2, sigact"]
    for sig in (8, 31, 7, 11):
        out += [f"  li.d $a0, {sig}", "  move $a1, $s2", "  move $a2, $zero",
                "  li.d $a3, 8", "  li.d $a7, 134", "  syscall 0"]
    out += ["  la.local $s0, inputs", "  la.local $s1, outputs"]
    for word in (c["word"] for c in cases):
        out += ["  ld.d $t0, $s0, 0", "  movgr2fcsr $fcsr0, $t0", "  ld.d $t0, $s0, 8"]
        for i in range(8):
            out += [f"  srli.d $t3, $t0, {i}", f"  movgr2cf $fcc{i}, $t3"]
        out += ["  fld.d $f5, $s0, 16", "  fld.d $f6, $s0, 24", "  fld.d $f7, $s0, 32",
                "  fld.d $f4, $s0, 40", "  ld.d $t1, $s0, 48", "  ld.d $t2, $s0, 56",
                "  ld.d $t3, $s0, 64",
                # rj relative to the scratch area (for loads/stores), which is reset first
                "  la.local $t4, scratch", "  ld.d $t5, $s0, 72", "  maskeqz $t5, $t4, $t5",
                "  add.d $t1, $t1, $t5", "  li.d $t5, 0x%x" % SCRATCH[0], "  st.d $t5, $t4, 0",
                "  li.d $t5, 0x%x" % SCRATCH[1], "  st.d $t5, $t4, 8",
                "  move $s7, $zero",
                f"  .word 0x{word:08x}",
                "  fst.d $f4, $s1, 0", "  movfcsr2gr $t0, $fcsr0", "  st.d $t0, $s1, 8",
                "  move $t0, $zero"]
        for i in range(8):
            out += [f"  movcf2gr $t3, $fcc{i}", f"  slli.d $t3, $t3, {i}", "  or $t0, $t0, $t3"]
        out += ["  st.d $t0, $s1, 16", "  st.d $t2, $s1, 24", "  st.d $s7, $s1, 32",
                "  la.local $t4, scratch", "  ld.d $t5, $t4, 0", "  st.d $t5, $s1, 40",
                "  ld.d $t5, $t4, 8", "  st.d $t5, $s1, 48",
                f"  addi.d $s0, $s0, {8 * IN_WORDS}", f"  addi.d $s1, $s1, {OUT_SIZE}"]
    n = OUT_SIZE * len(cases)
    out += ["  li.d $a0, 1", "  la.local $a1, outputs", f"  li.d $a2, {n}", "  li.d $a7, 64",
            "  syscall 0", "  li.d $a0, 0", "  li.d $a7, 93", "  syscall 0",
            # Signal handler: skip the instruction, record the signal in s7 (r30).
            # uc_mcontext is at 176 in the LoongArch ucontext: sc_pc, then sc_regs[32].
            "handler:", "  ld.d $t0, $a2, 176", "  addi.d $t0, $t0, 4", "  st.d $t0, $a2, 176",
            "  st.d $a0, $a2, 424", "  jr $ra",
            ".data", ".p2align 3", "sigact:", "  .dword handler", "  .dword 4", "  .dword 0",
            "inputs:"]
    for c in cases:
        vals = [c.get("fcsr", 0), c.get("fcc", 0), c.get("fj", 0), c.get("fk", 0),
                c.get("fa", 0), c.get("fd", 0x1122334455667788), c.get("rj", 0),
                c.get("rd", 0x5555aaaa5555aaaa), c.get("rk", 0), int(c.get("scratch", False))]
        out.append("  .dword " + ", ".join(f"0x{v & (2**64 - 1):x}" for v in vals))
    out += [".bss", ".p2align 4", "scratch:", "  .space 64", "outputs:", f"  .space {n}"]
    return "\n".join(out) + "\n"


def run(cases, batch=4000):
    """cases: dicts with 'word' and optional fcsr, fcc, fj, fk, fa, fd, rj, rd, rk and
    scratch (True: rj is an offset into a 64-byte scratch area that starts as SCRATCH).
    Returns a list of dicts fd, fcsr, fcc, rd, sig, mem0, mem1 (scratch after the op)."""
    res = []
    with tempfile.TemporaryDirectory() as tmp:
        for s in range(0, len(cases), batch):
            part = cases[s:s + batch]
            src, exe = os.path.join(tmp, "t.S"), os.path.join(tmp, "t")
            with open(src, "w") as f:
                f.write(_asm(part))
            subprocess.run(["clang-19", "--target=loongarch64-unknown-linux-gnu", "-nostdlib",
                            "-static", "-fuse-ld=lld", src, "-o", exe], check=True)
            raw = subprocess.run(["qemu-loongarch64", exe], check=True,
                                 capture_output=True).stdout
            if len(raw) != OUT_SIZE * len(part):
                raise RuntimeError(f"qemu printed {len(raw)} bytes, expected {OUT_SIZE * len(part)}")
            for i in range(len(part)):
                fd, fcsr, fcc, rd, sig, m0, m1 = struct.unpack_from(OUT_FMT, raw, OUT_SIZE * i)
                res.append({"fd": fd, "fcsr": fcsr, "fcc": fcc, "rd": rd, "sig": sig,
                            "mem0": m0, "mem1": m1})
    return res


if __name__ == "__main__":
    # Smoke: 1.0 + 2.0 in double, and a signalling compare on a quiet NaN with V enabled.
    cs = [{"word": encode("fadd.d"), "fj": 0x3ff0000000000000, "fk": 0x4000000000000000},
          {"word": encode("fcmp.slt.d", c=1), "fj": 0x7ff8000000000000, "fk": 0,
           "fcsr": 0x10}]
    for c, r in zip(cs, run(cs)):
        print({k: hex(v) for k, v in r.items()})
