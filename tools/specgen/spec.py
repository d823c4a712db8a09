# SPDX-License-Identifier: Apache-2.0
"""Reader for spec/insns/*.tbl (format documented in spec/README.md).

Everything that consumes the instruction table (the code generator, the manual
cross-check, the random-test generators) parses it through this module, so the format is
interpreted in exactly one place.
"""
import glob
import os
import re
from dataclasses import dataclass, field

# Register operands: name -> (kind, (msb, lsb)). Positions follow the manual's formats
# (Vol. 1 §1.2): rd 4:0, rj 9:5, rk 14:10, ra 19:15; FCC fields are 3 bits wide and LBT
# scratch registers 2 bits wide.
REGISTERS = {}
for _pfx, _kind, _width in (("r", "gpr", 5), ("f", "fpr", 5), ("v", "vr", 5), ("x", "xr", 5),
                            ("c", "fcc", 3), ("scr", "scr", 2)):
    for _slot, _lo in (("d", 0), ("j", 5), ("k", 10), ("a", 15)):
        REGISTERS[_pfx + _slot] = (_kind, (_lo + _width - 1, _lo))

REG_KINDS = {"gpr", "fpr", "vr", "xr", "fcc", "scr", "fcsr"}
EXTS = {"base", "crc", "lam", "fp_sp", "fp_dp", "lsx", "lasx", "lbt", "lvz", "lamcas", "lam_bh",
        "llacq_screl", "scq", "frecipe"}
FLAG_ATTRS = {"priv", "branch", "load", "store", "atomic", "may-trap", "ends-block", "la32",
              "llvm-absent", "reads-pc"}
VALUE_ATTRS = {"within", "sure"}

_OPERAND = re.compile(
    r"^(?P<name>[a-z][a-z0-9]*)(?::(?P<kind>[a-z]+))?"
    r"(?:@(?P<bits>\d+:\d+(?:\|\d+:\d+)*))?(?:(?P<post><<|\+)(?P<amount>\d+))?$")


@dataclass
class Operand:
    name: str
    kind: str                # gpr fpr vr xr fcc scr fcsr simm uimm
    pieces: list             # [(msb, lsb), ...] concatenated most significant first
    shift: int = 0           # value = field << shift
    add: int = 0             # value = field + add

    @property
    def width(self):
        return sum(h - l + 1 for h, l in self.pieces)

    @property
    def mask(self):
        m = 0
        for h, l in self.pieces:
            m |= ((1 << (h - l + 1)) - 1) << l
        return m

    @property
    def is_reg(self):
        return self.kind in REG_KINDS


@dataclass
class Insn:
    name: str
    match: int
    mask: int
    operands: list
    ext: list
    attrs: set
    values: dict = field(default_factory=dict)
    file: str = ""
    line: int = 0

    @property
    def ident(self):
        """C++ identifier: the mnemonic with '.' replaced by '_' (add.d -> add_d)."""
        return self.name.replace(".", "_")


class SpecError(Exception):
    pass


def parse_operand(tok, where):
    m = _OPERAND.match(tok)
    if not m:
        raise SpecError(f"{where}: cannot parse operand {tok!r}")
    name, kind, bits = m.group("name"), m.group("kind"), m.group("bits")
    if bits is None:
        if name not in REGISTERS or kind:
            raise SpecError(f"{where}: operand {tok!r} needs @bits")
        kind, piece = REGISTERS[name]
        pieces = [piece]
    else:
        pieces = [tuple(int(x) for x in p.split(":")) for p in bits.split("|")]
        for h, l in pieces:
            if not (0 <= l <= h <= 31):
                raise SpecError(f"{where}: bad bit range {h}:{l} in {tok!r}")
        if kind is None:
            kind = "simm" if name.startswith(("si", "offs")) else "uimm"
        if kind not in REG_KINDS | {"simm", "uimm"}:
            raise SpecError(f"{where}: unknown operand kind {kind!r}")
    op = Operand(name, kind, pieces)
    if m.group("post") == "<<":
        op.shift = int(m.group("amount"))
    elif m.group("post") == "+":
        op.add = int(m.group("amount"))
    return op


def parse_line(text, where):
    cols = text.split()
    if len(cols) != 5:
        raise SpecError(f"{where}: expected 5 columns, got {len(cols)}")
    name, match_hex, ops, ext, attrs = cols
    match = int(match_hex, 16)
    operands = [] if ops == "-" else [parse_operand(t, where) for t in ops.split(",")]
    used = 0
    for op in operands:
        if used & op.mask:
            raise SpecError(f"{where}: operand {op.name} overlaps another operand")
        used |= op.mask
    mask = 0xFFFFFFFF & ~used
    if match & ~mask:
        raise SpecError(f"{where}: match {match_hex} has bits inside operand fields")
    exts = ext.split("+")
    for e in exts:
        if e not in EXTS:
            raise SpecError(f"{where}: unknown extension {e!r}")
    flags, values = set(), {}
    if attrs != "-":
        for a in attrs.split(","):
            if "=" in a:
                k, v = a.split("=", 1)
                if k not in VALUE_ATTRS:
                    raise SpecError(f"{where}: unknown attribute {k!r}")
                values[k] = v
            elif a in FLAG_ATTRS:
                flags.add(a)
            else:
                raise SpecError(f"{where}: unknown attribute {a!r}")
    names = [o.name for o in operands]
    if len(set(names)) != len(names):
        raise SpecError(f"{where}: duplicate operand names in {names}")
    return Insn(name, match, mask, operands, exts, flags, values)


def load(spec_dir):
    """All instructions of spec_dir/insns/*.tbl in file order (files sorted by name)."""
    insns = []
    for path in sorted(glob.glob(os.path.join(spec_dir, "insns", "*.tbl"))):
        with open(path) as fh:
            for n, raw in enumerate(fh, 1):
                text = raw.split("#", 1)[0].strip()
                if not text:
                    continue
                where = f"{os.path.relpath(path, spec_dir)}:{n}"
                insn = parse_line(text, where)
                insn.file, insn.line = os.path.basename(path), n
                insns.append(insn)
    check(insns)
    return insns


def check(insns):
    """Names unique; any two entries that can match the same word must be declared
    with within= (the specific one names the general one)."""
    by_name = {}
    for i in insns:
        if i.name in by_name:
            raise SpecError(f"{i.file}:{i.line}: duplicate mnemonic {i.name}")
        by_name[i.name] = i
    for i in insns:
        w = i.values.get("within")
        if w is not None:
            g = by_name.get(w)
            if g is None:
                raise SpecError(f"{i.file}:{i.line}: within={w} names no entry")
            if (i.mask & g.mask) != g.mask or (i.match & g.mask) != g.match:
                raise SpecError(f"{i.file}:{i.line}: {i.name} is not a special case of {w}")
    # Pairwise overlap test on the common mask, bucketed by the top 6 bits when both
    # entries fix them (every entry does: the major opcode is always fixed).
    buckets = {}
    for i in insns:
        buckets.setdefault(i.match >> 26, []).append(i)
    for group in buckets.values():
        for a_i, a in enumerate(group):
            for b in group[a_i + 1:]:
                common = a.mask & b.mask
                if (a.match & common) != (b.match & common):
                    continue
                if a.values.get("within") == b.name or b.values.get("within") == a.name:
                    continue
                if a.values.get("within") and a.values.get("within") == b.values.get("within"):
                    if a.match != b.match or a.mask != b.mask:
                        continue
                raise SpecError(f"{a.name} ({a.file}:{a.line}) and {b.name} "
                                f"({b.file}:{b.line}) overlap")
