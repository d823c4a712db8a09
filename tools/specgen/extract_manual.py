#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Extract the encoding facts of the LoongArch manual's Appendix B into a TSV.

Usage:
    extract_manual.py MANUAL_GIT_DIR_OR_ADOC [--rev REV] > tests/data/manual_encodings.tsv

MANUAL_GIT_DIR_OR_ADOC is either the git directory of a checkout / bare snapshot of
github.com/loongson/LoongArch-Documentation (the files are read with `git show REV:path`,
REV defaults to HEAD), or the path of `table-of-instruction-encoding.adoc` itself (then
the FCMP condition table is read from the sibling file
`basic-floating-point-instructions/overview-of-floating-point-instructions/
floating-point-comparison-instructions.adoc` if it exists).

The manual is licensed CC BY-NC-ND 4.0, so the output records only facts: for every row
of the "Table of instruction encoding" (32 one-bit cells, operand fields as spanned
cells) one line

    MNEMONIC <TAB> match <TAB> mask <TAB> fields

match/mask are 8 hex digits (mask = the bits given as fixed 0/1 cells), fields are
`name@msb:lsb` separated by spaces, ordered by bit position; a field the manual splits
into labelled pieces (`offs[15:0]`, `offs[20:16]`) is joined into one field whose pieces
are listed most significant first (`offs@4:0|25:10` means offs = w[4:0] << 16 | w[25:10]).
Cell annotations that are not part of the field name (CSRXCHG's `rj!=0,1`) are stripped
from the field and listed in a `# note:` comment.

After the encoding rows come the FCMP condition codes (manual section "Floating-Point
Comparison Instructions") as lines

    %cond <TAB> MNEMONIC <TAB> value(hex)

The manual row `FCMP.cond.S` / `FCMP.cond.D` is kept as one row with its 5-bit `cond`
field; tests/spec/check_manual.py matches our 22 expanded entries per width against it.

Python 3 standard library only.
"""
import argparse
import os
import re
import subprocess
import sys

ENCODING_PATH = "docs/LoongArch-Vol1-EN/table-of-instruction-encoding.adoc"
FCMP_PATH = ("docs/LoongArch-Vol1-EN/basic-floating-point-instructions/"
             "overview-of-floating-point-instructions/floating-point-comparison-instructions.adoc")
UPSTREAM = "https://github.com/loongson/LoongArch-Documentation"
NCOLS = 34          # mnemonic, operand syntax, 32 bit cells


class ExtractError(Exception):
    pass


# --------------------------------------------------------------------------- input

def git(git_dir, *args):
    return subprocess.run(["git", "--git-dir", git_dir, *args], check=True,
                          capture_output=True, text=True).stdout


def is_git_dir(path):
    if not os.path.isdir(path):
        return False
    try:
        git(path, "rev-parse", "--git-dir")
        return True
    except (subprocess.CalledProcessError, FileNotFoundError):
        return False


def read_sources(src, rev):
    """-> dict(encoding_text, fcmp_text|None, commit, commit_date, path, licence)"""
    if is_git_dir(src):
        commit = git(src, "rev-parse", rev + "^{commit}").strip()
        date = git(src, "show", "-s", "--format=%cs", commit).strip()
        files = git(src, "ls-tree", "-r", "--name-only", commit).splitlines()
        path = ENCODING_PATH
        if path not in files:
            cands = [f for f in files
                     if f.endswith("table-of-instruction-encoding.adoc") and "-EN/" in f]
            if len(cands) != 1:
                raise ExtractError(f"cannot find the encoding table in {src} ({cands})")
            path = cands[0]
        fcmp = git(src, "show", f"{commit}:{FCMP_PATH}") if FCMP_PATH in files else None
        licence = git(src, "show", f"{commit}:LICENSE") if "LICENSE" in files else ""
        return dict(encoding=git(src, "show", f"{commit}:{path}"), fcmp=fcmp,
                    commit=commit, date=date, path=path, licence=licence,
                    fcmp_path=FCMP_PATH if fcmp is not None else None)
    with open(src, encoding="utf-8") as fh:
        text = fh.read()
    sib = os.path.join(os.path.dirname(src), os.path.relpath(FCMP_PATH, os.path.dirname(ENCODING_PATH)))
    fcmp = None
    if os.path.exists(sib):
        with open(sib, encoding="utf-8") as fh:
            fcmp = fh.read()
    return dict(encoding=text, fcmp=fcmp, commit="unknown (read from a plain file)", date="",
                path=src, licence="", fcmp_path=sib if fcmp is not None else None)


# --------------------------------------------------------------------------- parsing

_CELL = re.compile(r"(?:^|(?<=\s))(?:(\d+)\+)?\|")


def table_cells(text):
    """Cells (span, content) of the first AsciiDoc table (between the |=== lines)."""
    lines = text.splitlines()
    try:
        start = next(i for i, l in enumerate(lines) if l.strip() == "|===")
        end = next(i for i in range(start + 1, len(lines)) if lines[i].strip() == "|===")
    except StopIteration:
        raise ExtractError("no |=== table found")
    cells = []
    for n, line in enumerate(lines[start + 1:end], start + 2):
        if not line.strip():
            continue
        if re.match(r"^\s*[.\d]*\.\d+\+", line):
            raise ExtractError(f"line {n}: row spans are not supported: {line!r}")
        marks = list(_CELL.finditer(line))
        if not marks or marks[0].start() != 0:
            raise ExtractError(f"line {n}: not a cell: {line!r}")
        for k, m in enumerate(marks):
            stop = marks[k + 1].start() if k + 1 < len(marks) else len(line)
            cells.append((int(m.group(1) or 1), line[m.end():stop].strip(), n))
    return cells


def rows_of(cells):
    """Group cells into rows of NCOLS columns; the first row is the header."""
    rows, cur, width = [], [], 0
    for span, content, n in cells:
        cur.append((span, content, n))
        width += span
        if width == NCOLS:
            rows.append(cur)
            cur, width = [], 0
        elif width > NCOLS:
            raise ExtractError(f"line {n}: row starting at line {cur[0][2]} spans {width} > "
                               f"{NCOLS} columns")
    if cur:
        raise ExtractError(f"incomplete last row starting at line {cur[0][2]}")
    return rows


_FIELD = re.compile(r"^(?P<name>[a-z][a-z0-9]*)(?:\[(?P<h>\d+):(?P<l>\d+)\])?(?P<note>.*)$")


def parse_row(row):
    """-> (mnemonic, match, mask, {name: [(value_msb, bit_msb, bit_lsb), ...]}, notes)"""
    (s0, mnem, n), (s1, _syntax, _) = row[0], row[1]
    if s0 != 1 or s1 != 1 or not re.match(r"^[A-Z][A-Za-z0-9_.]*$", mnem):
        raise ExtractError(f"line {n}: bad mnemonic cell {mnem!r}")
    bit = 31
    match = mask = 0
    fields, notes = {}, []
    for span, content, ln in row[2:]:
        hi, lo = bit, bit - span + 1
        if content in ("0", "1"):
            if span != 1:
                raise ExtractError(f"line {ln}: {mnem}: spanned constant cell {content!r}")
            mask |= 1 << bit
            match |= int(content) << bit
        else:
            m = _FIELD.match(content)
            if not m:
                raise ExtractError(f"line {ln}: {mnem}: cannot parse field cell {content!r}")
            name = m.group("name")
            if m.group("h") is not None:
                vh, vl = int(m.group("h")), int(m.group("l"))
                if vh - vl + 1 != span:
                    raise ExtractError(f"line {ln}: {mnem}: {content!r} spans {span} bits")
            else:
                vh = None
            if m.group("note"):
                notes.append(f"{mnem} field {name}@{hi}:{lo} is annotated "
                             f"{m.group('note').strip()!r} in the manual")
            fields.setdefault(name, []).append((vh, hi, lo))
        bit = lo - 1
    if bit != -1:
        raise ExtractError(f"line {row[0][2]}: {mnem}: cells cover {31 - bit} bits")
    return mnem, match, mask, fields, notes


def format_fields(mnem, fields):
    out = []
    for name, pieces in fields.items():
        if len(pieces) == 1 and pieces[0][0] is None:
            _, h, l = pieces[0]
            out.append((l, f"{name}@{h}:{l}"))
            continue
        if any(vh is None for vh, _, _ in pieces):
            raise ExtractError(f"{mnem}: field {name} appears more than once without "
                               f"value ranges")
        pieces = sorted(pieces, reverse=True)   # most significant value bits first
        expect = 0
        for vh, h, l in reversed(pieces):       # value ranges must tile 0..width-1
            if vh - (h - l) != expect:
                raise ExtractError(f"{mnem}: pieces of {name} do not tile its value")
            expect = vh + 1
        out.append((min(l for _, _, l in pieces),
                    f"{name}@" + "|".join(f"{h}:{l}" for _, h, l in pieces)))
    return " ".join(s for _, s in sorted(out))


def parse_encoding_table(text):
    rows = rows_of(table_cells(text))
    header, body = rows[0], rows[1:]
    if header[0][0] != 2 or [int(c) for _, c, _ in header[1:]] != list(range(31, -1, -1)):
        raise ExtractError("unexpected header row (expected a 2-column span and bits 31..00)")
    out, notes, seen = [], [], set()
    for row in body:
        mnem, match, mask, fields, n = parse_row(row)
        if mnem in seen:
            raise ExtractError(f"duplicate mnemonic {mnem}")
        seen.add(mnem)
        out.append((mnem, match, mask, format_fields(mnem, fields)))
        notes += n
    return out, notes


def parse_fcmp_conditions(text):
    """The 22 (MNEMONIC, value) pairs of the FCMP condition table."""
    pairs = re.findall(r"^\|`([A-Z]+)`\W*\n\|`(0x[0-9A-Fa-f]+)`\s*$", text, re.M)
    conds = [(name, int(v, 16)) for name, v in pairs]
    if len(conds) != 22 or len({c for c, _ in conds}) != 22 or len({v for _, v in conds}) != 22:
        raise ExtractError(f"expected 22 distinct FCMP conditions, found {len(conds)}")
    return conds


# --------------------------------------------------------------------------- output

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("source", help="git dir of LoongArch-Documentation, or the .adoc file")
    ap.add_argument("--rev", default="HEAD", help="revision to read (git dir only)")
    args = ap.parse_args(argv)
    try:
        src = read_sources(args.source, args.rev)
        rows, notes = parse_encoding_table(src["encoding"])
        conds = parse_fcmp_conditions(src["fcmp"]) if src["fcmp"] is not None else []
    except (ExtractError, OSError, subprocess.CalledProcessError) as e:
        print(f"extract_manual: {e}", file=sys.stderr)
        return 1
    if not conds:
        print("extract_manual: warning: FCMP condition table not found; no %cond lines",
              file=sys.stderr)
    lic = "CC BY-NC-ND 4.0"
    if src["licence"] and "NonCommercial-NoDerivatives 4.0" not in src["licence"]:
        lic = "see the upstream LICENSE (not the expected CC BY-NC-ND 4.0 text)"
    w = sys.stdout.write
    w("# Instruction encodings listed in the LoongArch Reference Manual, Vol. 1 (English),\n"
      "# Appendix B \"Table of Instruction Encoding\".\n")
    w(f"# source: {UPSTREAM}\n")
    w(f"# commit: {src['commit']}" + (f" ({src['date']})" if src["date"] else "") + "\n")
    w(f"# file:   {src['path']}\n")
    if src["fcmp_path"]:
        w(f"# %cond lines from: {src['fcmp_path']}\n")
    w(f"# The manual is licensed {lic}. This file records only facts\n"
      "# (mnemonics, match/mask values, operand field names and bit positions, condition\n"
      "# code values); no text or table of the manual is reproduced.\n"
      "# Generated by tools/specgen/extract_manual.py; checked by tests/spec/check_manual.py.\n"
      "# Do not edit: regenerate.\n")
    for note in notes:
        w(f"# note: {note}\n")
    w(f"# rows: {len(rows)}; FCMP conditions: {len(conds)}\n")
    w("# mnemonic\tmatch\tmask\tfields\n")
    for mnem, match, mask, fields in rows:
        w(f"{mnem}\t{match:08x}\t{mask:08x}\t{fields}\n")
    for name, value in conds:
        w(f"%cond\t{name}\t{value:02x}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
