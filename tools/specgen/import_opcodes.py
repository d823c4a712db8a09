#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""One-time importer: loongson-community/loongarch-opcodes tables -> spec/insns/*.tbl.

This is how spec/insns/ was seeded (from loongarch-opcodes commit ee85ac8a, 2023-12-09,
CC-BY-4.0 data). It is kept so the derivation can be repeated and audited; the build
never runs it. After importing, spec/insns/*.tbl is ours and edited by hand (the overlay
in isa-sources.md: csrrd/csrwr/gcsrrd/gcsrwr added back, official mnemonics, the
provisional entry dropped, unverified LVZ entries marked).

Usage: import_opcodes.py <checkout-of-loongarch-opcodes> <spec/insns>
"""
import os
import re
import sys

IDX = {"d": 0, "j": 5, "k": 10, "a": 15, "m": 16, "n": 18}
INT_REG = {"D": "rd", "J": "rj", "K": "rk", "A": "ra"}
REG_PREFIX = {"F": "f", "V": "v", "X": "x", "C": "c", "T": "scr"}
REG_WIDTH = {"F": 5, "V": 5, "X": 5, "C": 3, "T": 2}

GROUPS = {
    "base": ["la-base-32", "la-base-64", "la-bitops-32", "la-bitops-64", "la-mul-32",
             "la-mul-64", "la-atomics-32", "la-atomics-64", "la-bound", "la-bound-64"],
    "fp": ["la-fp", "la-fp-s", "la-fp-d", "la-bound-fp-s", "la-bound-fp-d"],
    "priv": ["la-privileged-32", "la-privileged-64"],
    "lvz": ["lvz"],
    "lbt": ["lbt"],
    "lsx": ["lsx"],
    "lasx": ["lasx"],
}

BRANCHES = {"beq", "bne", "blt", "bge", "bltu", "bgeu", "beqz", "bnez", "bceqz", "bcnez",
            "b", "bl", "jirl"}
IMM_NAMES = {
    "csrxchg": ["csr"], "gcsrxchg": ["csr"],
    "break": ["code"], "syscall": ["code"], "dbcl": ["code"], "hvcl": ["code"],
    "idle": ["level"], "dbar": ["hint"], "ibar": ["hint"], "preld": ["hint", "si12"],
    "preldx": ["hint"], "cacop": ["code", "si12"], "invtlb": ["op"], "lddir": ["level"],
    "ldpte": ["seq"], "alsl.w": ["sa2"], "alsl.wu": ["sa2"], "alsl.d": ["sa2"],
    "bytepick.w": ["sa2"], "bytepick.d": ["sa3"],
    "bstrins.w": ["msbw", "lsbw"], "bstrpick.w": ["msbw", "lsbw"],
    "bstrins.d": ["msbd", "lsbd"], "bstrpick.d": ["msbd", "lsbd"],
}


def parse_fmt(fmt):
    """Split a loongarch-opcodes format string into operand tokens (in the given order)."""
    ops = []
    if fmt == "EMPTY":
        return ops
    i = 0
    while i < len(fmt):
        c = fmt[i]
        if c in INT_REG:
            ops.append(("reg", INT_REG[c], None))
            i += 1
        elif c in REG_PREFIX:
            idx = fmt[i + 1]
            ops.append(("reg", REG_PREFIX[c] + idx, (IDX[idx] + REG_WIDTH[c] - 1, IDX[idx])))
            i += 2
        elif c in "SU":
            i += 1
            pieces = []
            while i < len(fmt) and fmt[i] in IDX:
                m = re.match(r"([djkamn])(\d+)", fmt[i:])
                lo = IDX[m.group(1)]
                pieces.append((lo + int(m.group(2)) - 1, lo))
                i += len(m.group(0))
            post = ""
            m = re.match(r"p([ps])(\d+)", fmt[i:])
            if m:
                post = ("+" if m.group(1) == "p" else "<<") + m.group(2)
                i += len(m.group(0))
            ops.append(("imm", c, (pieces, post)))
        else:
            raise SystemExit(f"bad format {fmt!r} at {i}")
    return ops


def main():
    src, out = sys.argv[1], sys.argv[2]
    for group, files in GROUPS.items():
        lines = []
        for f in files:
            for raw in open(os.path.join(src, f + ".txt")):
                raw = raw.strip()
                if not raw or raw.startswith("#"):
                    continue
                parts = raw.split()
                match, cname, fmt = parts[0], parts[1], parts[2]
                attrs = dict(a[1:].split("=", 1) if "=" in a else (a[1:], "") for a in parts[3:])
                if "provisional" in attrs:
                    continue
                name = attrs.get("orig_name", cname)
                ops = parse_fmt(attrs.get("orig_fmt", fmt))
                names = list(IMM_NAMES.get(name, []))
                toks = []
                for kind, a, b in ops:
                    if kind == "reg":
                        if name in ("movgr2fcsr",) and a == "rd":
                            toks.append("fcsr:fcsr@4:0")
                        elif name in ("movfcsr2gr",) and a == "rj":
                            toks.append("fcsr:fcsr@9:5")
                        elif b is None or a in ("fd", "fj", "fk", "fa", "vd", "vj", "vk", "va",
                                                "xd", "xj", "xk", "xa", "cd", "cj", "ca",
                                                "scrd", "scrj"):
                            toks.append(a)
                        else:
                            raise SystemExit(f"unexpected register {a} in {name}")
                    else:
                        pieces, post = b
                        width = sum(h - l + 1 for h, l in pieces)
                        if names:
                            nm = names.pop(0)
                        elif name in BRANCHES:
                            nm = f"offs{width}" if name != "jirl" else "offs16"
                        elif name.startswith(("vstelm", "xvstelm")) and a == "U":
                            nm = "idx"
                        else:
                            nm = ("si" if a == "S" else "ui") + str(width)
                        bits = "|".join(f"{h}:{l}" for h, l in pieces)
                        toks.append(f"{nm}@{bits}{post}")
                lines.append((name, match, toks, f, attrs))
        write(out, group, lines)


def classify(name, group, f, attrs):
    ext = {"base": "base", "priv": "base", "lvz": "lvz", "lbt": "lbt", "lsx": "lsx",
           "lasx": "lasx"}.get(group)
    if group == "fp":
        ext = "fp_dp" if f.endswith("-d") or name.endswith(".d") else "fp_sp"
        if name in ("fcvt.s.d", "fcvt.d.s", "movfr2gr.d", "movgr2fr.d", "movfrh2gr.s",
                    "movgr2frh.w"):
            ext = "fp_dp"
    if attrs.get("rev") == "1p10":
        if name.startswith("amcas"):
            ext = "lamcas"
        elif name.startswith(("amswap", "amadd")):
            ext = "lam_bh"
        elif name.startswith(("llacq", "screl")):
            ext = "llacq_screl"
        elif name == "sc.q":
            ext = "scq"
        elif "frecipe" in name or "frsqrte" in name:
            ext = ext + "+frecipe" if group in ("lsx", "lasx") else "frecipe"
    a = []
    base = name.split(".")[0]
    if group == "priv" or name.startswith(("gcsr", "gtlb")):
        a.append("priv")
    if name in BRANCHES:
        a.append("branch")
    if re.match(r"^(am|ll\.|sc\.|llacq|screl)", name):
        a.append("atomic")
    load = re.match(r"^(x?v?f?ld|x?vld|ll\.|llacq|am)", name) and not name.startswith(("lddir",))
    store = re.match(r"^(x?v?f?st|sc\.|screl|am)", name) and not name.startswith("stle_")
    if load and not name.startswith(("ldpte",)):
        a.append("load")
    if store:
        a.append("store")
    trap = (group in ("fp", "priv", "lvz", "lbt", "lsx", "lasx") or "load" in a or "store" in a
            or base in ("break", "syscall", "dbcl", "hvcl", "cpucfg", "asrtle", "asrtgt"))
    if trap:
        a.append("may-trap")
    ends = ("branch" in a or base in ("ertn", "syscall", "break", "dbcl", "hvcl", "idle", "csrwr",
                                      "csrxchg", "ibar", "cacop", "invtlb", "iocsrwr")
            or name.startswith(("tlb", "gtlb")))
    if ends:
        a.append("ends-block")
    # Semantics that read the instruction's own PC: branches (target, link), PC-relative
    # immediates, and the bound checks (BCE's BADV is the PC, int_util.h bound_check).
    if ("branch" in a or base in ("pcaddi", "pcalau12i", "pcaddu12i", "pcaddu18i", "asrtle", "asrtgt")
            or re.match(r"^f?(ld|st)(gt|le)\.", name)):
        a.append("reads-pc")
    if "la32" in attrs:
        a.append("la32")
    return ext, a


def write(out, group, lines):
    with open(os.path.join(out, group + ".tbl"), "w") as fh:
        fh.write(f"# {group}: see spec/README.md for the columns.\n")
        fh.write("# Encoding data derived from loongson-community/loongarch-opcodes (CC-BY-4.0),\n")
        fh.write("# cross-checked against the LoongArch Reference Manual Vol. 1 v1.10.\n")
        for name, match, toks, f, attrs in lines:
            ext, a = classify(name, group, f, attrs)
            fh.write(f"{name:<18} {match} {','.join(toks) or '-':<28} {ext:<12} "
                     f"{','.join(a) or '-'}\n")


if __name__ == "__main__":
    main()
