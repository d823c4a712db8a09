#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Generate the CPUCFG header from spec/cpucfg.tbl.

Usage: gen_cpucfg.py SPEC_CPUCFG_TBL OUT_HEADER
       gen_cpucfg.py --markdown SPEC_CPUCFG_TBL      # the field table of docs/cpucfg.md

The table format is documented in spec/cpucfg.md. The table is validated first; any
problem is reported as `file:line: message` on stderr with exit status 1 and nothing is
written. The header (namespace la::gen) is deterministic and is only rewritten when its
content changes.

The extension names of the `ext` lines are checked against tools/specgen/spec.py EXTS,
the names the instruction table's `ext` column may use: every extension but `base` must
be mapped to the CPUCFG field that advertises it.

Python 3 standard library only. `load()` is importable for other tools (tests, docs).
"""
import os
import re
import sys
from dataclasses import dataclass, field

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from spec import EXTS  # noqa: E402  (the instruction table's extension names)
from gen_csrs import write_if_changed  # noqa: E402  (one implementation for the generators)

MAX_WORD = 0x1F               # HartState::cpucfg holds words 0..31
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*(-[A-Za-z0-9]+)*$")   # manual names: RVAMAX-1
_SWITCH = re.compile(r"^[a-z][a-z0-9_]*$")
_BITS = re.compile(r"^(\d+)(?::(\d+))?$")
_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_DEC = re.compile(r"^\d+$")


class SpecError(Exception):
    def __init__(self, path, line, msg):
        super().__init__(f"{path}:{line}: {msg}")


@dataclass
class Field:
    word: int
    msb: int
    lsb: int
    name: str
    value: int               # with every switch off (the default model)
    switch: str              # "" = not switchable
    switch_value: int        # value when `switch` is on
    comment: str
    line: int

    @property
    def width(self):
        return self.msb - self.lsb + 1

    @property
    def mask(self):
        return ((1 << self.width) - 1) << self.lsb

    @property
    def ident(self):
        """C++ identifier: the manual name with '-' replaced by '_' (RVAMAX-1 -> RVAMAX_1)."""
        return self.name.replace("-", "_")

    def value_with(self, switches):
        return self.switch_value if self.switch and self.switch in switches else self.value


@dataclass
class Ext:
    name: str
    fields: list             # Field objects, ascending
    comment: str
    line: int

    @property
    def word(self):
        return self.fields[0].word

    @property
    def lsb(self):
        return self.fields[0].lsb

    @property
    def width(self):
        return self.fields[-1].msb - self.fields[0].lsb + 1


@dataclass
class Table:
    fields: list = field(default_factory=list)
    exts: list = field(default_factory=list)
    switches: list = field(default_factory=list)   # in order of first use

    @property
    def num_words(self):
        return max(f.word for f in self.fields) + 1

    def words(self, switches=()):
        w = [0] * self.num_words
        for f in self.fields:
            w[f.word] |= f.value_with(switches) << f.lsb
        return w


def _parse_value(tok, path, line, what):
    if _HEX.match(tok):
        return int(tok, 16)
    if _DEC.match(tok):
        return int(tok, 10)
    raise SpecError(path, line, f"{what} {tok!r} must be decimal or hex written 0x...")


def _parse_field(cols, comment, path, line):
    if len(cols) != 5:
        raise SpecError(path, line, f"field line needs 5 columns (word bits name value "
                                    f"switch), got {len(cols)}")
    word_s, bits_s, name, value_s, switch_s = cols
    if not _HEX.match(word_s):
        raise SpecError(path, line, f"word {word_s!r} must be hex written 0x...")
    word = int(word_s, 16)
    if word > MAX_WORD:
        raise SpecError(path, line, f"word {word_s} is beyond 0x{MAX_WORD:x}")
    m = _BITS.match(bits_s)
    if not m:
        raise SpecError(path, line, f"bad bit range {bits_s!r} (want msb:lsb or bit)")
    msb = int(m.group(1))
    lsb = int(m.group(2)) if m.group(2) is not None else msb
    if lsb > msb or msb > 31:
        raise SpecError(path, line, f"bit range {bits_s} is not within 31..0 with msb >= lsb")
    if not _NAME.match(name):
        raise SpecError(path, line, f"bad field name {name!r}")
    width = msb - lsb + 1
    value = _parse_value(value_s, path, line, "value")
    if value >> width:
        raise SpecError(path, line, f"{name}: value {value_s} does not fit in {width} bits")
    switch, switch_value = "", value
    if switch_s != "-":
        if "=" not in switch_s:
            raise SpecError(path, line, f"switch {switch_s!r} must be '-' or NAME=VALUE")
        switch, sv = switch_s.split("=", 1)
        if not _SWITCH.match(switch):
            raise SpecError(path, line, f"switch name {switch!r} must be one lower-case word")
        switch_value = _parse_value(sv, path, line, "switch value")
        if switch_value >> width:
            raise SpecError(path, line, f"{name}: switch value {sv} does not fit in "
                                        f"{width} bits")
        if switch_value == value:
            raise SpecError(path, line, f"{name}: switch {switch} does not change the value")
    if not comment:
        raise SpecError(path, line, f"{name}: a trailing '# source' comment is required")
    return Field(word, msb, lsb, name, value, switch, switch_value, comment, line)


def load(path):
    """Parse and validate a cpucfg.tbl file."""
    t = Table()
    ext_lines = []
    with open(path, encoding="utf-8") as fh:
        for n, raw in enumerate(fh, 1):
            code, _, comment = raw.rstrip("\n").partition("#")
            cols = code.split()
            if not cols:
                continue
            if cols[0] == "ext":
                if len(cols) != 3:
                    raise SpecError(path, n, f"ext line needs 3 columns (ext NAME FIELD[,FIELD"
                                             f"...]), got {len(cols)}")
                if not comment.strip():
                    raise SpecError(path, n, f"ext {cols[1]}: a trailing '# source' comment "
                                             f"is required")
                ext_lines.append((cols[1], cols[2].split(","), comment.strip(), n))
            else:
                if ext_lines:
                    raise SpecError(path, n, "field lines must come before the ext lines")
                t.fields.append(_parse_field(cols, comment.strip(), path, n))
    if not t.fields:
        raise SpecError(path, 1, "no fields defined")
    _check_fields(t, path)
    _check_exts(t, ext_lines, path)
    return t


def _check_fields(t, path):
    names, idents = {}, {}
    prev = None
    for f in t.fields:
        if f.name in names:
            raise SpecError(path, f.line, f"duplicate field name {f.name} (first at line "
                                          f"{names[f.name]})")
        if f.ident in idents:
            raise SpecError(path, f.line, f"{f.name} and {idents[f.ident]} give the same C++ "
                                          f"name {f.ident}")
        names[f.name] = f.line
        idents[f.ident] = f.name
        if prev is not None:
            if f.word < prev.word:
                raise SpecError(path, f.line, f"{f.name}: words must be in ascending order")
            if f.word == prev.word:
                if f.lsb <= prev.msb:
                    raise SpecError(path, f.line, f"{f.name} ({f.msb}:{f.lsb}) overlaps or "
                                                  f"precedes {prev.name} ({prev.msb}:{prev.lsb}):"
                                                  f" fields go from bit 0 upwards")
        if f.switch and f.switch not in t.switches:
            t.switches.append(f.switch)
        prev = f


def _check_exts(t, ext_lines, path):
    by_name = {f.name: f for f in t.fields}
    wanted = set(EXTS) - {"base"}
    seen = {}
    for name, field_names, comment, line in ext_lines:
        if name not in wanted:
            raise SpecError(path, line, f"ext {name!r} is not an extension of the instruction "
                                        f"table (tools/specgen/spec.py EXTS, without base)")
        if name in seen:
            raise SpecError(path, line, f"ext {name} given twice (first at line {seen[name]})")
        seen[name] = line
        fields = []
        for fn in field_names:
            if fn not in by_name:
                raise SpecError(path, line, f"ext {name}: no field named {fn!r}")
            fields.append(by_name[fn])
        fields.sort(key=lambda f: (f.word, f.lsb))
        for a, b in zip(fields, fields[1:]):
            if a.word != b.word or b.lsb != a.msb + 1:
                raise SpecError(path, line, f"ext {name}: fields {a.name} and {b.name} are not "
                                            f"side by side in one word")
        t.exts.append(Ext(name, fields, comment, line))
    missing = sorted(wanted - set(seen))
    if missing:
        raise SpecError(path, ext_lines[-1][3] if ext_lines else 1,
                        f"no ext line for {', '.join(missing)}: every extension of the "
                        f"instruction table needs the CPUCFG field that advertises it")


# ---------------------------------------------------------------------------- emission

def _camel(name):
    return "".join(p.capitalize() for p in name.split("_"))


def render(t, src_name):
    out = []
    w = out.append
    nw = t.num_words
    w(f"// Generated by tools/specgen/gen_cpucfg.py from {src_name}. Do not edit.")
    w("// Table format: spec/cpucfg.md; the words, fields and their sources: docs/cpucfg.md.")
    w("#pragma once")
    w("")
    w("#include <array>")
    w("#include <cstddef>")
    w("#include <cstdint>")
    w("#include <string_view>")
    w("")
    w("namespace la::gen {")
    w("")
    w(f"// CPUCFG words 0x0..0x{nw - 1:x} are defined; every other word reads 0.")
    w(f"inline constexpr std::size_t kCpucfgWords = {nw};")
    w("")
    w("// Feature switches of the model (bit flags): a field with a switch takes its")
    w("// switch_value while the switch is on.")
    w("enum CpucfgSwitch : uint32_t {")
    w("    kCpucfgSwitchNone = 0,")
    for i, s in enumerate(t.switches):
        w(f"    kCpucfgSwitch{_camel(s)} = 1u << {i},  // {s}")
    w("};")
    w("")
    w("struct CpucfgField {")
    w("    const char* name;       // the manual's name, spaces written as '_'")
    w("    uint8_t word, lsb, width;")
    w("    uint32_t la464;         // the value with every switch off")
    w("    uint32_t switch_mask;   // the CpucfgSwitch that changes it, 0 for none")
    w("    uint32_t switch_value;  // the value while that switch is on")
    w("")
    w("    constexpr uint8_t msb() const { return static_cast<uint8_t>(lsb + width - 1); }")
    w("    constexpr uint32_t mask() const {")
    w("        return static_cast<uint32_t>(((uint64_t{1} << width) - 1) << lsb);")
    w("    }")
    w("    constexpr uint32_t get(uint32_t word_value) const { return (word_value & mask()) >> lsb; }")
    w("    constexpr uint32_t insert(uint32_t word_value, uint32_t v) const {")
    w("        return (word_value & ~mask()) | ((v << lsb) & mask());")
    w("    }")
    w("    constexpr uint32_t value(uint32_t switches) const {")
    w("        return (switches & switch_mask) != 0 ? switch_value : la464;")
    w("    }")
    w("};")
    w("")
    w("// Every field, in word order and then bit order.")
    w(f"inline constexpr std::array<CpucfgField, {len(t.fields)}> kCpucfgFields{{{{")
    for f in t.fields:
        sm = f"kCpucfgSwitch{_camel(f.switch)}" if f.switch else "0"
        w(f'    {{"{f.name}", 0x{f.word:x}, {f.lsb}, {f.width}, 0x{f.value:x}, {sm}, '
          f'0x{f.switch_value:x}}},')
    w("}};")
    w("")
    w("// Named fields: la::gen::cpucfg::PALEN.get(cpucfg[1]) + 1 == 48. The identifier is")
    w("// the manual's name with '-' written as '_' (RVAMAX-1 -> RVAMAX_1).")
    w("namespace cpucfg {")
    for i, f in enumerate(t.fields):
        w(f"inline constexpr const CpucfgField& {f.ident} = kCpucfgFields[{i}];  "
          f"// word 0x{f.word:x} bits {f.msb}:{f.lsb}")
    w("}  // namespace cpucfg")
    w("")
    w("// The words a core reports with the given switches (an OR of CpucfgSwitch).")
    w("constexpr std::array<uint32_t, kCpucfgWords> cpucfg_la464(uint32_t switches = kCpucfgSwitchNone) {")
    w("    std::array<uint32_t, kCpucfgWords> words{};")
    w("    for (const CpucfgField& f : kCpucfgFields) words[f.word] = f.insert(words[f.word], f.value(switches));")
    w("    return words;")
    w("}")
    w("")
    w("// The default la464 core (every switch off) and the same core with LVZ on.")
    w("inline constexpr std::array<uint32_t, kCpucfgWords> kCpucfgLa464 = cpucfg_la464();")
    if "lvz" in t.switches:
        w("inline constexpr std::array<uint32_t, kCpucfgWords> kCpucfgLa464Lvz = "
          "cpucfg_la464(kCpucfgSwitchLvz);")
    # The generator's own arithmetic, checked against the constexpr one.
    for i, v in enumerate(t.words()):
        w(f"static_assert(kCpucfgLa464[0x{i:x}] == 0x{v:08x}u);")
    if "lvz" in t.switches:
        for i, v in enumerate(t.words(("lvz",))):
            w(f"static_assert(kCpucfgLa464Lvz[0x{i:x}] == 0x{v:08x}u);")
    w("")
    w("// The CPUCFG field (word, lsb, width) advertising each instruction-set extension of")
    w("// spec/insns (`ext` column; every one but base). The extension is present iff the")
    w("// field is non-zero; an instruction of an absent extension raises INE.")
    w("struct CpucfgExt {")
    w("    std::string_view ext;   // spec/insns `ext` name: \"lsx\", \"lam_bh\", ...")
    w("    uint8_t word, lsb, width;")
    w("")
    w("    constexpr uint32_t mask() const {")
    w("        return static_cast<uint32_t>(((uint64_t{1} << width) - 1) << lsb);")
    w("    }")
    w("    // words: at least kCpucfgWords entries (HartState::cpucfg).")
    w("    constexpr bool present(const uint32_t* words) const { return (words[word] & mask()) != 0; }")
    w("};")
    w(f"inline constexpr std::array<CpucfgExt, {len(t.exts)}> kCpucfgExts{{{{")
    for e in t.exts:
        names = "|".join(f.name for f in e.fields)
        w(f'    {{"{e.name}", 0x{e.word:x}, {e.lsb}, {e.width}}},  // {names}')
    w("}};")
    w("")
    w("constexpr const CpucfgExt* find_cpucfg_ext(std::string_view ext) {")
    w("    for (const CpucfgExt& e : kCpucfgExts)")
    w("        if (e.ext == ext) return &e;")
    w("    return nullptr;")
    w("}")
    w("")
    w("constexpr const CpucfgField* find_cpucfg_field(std::string_view name) {")
    w("    for (const CpucfgField& f : kCpucfgFields)")
    w("        if (std::string_view(f.name) == name) return &f;")
    w("    return nullptr;")
    w("}")
    w("")
    w("}  // namespace la::gen")
    return "\n".join(out) + "\n"


def render_markdown(t):
    """The word/field table of docs/cpucfg.md."""
    out = ["| word | bits | field | la464 | with switch | source |",
           "|---|---|---|---|---|---|"]
    for f in t.fields:
        bits = str(f.msb) if f.msb == f.lsb else f"{f.msb}:{f.lsb}"
        val = f"0x{f.value:x}" if f.width == 32 else str(f.value)
        sw = f"{f.switch}: {f.switch_value}" if f.switch else ""
        src = f.comment.replace("|", "\\|")
        out.append(f"| 0x{f.word:x} | {bits} | {f.name} | {val} | {sw} | {src} |")
    out.append("")
    out.append("| word | la464 (every switch off) | with LVZ on |")
    out.append("|---|---|---|")
    lvz = t.words(("lvz",))
    for i, v in enumerate(t.words()):
        out.append(f"| 0x{i:x} | 0x{v:08x} | 0x{lvz[i]:08x} |")
    out.append("")
    out.append("| ext | word | bits | field(s) |")
    out.append("|---|---|---|---|")
    for e in t.exts:
        msb = e.lsb + e.width - 1
        bits = str(msb) if e.width == 1 else f"{msb}:{e.lsb}"
        out.append(f"| {e.name} | 0x{e.word:x} | {bits} | {', '.join(f.name for f in e.fields)} |")
    return "\n".join(out) + "\n"


def main(argv):
    markdown = len(argv) == 3 and argv[1] == "--markdown"
    if not markdown and len(argv) != 3:
        prog = os.path.basename(argv[0])
        print(f"usage: {prog} SPEC_CPUCFG_TBL OUT_HEADER\n       {prog} --markdown "
              f"SPEC_CPUCFG_TBL", file=sys.stderr)
        return 2
    src = argv[2] if markdown else argv[1]
    try:
        t = load(src)
    except SpecError as e:
        print(e, file=sys.stderr)
        return 1
    except OSError as e:
        print(f"{src}: {e.strerror}", file=sys.stderr)
        return 1
    if markdown:
        sys.stdout.write(render_markdown(t))
    else:
        write_if_changed(argv[2], render(t, "spec/" + os.path.basename(src)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
