#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Cross-check spec/insns/*.tbl against the official manual's encoding appendix.

Usage:
    check_manual.py SPEC_DIR TSV              # e.g. spec tests/data/manual_encodings.tsv
    check_manual.py --self-test SPEC_DIR TSV  # prove that the check can fail

TSV is produced by tools/specgen/extract_manual.py from the LoongArch Reference Manual
Vol. 1, Appendix B (one row per instruction: mnemonic, match, mask, operand fields), plus
`%cond` lines with the FCMP condition codes.

For every manual row our entry of the same mnemonic (case-insensitive) must exist and
have the identical match and mask, and the same operand fields as bit ranges (pieces
most significant first). Field *names* may differ (the manual labels the destination of
the v1.1 atomics `fd` although it is a GPR; it calls every branch offset `offs` where we
say `offs16/offs21/offs26`); differences other than the `offs`+width one are printed as
`info` lines and do not fail.

FCMP.cond.S / FCMP.cond.D (one row each with a 5-bit `cond` field) are checked against
our expanded fcmp.<cond>.s / fcmp.<cond>.d entries: exactly 22 per width, each inside
the row's encoding space (mask = row mask plus the cond field, same fixed bits, same
other fields), and the cond value of each equal to the manual's value for that condition
mnemonic (`%cond` lines).

Where two manual rows overlap (CSRRD/CSRWR inside CSRXCHG) our narrower entry must be
declared `within=` the wider one.

