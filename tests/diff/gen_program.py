#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Random LoongArch64 test-program generator for the QEMU differential test.

Usage:
    gen_program.py --seed S [--blocks B] [--block-len L] [--classes a,b] [--exclude m,n]
                   -o prog.S

Writes one bare-metal assembly program (built with clang-19 + ld.lld-19, entry 0x200000)
that runs the same way on `qemu-system-loongarch64 -M virt` and on `lvzemu run`:

* prologue: EUEN.FPE = 1, EENTRY = a handler that prints `EXC <estat> <era> <badv>` and
  powers off, $r21 = the middle of a 4 KiB scratch area (never written by random code),
  every GPR/FPR/FCC and FCSR0 set to an edge or random value;
* B blocks of L random user-level instructions each.  A block starts with a few
  re-initialisations of registers with edge values, then L random instructions (each may
  come with a short setup sequence: a base or index register, a bound register, an FCSR
  value); after it `bl dump` prints `B <n>` and 73 lines (r00..r31, f00..f31 as 64-bit
  values, fc0..fc7, fcs = FCSR0) to the UART, without changing any architectural state;
* epilogue: `END`, then power-off through the GED sleep control register (0x34 to
  0x100e001c).

Random instructions are encoded here as `.word` from spec/insns/*.tbl through
tools/specgen/spec.py (never hand-written), with the mnemonic in a comment; everything
else is ordinary assembly.  Block i is generated from its own RNG seeded by (seed, i), so
a program with more blocks has the shorter one as a prefix: a failure at block k
reproduces with any program of the same seed and at least k+1 blocks.

As a module: `generate(seed, blocks, block_len, classes, exclude)` returns
(assembly text, list of blocks; each block a list of (word or None, text)).
"""
import argparse
import hashlib
import os
import random
import struct
import sys

HERE = os.path.dirname(os.path.realpath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tools", "specgen"))
import spec  # noqa: E402

BASE = 21                     # $r21: scratch pointer, never a destination of random code
WRITABLE = [r for r in range(1, 32) if r != BASE]
SCRATCH_HALF = 2048           # random accesses stay in [$r21 - 2048, $r21 + 2048)
SAVE_OFF = 2048               # dump save area at $r21 + 2048: 32 GPRs, 32 FPRs, 8 FCC, FCSR0
R1_SLOT = SAVE_OFF + 8        # caller stores the block's $r1 here before `bl dump`
COUNTER_OFF = SAVE_OFF + 73 * 8
DEFAULT_SPEC = os.path.join(ROOT, "spec")

UART = 0x1FE001E0
GED_SLEEP = 0x100E001C

# --- instruction selection ----------------------------------------------------------

# Never generated, with the reason (also listed in README.md).
EXCLUDED = {
    "rdtimel.w": "reads the stable counter: not deterministic between emulators",
    "rdtimeh.w": "reads the stable counter: not deterministic between emulators",
    "rdtime.d": "reads the stable counter: not deterministic between emulators",
    "cpucfg": "implementation-defined configuration words (lvzemu advertises LVZ, QEMU TCG does not)",
    "break": "traps (BRK)",
    "syscall": "traps (SYS)",
    "dbcl": "traps (debug exception), privileged",
    "preldx": "QEMU 7.2 does not implement it (INE); manual Vol. 1 §2.2.5.5 defines PRELDX",
    "fldle.s": "QEMU 7.2 accesses GR[rj]+GR[rk] instead of GR[rj] (manual Vol. 1 §3.2.2.2)",
    "fldle.d": "QEMU 7.2 accesses GR[rj]+GR[rk] instead of GR[rj] (manual Vol. 1 §3.2.2.2)",
    "fstle.s": "QEMU 7.2 accesses GR[rj]+GR[rk] instead of GR[rj] (manual Vol. 1 §3.2.2.2)",
    "fstle.d": "QEMU 7.2 accesses GR[rj]+GR[rk] instead of GR[rj] (manual Vol. 1 §3.2.2.2)",
    "sc.w": "only generated right after a matching ll.w (QEMU models SC as a compare-and-swap "
            "against the value LL read, not as the manual's LLbit)",
    "sc.d": "only generated right after a matching ll.d (see sc.w)",
}
ALLOWED_EXT = {"base", "fp_sp", "fp_dp"}

CLASS_WEIGHTS = {
    "alu": 30, "muldiv": 8, "mem": 12, "atomic": 6, "bound": 3, "branch": 5, "barrier": 1,
    "farith": 14, "fcvt": 8, "fcmp": 5, "fmov": 7, "fpmem": 5, "fcsr": 2,
}
ALL_CLASSES = tuple(CLASS_WEIGHTS)
BOUND = ("ldgt.", "ldle.", "stgt.", "stle.", "fldgt.", "fldle.", "fstgt.", "fstle.",
         "asrtle.", "asrtgt.")


def classify(insn):
    """Class of a spec entry, or None if it is never generated."""
    n = insn.name
    if "priv" in insn.attrs or not set(insn.ext) <= ALLOWED_EXT or n in EXCLUDED:
        return None
    fp = insn.ext[0] in ("fp_sp", "fp_dp")
    if "branch" in insn.attrs:
        return "branch"
    if n.startswith(BOUND):
        return "bound"
    if "atomic" in insn.attrs:
        return "atomic"
    if n in ("dbar", "ibar"):
        return "barrier"
    if "load" in insn.attrs or "store" in insn.attrs or n.startswith("preld"):
        return "fpmem" if fp else "mem"
    if not fp:
        return "muldiv" if n.startswith(("mul", "div", "mod")) else "alu"
    if n in ("movgr2fcsr", "movfcsr2gr"):
        return "fcsr"
    if n.startswith("fcmp."):
        return "fcmp"
    if n.startswith(("ftint", "ffint", "fcvt", "frint")):
        return "fcvt"
    if n.startswith(("mov", "fmov", "fsel")):
        return "fmov"
    return "farith"


# --- encoding -------------------------------------------------------------------------

class Encoder:
    def __init__(self, insns):
        self.by_name = {i.name: i for i in insns}

    def __call__(self, name, **vals):
        """Encode `name` with architectural operand values (offsets in bytes, alsl's sa2
        as the shift amount); returns (word, assembly text)."""
        insn = self.by_name[name]
        w = insn.match
        texts = []
        for op in insn.operands:
            v = vals[op.name]
            texts.append(fmt_operand(op, v))
            f = v - op.add
            if op.shift:
                assert f % (1 << op.shift) == 0, (name, op.name, v)
                f >>= op.shift
            width = op.width
            if op.kind == "simm":
                assert -(1 << (width - 1)) <= f < (1 << (width - 1)), (name, op.name, v)
            else:
                assert 0 <= f < (1 << width), (name, op.name, v)
            f &= (1 << width) - 1
            pos = width
            for h, l in op.pieces:
                n = h - l + 1
                pos -= n
                w |= ((f >> pos) & ((1 << n) - 1)) << l
        return w, f"{name} " + ", ".join(texts) if texts else name


def fmt_operand(op, v):
    if op.kind == "gpr":
        return f"$r{v}"
    if op.kind == "fpr":
        return f"$f{v}"
    if op.kind == "fcc":
        return f"$fcc{v}"
    if op.kind == "fcsr":
        return f"$fcsr{v}"
    return str(v)


def field_range(op):
    """(lo, hi) of the raw field."""
    w = op.width
    return (-(1 << (w - 1)), (1 << (w - 1)) - 1) if op.kind == "simm" else (0, (1 << w) - 1)


# --- values ---------------------------------------------------------------------------

M64 = (1 << 64) - 1
GPR_EDGES = [
    0, 1, 2, M64, M64 - 1, 0x7FFFFFFF, 0xFFFFFFFF80000000, 0x80000000, 0xFFFFFFFF,
    0x7FFFFFFFFFFFFFFF, 0x8000000000000000, 0x8000000000000001, 0x100000000, 0xFFFFFFFE,
    0xFFFFFFFF7FFFFFFF, 0x00000000FFFFFFFF, 31, 32, 63, 64, 0x5555555555555555,
    0xAAAAAAAAAAAAAAAA, 0x0123456789ABCDEF, 0xFFFFFFFFFFFF8000, 0x7FFF, 0x80, 0xFF, 0xFFFF,
]
F64_EDGES = [
    0x0000000000000000, 0x8000000000000000,                         # +-0
    0x7FF0000000000000, 0xFFF0000000000000,                         # +-inf
    0x7FF8000000000000, 0xFFF8000000000000, 0x7FF8000000000123,     # qNaN
    0x7FF0000000000001, 0x7FF4000000000000, 0xFFF0000000000ABC,     # sNaN
    0x0000000000000001, 0x000FFFFFFFFFFFFF, 0x8000000000000001, 0x800FFFFFFFFFFFFF,
    0x0008000000000000,                                             # denormals
    0x7FEFFFFFFFFFFFFF, 0xFFEFFFFFFFFFFFFF, 0x0010000000000000, 0x8010000000000000,
    0x3FF0000000000000, 0xBFF0000000000000, 0x3FE0000000000000, 0xBFE0000000000000,
    0x3FF8000000000000, 0xBFF8000000000000, 0x4004000000000000, 0xC004000000000000,
    0x41E0000000000000, 0xC1E0000000000000, 0xC1E0000000200000, 0x41DFFFFFFFC00000,
    0x41DFFFFFFFE00000, 0x43E0000000000000, 0xC3E0000000000000, 0x43DFFFFFFFFFFFFF,
    0x4340000000000000, 0x3CB0000000000000, 0x7FE0000000000000, 0x0020000000000000,
]
F32_EDGES = [
    0x00000000, 0x80000000, 0x7F800000, 0xFF800000,                 # +-0, +-inf
    0x7FC00000, 0xFFC00000, 0x7FC00123,                             # qNaN
    0x7F800001, 0x7FA00000, 0xFF800ABC,                             # sNaN
    0x00000001, 0x007FFFFF, 0x80000001, 0x807FFFFF, 0x00400000,     # denormals
    0x7F7FFFFF, 0xFF7FFFFF, 0x00800000, 0x80800000,                 # max / min normal
    0x3F800000, 0xBF800000, 0x3F000000, 0xBF000000, 0x3FC00000, 0xBFC00000, 0x40200000,
    0xC0200000, 0x4F000000, 0xCF000000, 0x4EFFFFFF, 0xCF000001, 0x5F000000, 0xDF000000,
    0x5EFFFFFF, 0x4B000000, 0x34000000, 0x7F000000, 0x01000000,
]


def rand_gpr_value(rng):
    r = rng.random()
    if r < 0.45:
        return rng.choice(GPR_EDGES)
    if r < 0.6:
        return rng.getrandbits(64)
    if r < 0.75:                                    # sign-extended 32-bit
        v = rng.getrandbits(32)
        return (v | 0xFFFFFFFF00000000) if v & 0x80000000 else v
    if r < 0.85:                                    # small
        return rng.randrange(-300, 300) & M64
    return rand_fpr_value(rng)


def rand_f64(rng):
    exp = rng.choice([rng.randrange(0, 2048), rng.randrange(1023 - 70, 1023 + 70),
                      rng.randrange(1023 - 3, 1023 + 64)])
    return (rng.getrandbits(1) << 63) | (exp << 52) | rng.getrandbits(52)


def rand_f32(rng):
    exp = rng.choice([rng.randrange(0, 256), rng.randrange(127 - 30, 127 + 30),
                      rng.randrange(127 - 3, 127 + 33)])
    return (rng.getrandbits(1) << 31) | (exp << 23) | rng.getrandbits(23)


def rand_fpr_value(rng):
    r = rng.random()
    if r < 0.25:
        return rng.choice(F64_EDGES)
    if r < 0.45:
        return rand_f64(rng)
    # single precision in the low half; high half NaN-boxed (usually), zero or random
    lo = rng.choice(F32_EDGES) if r < 0.75 else rand_f32(rng) if r < 0.92 else \
        rng.choice(GPR_EDGES) & 0xFFFFFFFF
    hi = rng.choice([0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0, rng.getrandbits(32)])
    return (hi << 32) | lo


def rand_field(rng, op):
    lo, hi = field_range(op)
    if rng.random() < 0.2:
        f = rng.choice([lo, hi, 0, 1, lo + 1, hi - 1, -1 if lo < 0 else hi])
    else:
        f = rng.randint(lo, hi)
    return (f << op.shift) + op.add


def sext(v, bits):
    v &= (1 << bits) - 1
    return v - (1 << bits) if v >> (bits - 1) else v


# --- program generation -------------------------------------------------------------

class Group:
    """Instructions that must run together: setup words, then the random instruction(s).
    Branch groups are resolved when the block is complete (`fixup`)."""

    def __init__(self, items=(), count=1):
        self.items = list(items)    # (word, text, is_setup)
        self.count = count          # random instructions in it
        self.fixup = None           # fn(offset_words_to_target) -> items


class BlockGen:
    def __init__(self, enc, pool, rng):
        self.enc, self.pool, self.rng = enc, pool, rng

    # register choices
    def dest(self, avoid=()):
        rng = self.rng
        while True:
            r = 0 if rng.random() < 0.07 else rng.choice(WRITABLE)
            if r not in avoid:
                return r

    def temp(self, avoid=()):
        while True:
            r = self.rng.choice(WRITABLE)
            if r not in avoid:
                return r

    def src(self):
        return self.rng.randrange(32)

    def setup(self, name, **vals):
        w, t = self.enc(name, **vals)
        return (w, t, True)

    def main(self, name, **vals):
        w, t = self.enc(name, **vals)
        return (w, t, False)

    def li32(self, rd, value):
        """lu12i.w + ori: rd = sign-extended 32-bit value."""
        value &= 0xFFFFFFFF
        return [self.setup("lu12i.w", rd=rd, si20=sext(value >> 12, 20)),
                self.setup("ori", rd=rd, rj=rd, ui12=value & 0xFFF)]

    def li64(self, rd, value):
        value &= M64
        return self.li32(rd, value) + [
            self.setup("lu32i.d", rd=rd, si20=sext(value >> 32, 20)),
            self.setup("lu52i.d", rd=rd, rj=rd, si12=sext(value >> 52, 12))]

    def base(self, size, align, avoid=(), step=1):
        """(setup items, base register, delta): the base is $r21 itself (delta 0) or a
        temp register set to $r21 + delta, delta a multiple of step (and of size if
        align); offset() then keeps the access inside the scratch area."""
        rng = self.rng
        if rng.random() < 0.5:
            return [], BASE, 0
        delta = rng.randrange(-1024, 1024) & ~(max(size if align else 1, step) - 1)
        rb = self.temp(avoid)
        return [self.setup("addi.d", rd=rb, rj=BASE, si12=delta)], rb, delta

    def offset(self, delta, size, align, lo=-2048, hi=2047, step=1):
        """An offset off with lo <= off <= hi, multiple of step, such that the access
        [delta+off, delta+off+size) lies in [-2048, 2048); aligned to size if align.
        delta must be a multiple of step (sizes and steps are powers of two)."""
        rng = self.rng
        a = max(size if align else 1, step)
        assert delta % step == 0
        first = max(lo, -SCRATCH_HALF - delta)
        last = min(hi, SCRATCH_HALF - size - delta)
        cands_lo = -(-(first + delta) // a) * a - delta     # smallest off with (delta+off)%a==0
        n = (last - cands_lo) // a
        return cands_lo + a * rng.randint(0, n)

    # instruction templates -----------------------------------------------------------
    def generic(self, insn, dest_first=True):
        rng = self.rng
        vals = {}
        ops = insn.operands
        names = [o.name for o in ops]
        for i, op in enumerate(ops):
            if op.kind == "gpr":
                vals[op.name] = self.dest() if (i == 0 and dest_first and op.name == "rd") \
                    else self.src()
            elif op.kind == "fpr":
                vals[op.name] = rng.randrange(32)
            elif op.kind == "fcc":
                vals[op.name] = rng.randrange(8)
            elif op.kind == "fcsr":
                vals[op.name] = rng.randrange(4)
            else:
                vals[op.name] = rand_field(rng, op)
        # rd == rj, fd == fj, fj == fk often
        if "rd" in names and "rj" in names and rng.random() < 0.3 and dest_first:
            vals["rj"] = vals["rd"]
        elif "rk" in names and "rj" in names and rng.random() < 0.1:
            vals["rk"] = vals["rj"]
        if "fd" in names and "fj" in names and rng.random() < 0.3:
            vals["fj"] = vals["fd"]
        if "fk" in names and "fj" in names and rng.random() < 0.15:
            vals["fk"] = vals["fj"]
        if insn.name.startswith(("bstrins", "bstrpick")):
            m, l = [n for n in names if n.startswith("msb")][0], \
                [n for n in names if n.startswith("lsb")][0]
            if vals[m] < vals[l]:
                vals[m], vals[l] = vals[l], vals[m]
        return Group([self.main(insn.name, **vals)])

    def gen_mem(self, insn):
        rng = self.rng
        n = insn.name
        is_store = "store" in insn.attrs
        if n == "preld":
            return self.generic(insn, dest_first=False)
        if n == "preldx":
            return self.generic(insn, dest_first=False)
        size = {"b": 1, "h": 2, "w": 4, "d": 8, "s": 4}[n.split(".")[1][0]]
        align = rng.random() < 0.8
        data = "fd" if insn.operands[0].kind == "fpr" else "rd"
        imm = next((o for o in insn.operands if o.kind == "simm"), None)
        items, rb, delta = self.base(size, align, step=1 << imm.shift if imm else 1)
        vals = {}
        if imm is not None:                                 # rd, rj, si12 / si14<<2
            lo, hi = field_range(imm)
            vals[imm.name] = self.offset(delta, size, align, lo << imm.shift,
                                         hi << imm.shift, 1 << imm.shift)
            vals["rj"] = rb
        else:                                               # rd, rj, rk
            off = self.offset(delta, size, align)
            rx = self.temp(avoid=(rb,))
            items.append(self.setup("addi.d", rd=rx, rj=0, si12=off))
            vals["rj"], vals["rk"] = (rb, rx) if rng.random() < 0.7 else (rx, rb)
        if data == "fd":
            vals["fd"] = rng.randrange(32)
        elif is_store:
            vals["rd"] = self.src()
        elif rb != BASE and rng.random() < 0.3:
            vals["rd"] = rb                                 # rd == base register
        else:
            vals["rd"] = self.dest()
        items.append(self.main(n, **vals))
        return Group(items)

    def gen_bound(self, insn):
        rng = self.rng
        n = insn.name
        if n.startswith("asrt"):
            rj, rk = self.temp(), self.temp()
            a, b = rng.randrange(0, 2048), rng.randrange(0, 2048)
            le = n == "asrtle.d"
            if rj == rk:
                if not le:
                    rk = self.temp(avoid=(rj,))
                else:
                    b = a
            if (le and a > b) or (not le and a <= b):
                a, b = b, a
            if not le and a == b:
                if a < 2047:
                    a += 1
                else:
                    b -= 1
            return Group([self.setup("addi.d", rd=rj, rj=0, si12=a),
                          self.setup("addi.d", rd=rk, rj=0, si12=b),
                          self.main(n, rj=rj, rk=rk)])
        size = {"b": 1, "h": 2, "w": 4, "d": 8, "s": 4}[n.split(".")[1][0]]
        rb = self.temp()
        delta = self.offset(0, size, True)
        items = [self.setup("addi.d", rd=rb, rj=BASE, si12=delta)]
        gt = "gt." in n
        if gt and (rng.random() < 0.2 or n.startswith("f")):
            # address > 0. fldgt/fstgt always use $r0: QEMU 7.2 accesses GR[rj]+GR[rk]
            # (a deviation from the manual), which is GR[rj] only when GR[rk] = 0.
            rk = 0
        else:
            rk = self.temp(avoid=(rb,))
            k = -rng.randrange(1, 2049) if gt else rng.randrange(0, 2048)
            items.append(self.setup("addi.d", rd=rk, rj=rb, si12=k))
        vals = {"rj": rb, "rk": rk}
        if insn.operands[0].kind == "fpr":
            vals["fd"] = rng.randrange(32)
        elif "store" in insn.attrs:
            vals["rd"] = self.src()
        else:
            vals["rd"] = self.dest()
        items.append(self.main(n, **vals))
        return Group(items)

    def gen_atomic(self, insn):
        rng = self.rng
        n = insn.name
        if n.startswith("ll."):
            return self.gen_llsc(insn)
        size = 8 if n.endswith(("d", "du")) else 4
        if rng.random() < 0.3:
            items, rb = [], BASE
        else:
            rb = self.temp()
            items = [self.setup("addi.d", rd=rb, rj=BASE, si12=self.offset(0, size, True))]
        rk = self.src()
        rd = self.dest(avoid=(rb, rk))       # manual: rd == rj / rd == rk is INE / undefined
        items.append(self.main(n, rd=rd, rk=rk, rj=rb))
        return Group(items)

    def gen_llsc(self, insn):
        rng = self.rng
        size = 8 if insn.name == "ll.d" else 4
        items, rb, delta = self.base(size, True, step=4)
        imm = insn.operands[2]
        lo, hi = field_range(imm)
        off = self.offset(delta, size, True, lo << imm.shift, hi << imm.shift, 4)
        items.append(self.main(insn.name, rd=self.dest(avoid=(rb,)), rj=rb, **{imm.name: off}))
        count = 1
        if rng.random() < 0.8:                    # usually complete the pair
            for _ in range(rng.randrange(3)):     # a few ALU ops in between, not on rb
                g = self.generic(rng.choice(self.pool["alu_simple"]))
                w, t, _s = g.items[0]
                rd = (w & 0x1F)
                if rd == rb:
                    continue
                items.append(g.items[0])
                count += 1
            sc = "sc.d" if size == 8 else "sc.w"
            items.append(self.main(sc, rd=self.dest(), rj=rb, **{imm.name: off}))
            count += 1
        return Group(items, count)

    def gen_fcsr(self, insn):
        rng = self.rng
        if insn.name == "movfcsr2gr":
            return Group([self.main("movfcsr2gr", rd=self.dest(), fcsr=rng.randrange(4))])
        # movgr2fcsr: the value is set just before, Enables (bits 4:0) always 0.
        idx = rng.randrange(4)
        v = rng.getrandbits(32)
        if idx == 0:
            v &= 0x1F1F0300                # only RM, Flags, Cause (QEMU 7.2 keeps reserved bits)
        elif idx == 1:
            v &= ~0x1F
        rt = self.temp()
        return Group(self.li32(rt, v) + [self.main("movgr2fcsr", fcsr=idx, rj=rt)])

    def gen_branch(self, insn):
        """Forward branch to a later group boundary of the same block (resolved later)."""
        rng = self.rng
        n = insn.name
        vals = {}
        for op in insn.operands:
            if op.kind == "gpr":
                vals[op.name] = self.src()
            elif op.kind == "fcc":
                vals[op.name] = rng.randrange(8)
        if n in ("beq", "bne", "blt", "bge", "bltu", "bgeu") and rng.random() < 0.15:
            vals["rd"] = vals["rj"]
        g = Group()
        off_name = next(o.name for o in insn.operands if o.kind == "simm")
        if n == "jirl":
            rt = self.temp()
            rd = self.dest()
            m = rng.randrange(-4, 5)

            def fix(words):          # words: distance from the pcaddi to the target
                return [self.setup("pcaddi", rd=rt, si20=words - m),
                        self.main("jirl", rd=rd, rj=rt, offs16=4 * m)]
            g.items = fix(2)
        else:
            def fix(words):
                return [self.main(n, **vals, **{off_name: 4 * words})]
            g.items = fix(1)
        g.fixup = fix
        g.skip = rng.choice([0, 0, 1, 1, 2, 3, 5])     # groups skipped when taken
        return g

    def gen_barrier(self, insn):
        return Group([self.main(insn.name, hint=self.rng.choice([0, 0, 0, self.rng.randrange(1 << 15)]))])

    def gen(self, insn, cls):
        if cls == "mem" or cls == "fpmem":
            return self.gen_mem(insn)
        if cls == "bound":
            return self.gen_bound(insn)
        if cls == "atomic":
            return self.gen_atomic(insn)
        if cls == "fcsr":
            return self.gen_fcsr(insn)
        if cls == "branch":
            return self.gen_branch(insn)
        if cls == "barrier":
            return self.gen_barrier(insn)
        return self.generic(insn)

    def reinit(self):
        """Edge values into a few registers at the start of a block."""
        rng = self.rng
        items = []
        for _ in range(2):
            items += self.li64(self.temp(), rand_gpr_value(rng))
        for _ in range(2):
            rt = self.temp()
            items += self.li64(rt, rand_fpr_value(rng))
            items.append(self.setup("movgr2fr.d", fd=rng.randrange(32), rj=rt))
        if rng.random() < 0.5:      # fresh Flags/Cause (FCSR2): the dump then shows this block's flags
            rt = self.temp()
            items += self.li32(rt, rng.choice([0, rng.getrandbits(32) & 0x1F1F0000]))
            items.append(self.setup("movgr2fcsr", fcsr=2, rj=rt))
        return Group(items, 0)

    def block(self, length, classes):
        rng = self.rng
        weights = [CLASS_WEIGHTS[c] for c in classes]
        groups = [self.reinit()]
        count = 0
        while count < length:
            cls = rng.choices(classes, weights)[0]
            insn = rng.choice(self.pool[cls])
            g = self.gen(insn, cls)
            groups.append(g)
            count += g.count
        # resolve forward branches: target = start of a later group, or the block end
        starts, pos = [], 0
        for g in groups:
            starts.append(pos)
            pos += len(g.items)
        starts.append(pos)
        for i, g in enumerate(groups):
            if g.fixup:
                t = min(i + 1 + g.skip, len(groups))
                g.items = g.fixup(starts[t] - starts[i])
                assert len(g.items) == starts[i + 1] - starts[i]
        return groups, count


def make_pool(insns, classes, exclude):
    pool = {c: [] for c in ALL_CLASSES}
    for i in insns:
        c = classify(i)
        if c and i.name not in exclude:
            pool[c].append(i)
    pool["alu_simple"] = [i for i in pool["alu"] if i.operands and i.operands[0].name == "rd"
                          and not i.name.startswith("pc")] or \
        [i for i in insns if i.name == "add.d"]
    classes = [c for c in classes if pool[c]]
    return pool, classes


def block_rng(seed, index):
    h = hashlib.sha256(f"lvzemu-diff:{seed}:{index}".encode()).digest()
    return random.Random(int.from_bytes(h[:8], "little"))


_SPEC_CACHE = {}


def generate(seed, blocks, block_len, classes=ALL_CLASSES, exclude=(), spec_dir=DEFAULT_SPEC):
    if spec_dir not in _SPEC_CACHE:
        _SPEC_CACHE[spec_dir] = spec.load(spec_dir)
    insns = _SPEC_CACHE[spec_dir]
    enc = Encoder(insns)
    for c in classes:
        if c not in CLASS_WEIGHTS:
            raise SystemExit(f"unknown class {c!r}; known: {', '.join(ALL_CLASSES)}")
    pool, classes = make_pool(insns, list(classes), set(exclude))
    if not classes:
        raise SystemExit("no instruction left to generate")
    rng = block_rng(seed, "prologue")
    out = []
    emit = out.append
    emit(f"/* Generated by tests/diff/gen_program.py --seed {seed} --blocks {blocks} "
         f"--block-len {block_len} --classes {','.join(classes)}"
         + (f" --exclude {','.join(sorted(exclude))}" if exclude else "") + " */")
    emit(PROLOGUE_HEAD)
    # FPRs, FCC, FCSR first (through $r12), GPRs last
    for f in range(32):
        emit(f"    li.d        $r12, 0x{rand_fpr_value(rng):016x}")
        emit(f"    movgr2fr.d  $f{f}, $r12")
    for c in range(8):
        emit(f"    li.w        $r12, {rng.randrange(2)}")
        emit(f"    movgr2cf    $fcc{c}, $r12")
    emit(f"    li.w        $r12, 0x{rng.choice([0, 0x100, 0x200, 0x300]):x}")
    emit("    movgr2fcsr  $fcsr0, $r12")
    for r in range(1, 32):
        if r != BASE:
            emit(f"    li.d        $r{r}, 0x{rand_gpr_value(rng):016x}")
    listing = []
    total = 0
    for b in range(blocks):
        bg = BlockGen(enc, pool, block_rng(seed, b))
        groups, count = bg.block(block_len, classes)
        total += count
        emit(f"blk_{b}:")
        lines = []
        for g in groups:
            for w, t, is_setup in g.items:
                emit(f"    .word 0x{w:08x}    # {'[setup] ' if is_setup else ''}{t}")
                lines.append((w, ("  " if is_setup else "") + t))
        emit(f"    stptr.d     $r1, $r21, {R1_SLOT}")
        emit("    bl          dump")
        emit(f"    ldptr.d     $r1, $r21, {R1_SLOT}")
        listing.append(lines)
    emit(EPILOGUE)
    emit(data_section(rng))
    return "\n".join(out) + "\n", listing, total


