#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Generate the CSR metadata header from spec/csrs.tbl.

Usage: gen_csrs.py SPEC_CSRS_TBL OUT_HEADER

The table format is documented in spec/csrs.md. The table is validated first; any problem
is reported as `file:line: message` on stderr with exit status 1 and nothing is written.
The header (namespace la::gen) is deterministic and is only rewritten when its content
changes, so a touched-but-unchanged table does not rebuild every file that includes it.

Python 3 standard library only. `load()` is importable for other tools (tests, docs).

Besides the masks, the header carries each CSR's side-effect hooks as ids of one
`CsrHook` enum (`hook=NAME` runs after a write, `read=NAME` computes the value on a read),
so the CSR engine can dispatch with a switch instead of comparing CSR numbers.
"""
import os
import re
import sys
from dataclasses import dataclass, field

MAX_CSR_NUM = 0x3FFF          # the csr operand is 14 bits (csr@23:10, priv §2)
ACCESSES = ("RW", "R", "W1C", "W", "R0")   # order = CsrAccess enumerator order
FLAG_WORDS = {"guest", "root", "rawreset"}
VALUE_FLAGS = {"hook", "read", "like"}
FIELD_FLAGS = {"lvz"}         # optional 4th column of a field line

_CSR_NAME = re.compile(r"^[A-Z][A-Z0-9]*$")
# Manual spellings: identifiers, optionally with a bit-range suffix as the manual writes
# split fields (ESTAT "IS[1:0]", "IS[12:2]").
_FIELD_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*(\[\d+:\d+\])?$")
_HOOK_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_BITS = re.compile(r"^(\d+)(?::(\d+))?$")
_HEX = re.compile(r"^0x[0-9a-fA-F]+$")


class SpecError(Exception):
    def __init__(self, path, line, msg):
        super().__init__(f"{path}:{line}: {msg}")


@dataclass
class Field:
    msb: int
    lsb: int
    name: str
    access: str              # one of ACCESSES
    gcsr_writable: bool      # access written "R+G"
    line: int
    lvz: bool = False        # exists only with LVZ; R0 when LVZ is absent (man)

    @property
    def mask(self):
        return ((1 << (self.msb - self.lsb + 1)) - 1) << self.lsb


@dataclass
class Csr:
    num: int
    name: str
    width: int
    reset: int
    guest: bool
    root: bool
    hook: str                # write side-effect hook, "" = none
    like: str                # "" = own fields
    rawreset: bool
    comment: str
    line: int
    fields: list = field(default_factory=list)
    read_hook: str = ""      # read side-effect hook (value computed on read), "" = none

    def mask_of(self, *accesses, gcsr=None):
        m = 0
        for f in self.fields:
            if f.access in accesses and (gcsr is None or f.gcsr_writable == gcsr):
                m |= f.mask
        return m

    @property
    def writable_mask(self):
        return self.mask_of("RW")

    @property
    def readonly_mask(self):
        return self.mask_of("R")

    @property
    def w1c_mask(self):
        return self.mask_of("W1C")

    @property
    def write_only_mask(self):
        return self.mask_of("W")

    @property
    def gcsr_writable_mask(self):
        return self.writable_mask | self.mask_of("R", gcsr=True)

    @property
    def lvz_mask(self):
        m = 0
        for f in self.fields:
            if f.lvz:
                m |= f.mask
        return m


def _parse_int(tok, path, line, what):
    if not _HEX.match(tok):
        raise SpecError(path, line, f"{what} {tok!r} must be hex written 0x...")
    return int(tok, 16)


def _parse_header(cols, comment, path, line):
    if len(cols) != 5:
        raise SpecError(path, line, f"CSR line needs 5 columns (num name width reset flags), "
                                    f"got {len(cols)}")
    num_s, name, width_s, reset_s, flags_s = cols
    num = _parse_int(num_s, path, line, "CSR number")
    if num > MAX_CSR_NUM:
        raise SpecError(path, line, f"CSR number {num_s} exceeds the 14-bit CSR space")
    if not _CSR_NAME.match(name):
        raise SpecError(path, line, f"CSR name {name!r} must be upper-case letters/digits")
    if width_s not in ("32", "64"):
        raise SpecError(path, line, f"width must be 32 or 64, got {width_s!r}")
    width = int(width_s)
    reset = _parse_int(reset_s, path, line, "reset value")
    if reset >> width:
        raise SpecError(path, line, f"reset value {reset_s} does not fit in {width} bits")
    if not comment:
        raise SpecError(path, line, f"{name}: a trailing '# source' comment is required")
    csr = Csr(num, name, width, reset, False, False, "", "", False, comment, line)
    if flags_s != "-":
        seen = set()
        for tok in flags_s.split(","):
            key = tok.split("=", 1)[0]
            if key in seen:
                raise SpecError(path, line, f"flag {key!r} given twice")
            seen.add(key)
            if "=" in tok:
                value = tok.split("=", 1)[1]
                if key in ("hook", "read"):
                    if not _HOOK_NAME.match(value):
                        raise SpecError(path, line, f"hook name {value!r} must be one "
                                                    f"lower-case word ([a-z][a-z0-9_]*)")
                    if key == "hook":
                        csr.hook = value
                    else:
                        csr.read_hook = value
                elif key == "like":
                    csr.like = value
                else:
                    raise SpecError(path, line, f"unknown flag {key!r}")
            elif tok in FLAG_WORDS:
                setattr(csr, tok, True)
            else:
                raise SpecError(path, line, f"unknown flag {tok!r}")
    if csr.guest and csr.root:
        raise SpecError(path, line, f"{name}: 'guest' and 'root' exclude each other "
                                    f"(root-only CSRs have no guest copy)")
    return csr


def _parse_field(cols, csr, path, line):
    if len(cols) not in (3, 4):
        raise SpecError(path, line, f"field line needs 3 columns (bits name access) and an "
                                    f"optional flag column, got {len(cols)}")
    bits_s, name, acc = cols[:3]
    flags = set(cols[3].split(",")) if len(cols) == 4 else set()
    unknown = flags - FIELD_FLAGS
    if unknown:
        raise SpecError(path, line, f"unknown field flag {sorted(unknown)[0]!r} "
                                    f"(want {', '.join(sorted(FIELD_FLAGS))})")
    m = _BITS.match(bits_s)
    if not m:
        raise SpecError(path, line, f"bad bit range {bits_s!r} (want msb:lsb or bit)")
    msb = int(m.group(1))
    lsb = int(m.group(2)) if m.group(2) is not None else msb
    if lsb > msb:
        raise SpecError(path, line, f"bit range {bits_s} has lsb > msb")
    if msb > 63:
        raise SpecError(path, line, f"bit range {bits_s} is outside 63..0")
    if msb >= csr.width:
        raise SpecError(path, line, f"bit range {bits_s} is outside the {csr.width}-bit "
                                    f"CSR {csr.name}")
    if not _FIELD_NAME.match(name):
        raise SpecError(path, line, f"bad field name {name!r}")
    gcsr = acc.endswith("+G")
    base = acc[:-2] if gcsr else acc
    if base not in ACCESSES:
        raise SpecError(path, line, f"unknown access {acc!r} (want RW R R+G W1C W R0)")
    if gcsr and base != "R":
        raise SpecError(path, line, f"'+G' only applies to R fields (RW is already "
                                    f"writable from root)")
    if gcsr and not csr.guest:
        raise SpecError(path, line, f"{csr.name}.{name}: R+G on a CSR that is not in the "
                                    f"guest bank")
    if "lvz" in flags and base not in ("RW", "R"):
        raise SpecError(path, line, f"{csr.name}.{name}: 'lvz' applies to RW or R fields")
    if "lvz" in flags and csr.root:
        raise SpecError(path, line, f"{csr.name}.{name}: a root-only CSR exists only with "
                                    f"LVZ as a whole; 'lvz' is for fields of base CSRs")
    return Field(msb, lsb, name, base, gcsr, line, "lvz" in flags)


def load(path):
    """Parse and validate a csrs.tbl file; returns the CSRs in table order."""
    csrs = []
    cur = None
    with open(path, encoding="utf-8") as fh:
        for n, raw in enumerate(fh, 1):
            raw = raw.rstrip("\n")
            code, _, comment = raw.partition("#")
            if not code.strip():
                continue
            cols = code.split()
            if code[0] in " \t":
                if cur is None:
                    raise SpecError(path, n, "field line before any CSR line")
                if cur.like:
                    raise SpecError(path, n, f"{cur.name} copies its fields with "
                                             f"like={cur.like} and cannot list its own")
                cur.fields.append(_parse_field(cols, cur, path, n))
            else:
                cur = _parse_header(cols, comment.strip(), path, n)
                csrs.append(cur)
    _check(csrs, path)
    return csrs


def _check(csrs, path):
    if not csrs:
        raise SpecError(path, 1, "no CSRs defined")
    if len(csrs) > 254:   # kCsrIndex stores index+1 in a uint8_t
        raise SpecError(path, csrs[254].line, "more than 254 CSRs; widen kCsrIndex")
    by_name, by_num = {}, {}
    for c in csrs:
        if c.name in by_name:
            raise SpecError(path, c.line, f"duplicate CSR name {c.name} "
                                          f"(first at line {by_name[c.name].line})")
        if c.num in by_num:
            raise SpecError(path, c.line, f"duplicate CSR number {c.num:#x} "
                                          f"({by_num[c.num].name}, line {by_num[c.num].line})")
        by_name[c.name] = c
        by_num[c.num] = c
    prev = None
    for c in csrs:
        if prev is not None and c.num < prev.num:
            raise SpecError(path, c.line, f"{c.name} ({c.num:#x}) is out of order: the "
                                          f"table is sorted by number (after {prev.name})")
        prev = c
        if c.like:
            src = by_name.get(c.like)
            if src is None or src.line > c.line:
                raise SpecError(path, c.line, f"like={c.like} must name an earlier CSR")
            if src.like:
                raise SpecError(path, c.line, f"like={c.like} names a CSR that is itself "
                                              f"a copy; name the original")
            if src.width != c.width:
                raise SpecError(path, c.line, f"like={c.like}: widths differ "
                                              f"({src.width} vs {c.width})")
            c.fields = src.fields
            continue
        if not c.fields:
            raise SpecError(path, c.line, f"{c.name} has no fields")
        if len(c.fields) > 255:
            raise SpecError(path, c.line, f"{c.name} has more than 255 fields")
        names = {}
        last = None
        for f in c.fields:
            if f.name in names:
                raise SpecError(path, f.line, f"{c.name}: duplicate field name {f.name} "
                                              f"(first at line {names[f.name]})")
            names[f.name] = f.line
            if last is not None:
                if f.lsb <= last.msb and f.msb >= last.lsb:
                    raise SpecError(path, f.line, f"{c.name}.{f.name} ({f.msb}:{f.lsb}) "
                                                  f"overlaps {last.name} ({last.msb}:{last.lsb})")
                if f.lsb < last.lsb:
                    raise SpecError(path, f.line, f"{c.name}.{f.name}: fields must be "
                                                  f"listed from bit 0 upwards")
            last = f
    for c in csrs:
        if not c.rawreset:
            # The reset value may only set bits that are stored (RW) or reported (R);
            # anything else would be a value software can never observe.
            stray = c.reset & ~(c.writable_mask | c.readonly_mask)
            if stray:
                raise SpecError(path, c.line, f"{c.name}: reset value {c.reset:#x} sets bits "
                                              f"{stray:#x} outside its RW/R fields (add "
                                              f"'rawreset' and say why in the comment)")


# ---------------------------------------------------------------------------- emission

def _hex(v):
    return f"0x{v:x}"


def _u64(v):
    return f"UINT64_C(0x{v:016x})"


def hook_names(csrs):
    """Every hook name the table uses (write and read), sorted: the CsrHook enumerators."""
    return sorted({c.hook for c in csrs if c.hook} | {c.read_hook for c in csrs if c.read_hook})


def hook_enumerator(name):
    """C++ enumerator of a hook name: vppn_sext -> VppnSext."""
    return "".join(part.capitalize() for part in name.split("_"))


def render(csrs, src_name):
    out = []
    w = out.append
    w(f"// Generated by tools/specgen/gen_csrs.py from {src_name}. Do not edit.")
    w("// Table format and field semantics: spec/csrs.md.")
    w("#pragma once")
    w("")
    w("#include <array>")
    w("#include <cstddef>")
    w("#include <cstdint>")
    w("#include <string_view>")
    w("")
    w("namespace la::gen {")
    w("")
    w("// CSR numbers: the 14-bit csr operand of csrrd/csrwr/csrxchg and gcsr*.")
    w("enum class Csr : uint16_t {")
    for c in csrs:
        w(f"    {c.name} = {_hex(c.num)},")
    w("};")
    w("")
    w("// Field access, from software's point of view (spec/csrs.md).")
    w("enum class CsrAccess : uint8_t {")
    w("    RW,   // stored; writes replace it")
    w("    R,    // hardware state or constant; writes ignored")
    w("    W1C,  // writing 1 clears a condition, writing 0 does nothing")
    w("    W,    // write-only action taken by the hook; reads 0")
    w("    R0,   // reserved, named for documentation; reads 0, writes ignored")
    w("};")
    w("")
    hooks = hook_names(csrs)
    w("// Side-effect hooks (spec/csrs.md \"Hooks\"). CsrDesc::hook_id names the handler to run")
    w("// after a write to either bank; CsrDesc::read_hook the one that computes the value on a")
    w("// read. None: plain storage.")
    w("enum class CsrHook : uint8_t {")
    w("    None = 0,")
    for i, h in enumerate(hooks, 1):
        w(f"    {hook_enumerator(h)} = {i},  // {h}")
    w("};")
    w(f"inline constexpr std::size_t kNumCsrHooks = {len(hooks) + 1};  // including None")
    w("// kCsrHookNames[static_cast<size_t>(h)]: the table's spelling (\"\" for None).")
    w(f"inline constexpr std::array<std::string_view, kNumCsrHooks> kCsrHookNames{{{{")
    w('    "",')
    for h in hooks:
        w(f'    "{h}",')
    w("}};")
    w("constexpr std::string_view csr_hook_name(CsrHook h) {")
    w("    return kCsrHookNames[static_cast<std::size_t>(h)];")
    w("}")
    w("")
    w("struct CsrField {")
    w("    const char* name;  // manual spelling")
    w("    uint8_t msb, lsb;")
    w("    CsrAccess access;")
    w("    bool gcsr_writable;  // R+G: root gcsrwr/gcsrxchg may write it in the guest bank")
    w("    bool lvz_only;       // exists only with LVZ (CPUCFG2.LVZ); R0 without it")
    w("")
    w("    constexpr uint64_t mask() const {")
    w("        return (~uint64_t{0} >> (63 - msb)) & (~uint64_t{0} << lsb);")
    w("    }")
    w("    constexpr uint64_t get(uint64_t csr) const { return (csr & mask()) >> lsb; }")
    w("    constexpr uint64_t insert(uint64_t csr, uint64_t v) const {")
    w("        return (csr & ~mask()) | ((v << lsb) & mask());")
    w("    }")
    w("};")
    w("")
    w("struct CsrDesc {")
    w("    uint16_t num;")
    w("    const char* name;")
    w("    uint64_t reset;")
    w("    uint64_t writable_mask;        // RW bits: new = (old & ~m) | (value & m)")
    w("    uint64_t w1c_mask;             // W1C bits: a 1 written here clears the condition")
    w("    const CsrField* fields;        // num_fields entries, ascending bit order")
    w("    uint8_t num_fields;")
    w("    bool in_guest_bank;            // has a guest copy (lvz.md §3.2, KVM HW_GCSR)")
    w("    bool root_only;                // LVZ root-only CSR (lvz.md §2)")
    w("    const char* hook;              // write side-effect handler name, nullptr if none")
    w("    uint64_t readonly_mask;        // R bits (hardware state or constants)")
    w("    uint64_t write_only_mask;      // W bits")
    w("    uint64_t gcsr_writable_mask;   // bits root may write in the guest copy")
    w("    uint8_t width;                 // 32: reads sign-extend bit 31, writes drop 63:32")
    w("    CsrHook hook_id;               // write side-effect hook (same as `hook`)")
    w("    CsrHook read_hook;             // value computed on read, None if stored")
    w("    uint64_t lvz_mask;             // bits of lvz_only fields: R0 when LVZ is absent")
    w("};")
    w("")

    # One flat field array; like= CSRs share their original's slice.
    offsets, flat = {}, []
    for c in csrs:
        if c.like:
            continue
        offsets[c.name] = len(flat)
        flat.extend(c.fields)
    w(f"inline constexpr std::array<CsrField, {len(flat)}> kCsrFields{{{{")
    for c in csrs:
        if c.like:
            continue
        w(f"    // {c.name}")
        for f in c.fields:
            w(f'    {{"{f.name}", {f.msb}, {f.lsb}, CsrAccess::{f.access}, '
              f'{"true" if f.gcsr_writable else "false"}, {"true" if f.lvz else "false"}}},')
    w("}};")
    w("")
    w(f"inline constexpr std::array<CsrDesc, {len(csrs)}> kCsrTable{{{{")
    for c in csrs:
        off = offsets[c.like or c.name]
        hook = f'"{c.hook}"' if c.hook else "nullptr"
        w(f"    // {c.name}: {c.comment}")
        w(f'    {{.num = {_hex(c.num)}, .name = "{c.name}", .reset = {_u64(c.reset)},')
        w(f"     .writable_mask = {_u64(c.writable_mask)}, .w1c_mask = {_u64(c.w1c_mask)},")
        w(f"     .fields = kCsrFields.data() + {off}, .num_fields = {len(c.fields)},")
        w(f"     .in_guest_bank = {str(c.guest).lower()}, .root_only = {str(c.root).lower()},"
          f" .hook = {hook},")
        w(f"     .readonly_mask = {_u64(c.readonly_mask)},"
          f" .write_only_mask = {_u64(c.write_only_mask)},")
        w(f"     .gcsr_writable_mask = {_u64(c.gcsr_writable_mask)}, .width = {c.width},")
        hid = f"CsrHook::{hook_enumerator(c.hook)}" if c.hook else "CsrHook::None"
        rid = f"CsrHook::{hook_enumerator(c.read_hook)}" if c.read_hook else "CsrHook::None"
        w(f"     .hook_id = {hid}, .read_hook = {rid}, .lvz_mask = {_u64(c.lvz_mask)}}},")
    w("}};")
    w("")

    top = max(c.num for c in csrs)
    index = [0] * (top + 1)
    for i, c in enumerate(csrs):
        index[c.num] = i + 1
    w("// kCsrIndex[num] = position in kCsrTable + 1, or 0 for an undefined number.")
    w(f"inline constexpr std::array<uint8_t, {top + 1}> kCsrIndex{{{{")
    for i in range(0, len(index), 16):
        w(f"    /* {i:#05x} */ " + ", ".join(str(v) for v in index[i:i + 16]) + ",")
    w("}};")
    w("")
    w("// Every hook name used by the table (write and read), sorted: kCsrHookNames without")
    w("// None (lets the CSR code check it handles all).")
    w(f"inline constexpr std::array<std::string_view, {len(hooks)}> kCsrHooks{{{{")
    for h in hooks:
        w(f'    "{h}",')
    w("}};")
    w("")
    w("// Descriptor of CSR number num, or nullptr if the table does not define it (such")
    w("// numbers read 0 and ignore writes in root mode; la64-privileged.md §2).")
    w("constexpr const CsrDesc* find_csr(uint16_t num) {")
    w("    if (num >= kCsrIndex.size()) return nullptr;")
    w("    const uint8_t i = kCsrIndex[num];")
    w("    return i == 0 ? nullptr : &kCsrTable[i - 1];")
    w("}")
    w("")
    w("constexpr const CsrDesc& csr_desc(Csr csr) { return *find_csr(static_cast<uint16_t>(csr)); }")
    w("")
    w("constexpr const CsrField* find_field(const CsrDesc& d, std::string_view name) {")
    w("    for (uint8_t i = 0; i < d.num_fields; ++i)")
    w("        if (std::string_view(d.fields[i].name) == name) return &d.fields[i];")
    w("    return nullptr;")
    w("}")
    w("")
    w("}  // namespace la::gen")
    return "\n".join(out) + "\n"


def write_if_changed(path, text):
    try:
        with open(path, encoding="utf-8") as fh:
            if fh.read() == text:
                return False
    except FileNotFoundError:
        pass
    d = os.path.dirname(path)
    if d:
        os.makedirs(d, exist_ok=True)
    tmp = f"{path}.tmp{os.getpid()}"
    with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
    os.replace(tmp, path)
    return True


def main(argv):
    if len(argv) != 3:
        print(f"usage: {os.path.basename(argv[0])} SPEC_CSRS_TBL OUT_HEADER", file=sys.stderr)
        return 2
    src, out = argv[1], argv[2]
    try:
        csrs = load(src)
    except SpecError as e:
        print(e, file=sys.stderr)
        return 1
    except OSError as e:
        print(f"{src}: {e.strerror}", file=sys.stderr)
        return 1
    write_if_changed(out, render(csrs, "spec/" + os.path.basename(src)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