One line per mismatch (`FAIL ...`), then `N passed, M failed` (N = manual rows checked
OK, M = failed rows plus global failures). Exit status 1 on any failure or if fewer than
350 rows were parsed.
"""
import copy
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tools", "specgen"))
import spec  # noqa: E402

MIN_ROWS = 350
FCMP_ROW = re.compile(r"^fcmp\.cond\.([sd])$")
FCMP_OURS = re.compile(r"^fcmp\.([a-z]+)\.([sd])$")


class Row:
    def __init__(self, mnem, match, mask, fields, line):
        self.mnem, self.match, self.mask, self.line = mnem, match, mask, line
        self.fields = fields          # [(name, ((msb, lsb), ...)), ...]

    @property
    def key(self):
        return self.mnem.lower()


def parse_fields(text, where):
    fields = []
    for tok in text.split():
        m = re.match(r"^([a-z][a-z0-9]*)@(\d+:\d+(?:\|\d+:\d+)*)$", tok)
        if not m:
            raise ValueError(f"{where}: bad field {tok!r}")
        pieces = tuple(tuple(int(x) for x in p.split(":")) for p in m.group(2).split("|"))
        fields.append((m.group(1), pieces))
    return fields


def load_tsv(path):
    rows, conds = [], {}
    with open(path, encoding="utf-8") as fh:
        for n, raw in enumerate(fh, 1):
            line = raw.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            where = f"{path}:{n}"
            if cols[0] == "%cond":
                if len(cols) != 3:
                    raise ValueError(f"{where}: expected 3 columns in a %cond line")
                conds[cols[1].lower()] = int(cols[2], 16)
                continue
            if len(cols) != 4:
                raise ValueError(f"{where}: expected 4 tab-separated columns, got {len(cols)}")
            rows.append(Row(cols[0], int(cols[1], 16), int(cols[2], 16),
                            parse_fields(cols[3], where), n))
    return rows, conds


def hx(v):
    return f"{v:08x}"


def fmt_pieces(pieces):
    return "|".join(f"{h}:{l}" for h, l in pieces)


def field_mask(pieces):
    m = 0
    for h, l in pieces:
        m |= ((1 << (h - l + 1)) - 1) << l
    return m


def same_name(manual, ours, pieces):
    width = sum(h - l + 1 for h, l in pieces)
    return manual == ours or ours == f"{manual}{width}"


def compare_fields(label, manual_fields, insn, fails, infos):
    """Operand bit ranges must agree as a set; names are compared for info only."""
    ours = {tuple(op.pieces): op.name for op in insn.operands}
    theirs = {pieces: name for name, pieces in manual_fields}
    for pieces in sorted(set(ours) | set(theirs), key=lambda p: p[-1][1]):
        if pieces not in ours:
            fails.append(f"FAIL {label}: manual field {theirs[pieces]}@{fmt_pieces(pieces)} "
                         f"has no operand with that bit range in {insn.name} "
                         f"({insn.file}:{insn.line})")
        elif pieces not in theirs:
            fails.append(f"FAIL {label}: our operand {ours[pieces]}@{fmt_pieces(pieces)} of "
                         f"{insn.name} ({insn.file}:{insn.line}) is not a manual field")
        elif not same_name(theirs[pieces], ours[pieces], pieces):
            infos.append(f"info {label}: field @{fmt_pieces(pieces)} is "
                         f"'{theirs[pieces]}' in the manual, '{ours[pieces]}' in our table")


def check_plain(row, by_name, fails, infos):
    insn = by_name.get(row.key)
    if insn is None:
        fails.append(f"FAIL {row.mnem}: no entry {row.key} in our table")
        return
    where = f"{insn.file}:{insn.line}"
    if insn.match != row.match:
        fails.append(f"FAIL {row.mnem}: match manual {hx(row.match)} ours {hx(insn.match)} "
                     f"(differs in bits {hx(row.match ^ insn.match)}; {where})")
    if insn.mask != row.mask:
        fails.append(f"FAIL {row.mnem}: mask manual {hx(row.mask)} ours {hx(insn.mask)} "
                     f"(differs in bits {hx(row.mask ^ insn.mask)}; {where})")
    compare_fields(row.mnem, row.fields, insn, fails, infos)


def check_fcmp(row, width, insns, conds, fails, infos):
    cond = [f for f in row.fields if f[0] == "cond"]
    if len(cond) != 1 or len(cond[0][1]) != 1:
        fails.append(f"FAIL {row.mnem}: manual row has no single-piece cond field")
        return
    (ch, cl), = cond[0][1]
    cmask = field_mask(cond[0][1])
    others = [f for f in row.fields if f[0] != "cond"]
    ours = [i for i in insns if (m := FCMP_OURS.match(i.name)) and m.group(2) == width
            and m.group(1) != "cond"]
    if len(ours) != 22:
        fails.append(f"FAIL {row.mnem}: our table has {len(ours)} fcmp.*.{width} entries, "
                     f"expected 22")
    values = {}
    for insn in ours:
        where = f"{insn.file}:{insn.line}"
        cname = FCMP_OURS.match(insn.name).group(1)
        if (insn.match & row.mask) != row.match:
            fails.append(f"FAIL {row.mnem}: {insn.name} fixed bits {hx(insn.match & row.mask)} "
                         f"differ from the manual's {hx(row.match)} ({where})")
        if insn.mask != row.mask | cmask:
            fails.append(f"FAIL {row.mnem}: {insn.name} mask {hx(insn.mask)}, expected the "
                         f"manual's {hx(row.mask)} plus cond@{ch}:{cl} = "
                         f"{hx(row.mask | cmask)} ({where})")
        compare_fields(f"{row.mnem} ({insn.name})", others, insn, fails, infos)
        value = (insn.match & cmask) >> cl
        if value in values:
            fails.append(f"FAIL {row.mnem}: {insn.name} and {values[value]} share cond "
                         f"value {value:#x}")
        values[value] = insn.name
        if conds:
            if cname not in conds:
                fails.append(f"FAIL {row.mnem}: {insn.name}: the manual has no condition "
                             f"{cname.upper()} ({where})")
            elif conds[cname] != value:
                fails.append(f"FAIL {row.mnem}: {insn.name} has cond {value:#x}, the manual "
                             f"gives {cname.upper()} = {conds[cname]:#x} ({where})")
    if conds:
        have = {FCMP_OURS.match(i.name).group(1) for i in ours}
        for c in sorted(set(conds) - have):
            fails.append(f"FAIL {row.mnem}: no fcmp.{c}.{width} in our table")
    else:
        infos.append(f"info {row.mnem}: no %cond lines in the TSV; cond values not checked "
                     f"against the manual's condition table")


def check_overlaps(rows, by_name, fails_of):
    """Manual rows whose encodings intersect must be nested, and our narrower entry must
    be declared within= the wider one."""
    plain = [r for r in rows if not FCMP_ROW.match(r.key)]
    for i, a in enumerate(plain):
        for b in plain[i + 1:]:
            common = a.mask & b.mask
            if (a.match ^ b.match) & common:
                continue
            if (a.mask | b.mask) == a.mask and a.mask != b.mask:
                narrow, wide = a, b
            elif (a.mask | b.mask) == b.mask and a.mask != b.mask:
                narrow, wide = b, a
            else:
                fails_of(a).append(f"FAIL {a.mnem}: overlaps {b.mnem} in the manual without "
                                   f"one containing the other")
                continue
            insn = by_name.get(narrow.key)
            if insn is not None and insn.values.get("within") != wide.key:
                fails_of(narrow).append(
                    f"FAIL {narrow.mnem}: lies inside {wide.mnem} in the manual but our "
                    f"{insn.name} ({insn.file}:{insn.line}) is not declared within={wide.key}")


def run(insns, rows, conds):
    """-> (passed, failed, lines). Pure function of its inputs (used by --self-test)."""
    by_name = {i.name: i for i in insns}
    per_row = {id(r): ([], []) for r in rows}
    global_fails, lines = [], []
    for row in rows:
        fails, infos = per_row[id(row)]
        m = FCMP_ROW.match(row.key)
        if m:
            check_fcmp(row, m.group(1), insns, conds, fails, infos)
        else:
            check_plain(row, by_name, fails, infos)
    check_overlaps(rows, by_name, lambda r: per_row[id(r)][0])
    if len(rows) < MIN_ROWS:
        global_fails.append(f"FAIL: only {len(rows)} manual rows parsed, expected at least "
                            f"{MIN_ROWS}")
    if conds and len(conds) != 22:
        global_fails.append(f"FAIL: {len(conds)} FCMP conditions in the TSV, expected 22")
    passed = failed = 0
    for row in rows:
        fails, infos = per_row[id(row)]
        lines += fails + infos
        if fails:
            failed += 1
        else:
            passed += 1
    lines += global_fails
    return passed, failed + len(global_fails), lines


def report(insns, rows, conds):
    passed, failed, lines = run(insns, rows, conds)
    for line in lines:
        print(line)
    covered = {r.key for r in rows}
    exts = {"base", "fp_sp", "fp_dp", "lamcas", "lam_bh", "llacq_screl", "scq", "frecipe"}
    extra = [i.name for i in insns if set(i.ext) <= exts and i.name not in covered
             and not FCMP_OURS.match(i.name)]
    if extra:
        print(f"info: {len(extra)} base/FP/privileged entries of our table are not in the "
              f"manual's appendix: {' '.join(extra)}")
    else:
        n = sum(1 for i in insns if set(i.ext) <= exts)
        print(f"info: all {n} base/FP/privileged entries of our table are covered by the "
              f"manual's rows (FCMP.cond.{{S,D}} expanded)")
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


def self_test(insns, rows, conds):
    """Each mutation of an in-memory copy of our table must produce a new FAIL line that
    names the mutated entry."""
    _, _, base_lines = run(insns, rows, conds)
    base = {l for l in base_lines if l.startswith("FAIL")}
    listed = {r.key for r in rows}

    def pick(pred):
        return next(i for i, x in enumerate(insns) if x.name in listed and pred(x))

    def flip_match_bit(ins):
        k = pick(lambda x: x.name == "add.w") if any(x.name == "add.w" for x in ins) \
            else pick(lambda x: True)
        bit = (ins[k].mask & -ins[k].mask)            # lowest fixed bit
        ins[k].match ^= bit
        return ins[k].name.upper(), f"flip match bit {bit.bit_length() - 1} of {ins[k].name}"

    def move_field(ins):
        k = pick(lambda x: any(not o.is_reg for o in x.operands))
        op = next(o for o in ins[k].operands if not o.is_reg)
        h, l = op.pieces[-1]
        op.pieces[-1] = (h, l + 1) if h > l else (h + 1, l + 1)
        return ins[k].name.upper(), f"shrink operand {op.name} of {ins[k].name}"

    def swap_fcmp_cond(ins):
        k = next(i for i, x in enumerate(ins) if x.name == "fcmp.clt.s")
        ins[k].match ^= 1 << 15                        # clt (0x2) -> slt (0x3)
        return "FCMP.cond.S", "change the cond value of fcmp.clt.s"

    def drop_within(ins):
        k = next(i for i, x in enumerate(ins) if x.name == "csrrd")
        ins[k].values.pop("within", None)
        return "CSRRD", "remove within= from csrrd"

    def delete_entry(ins):
        k = pick(lambda x: x.name == "ld.d")
        name = ins[k].name
        del ins[k]
        return name.upper(), f"delete {name}"

    ok = True
    for mutate in (flip_match_bit, move_field, swap_fcmp_cond, drop_within, delete_entry):
        mutated = copy.deepcopy(insns)
        try:
            target, what = mutate(mutated)
        except StopIteration:
            print(f"self-test: SKIPPED {mutate.__name__} (no suitable entry)")
            ok = False
            continue
        _, failed, lines = run(mutated, rows, conds)
        new = [l for l in lines if l.startswith("FAIL") and l not in base
               and l.split(":")[0].split()[1] == target]
        if new:
            print(f"self-test: caught   {what}: {new[0]}")
        else:
            print(f"self-test: MISSED   {what} ({failed} failed, no new FAIL for {target})")
            ok = False
    print("self-test passed" if ok else "self-test FAILED")
    return 0 if ok else 1


def main(argv):
    args = list(argv)
    selftest = "--self-test" in args
    if selftest:
        args.remove("--self-test")
    if len(args) != 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    try:
        insns = spec.load(args[0])
        rows, conds = load_tsv(args[1])
    except (spec.SpecError, ValueError, OSError) as e:
        print(f"FAIL: {e}")
        print("0 passed, 1 failed")
        return 1
    return self_test(insns, rows, conds) if selftest else report(insns, rows, conds)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