PROLOGUE_HEAD = f"""
    .section .text.start, "ax"
    .globl _start
_start:
    li.w        $r12, 1
    csrwr       $r12, 0x2               /* EUEN.FPE = 1 */
    la.local    $r12, exc_handler
    csrwr       $r12, 0xc               /* EENTRY */
    la.local    $r21, scratch_mid
    stptr.d     $r0, $r21, {COUNTER_OFF}
"""

EPILOGUE = f"""
    /* end of the random blocks */
    la.local    $r4, end_text
    li.w        $r5, 4
    la.local    $r20, puts_n
    jirl        $r19, $r20, 0
poweroff:
    lu12i.w     $r12, 0x{GED_SLEEP >> 12:x}
    ori         $r13, $r0, 0x34         /* SLP_EN | SLP_TYP = 5 */
    st.b        $r13, $r12, 0x{GED_SLEEP & 0xfff:x}
1:  b           1b

/* putc: byte in $r18, UART base in $r23; clobbers $r17 */
    .macro PUTC
9:  ld.bu       $r17, $r23, 5
    andi        $r17, $r17, 0x20        /* LSR.THRE */
    beqz        $r17, 9b
    st.b        $r18, $r23, 0
    .endm

/* puts_n: $r4 = string, $r5 = length; return through $r19 */
puts_n:
    li.d        $r23, 0x{UART:x}
1:  ld.bu       $r18, $r4, 0
    PUTC
    addi.d      $r4, $r4, 1
    addi.w      $r5, $r5, -1
    bnez        $r5, 1b
    jirl        $r0, $r19, 0

/* print_quads: $r4 = values, $r5 = 4-char labels, $r6 = count; each line
 * "<label><16 hex digits>\\n"; return through $r19; clobbers r4-r9, r17, r18, r22-r24 */
print_quads:
    li.d        $r23, 0x{UART:x}
    la.local    $r22, hexdigits
1:  li.w        $r7, 4
2:  ld.bu       $r18, $r5, 0
    PUTC
    addi.d      $r5, $r5, 1
    addi.w      $r7, $r7, -1
    bnez        $r7, 2b
    ld.d        $r8, $r4, 0
    li.w        $r7, 60
3:  srl.d       $r9, $r8, $r7
    andi        $r9, $r9, 15
    ldx.bu      $r18, $r22, $r9
    PUTC
    addi.w      $r7, $r7, -4
    bge         $r7, $r0, 3b
    li.w        $r18, 10
    PUTC
    addi.d      $r4, $r4, 8
    addi.w      $r6, $r6, -1
    bnez        $r6, 1b
    jirl        $r0, $r19, 0

/* dump: called by `bl dump` with the block's $r1 already stored at $r21+{R1_SLOT}.
 * Saves r2..r31, f0..f31, fcc0..7, fcsr0 at $r21+{SAVE_OFF}, prints them, restores the
 * GPRs (FPRs, FCCs and FCSR are only read) and returns through $r1. */
dump:
""" + "".join(f"    stptr.d     $r{r}, $r21, {SAVE_OFF + 8 * r}\n" for r in range(2, 32)) + f"""\
    stptr.d     $r0, $r21, {SAVE_OFF}
    li.w        $r12, {SAVE_OFF + 256}
    add.d       $r12, $r12, $r21
""" + "".join(f"    fst.d       $f{f}, $r12, {8 * f}\n" for f in range(32)) \
    + "".join(f"    movcf2gr    $r13, $fcc{c}\n    st.d        $r13, $r12, {256 + 8 * c}\n"
              for c in range(8)) + f"""\
    movfcsr2gr  $r13, $fcsr0
    st.d        $r13, $r12, {256 + 64}
    /* header "B <count>" */
    ldptr.d     $r13, $r21, {COUNTER_OFF}
    addi.d      $r14, $r13, 1
    stptr.d     $r14, $r21, {COUNTER_OFF}
    li.w        $r12, {COUNTER_OFF}
    add.d       $r12, $r12, $r21
    st.d        $r13, $r12, 8
    addi.d      $r4, $r12, 8
    la.local    $r5, block_label
    li.w        $r6, 1
    la.local    $r20, print_quads
    jirl        $r19, $r20, 0
    li.w        $r4, {SAVE_OFF}
    add.d       $r4, $r4, $r21
    la.local    $r5, dump_labels
    li.w        $r6, 73
    la.local    $r20, print_quads
    jirl        $r19, $r20, 0
""" + "".join(f"    ldptr.d     $r{r}, $r21, {SAVE_OFF + 8 * r}\n" for r in range(2, 32)) + """\
    jirl        $r0, $r1, 0

/* Any exception: "EXC =" line with ESTAT, ERA, BADV, then power-off. */
    .balign 4096
exc_handler:
    la.local    $r4, exc_values
    csrrd       $r5, 0x5
    st.d        $r5, $r4, 0
    csrrd       $r5, 0x6
    st.d        $r5, $r4, 8
    csrrd       $r5, 0x7
    st.d        $r5, $r4, 16
    la.local    $r5, exc_labels
    li.w        $r6, 3
    la.local    $r20, print_quads
    jirl        $r19, $r20, 0
    b           poweroff
"""


