#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Random differential test of privileged behaviour: the same generated program on QEMU
and on lvzemu.

Usage:
    run_diffpriv.py [--base-seed S] [--scenarios TOTAL] [--jobs J]   # CI: many programs
    run_diffpriv.py --seed S                                          # one program alone
    run_diffpriv.py --self-check                                      # prove it can fail

Programs come from gen_priv.py (random TLB contents, page tables, CSR writes and
accesses that may fault, with their own exception and TLB-refill handlers printing the
CSRs as hex lines), built with clang-19 + ld.lld-19, run on `qemu-system-loongarch64 -M
virt -m 1G -nographic -no-reboot -kernel prog.elf` and on `lvzemu run prog.elf`. The UART
outputs must be identical. Program i of a run has seed base+i and --per-program
scenarios (default 1000), so `--seed base+i` regenerates exactly the same program.

On a mismatch: the seed, the first differing scenario with every differing line decoded
field by field (QEMU vs lvzemu), the scenario as the generator describes it, both
emulators' lines for it, and the rerun command. The last line is `N passed, M failed`
(programs). Exit status 1 on any mismatch, or if QEMU could not run a program.
"""
import argparse
import collections
import concurrent.futures
import os
import random
import shutil
import struct
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.realpath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import gen_priv as gp  # noqa: E402

DEFAULT_BASE_SEED = 20261101
DEFAULT_TOTAL = 20000
DEFAULT_PER_PROGRAM = 1000
ECODES = {0x0: "INT", 0x1: "PIL", 0x2: "PIS", 0x3: "PIF", 0x4: "PME", 0x5: "PNR", 0x6: "PNX",
          0x7: "PPI", 0x8: "ADE", 0x9: "ALE", 0xA: "BCE", 0xB: "SYS", 0xC: "BRK", 0xD: "INE",
          0xE: "IPE", 0xF: "FPD", 0x10: "SXD", 0x11: "ASXD", 0x12: "FPE"}
# The fields of each line kind (gen_priv.py prints them in this order).
FIELDS = {
    "C": ["STLBPS", "ASID", "PWCL", "PWCH", "PGDL", "PGDH", "DMW1", "DMW2", "DMW3",
          "TLBEHI", "TLBELO0", "TLBELO1"],
    "E": ["ESTAT", "ERA", "BADV", "TLBEHI", "PGD", "PRMD", "CRMD", "BADI", "$a0"],
    "R": ["TLBRBADV", "TLBREHI", "TLBRERA", "TLBRPRMD", "CRMD", "ESTAT", "PGD"],
    "W": ["TLBRELO0", "TLBRELO1", "TLBREHI", "TLBSRCH.NE"],
    "M": ["mem[0]", "mem[8]"],
    "Q": ["TLBIDX"],
    "D": ["TLBIDX", "TLBEHI", "TLBELO0", "TLBELO1", "ASID"],
}
KINDS = {"C": "CSR read-back after set-up", "E": "exception (EENTRY)", "R": "TLB refill",
         "W": "page walk (LDDIR/LDPTE)", "M": "memory after a store", "Q": "TLBSRCH",
         "D": "TLBRD"}


# --- building and running --------------------------------------------------------------

class Tools:
    def __init__(self, a):
        self.qemu, self.lvzemu, self.clang, self.lld = a.qemu, a.lvzemu, a.clang, a.lld
        self.ld_script = a.ld_script


def build(tools, text, d):
    src, obj, elf = (os.path.join(d, f) for f in ("prog.S", "prog.o", "prog.elf"))
    with open(src, "w") as fh:
        fh.write(text)
    for cmd in ([tools.clang, "--target=loongarch64-unknown-elf", "-march=la464", "-c", src,
                 "-o", obj],
                [tools.lld, "-static", "-T", tools.ld_script, obj, "-o", elf]):
        p = subprocess.run(cmd, capture_output=True, text=True)
        if p.returncode != 0:
            raise RuntimeError(f"build failed: {' '.join(cmd)}\n{p.stdout}{p.stderr}")
    return elf


def run(cmd, timeout):
    """(stdout, stderr, exit status or None, timed out?, seconds). A timed-out process is
    killed with SIGKILL: QEMU 7.2 stuck in an exception loop ignores SIGTERM."""
    t0 = time.monotonic()
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout)
        out, err, rc, to = p.stdout, p.stderr, p.returncode, False
    except subprocess.TimeoutExpired as e:
        out, err, rc, to = e.stdout or b"", e.stderr or b"", None, True
    return (out.decode("latin-1").replace("\r", ""), err.decode("latin-1"), rc, to,
            time.monotonic() - t0)


def run_qemu(tools, elf, timeout):
    return run([tools.qemu, "-M", "virt", "-m", "1G", "-nographic", "-no-reboot",
                "-kernel", elf], timeout)


def run_lvzemu(tools, elf, timeout):
    # --lvz off: the same CPU as QEMU virt's la464 (no LVZ INVTLB ops, CPUCFG2.LVZ = 0).
    return run([tools.lvzemu, "run", "--lvz", "off", elf, "--max-insns", "2000000000"], timeout)


def elf_symbols(path):
    """[(value, name)] sorted, from the ELF64 .symtab (no external tools)."""
    data = open(path, "rb").read()
    shoff = struct.unpack_from("<Q", data, 0x28)[0]
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    secs = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
    syms = []
    for s in secs:
        if s[1] != 2:                           # SHT_SYMTAB
            continue
        strtab = secs[s[6]]
        for off in range(s[4], s[4] + s[5], 24):
            name, _info, _other, _shndx, value, _size = struct.unpack_from("<IBBHQQ", data, off)
            if name:
                end = data.index(b"\0", strtab[4] + name)
                syms.append((value, data[strtab[4] + name:end].decode()))
    return sorted(syms)


def symbolize(syms, addr):
    """'go_s12_1+0x4' for an address in the program (or its PLV1/2 alias), else ''."""
    if gp.ALIAS <= addr < gp.ALIAS + (2 << gp.ALIAS_PS):
        addr = gp.WIN | (addr - gp.ALIAS)
    best = None
    for v, n in syms:
        if v <= addr and not n.startswith("."):
            best = (v, n)
        elif v > addr:
            break
    if best is None or addr - best[0] > 0x10000 or (addr >> 60) != 9:
        return ""
    return best[1] + (f"+{addr - best[0]:#x}" if addr != best[0] else "")


# --- parsing and comparing ---------------------------------------------------------------

class Dump:
    """A UART transcript: scenarios ('S <hex>' then lines), then 'END'."""

    def __init__(self, text):
        self.scen, self.end, self.junk = collections.OrderedDict(), False, []
        cur = None
        for ln in text.split("\n"):
            if ln.startswith("S "):
                try:
                    cur = int(ln[2:], 16)
                except ValueError:
                    self.junk.append(ln)
                    continue
                self.scen[cur] = []
            elif ln == "END":
                self.end = True
                cur = None
            elif ln and cur is not None:
                self.scen[cur].append(ln)
            elif ln:
                self.junk.append(ln)

    def ending(self):
        return "END" if self.end else "no END (truncated output)"


def decode_value(field, text):
    if text == "-":
        return "-"
    try:
        v = int(text, 16)
    except ValueError:
        return text
    if field == "ESTAT":
        ec, sub = (v >> 16) & 0x3F, (v >> 22) & 0x1FF
        name = ECODES.get(ec, f"ecode {ec:#x}")
        if ec == 8:
            name = "ADEF" if sub == 0 else "ADEM"
        return f"{v:#x} ({name}, IS {v & 0x1fff:#x})"
    if field in ("PRMD", "TLBRPRMD"):
        return f"{v:#x} (PPLV {v & 3}, PIE {(v >> 2) & 1})"
    if field == "TLBIDX":
        return f"{v:#x} (Index {v & 0xfff:#x}, PS {(v >> 24) & 0x3f}, NE {v >> 31})"
    if field.startswith("TLBELO") or field.startswith("TLBRELO"):
        return (f"{v:#x} (V {v & 1} D {(v >> 1) & 1} PLV {(v >> 2) & 3} MAT {(v >> 4) & 3} "
                f"G {(v >> 6) & 1} PPN {(v >> 12) & ((1 << 36) - 1):#x} NR {(v >> 61) & 1} "
                f"NX {(v >> 62) & 1} RPLV {v >> 63})")
    return f"{v:#x}"


def line_diff(q, l, syms):
    """Field-by-field description of two differing lines."""
    out = []
    qt, lt = q.split(), l.split()
    if not qt or not lt or qt[0] != lt[0] or len(qt) != len(lt):
        out.append(f"      QEMU   {q}")
        out.append(f"      lvzemu {l}")
        if qt and lt and qt[0] != lt[0]:
            out.append(f"      (QEMU: {KINDS.get(qt[0], '?')}; lvzemu: {KINDS.get(lt[0], '?')})")
        return out
    names = FIELDS.get(qt[0], [])
    out.append(f"      {KINDS.get(qt[0], qt[0])} line:")
    for i in range(1, len(qt)):
        name = names[i - 1] if i - 1 < len(names) else f"field{i}"
        if qt[i] != lt[i]:
            out.append(f"        {name:9s} QEMU {decode_value(name, qt[i])}")
            out.append(f"        {'':9s} lvz  {decode_value(name, lt[i])}")
        elif name in ("ESTAT", "ERA", "TLBRERA", "TLBRBADV"):
            extra = ""
            if name in ("ERA", "TLBRERA") and qt[i] != "-":
                extra = symbolize(syms, int(qt[i], 16) & ~3)
            out.append(f"        {name:9s} both {decode_value(name, qt[i])}"
                       + (f"  <{extra}>" if extra else ""))
    return out


def compare(q, l):
    """None if identical, else (first differing scenario, its line index, number of
    differing scenarios, summary)."""
    bad = [n for n in q.scen if n in l.scen and q.scen[n] != l.scen[n]]
    if bad:
        n = bad[0]
        qs, ls = q.scen[n], l.scen[n]
        k = next((i for i in range(max(len(qs), len(ls)))
                  if i >= len(qs) or i >= len(ls) or qs[i] != ls[i]), 0)
        return n, k, len(bad), f"scenario {n} differs"
    if list(q.scen) != list(l.scen) or q.end != l.end:
        n = min(len(q.scen), len(l.scen))
        return n, 0, 1, (f"QEMU printed {len(q.scen)} scenarios then {q.ending()}; "
                         f"lvzemu printed {len(l.scen)} scenarios then {l.ending()}")
    return None


# --- one program ------------------------------------------------------------------------

class Result:
    def __init__(self, seed):
        self.seed, self.ok, self.qemu_problem = seed, False, None
        self.report, self.qemu_time, self.lvz_time, self.scenarios = "", 0.0, 0.0, 0
        self.fail_scenario, self.fail_key, self.bad_scenarios = None, None, 0


def run_one(tools, a, seed, workdir, corrupt=None):
    r = Result(seed)
    text, listing = gp.generate(seed, a.per_program, a.allow, a.workaround)
    r.scenarios = a.per_program
    d = os.path.join(workdir, f"seed-{seed}")
    os.makedirs(d, exist_ok=True)
    try:
        elf = build(tools, text, d)
    except RuntimeError as e:
        r.qemu_problem = str(e)
        r.report = f"seed {seed}: {e}"
        return r
    end = dict((n, v) for v, n in elf_symbols(elf)).get("slots", 0) & gp.PAMASK
    if not end or end + 0x1000 > gp.PT_AREA[0]:
        r.qemu_problem = f"program too large: its data ends at {end:#x}, page tables start at {gp.PT_AREA[0]:#x}"
        r.report = f"seed {seed}: {r.qemu_problem}"
        return r
    with open(os.path.join(d, "listing.txt"), "w") as fh:
        for n, desc in listing:
            fh.write(f"scenario {n}\n" + "\n".join(desc) + "\n")
    qout, qerr, qrc, qto, r.qemu_time = run_qemu(tools, elf, a.timeout)
    lout, lerr, lrc, lto, r.lvz_time = run_lvzemu(tools, elf, a.timeout)
    if corrupt:
        lout = corrupt(qout, lout)
    for name, out in (("qemu.out", qout), ("lvzemu.out", lout), ("lvzemu.err", lerr)):
        with open(os.path.join(d, name), "w") as fh:
            fh.write(out)
    q, l = Dump(qout), Dump(lout)
    lines = []
    if qto or not q.end or len(q.scen) != a.per_program:
        last = next(reversed(q.scen), None)
        r.qemu_problem = (f"QEMU did not run the program to its end (rc={qrc}, "
                          f"{'killed after a timeout, ' if qto else ''}{len(q.scen)}/"
                          f"{a.per_program} scenarios, {q.ending()})")
        lines.append(f"seed {seed}: {r.qemu_problem}")
        if last is not None:
            lines.append(f"  QEMU stopped in scenario {last} (a QEMU hang is a generator bug: "
                         "see README.md, 'QEMU 7.2 deviations')")
            lines.append(scenario_text(listing, last))
        if qerr.strip():
            lines.append("  qemu stderr: " + qerr.strip()[:500])
    m = compare(q, l)
    if m is None and not r.qemu_problem and not lto and lrc == 0:
        r.ok = True
        if not a.keep:
            shutil.rmtree(d, ignore_errors=True)
        return r
    syms = elf_symbols(elf)
    if m is not None:
        n, k, nbad, summary = m
        r.fail_scenario, r.bad_scenarios = n, nbad
        lines.append(f"seed {seed}: MISMATCH, {summary} ({nbad} of {len(q.scen)} scenarios "
                     f"differ; lvzemu: {l.ending()})")
        qs, ls = q.scen.get(n, []), l.scen.get(n, [])
        first = True
        for i in range(max(len(qs), len(ls))):
            ql = qs[i] if i < len(qs) else "<missing>"
            ll = ls[i] if i < len(ls) else "<missing>"
            if ql == ll:
                continue
            if first:
                qt, lt = ql.split(), ll.split()
                key = qt[0] if qt else "?"
                if qt and lt and qt[0] == lt[0] and len(qt) == len(lt):
                    names = FIELDS.get(qt[0], [])
                    diff = [names[j - 1] if j - 1 < len(names) else str(j)
                            for j in range(1, len(qt)) if qt[j] != lt[j]]
                    key += "." + "+".join(diff)
                elif qt and lt:
                    key = f"{qt[0]}-vs-{lt[0]}"
                r.fail_key = key
                first = False
            lines.append(f"    line {i} of scenario {n}:")
            lines.extend(line_diff(ql, ll, syms))
        lines.append(scenario_text(listing, n))
        lines.append("  QEMU output for it:")
        lines.extend("    " + x for x in qs)
        lines.append("  lvzemu output for it:")
        lines.extend("    " + x for x in ls)
    if lto:
        lines.append(f"  lvzemu timed out after {a.timeout:.0f} s")
    elif lrc != 0:
        lines.append(f"  lvzemu exit status {lrc}: {lerr.strip()[-300:]}")
    lines.append(f"  files: {d} (prog.S, listing.txt, qemu.out, lvzemu.out)")
    lines.append(f"  rerun: {rerun_command(a, seed)}")
    r.report = "\n".join(lines)
    return r


def scenario_text(listing, n):
    for num, desc in listing:
        if num == n:
            return f"  scenario {n} (gen_priv.py):\n" + "\n".join("  " + x for x in desc)
    return f"  scenario {n}: not in the listing"


def rerun_command(a, seed):
    cmd = [os.path.abspath(__file__), "--seed", str(seed)]
    if a.per_program != DEFAULT_PER_PROGRAM:
        cmd += ["--per-program", str(a.per_program)]
    if a.allow:
        cmd += ["--allow", ",".join(a.allow)]
    if a.workaround:
        cmd += ["--workaround", ",".join(a.workaround)]
    return " ".join(cmd)


# --- self-check -----------------------------------------------------------------------

def self_check(tools, a, workdir):
    """The comparison must report a corrupted lvzemu line, truncated output and a
    missing scenario; QEMU must be deterministic on the same ELF."""
    a.per_program = 60
    seed = a.seed if a.seed is not None else DEFAULT_BASE_SEED
    failures = []
    rng = random.Random(seed)
    chosen = {}

    def corrupt(qout, lout):
        # lvzemu's output when it matches QEMU's, else (an lvzemu bug is open) a copy of
        # QEMU's: either way the corrupted scenario must be the first one reported
        q = Dump(qout)
        src = lout
        if lout != qout:
            print("self-check: lvzemu's output differs from QEMU's already; corrupting a copy "
                  "of QEMU's output instead")
            src = qout
        good = [n for n in q.scen if q.scen[n]]
        n = rng.choice(good)
        lines = src.split("\n")
        start = lines.index(f"S {n:x}")
        k = rng.randrange(len(q.scen[n]))
        li = start + 1 + k
        ln = lines[li]
        pos = rng.randrange(2, len(ln))
        while ln[pos] == " " or ln[pos] == "-":
            pos = rng.randrange(2, len(ln))
        lines[li] = ln[:pos] + ("1" if ln[pos] == "0" else "0") + ln[pos + 1:]
        chosen.update(scenario=n, before=ln, after=lines[li])
        print(f"self-check: corrupted scenario {n}: {ln!r} -> {lines[li]!r}")
        return "\n".join(lines)

    r = run_one(tools, a, seed, workdir, corrupt)
    print(r.report)
    if r.qemu_problem:
        failures.append("QEMU could not run the self-check program")
    elif r.ok:
        failures.append("the corrupted lvzemu output was reported as a pass")
    elif r.fail_scenario != chosen["scenario"]:
        failures.append(f"mismatch not reported at scenario {chosen['scenario']} "
                        f"(first reported: {r.fail_scenario})")
    elif r.bad_scenarios != 1:
        failures.append(f"{r.bad_scenarios} scenarios reported, 1 corrupted")
    d = os.path.join(workdir, f"seed-{seed}")
    elf = os.path.join(d, "prog.elf")
    if os.path.exists(elf):
        q1 = run_qemu(tools, elf, a.timeout)[0]
        q2 = run_qemu(tools, elf, a.timeout)[0]
        if q1 != q2 or not Dump(q1).end:
            failures.append("QEMU is not deterministic on the same ELF (its TLBFILL victim "
                            "choice must not show in the output)")
        if compare(Dump(q1), Dump(q1)) is not None:
            failures.append("identical outputs reported as different")
        cut = q1[:q1.rfind("\nS ") + 1]
        if compare(Dump(q1), Dump(cut)) is None:
            failures.append("truncated output (last scenario and END missing) not reported")
        drop = q1.split("\n")
        i = max(i for i, x in enumerate(drop) if x.startswith("E "))
        if compare(Dump(q1), Dump("\n".join(drop[:i] + drop[i + 1:]))) is None:
            failures.append("a missing exception line not reported")
    else:
        failures.append("self-check program was not built")
    for f in failures:
        print("self-check FAIL: " + f)
    print(f"{0 if failures else 1} passed, {1 if failures else 0} failed")
    return 1 if failures else 0


# --- main -----------------------------------------------------------------------------

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=__doc__.split("\n", 2)[2])
    ap.add_argument("--seed", type=int, help="run this one program seed alone")
    ap.add_argument("--base-seed", type=int,
                    help="seed of the first program (default: random, printed)")
    ap.add_argument("--scenarios", type=int, default=DEFAULT_TOTAL,
                    help=f"total scenarios over all programs (default {DEFAULT_TOTAL})")
    ap.add_argument("--per-program", type=int, default=DEFAULT_PER_PROGRAM,
                    help=f"scenarios per program (default {DEFAULT_PER_PROGRAM}, at most 4000)")
    ap.add_argument("--allow", default="", help="QEMU deviations to generate anyway (to show "
                    "them): " + ", ".join(gp.DEVIATIONS))
    ap.add_argument("--workaround", default="", help="known lvzemu bugs to steer clear of: "
                    + ", ".join(gp.WORKAROUNDS))
    ap.add_argument("--jobs", "-j", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=60,
                    help="seconds per emulator run (default 60; a 1000-scenario program "
                         "takes under 2 s on either)")
    ap.add_argument("--max-failures-shown", type=int, default=3)
    ap.add_argument("--self-check", action="store_true",
                    help="corrupt one lvzemu line and check that it is reported")
    ap.add_argument("--keep", action="store_true", help="keep the files of passing programs")
    ap.add_argument("--workdir", help="where programs and outputs go (default: a temp dir)")
    ap.add_argument("--lvzemu", default=os.path.join(ROOT, "build", "bin", "lvzemu"))
    ap.add_argument("--qemu", default="qemu-system-loongarch64")
    ap.add_argument("--clang", default="clang-19")
    ap.add_argument("--lld", default="ld.lld-19")
    ap.add_argument("--ld-script", default=os.path.join(HERE, "link.ld"))
    a = ap.parse_args(argv)
    a.allow = [x for x in a.allow.split(",") if x]
    a.workaround = [x for x in a.workaround.split(",") if x]
    for x in a.allow:
        if x not in gp.DEVIATIONS:
            ap.error(f"unknown deviation {x!r}")
    for x in a.workaround:
        if x not in gp.WORKAROUNDS:
            ap.error(f"unknown workaround {x!r}")
    if not 1 <= a.per_program <= 4000:
        ap.error("--per-program must be 1..4000 (the PLV1/2 code alias maps 16 MiB)")
    for prog in ("qemu", "clang", "lld", "lvzemu"):
        path = getattr(a, prog)
        if not shutil.which(path):
            print(f"error: {prog} not found: {path}")
            print("0 passed, 1 failed")
            return 1
    tools = Tools(a)
    tmp = None
    if a.workdir:
        os.makedirs(a.workdir, exist_ok=True)
        workdir = a.workdir
    else:
        workdir = tmp = tempfile.mkdtemp(prefix="lvzemu-diffpriv-")
    rc = 1
    try:
        rc = self_check(tools, a, workdir) if a.self_check else run_many(tools, a, workdir)
        return rc
    finally:
        if tmp and not a.keep and rc == 0:
            shutil.rmtree(tmp, ignore_errors=True)
        elif tmp:
            print(f"(files kept in {tmp})")


def run_many(tools, a, workdir):
    if a.seed is not None:
        seeds = [a.seed]
        print(f"seed {a.seed} (one program, {a.per_program} scenarios)")
    else:
        base = a.base_seed if a.base_seed is not None else random.SystemRandom().randrange(1 << 31)
        n = max(1, -(-a.scenarios // a.per_program))
        seeds = [base + i for i in range(n)]
        print(f"base seed {base}: {n} programs x {a.per_program} scenarios, "
              f"seeds {seeds[0]}..{seeds[-1]}")
    if a.allow:
        print(f"allowed QEMU deviations (mismatches expected): {','.join(a.allow)}")
    if a.workaround:
        print(f"lvzemu bugs steered clear of: {','.join(a.workaround)}")
    sys.stdout.flush()
    results = []
    t0 = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, a.jobs)) as ex:
        futs = {ex.submit(run_one, tools, a, s, workdir): s for s in seeds}
        done = 0
        for f in concurrent.futures.as_completed(futs):
            done += 1
            try:
                r = f.result()
            except Exception as e:              # a harness bug must fail the run too
                r = Result(futs[f])
                r.qemu_problem = f"harness error: {e!r}"
                r.report = f"seed {r.seed}: {r.qemu_problem}"
            results.append(r)
            status = "PASS" if r.ok else ("QEMU-PROBLEM" if r.qemu_problem else "FAIL")
            extra = ""
            if r.fail_scenario is not None:
                extra = (f"  first bad scenario {r.fail_scenario} ({r.fail_key}), "
                         f"{r.bad_scenarios} differ")
            print(f"[{done:4d}/{len(seeds)}] seed {r.seed}: {status}  {r.scenarios} scenarios  "
                  f"qemu {r.qemu_time:.2f}s  lvzemu {r.lvz_time:.2f}s{extra}", flush=True)
    wall = time.monotonic() - t0
    bad = sorted((r for r in results if not r.ok), key=lambda r: r.seed)
    for r in bad[:a.max_failures_shown]:
        print()
        print(r.report)
    if len(bad) > a.max_failures_shown:
        print(f"\n({len(bad) - a.max_failures_shown} more failing seeds not shown)")
    keys = collections.Counter(r.fail_key for r in bad if r.fail_key)
    if keys:
        print("\nfirst differing line and fields (programs): " +
              ", ".join(f"{k}: {v}" for k, v in sorted(keys.items())))
    total = sum(r.scenarios for r in results)
    qt = sum(r.qemu_time for r in results)
    lt = sum(r.lvz_time for r in results)
    print(f"\n{total} scenarios in {len(results)} programs, wall {wall:.1f}s "
          f"({total / max(wall, 1e-9) * 60:.0f} scenarios/min); QEMU {qt:.1f}s, lvzemu {lt:.1f}s")
    if any(r.qemu_problem for r in results):
        print("QEMU could not run some programs (see above): the run fails")
    print(f"{len(results) - len(bad)} passed, {len(bad)} failed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
