#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""End-to-end tests of `lvzemu run --trace` (docs/tracing.md) on tests/cli/trace_guest.s.

Usage: trace_test.py LVZEMU TRACE_GUEST_ELF RUNAWAY_ELF MODE, MODE one of
  text           --trace csr,exc,tlb: the exact expected lines, in order, and exact counts
  jsonl          --trace-format jsonl, all categories: every line is a JSON object with the
                 documented fields; the expected objects appear, in order
  insn-order     --trace insn with events: each event line follows its instruction's line,
                 an interrupt precedes the first instruction of its handler
  deterministic  two runs (text, jsonl, and a two-hart run) give byte-identical traces
  step           --step shows the CSRs each instruction changed, field by field
  off            without --trace nothing is traced and the trace file stays empty
  can-fail       the checkers above reject a trace that differs in one value
"""
import json
import os
import re
import subprocess
import sys
import tempfile

LVZEMU, GUEST, RUNAWAY, MODE = sys.argv[1:5]

# The guest's events. PCs: _start 0x200000, handler 0x201000, refill 0x202000 (each
# 4 KiB aligned); n is the hart's retired-instruction count before the event.
TEXT_EXPECTED = [
    "csr hart0 pc=0x200008 n=2 EENTRY 0x0 -> 0x201000 [VPN 0->0x201] by csrwr",
    "csr hart0 pc=0x200014 n=5 TLBRENTRY 0x0 -> 0x202000 [PPN 0->0x202] by csrwr",
    "csr hart0 pc=0x200020 n=8 SAVE0 0x0 -> 0x1234 by csrwr",
    "csr hart0 pc=0x200028 n=10 CRMD 0x8 -> 0xc [IE 0->1] by csrwr",
    "exc hart0 pc=0x20002c n=11 SYS era=0x20002c plv 0->0 vector=0x201000",
    "csr hart0 pc=0x20002c n=11 CRMD 0xc -> 0x8 [IE 1->0] by exception SYS",
    "csr hart0 pc=0x20002c n=11 PRMD 0x0 -> 0x4 [PIE 0->1] by exception SYS",
    "csr hart0 pc=0x20002c n=11 ESTAT 0x0 -> 0xb0000 [Ecode 0->0xb] by exception SYS",
    "csr hart0 pc=0x20002c n=11 ERA 0x0 -> 0x20002c by exception SYS",
    "csr hart0 pc=0x20002c n=11 BADI 0x0 -> 0x2b0011 by exception SYS",
    "csr hart0 pc=0x201024 n=20 ERA 0x20002c -> 0x200030 by csrwr",
    "ertn hart0 pc=0x201028 n=21 -> 0x200030 plv 0->0",
    "csr hart0 pc=0x201028 n=21 CRMD 0x8 -> 0xc [IE 0->1] by ertn",
    "exc hart0 pc=0x200030 n=22 BRK era=0x200030 plv 0->0 vector=0x201000",
    "csr hart0 pc=0x200030 n=22 ESTAT 0xb0000 -> 0xc0000 [Ecode 0xb->0xc] by exception BRK",
    "exc hart0 pc=0x20003c n=35 ALE era=0x20003c badv=0x300002 plv 0->0 vector=0x201000",
    "csr hart0 pc=0x20003c n=35 BADV 0x0 -> 0x300002 by exception ALE",
    "csr hart0 pc=0x200044 n=47 TLBEHI 0x0 -> 0x12344000 [VPPN 0->0x91a2] by csrwr",
    "tlb hart0 pc=0x200048 n=48 tlbsrch ehi=0x12344000 asid=0x0 -> miss",
    "csr hart0 pc=0x200048 n=48 TLBIDX 0x0 -> 0x80000000 [NE 0->1] by tlbsrch",
    "tlb hart0 pc=0x20004c n=49 invtlb rj=0x0 rk=0x0 -> ok",
    "csr hart0 pc=0x200054 n=51 PRMD 0x4 -> 0x3 [PPLV 0->3 PIE 1->0] by csrwr",
    "ertn hart0 pc=0x200064 n=55 -> 0x200068 plv 0->3",
    "csr hart0 pc=0x200064 n=55 CRMD 0xc -> 0xb [PLV 0->3 IE 1->0] by ertn",
    "exc hart0 pc=0x200068 n=56 SYS era=0x200068 plv 3->0 vector=0x201000",
    "csr hart0 pc=0x200068 n=56 CRMD 0xb -> 0x8 [PLV 3->0] by exception SYS",
    "ertn hart0 pc=0x20103c n=67 -> 0x20006c plv 0->0",
    "csr hart0 pc=0x200074 n=70 ECFG 0x0 -> 0x800 [LIE 0->0x800] by csrwr",
    "csr hart0 pc=0x20007c n=72 TCFG 0x0 -> 0x41 [En 0->1 InitVal 0->0x10] by csrwr",
    "int hart0 pc=0x200088 n=136 TI era=0x200088 plv 0->0 vector=0x201000",
    "csr hart0 pc=0x200088 n=136 CRMD 0xc -> 0x8 [IE 1->0] by interrupt TI",
    "csr hart0 pc=0x200088 n=136 ESTAT 0xb0000 -> 0x800 [IS[12:10] 0->2 Ecode 0xb->0] by interrupt TI",
    "csr hart0 pc=0x201044 n=141 TICLR 0x0 -> 0x0 by csrwr",
    "csr hart0 pc=0x201044 n=141 ESTAT 0x800 -> 0x0 [IS[12:10] 2->0] by csrwr",
    "ertn hart0 pc=0x201050 n=144 -> 0x200088 plv 0->0",
    "csr hart0 pc=0x200090 n=147 DMW0 0x0 -> 0x11 [PLV0 0->1 MAT 0->1] by csrwr",
    "csr hart0 pc=0x200098 n=149 CRMD 0xc -> 0xb0 [IE 1->0 DA 1->0 PG 0->1 DATF 0->1 DATM 0->1] by csrwr",
    "exc hart0 pc=0x2000a0 n=151 TLBR era=0x2000a0 badv=0xffffffffffff0000 plv 0->0 vector=0x202000",
    "tlbr hart0 pc=0x2000a0 n=151 va=0xffffffffffff0000 vector=0x202000",
    "csr hart0 pc=0x2000a0 n=151 CRMD 0xb0 -> 0xa8 [DA 0->1 PG 1->0] by exception TLBR",
    "csr hart0 pc=0x2000a0 n=151 TLBRBADV 0x0 -> 0xffffffffffff0000 by exception TLBR",
    "csr hart0 pc=0x2000a0 n=151 TLBRERA 0x0 -> 0x2000a1 [IsTLBR 0->1 PC 0->0x80028] by exception TLBR",
    "csr hart0 pc=0x202008 n=153 TLBREHI 0xffffffffffff0000 -> 0xffffffffffff000c [PS 0->0xc] by csrwr",
    "tlb hart0 pc=0x202024 n=160 tlbfill ehi=0xffffffffffff000c elo0=0x300013 elo1=0x301013 ps=0xc asid=0x0 -> ok",
    "ertn hart0 pc=0x202028 n=161 -> 0x2000a0 plv 0->0 from tlbr",
    "csr hart0 pc=0x202028 n=161 CRMD 0xa8 -> 0xb0 [DA 1->0 PG 0->1] by ertn",
    "csr hart0 pc=0x202028 n=161 TLBRERA 0x2000a1 -> 0x2000a0 [IsTLBR 1->0] by ertn",
    "csr hart0 pc=0x2000a8 n=164 CRMD 0xb0 -> 0x8 [DA 0->1 PG 1->0 DATF 1->0 DATM 1->0] by csrwr",
    "summary exceptions=5 [ALE 1 SYS 2 BRK 1 TLBR 1] interrupts=1 [TI 1] ertn=7",
]
# Lines of each kind, exactly (csr lines are only checked through TEXT_EXPECTED).
TEXT_COUNTS = {"exc": 5, "int": 1, "ertn": 7, "tlb": 3, "tlbr": 1, "summary": 1}

JSON_EXPECTED = [
    {"type": "insn", "hart": 0, "pc": "0x200008", "n": 2, "word": "0x0400302c", "text": "csrwr\t$t0, 12",
     "exception": False},
    {"type": "csr", "hart": 0, "pc": "0x200008", "n": 2, "csr": "EENTRY", "num": "0xc", "old": "0x0",
     "new": "0x201000", "fields": {"VPN": {"old": "0x0", "new": "0x201"}}, "cause": "csrwr"},
    {"type": "csr", "hart": 0, "pc": "0x200020", "n": 8, "csr": "SAVE0", "num": "0x30", "old": "0x0",
     "new": "0x1234", "fields": {}, "cause": "csrwr"},
    {"type": "insn", "hart": 0, "pc": "0x20002c", "n": 11, "word": "0x002b0011", "text": "syscall\t17",
     "exception": True},
    {"type": "exc", "hart": 0, "pc": "0x20002c", "n": 11, "cause": "SYS", "ecode": 11, "esubcode": 0,
     "era": "0x20002c", "plv_before": 0, "plv_after": 0, "vector": "0x201000"},
    {"type": "csr", "hart": 0, "pc": "0x20002c", "n": 11, "csr": "ESTAT", "num": "0x5", "old": "0x0",
     "new": "0xb0000", "fields": {"Ecode": {"old": "0x0", "new": "0xb"}}, "cause": "exception", "reason": "SYS"},
    {"type": "ertn", "hart": 0, "pc": "0x201028", "n": 21, "target": "0x200030", "plv_before": 0,
     "plv_after": 0, "from": "exc"},
    {"type": "exc", "hart": 0, "pc": "0x20003c", "n": 35, "cause": "ALE", "ecode": 9, "esubcode": 0,
     "era": "0x20003c", "badv": "0x300002", "plv_before": 0, "plv_after": 0, "vector": "0x201000"},
    {"type": "tlb", "hart": 0, "pc": "0x200048", "n": 48, "op": "tlbsrch",
     "args": {"ehi": "0x12344000", "asid": "0x0"}, "result": "miss", "out": {}},
    {"type": "csr", "hart": 0, "pc": "0x200048", "n": 48, "csr": "TLBIDX", "num": "0x10", "old": "0x0",
     "new": "0x80000000", "fields": {"NE": {"old": "0x0", "new": "0x1"}}, "cause": "tlb", "reason": "tlbsrch"},
    {"type": "ertn", "hart": 0, "pc": "0x200064", "n": 55, "target": "0x200068", "plv_before": 0,
     "plv_after": 3, "from": "exc"},
    {"type": "exc", "hart": 0, "pc": "0x200068", "n": 56, "cause": "SYS", "ecode": 11, "esubcode": 0,
     "era": "0x200068", "plv_before": 3, "plv_after": 0, "vector": "0x201000"},
    {"type": "int", "hart": 0, "pc": "0x200088", "n": 136, "cause": "TI", "irq": 11, "era": "0x200088",
     "plv_before": 0, "plv_after": 0, "vector": "0x201000"},
    {"type": "csr", "hart": 0, "pc": "0x200088", "n": 136, "csr": "ESTAT", "num": "0x5", "old": "0xb0000",
     "new": "0x800", "fields": {"IS[12:10]": {"old": "0x0", "new": "0x2"}, "Ecode": {"old": "0xb", "new": "0x0"}},
     "cause": "interrupt", "reason": "TI"},
    {"type": "insn", "hart": 0, "pc": "0x201000", "n": 136, "word": "0x04001413", "text": "csrrd\t$t7, 5",
     "exception": False},
    {"type": "exc", "hart": 0, "pc": "0x2000a0", "n": 151, "cause": "TLBR", "era": "0x2000a0",
     "badv": "0xffffffffffff0000", "plv_before": 0, "plv_after": 0, "vector": "0x202000"},
    {"type": "tlbr", "hart": 0, "pc": "0x2000a0", "n": 151, "va": "0xffffffffffff0000", "vector": "0x202000"},
    {"type": "tlb", "hart": 0, "pc": "0x202024", "n": 160, "op": "tlbfill",
     "args": {"ehi": "0xffffffffffff000c", "elo0": "0x300013", "elo1": "0x301013", "ps": "0xc", "asid": "0x0"},
     "result": "ok", "out": {}},
    {"type": "ertn", "hart": 0, "pc": "0x202028", "n": 161, "target": "0x2000a0", "plv_before": 0,
     "plv_after": 0, "from": "tlbr"},
    {"type": "summary", "exceptions": 5, "by_exception": {"ALE": 1, "SYS": 2, "BRK": 1, "TLBR": 1},
     "interrupts": 1, "by_interrupt": {"TI": 1}, "ertn": 7},
]

HEX = re.compile(r"^0x[0-9a-f]+$")
# Keys of each JSON line type, exactly (optional ones in the second set).
JSON_KEYS = {
    "insn": ({"type", "hart", "pc", "n", "word", "text", "exception"}, set()),
    "csr": ({"type", "hart", "pc", "n", "csr", "num", "old", "new", "fields", "cause"}, {"reason"}),
    "exc": ({"type", "hart", "pc", "n", "cause", "era", "plv_before", "plv_after", "vector"},
            {"ecode", "esubcode", "badv"}),
    "int": ({"type", "hart", "pc", "n", "cause", "irq", "era", "plv_before", "plv_after", "vector"}, set()),
    "ertn": ({"type", "hart", "pc", "n", "target", "plv_before", "plv_after", "from"}, set()),
    "tlb": ({"type", "hart", "pc", "n", "op", "args", "result", "out"}, set()),
    "tlbr": ({"type", "hart", "pc", "n", "va", "vector"}, set()),
    "summary": ({"type", "exceptions", "by_exception", "interrupts", "by_interrupt", "ertn"}, set()),
}


def run(args, stdin=None):
    """Runs lvzemu with a trace file; returns (exit code, stderr, trace text)."""
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "trace")
        p = subprocess.run([LVZEMU, "run", *args, "--trace-file", path], input=stdin, capture_output=True,
                           text=True, timeout=120)
        if p.returncode < 0:
            sys.exit(f"FAIL: lvzemu killed by signal {-p.returncode}")
        with open(path) as f:
            return p.returncode, p.stderr, f.read()


def subsequence_problems(lines, expected):
    """Problems if `expected` is not a subsequence of `lines` (exact equality)."""
    i = 0
    for want in expected:
        while i < len(lines) and lines[i] != want:
            i += 1
        if i == len(lines):
            return [f"expected line not found (in order): {want!r}"]
        i += 1
    return []


def check_text(trace):
    lines = trace.splitlines()
    problems = subsequence_problems(lines, TEXT_EXPECTED)
    kinds = {}
    for line in lines:
        kind = line.split(" ", 1)[0]
        kinds[kind] = kinds.get(kind, 0) + 1
        if kind not in ("csr", "exc", "int", "ertn", "tlb", "tlbr", "summary"):
            problems.append(f"unexpected line {line!r}")
        elif kind != "summary" and not re.match(r"^\w+ hart\d+ pc=0x[0-9a-f]+ n=\d+ ", line):
            problems.append(f"bad line head {line!r}")
    for kind, count in TEXT_COUNTS.items():
        if kinds.get(kind, 0) != count:
            problems.append(f"{kinds.get(kind, 0)} {kind} lines, expected {count}")
    if lines and not lines[-1].startswith("summary "):
        problems.append("the summary is not the last line")
    return problems


def parse_jsonl(trace):
    objs, problems = [], []
    for no, line in enumerate(trace.splitlines(), 1):
        try:
            o = json.loads(line)
        except ValueError as e:
            problems.append(f"line {no} is not JSON ({e}): {line!r}")
            continue
        if not isinstance(o, dict) or o.get("type") not in JSON_KEYS:
            problems.append(f"line {no}: not an object with a known type: {line!r}")
            continue
        required, optional = JSON_KEYS[o["type"]]
        keys = set(o)
        if not required <= keys or not keys <= required | optional:
            problems.append(f"line {no}: keys {sorted(keys)}, expected {sorted(required)} + {sorted(optional)}")
        for k in ("pc", "old", "new", "era", "badv", "vector", "target", "va", "num"):
            if k in o and not HEX.match(str(o[k])):
                problems.append(f"line {no}: {k} is not a hex string: {o[k]!r}")
        for k in ("hart", "n"):
            if k in o and not isinstance(o[k], int):
                problems.append(f"line {no}: {k} is not an integer")
        objs.append(o)
    return objs, problems


def check_jsonl(trace):
    objs, problems = parse_jsonl(trace)
    i = 0
    for want in JSON_EXPECTED:
        while i < len(objs) and objs[i] != want:
            i += 1
        if i == len(objs):
            problems.append(f"expected object not found (in order): {json.dumps(want)}")
            break
        i += 1
    return problems


def check_insn_order(trace):
    lines = trace.splitlines()
    problems = []
    # The CSR write's line follows its instruction; the exception's follows the trapping one.
    for first, then in [
        ("insn hart0 pc=0x200008 n=2 (0400302c) csrwr\t$t0, 12",
         "csr hart0 pc=0x200008 n=2 EENTRY 0x0 -> 0x201000 [VPN 0->0x201] by csrwr"),
        ("insn hart0 pc=0x20002c n=11 (002b0011) syscall\t17  [exception]",
         "exc hart0 pc=0x20002c n=11 SYS era=0x20002c plv 0->0 vector=0x201000"),
        ("insn hart0 pc=0x200048 n=48 (06482800) tlbsrch",
         "tlb hart0 pc=0x200048 n=48 tlbsrch ehi=0x12344000 asid=0x0 -> miss"),
    ]:
        if first not in lines or lines.index(first) + 1 >= len(lines) or lines[lines.index(first) + 1] != then:
            problems.append(f"{then!r} does not directly follow {first!r}")
    # The interrupt is taken before the handler's first instruction.
    irq = "int hart0 pc=0x200088 n=136 TI era=0x200088 plv 0->0 vector=0x201000"
    handler = "insn hart0 pc=0x201000 n=136 (04001413) csrrd\t$t7, 5"
    if irq not in lines or handler not in lines or not lines.index(irq) < lines.index(handler):
        problems.append("the interrupt line does not precede its handler's first instruction")
    else:
        between = lines[lines.index(irq) + 1:lines.index(handler)]
        if not between or any(not l.endswith("by interrupt TI") for l in between):
            problems.append(f"between the interrupt and the handler: {between}")
    # 169 retired, and 5 that trapped (SYS, BRK, ALE, SYS, the load that took the refill).
    if sum(l.startswith("insn ") for l in lines) != 174:
        problems.append("expected 174 instruction lines")
    return problems


def main():
    problems = []
    if MODE == "text":
        rc, err, trace = run(["--trace", "csr,exc,tlb", GUEST])
        if rc != 0:
            problems.append(f"exit code {rc}")
        if len(err.splitlines()) != 1:
            problems.append(f"stderr is not just the run summary: {err!r}")
        problems += check_text(trace)
    elif MODE == "jsonl":
        rc, _, trace = run(["--trace", "insn,csr,exc,tlb", "--trace-format", "jsonl", GUEST])
        if rc != 0:
            problems.append(f"exit code {rc}")
        problems += check_jsonl(trace)
    elif MODE == "insn-order":
        rc, _, trace = run(["--trace", "insn,csr,exc,tlb", GUEST])
        if rc != 0:
            problems.append(f"exit code {rc}")
        problems += check_insn_order(trace)
    elif MODE == "deterministic":
        for args in (["--trace", "insn,csr,exc,tlb", GUEST],
                     ["--trace", "insn,csr,exc,tlb", "--trace-format", "jsonl", GUEST],
                     ["--smp", "2", "--max-insns", "30000", "--trace", "insn,csr,exc", RUNAWAY]):
            a, b = run(args), run(args)
            if a[2] != b[2] or not a[2]:
                problems.append(f"traces differ (or are empty) between two runs of {' '.join(args)}")
        if "hart1" not in run(["--smp", "2", "--max-insns", "30000", "--trace", "insn", RUNAWAY])[2]:
            problems.append("the two-hart run traced no instruction of hart 1")
    elif MODE == "step":
        rc, err, _ = run(["--step", GUEST], stdin="\n" * 12 + "q\n")
        for want in ["  EENTRY: 0x0 -> 0x201000 [VPN 0->0x201]", "  CRMD: 0x8 -> 0xc [IE 0->1]",
                     "  ESTAT: 0x0 -> 0xb0000 [Ecode 0->0xb]", "  ERA: 0x0 -> 0x20002c"]:
            if want not in err.splitlines():
                problems.append(f"--step did not show {want!r}")
        if rc != 0:
            problems.append(f"exit code {rc}")
    elif MODE == "off":
        rc, err, trace = run([GUEST])
        if trace:
            problems.append("a trace was written without --trace")
        if rc != 0 or len(err.splitlines()) != 1:
            problems.append(f"exit code {rc}, stderr {err!r}")
        rc, _, trace = run(["--trace", "exc", GUEST])
        if any(not l.startswith(("exc ", "int ", "ertn ", "summary ")) for l in trace.splitlines()):
            problems.append("--trace exc wrote lines of other categories")
    elif MODE == "can-fail":
        _, _, text = run(["--trace", "csr,exc,tlb", GUEST])
        _, _, jsonl = run(["--trace", "insn,csr,exc,tlb", "--trace-format", "jsonl", GUEST])
        _, _, insns = run(["--trace", "insn,csr,exc,tlb", GUEST])
        if check_text(text) or check_jsonl(jsonl) or check_insn_order(insns):
            problems.append("the unmodified traces do not pass")
        mutants = {
            "text: one value changed": check_text(text.replace("0x2b0011", "0x2b0012")),
            "text: one line dropped": check_text(text.replace(TEXT_EXPECTED[20] + "\n", "")),
            "text: two lines swapped": check_text(text.replace(
                TEXT_EXPECTED[4] + "\n" + TEXT_EXPECTED[5], TEXT_EXPECTED[5] + "\n" + TEXT_EXPECTED[4])),
            "jsonl: one value changed": check_jsonl(jsonl.replace('"irq":11', '"irq":12')),
            "jsonl: invalid JSON": check_jsonl(jsonl.replace('"n":0,', '"n":0,,', 1)),
            "jsonl: unknown key": check_jsonl(jsonl.replace('"type":"tlbr",', '"type":"tlbr","x":1,')),
            "insn order: event before its instruction": check_insn_order(insns.replace(
                "insn hart0 pc=0x200008 n=2 (0400302c) csrwr\t$t0, 12\n"
                "csr hart0 pc=0x200008 n=2 EENTRY 0x0 -> 0x201000 [VPN 0->0x201] by csrwr",
                "csr hart0 pc=0x200008 n=2 EENTRY 0x0 -> 0x201000 [VPN 0->0x201] by csrwr\n"
                "insn hart0 pc=0x200008 n=2 (0400302c) csrwr\t$t0, 12")),
        }
        for name, found in mutants.items():
            print(f"{name}: {found[:1]}")
            if not found:
                problems.append(f"the checker accepted a bad trace ({name})")
    else:
        sys.exit(f"unknown mode {MODE}")
    if problems:
        print("FAIL:\n  " + "\n  ".join(problems))
        sys.exit(1)
    print("ok")


main()