def data_section(rng):
    lines = ["    .section .rodata",
             'hexdigits:   .ascii "0123456789abcdef"',
             'end_text:    .ascii "END\\n"',
             'block_label: .ascii "B  ="',
             'exc_labels:  .ascii "EXC=ERA=BAD="',
             "dump_labels:"]
    labels = [f"r{i:02d}=" for i in range(32)] + [f"f{i:02d}=" for i in range(32)] + \
        [f"fc{i}=" for i in range(8)] + ["fcs="]
    lines.append('    .ascii "' + "".join(labels) + '"')
    lines += ["    .data", "    .balign 4096", "scratch:"]
    for i in range(2 * SCRATCH_HALF // 8):
        if i == SCRATCH_HALF // 8:
            lines.append("scratch_mid:")
        v = rand_gpr_value(rng) if rng.random() < 0.5 else rand_fpr_value(rng)
        lines.append(f"    .quad 0x{v:016x}")
    lines += ["save_area:", f"    .space {8 * 73 + 8 * 4}",
              "exc_values:", "    .space 24"]
    return "\n".join(lines)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--blocks", type=int, default=200)
    ap.add_argument("--block-len", type=int, default=50)
    ap.add_argument("--classes", default=",".join(ALL_CLASSES),
                    help="comma-separated subset of: " + ", ".join(ALL_CLASSES))
    ap.add_argument("--exclude", default="", help="comma-separated mnemonics never generated")
    ap.add_argument("--spec", default=DEFAULT_SPEC)
    ap.add_argument("--list", action="store_true", help="print the instruction pool and exit")
    ap.add_argument("-o", "--output", help="output .S (default stdout)")
    a = ap.parse_args(argv)
    classes = [c for c in a.classes.split(",") if c]
    exclude = [m for m in a.exclude.split(",") if m]
    if a.list:
        pool, classes = make_pool(spec.load(a.spec), classes, set(exclude))
        for c in classes:
            print(f"{c} ({len(pool[c])}): " + " ".join(i.name for i in pool[c]))
        return 0
    text, _, total = generate(a.seed, a.blocks, a.block_len, classes, exclude, a.spec)
    if a.output:
        with open(a.output, "w") as fh:
            fh.write(text)
    else:
        sys.stdout.write(text)
    print(f"seed {a.seed}: {a.blocks} blocks, {total} random instructions", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
