#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Random privileged-architecture scenario generator for the QEMU differential test.

Usage:
    gen_priv.py --seed S [--scenarios N] [--allow DEV,...] -o prog.S [--listing prog.txt]

Writes one bare-metal LoongArch64 program (clang-19 + ld.lld-19, tests/diffpriv/link.ld:
linked at 0x9000000000200000, loaded at physical 2 MiB) that runs the same way on
`qemu-system-loongarch64 -M virt` and on `lvzemu run`. It has its own exception entry
(EENTRY) and TLB refill entry (TLBRENTRY), and N scenarios. A scenario:

* configures STLBPS, DMW1..3 (DMW0 = 0x9000... for PLV0/PLV3 carries the program), the
  page-walk layout (PWCL/PWCH), PGDL/PGDH, then `invtlb 0` and random TLB contents:
  TLBWR at explicit STLB/MTLB indexes (random VPPN, PS, ASID, G, V/D/PLV/MAT/NR/NX/RPLV,
  sometimes NE = 1), sometimes TLBFILL, sometimes INVTLB/TLBCLR/TLBFLUSH;
* writes page tables (directory levels and PTE pairs, sometimes a huge page) for the
  addresses its accesses will walk;
* performs 1-3 accesses: at PLV0 or PLV3 (entered by ERTN with PRMD), sometimes in direct
  address mode; a load, store, instruction fetch (jump to a VA holding a two-word stub),
  a privileged instruction, or nothing; to a VA that hits a TLB entry, misses the TLB (the
  refill handler then either walks the page tables with LDDIR/LDPTE and TLBFILLs, or
  abandons the access), lies in a DMW window, or is not canonical;
* dumps, as hex lines on the UART: for every exception `E` ESTAT, ERA, BADV, TLBEHI,
  PGD, PRMD, CRMD, BADI and the result register; for every refill `R` TLBRBADV,
  TLBREHI, TLBRERA, TLBRPRMD, CRMD, ESTAT, PGD and, when it walks, `W` TLBRELO0/1 and
  TLBREHI; `M` memory a store wrote; `Q` TLBIDX after TLBSRCH; `D` TLBIDX, TLBEHI,
  TLBELO0/1 and ASID after TLBRD; `C` CSR read-back after the set-up.

Every access ends with `syscall 0`, so the exception handler prints one `E` line per
access (Ecode 0xb when the access itself did not fault) and resumes at the next step.

QEMU 7.2 deviations from the manual are avoided or normalised (README.md, "QEMU 7.2
deviations"); `--allow NAME` lets the generator produce one of them again, to show it.

Scenario i is generated from its own RNG seeded by (seed, i): a program with more
scenarios has the shorter one as its prefix.
"""
import argparse
import hashlib
import random
import sys

M64 = (1 << 64) - 1
VALEN = 48
VAMASK = (1 << VALEN) - 1
PAMASK = (1 << 48) - 1
HIGH_EXT = M64 & ~VAMASK             # bits 63:48

UART = 0x1FE001E0
GED_SLEEP = 0x100E001C
DMW0_VALUE = 0x9000000000000019      # VSEG 9, MAT 1 (CC), PLV0 + PLV3
WIN = 0x9000000000000000             # the DMW0 alias of physical memory

SANDBOX = (0x0400_0000, 0x0800_0000)     # accessed data / fetch stubs (physical)
# PLV1/PLV2 code runs through a global MTLB entry (QEMU 7.2's DMW never matches there):
# VA ALIAS + PA maps the first 16 MiB of physical memory (PS 23), TLB index CODE_INDEX.
ALIAS = 0x00007FFC00000000
ALIAS_PS = 23
CODE_INDEX = 2111
PT_AREA = (0x0100_0000, 0x0200_0000)     # page tables, 8 KiB chunks
CHUNK = 0x2000

STLB_SETS, STLB_WAYS, STLB_N, MTLB_N = 256, 8, 2048, 64
PAGE_SIZES = list(range(12, 30))         # PRCFG2 = 0x3ffff000 (QEMU la464, lvzemu)

# CSR numbers (manual Vol. 1 chapter 7)
CRMD, PRMD, ECFG, ESTAT, ERA, BADV, BADI, EENTRY = 0x0, 0x1, 0x4, 0x5, 0x6, 0x7, 0x8, 0xC
TLBIDX, TLBEHI, TLBELO0, TLBELO1, ASID = 0x10, 0x11, 0x12, 0x13, 0x18
PGDL, PGDH, PGD, PWCL, PWCH, STLBPS = 0x19, 0x1A, 0x1B, 0x1C, 0x1D, 0x1E
TCFG = 0x41
TLBRENTRY, TLBRBADV, TLBRERA, TLBRSAVE = 0x88, 0x89, 0x8A, 0x8B
TLBRELO0, TLBRELO1, TLBREHI, TLBRPRMD = 0x8C, 0x8D, 0x8E, 0x8F
DMW = [0x180, 0x181, 0x182, 0x183]

CRMD_PG = 0xB0                           # PLV0, IE 0, DA 0, PG 1, DATF = DATM = 1
CRMD_DA = 0xA8                           # PLV0, IE 0, DA 1, PG 0, DATF = DATM = 1

# QEMU 7.2 deviations the generator avoids by default (README.md has the details).
DEVIATIONS = {
    "nr_before_plv": "load from a page that fails both the NR and the PLV check "
                     "(manual: PPI; QEMU: PNR)",
    "g_unequal": "TLBELO0.G != TLBELO1.G (manual: G = both; QEMU: TLBELO0.G)",
    "dmw23_fetch": "instruction fetch through DMW2/DMW3 (manual: load/store only; "
                   "QEMU: also fetch)",
    "pte_hi": "NR/NX/RPLV set in page-table entries (QEMU's LDPTE/LDDIR drop bits 63:48)",
    "pte_sw": "P/W/software bits in page-table entries (manual: not in TLBRELO; "
              "QEMU keeps them)",
    "huge_g": "G set in a huge PTE (bit 12; QEMU's LDPTE leaves bit 12 set as well)",
    "va47": "VA with bits 63:48 all equal but bit 47 different (manual: ADE; QEMU "
            "checks bits 63:48 only)",
    "qemu16k": "4/8 KiB pages whose VA and PA differ in bits 13:12, and no QEMU "
               "soft-TLB flush between accesses (QEMU 7.2 maps 16 KiB at a time)",
    "tlbrd_asid": "print CSR.ASID after a TLBRD that found an entry (manual: the entry's "
                  "ASID; QEMU 7.2 leaves CSR.ASID alone)",
    "dmw_midbits": "VA bits 59:48 non-zero in a DMW window (manual: only VSEG = VA[63:60] "
                   "is compared; QEMU 7.2 compares VA[63:48] with DMW[63:48])",
    "dmw_plv12": "DMW windows used at PLV1/PLV2 (manual: the window's PLV1/PLV2 bit; QEMU "
                 "7.2 matches windows only at PLV0 and PLV3)",
    "priv_plv12": "privileged instructions at PLV1/PLV2 (manual: IPE; QEMU 7.2 raises IPE "
                  "only at PLV3 and executes them at PLV1/PLV2)",
    "tlbwr_refill_ne": "TLBWR in the refill handler with TLBIDX.NE = 1 (manual: IsTLBR = 1 "
                       "writes E = 1; QEMU 7.2 invalidates the entry)",
    "ptewidth": "PWCL.PTEWidth != 0 (manual: PTEs of 128/192/256 bits; QEMU 7.2 strides "
                "LDDIR and LDPTE by 8 << (3 * PTEWidth) bytes)",
    "tlbclr_past_mtlb": "TLBCLR/TLBFLUSH with TLBIDX.Index >= 2112 (manual: an MTLB index "
                        "selects the whole MTLB; QEMU 7.2 does nothing)",
    "lddir_level": "LDDIR with level 0 or above 4 (manual: undefined; QEMU 7.2 raises INE, "
                   "lvzemu copies rj to rd)",
    "ade_tlbehi": "print TLBEHI after ADEF/ADEM (manual: not written; QEMU 7.2 writes it)",
    "ehi_high": "print bits 63:48 of TLBEHI/TLBREHI (manual: the sign extension of VPPN; "
                "QEMU 7.2 does not maintain them)",
    "fetch_pnx": "instruction fetch from an NX page (manual: PNX; QEMU 7.2 loops forever "
                 "re-reading the instruction for BADI)",
    "ppn_low": "PPN bits below PS non-zero in an entry that is accessed (manual: ignored; "
               "QEMU 7.2 ORs them into the physical address)",
    "tlbehi_page": "print TLBEHI bits 14:13 after a page fault (manual: VA[14:13]; QEMU 7.2 "
                   "clears them, masking with its 16 KiB page size)",
    "fetch_ppi": "instruction fetch failing the PLV check (manual: PPI; QEMU 7.2 loops "
                 "forever re-reading the instruction for BADI)",
}


# Known lvzemu bugs (reported, not yet fixed): `--workaround NAME` keeps the generator
# away from one so that a run can look for other differences. Never used by CTest.
WORKAROUNDS = {
    "badi": "do not print BADI (lvzemu does not write it on a load/store TLB refill)",
    "invtlb_lvz": "no INVTLB op 0x9..0x16 (lvzemu runs the LVZ operations although "
                  "CPUCFG2.LVZ = 0, where the manual requires INE)",
}


def canon(va):
    """Sign-extend a VA from bit VALEN-1 (a canonical 64-bit address)."""
    va &= VAMASK
    return va | HIGH_EXT if (va >> (VALEN - 1)) & 1 else va


def h(x):
    return f"0x{x & M64:x}"


class Entry:
    """One TLB entry as the generator placed it (a model, used only to keep scenarios
    inside defined behaviour: no two entries that one lookup can match)."""

    def __init__(self, base, ps, asid, g, lo, index, vppn_bits):
        self.base, self.ps, self.asid, self.g, self.lo = base, ps, asid, g, lo
        self.index = index            # None: placed by TLBFILL (slot unknown)
        self.vppn_bits = vppn_bits    # TLBEHI value written (VPPN, maybe low garbage)
        self.ghost = False            # invalidated (still counted for the rules)
        self.accessible = True        # PPNs point into the sandbox

    @property
    def size(self):
        return 1 << (self.ps + 1)

    def covers(self, va):
        return ((va ^ self.base) & VAMASK) >> (self.ps + 1) == 0

    def overlaps(self, base, size):
        a0, a1 = self.base & VAMASK, (self.base & VAMASK) + self.size
        b0, b1 = base & VAMASK, (base & VAMASK) + size
        return a0 < b1 and b0 < a1

    def desc(self):
        where = "fill" if self.index is None else f"idx {self.index:#x}"
        return (f"{where} va {h(self.base)} ps {self.ps} asid {self.asid:#x} g {int(self.g)} "
                f"lo0 {h(self.lo[0])} lo1 {h(self.lo[1])}" + (" (invalidated)" if self.ghost else ""))


def lo_fields(lo):
    return dict(v=lo & 1, d=(lo >> 1) & 1, plv=(lo >> 2) & 3, mat=(lo >> 4) & 3,
                g=(lo >> 6) & 1, nr=(lo >> 61) & 1, nx=(lo >> 62) & 1, rplv=(lo >> 63) & 1)


def plv_ok(lo, plv):
    f = lo_fields(lo)
    return plv == f["plv"] if f["rplv"] else plv <= f["plv"]


class Scenario:
    def __init__(self, seed, n, allow, workaround=()):
        self.n = n
        self.allow = allow
        self.workaround = workaround
        self.rng = random.Random(int.from_bytes(
            hashlib.sha256(f"diffpriv:{seed}:{n}".encode()).digest()[:8], "little"))
        self.asm = []
        self.desc = []
        self.entries = []
        self.used_index = {}          # index -> Entry
        self.stlb_sets_used = set()   # sets that had a TLBWR this scenario
        self.mtlb_used = False
        self.fill_sets = set()        # sets a TLBFILL may have written (slot unknown)
        self.mtlb_filled = False
        self.norm = False             # TLBSRCH indexes may be victim-dependent
        self.chunks = None
        self.tables = {}              # slot PA -> value written this scenario
        self.naccess = 0
        self.code_entry = None

    # --- small helpers ---------------------------------------------------------------
    def emit(self, *lines):
        self.asm.extend(lines)

    def li(self, reg, val):
        self.emit(f"    li.d    {reg}, {h(val)}")

    def csrwr(self, csr, val, reg="$t0"):
        if val == 0:
            self.emit(f"    csrwr   $zero, {csr:#x}")
        else:
            self.li(reg, val)
            self.emit(f"    csrwr   {reg}, {csr:#x}")

    def store64(self, pa, val):
        self.li("$t0", WIN | pa)
        self.li("$t1", val)
        self.emit("    st.d    $t1, $t0, 0")

    def chance(self, p):
        return self.rng.random() < p

    def pick_ps(self, small=True):
        r = self.rng
        if small and r.random() < 0.7:
            return r.choice([12, 12, 13, 14, 14, 14, 15, 16])
        return r.choice(PAGE_SIZES)

    # --- configuration ---------------------------------------------------------------
    def configure(self):
        r = self.rng
        self.stlbps = self.pick_ps()
        self.asids = [r.randrange(1024) for _ in range(3)]
        if r.random() < 0.3:
            self.asids[1] = self.asids[0] ^ 1
        self.asid = r.choice(self.asids)
        # direct-mapped windows 1..3 (DMW0 fixed)
        self.dmw = [DMW0_VALUE, 0, 0, 0]
        for i in (1, 2, 3):
            if r.random() < 0.45:
                vseg = r.choice([0x0, 0xF, 0x1, 0x2, 0x4, 0x8, 0xA, 0xC, 0xD, 0xE, 0x9, 0x3])
                plv = r.choice([0x1, 0x8, 0x9, 0x9, 0x2, 0x4, 0xF, 0x0])
                self.dmw[i] = (vseg << 60) | (r.randrange(4) << 4) | plv
        # clusters of VAs (1 GiB aligned) entries and accesses share
        self.clusters = []
        for _ in range(3):
            k = r.random()
            if k < 0.4:
                c = r.randrange(0, 1 << 33)
            elif k < 0.7:
                c = r.randrange(0, 1 << 47)
            else:
                c = r.randrange(0, 1 << 47) | (1 << 47)
            self.clusters.append(canon(c & ~((1 << 30) - 1)))
        self.configure_walk()

    def configure_walk(self):
        r = self.rng
        while True:
            ptbase = self.pick_ps()
            ptwidth = r.randint(1, 10)
            nlev = r.choice([0, 1, 1, 2, 2, 3, 3, 4])
            levels = sorted(r.sample([1, 2, 3, 4], nlev))
            lay = {}
            b = ptbase + ptwidth
            ok = True
            for lv in levels:
                w = r.randint(1, 9)
                if r.random() < 0.15:
                    b += r.randint(1, 6)          # a gap: bits no level indexes
                lim = 31 if lv <= 2 else 63
                if b > lim or b + w > 64:
                    ok = False
                    break
                lay[lv] = (b, w)
                b += w
            if ok:
                break
        for lv in (1, 2, 3, 4):
            if lv not in lay:                     # unused level: any field value
                lim = 31 if lv <= 2 else 63
                lay[lv] = (r.randrange(lim + 1), r.randrange(10) if r.random() < 0.5 else 0)
        self.ptbase, self.ptwidth, self.levels, self.lay = ptbase, ptwidth, levels, lay
        self.pwcl = (ptbase | ptwidth << 5 | lay[1][0] << 10 | lay[1][1] << 15 |
                     lay[2][0] << 20 | lay[2][1] << 25)
        if "ptewidth" in self.allow and r.random() < 0.5:
            self.pwcl |= r.randint(1, 3) << 30
        self.pwch = lay[3][0] | lay[3][1] << 6 | lay[4][0] << 12 | lay[4][1] << 18
        self.levels_mask = sum(1 << (lv - 1) for lv in levels)
        huge_ps = ptbase + ptwidth - 1
        self.huge_ps = huge_ps if (levels and 14 <= huge_ps <= 29) else None
        chunks = list(range(PT_AREA[0], PT_AREA[1], CHUNK))
        r.shuffle(chunks)
        self.chunks = chunks
        self.roots = [self.chunks.pop(), self.chunks.pop()]   # PGDL, PGDH

    # --- TLB entries -----------------------------------------------------------------
    def conflicts(self, base, size, asid, g, ignore=None):
        for e in self.entries:
            if e is ignore or not e.overlaps(base, size):
                continue
            if not g and not e.g and e.asid != asid:
                continue
            return True
        return False

    def any_overlap(self, base, size):
        return any(e.overlaps(base, size) for e in self.entries)

    def rand_va(self, align_bits):
        r = self.rng
        if r.random() < 0.85:
            c = r.choice(self.clusters)
            off = r.randrange(0, 1 << 30)
        else:
            c = 0 if r.random() < 0.5 else canon(1 << 47)
            off = r.randrange(0, 1 << 47) if c == 0 else r.randrange(0, 1 << 47)
        va = canon((c + off) & VAMASK) if c == 0 else canon(c + off)
        return canon(va & ~((1 << align_bits) - 1))

    def sandbox_page(self, ps, va_half):
        """A page base (PPN << 12, with PPN bits below PS random) whose page holds part of
        the sandbox. For PS < 14, bits 13:PS equal the VA's unless 'qemu16k' is allowed."""
        r = self.rng
        pa = r.randrange(SANDBOX[0], SANDBOX[1])
        base = pa & ~((1 << ps) - 1)
        if ps > 12 and "ppn_low" in self.allow and r.random() < 0.5:
            base |= r.randrange(0, 1 << ps) & ~0xFFF     # don't-care PPN bits below PS
        if ps < 14 and "qemu16k" not in self.allow:
            m = ((1 << 14) - 1) & ~((1 << ps) - 1)
            base = (base & ~m) | (va_half & m)
        return base

    def rand_lo(self, g, page_base):
        r = self.rng
        lo = page_base & (PAMASK & ~0xFFF)
        lo |= int(r.random() < 0.85)                   # V
        lo |= int(r.random() < 0.6) << 1               # D
        lo |= r.randrange(4) << 2                      # PLV
        lo |= (r.randrange(3) if r.random() < 0.95 else 3) << 4   # MAT
        lo |= int(g) << 6
        lo |= int(r.random() < 0.15) << 61             # NR
        lo |= int(r.random() < 0.15) << 62             # NX
        lo |= int(r.random() < 0.15) << 63             # RPLV
        return lo

    def new_entry(self, stlb, ps=None):
        r = self.rng
        ps = self.stlbps if stlb else (ps or self.pick_ps(small=r.random() < 0.5))
        g = r.random() < 0.25
        asid = r.choice(self.asids)
        for _ in range(20):
            base = self.rand_va(ps + 1)
            if not self.conflicts(base, 1 << (ps + 1), asid, g):
                break
        else:
            return None
        lo = []
        for half in (0, 1):
            va_half = base + (half << ps)
            lo.append(self.rand_lo(g, self.sandbox_page(ps, va_half)))
        if "g_unequal" in self.allow and r.random() < 0.3:
            lo[1] ^= 1 << 6
        vppn = base
        if r.random() < 0.3 and ps + 1 > 13:               # VPPN bits below PS+1: ignored
            vppn |= r.randrange(0, 1 << (ps + 1)) & ~0x1FFF
        e = Entry(canon(base), ps, asid, g, lo, None, canon(vppn))
        if r.random() < 0.08:                              # PPN anywhere: never accessed
            e.accessible = False
            for half in (0, 1):
                e.lo[half] = (e.lo[half] & ~(PAMASK & ~0xFFF)) | (r.randrange(1 << 36) << 12)
        return e

    def write_code_entry(self):
        e = self.code_entry
        self.write_entry_csrs(e, CODE_INDEX | ALIAS_PS << 24)
        self.emit("    tlbwr")
        self.csrwr(ASID, self.asid)
        e.ghost = False

    def add_code_entry(self):
        flags = 1 | 3 << 2 | 1 << 4 | 1 << 6          # V, PLV3, MAT CC, G
        e = Entry(ALIAS, ALIAS_PS, 0, True, [flags, (1 << ALIAS_PS) | flags], CODE_INDEX, ALIAS)
        e.accessible = False
        self.code_entry = e
        self.entries.append(e)
        self.used_index[CODE_INDEX] = e
        self.mtlb_used = True
        self.write_code_entry()
        self.desc.append("  tlbwr code alias " + e.desc())

    def write_entry_csrs(self, e, idx_val):
        self.csrwr(TLBEHI, e.vppn_bits)
        self.csrwr(TLBELO0, e.lo[0])
        self.csrwr(TLBELO1, e.lo[1])
        self.csrwr(ASID, e.asid)
        self.csrwr(TLBIDX, idx_val)

    def tlbwr_entries(self):
        r = self.rng
        for _ in range(r.choice([0, 1, 2, 3, 4, 5, 6, 8])):
            stlb = r.random() < 0.55
            e = self.new_entry(stlb)
            if e is None:
                continue
            if stlb:
                s = ((e.base & VAMASK) >> (self.stlbps + 1)) % STLB_SETS
                index = r.randrange(STLB_WAYS) * STLB_SETS + s
                self.stlb_sets_used.add(s)
            else:
                index = STLB_N + r.randrange(MTLB_N - (1 if self.code_entry else 0))
                self.mtlb_used = True
            ne = r.random() < 0.06
            old = self.used_index.get(index)
            if old is not None and old in self.entries:
                self.entries.remove(old)
            e.index = index
            idx_val = index | e.ps << 24 | int(ne) << 31
            self.write_entry_csrs(e, idx_val)
            self.emit("    tlbwr")
            if ne:
                self.desc.append(f"  tlbwr idx {index:#x} NE=1 (invalidates the slot)")
                if old is not None:
                    old.ghost = True
                    self.entries.append(old)
                self.used_index.pop(index, None)
                continue
            self.entries.append(e)
            self.used_index[index] = e
            self.desc.append("  tlbwr " + e.desc())

    def tlbfill_entries(self):
        r = self.rng
        for _ in range(r.choice([0, 0, 0, 1, 1, 2])):
            stlb = r.random() < 0.5
            e = self.new_entry(stlb)
            if e is None:
                continue
            if e.ps == self.stlbps:
                s = ((e.base & VAMASK) >> (self.stlbps + 1)) % STLB_SETS
                if s in self.stlb_sets_used or s in self.fill_sets:
                    continue
                self.fill_sets.add(s)
            else:
                if self.mtlb_used or self.mtlb_filled:
                    continue
                self.mtlb_filled = True
            self.norm = True
            ne = r.random() < 0.2
            self.write_entry_csrs(e, r.randrange(STLB_N + MTLB_N) | e.ps << 24 | int(ne) << 31)
            self.emit("    tlbfill")
            self.entries.append(e)
            self.desc.append("  tlbfill " + e.desc() + (" (TLBIDX.NE=1)" if ne else ""))

    def invalidate(self, where):
        """One random INVTLB / TLBCLR / TLBFLUSH (QEMU flushes its soft TLB on each)."""
        r = self.rng
        k = r.random()
        live = [e for e in self.entries if not e.ghost]
        if k < 0.6:
            op = r.choice([0, 1, 2, 3, 4, 4, 5, 5, 5, 6, 6, 6])
            asid = r.choice(self.asids) | (r.randrange(1 << 22) << 10 if r.random() < 0.2 else 0)
            if live and r.random() < 0.7:
                e = r.choice(live)
                va = canon(e.base + r.randrange(e.size))
            else:
                va = self.rand_va(0)
            self.li("$t1", asid)
            self.li("$t2", va)
            self.emit(f"    invtlb  {op:#x}, $t1, $t2")
            a10 = asid & 0x3FF
            for e in live:
                hit = {0: True, 1: True, 2: e.g, 3: not e.g, 4: not e.g and e.asid == a10,
                       5: not e.g and e.asid == a10 and e.covers(va),
                       6: (e.g or e.asid == a10) and e.covers(va)}[op]
                if hit:
                    e.ghost = True
            self.desc.append(f"  {where}: invtlb {op}, asid {h(asid)}, va {h(va)}")
        else:
            flush = r.random() < 0.5
            if live and r.random() < 0.6:
                e = r.choice(live)
                idx = e.index if e.index is not None else r.randrange(STLB_N + MTLB_N)
            else:
                idx = r.randrange(STLB_N + MTLB_N)
            if "tlbclr_past_mtlb" in self.allow and r.random() < 0.5:
                idx = r.randrange(STLB_N + MTLB_N, 4096)
            self.csrwr(TLBIDX, idx | (r.randrange(64) << 24 if r.random() < 0.3 else 0))
            self.emit("    tlbflush" if flush else "    tlbclr")
            for e in live:
                if e.index is None:
                    if idx < STLB_N:
                        s = ((e.base & VAMASK) >> (self.stlbps + 1)) % STLB_SETS
                        same = e.ps == self.stlbps and s == idx % STLB_SETS
                    else:
                        same = e.ps != self.stlbps
                elif idx < STLB_N:
                    same = e.index < STLB_N and e.index % STLB_SETS == idx % STLB_SETS
                else:
                    same = e.index >= STLB_N
                if same and (flush or (not e.g and e.asid == self.asid)):
                    e.ghost = True
            self.desc.append(f"  {where}: {'tlbflush' if flush else 'tlbclr'} TLBIDX.Index {idx:#x}"
                             f" (ASID {self.asid:#x})")

    # --- page tables -----------------------------------------------------------------
    def walk_path(self, va):
        """Write the directory entries on va's path (reusing what this scenario already
        wrote); return ('pte', pt_table_pa) or ('huge', slot_pa)."""
        r = self.rng
        tbl = self.roots[(va >> 63) & 1]
        lv_desc = []
        for i, lv in enumerate(reversed(self.levels)):
            base, width = self.lay[lv]
            idx = (va >> base) & ((1 << width) - 1)
            slot = tbl + idx * 8
            last = i == len(self.levels) - 1
            if slot in self.tables:
                v = self.tables[slot]
                if (v >> 6) & 1:
                    return ("huge", slot), lv_desc
                tbl = v & PAMASK
                continue
            if last and self.huge_ps is not None and r.random() < 0.3:
                return ("huge", slot), lv_desc
            child = self.chunks.pop()
            v = child
            if r.random() < 0.2:
                v |= r.randrange(1 << 16) << 48           # ignored high bits
            self.tables[slot] = v
            self.store64(slot, v)
            lv_desc.append(f"dir{lv}[{idx:#x}]@{slot:#x}={h(v)}")
            tbl = child
        return ("pte", tbl), lv_desc

    def pte_value(self, g, page_base):
        r = self.rng
        v = self.rand_lo(g, page_base)
        if "pte_hi" not in self.allow:
            v &= ~(7 << 61)
        if "pte_sw" in self.allow and r.random() < 0.5:
            v |= r.choice([1 << 7, 1 << 8, 3 << 7, 1 << 9, 1 << 11])
        return v

    # --- accesses --------------------------------------------------------------------
    def dmw_hit(self, va, plv, _fetch=True):
        """The window (manual: VSEG = VA[63:60] and the PLV bit) that takes va, or None."""
        for i in range(4):
            d = self.dmw[i]
            if (d >> plv) & 1 and (d >> 60) == (va >> 60):
                return i
        return None

    def dmw_disagree(self, va, plv):
        """True when QEMU 7.2 (VA[63:48] == DMW[63:48]) and the manual (VA[63:60] ==
        VSEG) would not pick the same window for va."""
        if "dmw_midbits" in self.allow:
            return False
        man = self.dmw_hit(va, plv, True)
        qemu = None
        for i in range(4):
            d = self.dmw[i]
            if plv in (0, 3) and (d >> plv) & 1 and (d >> 48) == (va >> 48):
                qemu = i
                break
        if "dmw_plv12" in self.allow and plv in (1, 2):
            return False
        return man != qemu

    def visible(self, va):
        """Entries (also invalidated ones, to be safe) one lookup of va could match."""
        return [e for e in self.entries if e.covers(va) and (e.g or e.asid == self.asid)]

    def tlb_path_ok(self, kind, va, pa):
        for e in self.visible(va):
            lo = e.lo[(va >> e.ps) & 1]
            if not lo & 1:
                continue                          # V = 0: no memory access
            if not e.accessible:
                return False
            tpa = (lo & PAMASK & ~((1 << e.ps) - 1)) | (va & ((1 << e.ps) - 1))
            if not (SANDBOX[0] <= tpa and tpa + 16 <= SANDBOX[1]):
                return False
            if kind == "fetch" and tpa != pa:
                return False
        return True

    def qemu_hazard(self, kind, va, plv):
        """True if an access of this kind to va at plv might reach a QEMU 7.2 deviation
        through a TLB entry: PNX/PPI on fetch (QEMU hangs), NR and PLV both failing on a
        load (QEMU reports PNR, the manual PPI)."""
        for e in self.visible(va):
            lo = e.lo[(va >> e.ps) & 1]
            f = lo_fields(lo)
            if not f["v"]:
                continue
            if kind == "fetch":
                if f["nx"] and "fetch_pnx" not in self.allow:
                    return True
                if not f["nx"] and not plv_ok(lo, plv) and "fetch_ppi" not in self.allow:
                    return True
            if (kind == "load" and f["nr"] and not plv_ok(lo, plv)
                    and "nr_before_plv" not in self.allow):
                return True
        return False

    def fetch_dmw_ok(self, va, plv):
        """False when QEMU would fetch through DMW2/3 (lvzemu: the manual's load/store-only
        windows) — unless allowed."""
        if "dmw23_fetch" in self.allow:
            return True
        i = self.dmw_hit(va, plv, True)
        return i is None or i < 2

    def pick_pa(self, lo_base, size, ps, align, fetch):
        """A PA in the sandbox inside the page [lo_base, lo_base + 2^ps), suitably aligned
        and not crossing a 4 KiB frame; None if impossible."""
        r = self.rng
        pbase = lo_base & ~((1 << ps) - 1)
        lo = max(pbase, SANDBOX[0])
        hi = min(pbase + (1 << ps), SANDBOX[1])
        if hi - lo < 0x1000:
            return None
        for _ in range(10):
            pa = r.randrange(lo, hi - 16) & ~(align - 1)
            if (pa & 0xFFF) + max(size, 8 if fetch else size) <= 0x1000:
                return pa
        return None

    def access(self, k):
        r = self.rng
        lab = f"s{self.n}_{k}"
        plv = 0 if r.random() < 0.45 else 3
        if self.code_entry and r.random() < 0.6:
            plv = r.choice([1, 2])
            if self.dmw_hit(ALIAS, plv, True) is not None:     # the window would take the code
                plv = r.choice([0, 3])
        da = r.random() < 0.05
        kind = r.choices(["load", "store", "fetch", "priv", "none", "atomic", "bound", "preld",
                          "cacop"], [36, 27, 18, 5, 2, 6, 5, 1, 1])[0]
        size = r.choice([1, 2, 4, 8])
        align = size if r.random() < 0.85 else 1
        sub = None
        if kind in ("atomic", "bound"):
            sub = kind
            kind = "store" if kind == "bound" and r.random() < 0.5 else "load"
            if sub == "atomic":
                kind = "load"
                size = r.choice([4, 8])
            align = size
        elif kind in ("preld", "cacop"):
            sub = kind
            kind = "none"
        walk = 0
        va = None
        pa = None
        why = ""
        if kind in ("priv", "none"):
            va = self.rand_va(0)
            why = "no memory access"
        elif da:
            pa = r.randrange(SANDBOX[0], SANDBOX[1] - 16) & ~(align - 1) & ~(0 if kind != "fetch" else 3)
            if (pa & 0xFFF) > 0xFF0:
                pa &= ~0xFF
            va = (r.randrange(1 << 16) << 48) | pa
            why = "direct address mode"
        else:
            tgt = r.choices(["hit", "walk", "miss", "dmw", "ade"], [45, 25, 10, 12, 6])[0]
            if tgt == "hit":
                cands = [e for e in self.entries if e.accessible]
                vis = [e for e in cands if (e.g or e.asid == self.asid) and not e.ghost]
                if vis and r.random() < 0.75:
                    cands = vis
                if not cands:
                    tgt = "walk"
                else:
                    e = r.choice(cands)
                    half = r.randrange(2)
                    hv = e.base + (half << e.ps)
                    pa = self.pick_pa(e.lo[half] & PAMASK & ~0xFFF, size, e.ps,
                                      4 if kind == "fetch" else align, kind == "fetch")
                    if pa is None:
                        tgt = "miss"
                    else:
                        va = canon(hv + (pa - (e.lo[half] & PAMASK & ~((1 << e.ps) - 1))))
                        why = f"hit {e.desc()} half {half}"
            if tgt == "walk":
                res = self.walk_target(kind, size, align)
                if res is None:
                    tgt = "miss"
                else:
                    va, pa, why = res
                    walk = self.walk_mode
            if tgt == "dmw":
                wins = [i for i in range(4) if self.dmw[i] and
                        (kind != "fetch" or i < 2 or "dmw23_fetch" in self.allow)]
                i = r.choice(wins)
                pa = r.randrange(SANDBOX[0], SANDBOX[1] - 16) & ~(align - 1) & ~(3 if kind == "fetch" else 0)
                if (pa & 0xFFF) > 0xFF0:
                    pa &= ~0xFF
                mid = r.randrange(1 << 12) << 48 if "dmw_midbits" in self.allow and r.random() < 0.5 else 0
                va = (self.dmw[i] >> 60 << 60) | mid | pa
                why = f"DMW{i} {h(self.dmw[i])}"
            if tgt == "ade":
                for _ in range(20):
                    if "va47" in self.allow and r.random() < 0.5:
                        va = (r.randrange(1 << 47) | (1 << 47)) if r.random() < 0.5 else \
                            (HIGH_EXT | r.randrange(1 << 47))
                    else:
                        top = r.randrange(1, 0xFFFF)
                        va = (top << 48) | r.randrange(1 << 48)
                    if kind == "fetch":
                        va &= ~3
                    if sub:
                        va &= ~(size - 1)
                    if self.dmw_hit(va, plv, True) is None and not self.dmw_disagree(va, plv):
                        break
                why = "not canonical"
            if tgt == "miss":
                for _ in range(20):
                    va = self.rand_va(0)
                    if not any(e.covers(va) for e in self.entries):
                        break
                if kind == "fetch":
                    va &= ~3
                if sub:                           # LL/AM*/bound: naturally aligned (ALE)
                    va &= ~(size - 1)
                why = "no TLB entry (refill abandoned)" if not any(e.covers(va) for e in self.entries) \
                    else "TLB entry maybe (refill abandoned)"
            # a DMW window may catch a VA meant for the TLB: only if its PA is harmless,
            # and only where QEMU 7.2 and the manual agree on the window
            if kind in ("load", "store", "fetch"):
                for p in (plv, 3 - plv):
                    if p in (1, 2) and self.dmw_hit(ALIAS, p, True) is not None:
                        continue                  # a window would take the PLV1/2 code
                    i = self.dmw_hit(va, p, True)
                    if self.dmw_disagree(va, p):
                        continue
                    if i is None or SANDBOX[0] <= (va & PAMASK) < SANDBOX[1] - 16:
                        plv = p
                        break
                else:
                    kind = "none"
                    why += " (a DMW window would take it: no access)"
            if kind == "fetch" and not self.fetch_dmw_ok(va, plv):
                kind = "load"
            # through the TLB: wherever a visible entry takes it, the PA must be in the
            # sandbox (and a fetch must land on its stub)
            if (kind in ("load", "store", "fetch") and va == canon(va)
                    and self.dmw_hit(va, plv, True) is None):
                if kind == "fetch" and not self.tlb_path_ok(kind, va, pa):
                    kind = "load"
                    why += " (fetch -> load: another entry may take it)"
                if kind != "fetch" and not self.tlb_path_ok(kind, va, pa):
                    kind = "none"
                    why += " (another entry may take it outside the sandbox: no access)"
            for alt in ("load", "store"):
                if kind in ("fetch", "load") and self.qemu_hazard(kind, va, plv):
                    why += f" ({kind} -> {alt}: QEMU deviation)"
                    kind = alt
        # --- code: memory contents, handler slots, ERTN into the access ---
        self.naccess += 1
        marker = r.randrange(1 << 64)
        if pa is not None:
            pa8 = pa & ~7
            self.store64(pa8, marker)
            self.li("$t1", r.randrange(1 << 64))
            self.emit("    st.d    $t1, $t0, 8")
            if kind == "fetch":
                tag = r.randrange(1, 4096)
                self.li("$t1", 0x03800000 | tag << 10 | 4)          # ori $a0, $zero, tag
                self.emit(f"    st.w    $t1, $t0, {pa - pa8}")
                self.li("$t1", 0x4C000020)                           # jirl $zero, $ra, 0
                self.emit(f"    st.w    $t1, $t0, {pa - pa8 + 4}")
                self.emit("    ibar    0")
        self.emit("    la.abs  $t0, slots",
                  f"    la.abs  $t1, res_{lab}",
                  "    st.d    $t1, $t0, 0",
                  f"    ori     $t1, $zero, {walk}",
                  "    st.d    $t1, $t0, 8",
                  f"    ori     $t1, $zero, {self.levels_mask}",
                  "    st.d    $t1, $t0, 16",
                  "    st.d    $zero, $t0, 24")
        if walk == 2:
            self.li("$t1", self.walk_idx)
            self.emit("    st.d    $t1, $t0, 40")
        if "qemu16k" not in self.allow:        # QEMU soft-TLB flush (no architectural effect)
            self.csrwr(ASID, self.asid ^ 1)
            self.csrwr(ASID, self.asid)
        imm = 0
        insn = None
        if sub == "atomic" and kind == "load":
            sfx = {4: "w", 8: "d"}[size]
            if r.random() < 0.25:
                imm = r.randrange(-8192, 8192) * 4
                self.li("$a1", (va - imm) & M64)
                insn = f"ll.{sfx} $a0, $a1, {imm}"
            else:
                op = r.choice(["amswap", "amadd", "amand", "amor", "amxor", "ammax", "ammin"])
                if op in ("ammax", "ammin") and r.random() < 0.5:
                    sfx += "u"
                if r.random() < 0.3:
                    op += "_db"
                insn = f"{op}.{sfx} $a0, $a2, $a1"
                self.li("$a1", va)
            why += " (AM*/LL: load and store)" if insn.startswith("am") else ""
        elif sub == "bound" and kind in ("load", "store"):
            sfx = {1: "b", 2: "h", 4: "w", 8: "d"}[size]
            gt = r.random() < 0.5
            fail = r.random() < 0.3
            # GR[rk] on the same side of 2^63 as the VA: QEMU 7.2 compares unsigned
            dk = r.randrange(1, 1 << 12)
            bound = (va - dk if gt != fail else va + dk) & M64
            if (bound >> 63) != (va >> 63) or (bound ^ va) & (1 << 63):
                bound = va & M64
            self.li("$a1", va)
            self.li("$a3", bound)
            insn = (f"ld{'gt' if gt else 'le'}.{sfx} $a0, $a1, $a3" if kind == "load" else
                    f"st{'gt' if gt else 'le'}.{sfx} $a2, $a1, $a3")
        elif sub == "preld":
            self.li("$a1", va)
            insn = f"preld {r.randrange(32)}, $a1, {r.randrange(-2048, 2048)}"
        elif sub == "cacop":
            if plv in (1, 2) and "priv_plv12" not in self.allow:
                plv = 0
            self.li("$a1", va)
            insn = f"cacop {r.randrange(32):#x}, $a1, {r.randrange(-2048, 2048)}"
        elif kind in ("load", "store"):
            form = r.random()
            sfx = {1: "b", 2: "h", 4: "w", 8: "d"}[size]
            if form < 0.6:
                imm = r.randrange(-2048, 2048)
                self.li("$a1", (va - imm) & M64)
                if kind == "load":
                    op = f"ld.{sfx}" if size == 8 or r.random() < 0.5 else f"ld.{sfx}u"
                    insn = f"{op} $a0, $a1, {imm}"
                else:
                    insn = f"st.{sfx} $a2, $a1, {imm}"
            elif form < 0.8:
                off = r.randrange(-(1 << 20), 1 << 20)
                self.li("$a1", (va - off) & M64)
                self.li("$a3", off & M64)
                insn = (f"ldx.{sfx} $a0, $a1, $a3" if kind == "load" else f"stx.{sfx} $a2, $a1, $a3")
            else:
                if size < 4:
                    size = 4
                    sfx = "w"
                imm = r.randrange(-8192, 8192) * 4
                self.li("$a1", (va - imm) & M64)
                insn = (f"ldptr.{sfx} $a0, $a1, {imm}" if kind == "load" else f"stptr.{sfx} $a2, $a1, {imm}")
        elif kind == "fetch":
            imm = r.randrange(-8192, 8192) * 4
            self.li("$a1", (va - imm) & M64)
            insn = f"jirl $ra, $a1, {imm}"
        elif kind == "priv":
            if plv in (1, 2) and "priv_plv12" not in self.allow:
                kind = "none"
                why += " (privileged instruction at PLV1/2: QEMU deviation)"
            elif plv != 0:
                insn = r.choice(["csrrd $a0, 0x5", "csrwr $a0, 0x30", "tlbsrch", "tlbrd", "tlbwr",
                                 "tlbfill", "tlbclr", "tlbflush", "invtlb 0x0, $zero, $zero", "ertn",
                                 "idle 0", "lddir $a0, $a1, 1", "ldpte $a1, 0", "iocsrrd.w $a0, $a1",
                                 "cacop 0x8, $a1, 0"])
            elif "lddir_level" in self.allow and r.random() < 0.5:
                insn = f"lddir $a0, $a1, {r.choice([0, 5, 8, 255])}"
            else:
                op = r.randrange(7, 32)
                if "invtlb_lvz" in self.workaround:
                    op = r.choice([7, 0x17, 0x1f])
                insn = f"invtlb {op:#x}, $zero, $zero"
        self.li("$a2", r.randrange(1 << 64))
        self.li("$a0", 0x5A5A0000 + self.naccess)
        prmd = plv | (4 if r.random() < 0.3 else 0)
        if da:
            self.csrwr(CRMD, CRMD_DA)
        self.csrwr(PRMD, prmd)
        if self.code_entry and plv in (1, 2):
            self.write_code_entry()
        self.emit(f"    la.abs  $t0, go_{lab}")
        if plv in (1, 2) and not da:
            self.emit("    bstrpick.d $t0, $t0, 47, 0")
            self.li("$t1", ALIAS)
            self.emit("    add.d   $t0, $t0, $t1")
        self.emit("    csrwr   $t0, 0x6",
                  "    ertn",
                  f"go_{lab}:")
        if insn:
            self.emit(f"    {insn}")
        self.emit("    syscall 0",
                  f"res_{lab}:")
        if da:
            self.csrwr(CRMD, CRMD_PG)
        writes = kind == "store" or (sub == "atomic" and insn is not None
                                     and insn.startswith("am"))
        if writes and pa is not None:
            self.li("$t0", WIN | (pa & ~7))
            self.emit("    ld.d    $a0, $t0, 0",
                      "    ld.d    $s2, $t0, 8",
                      "    move    $s3, $a0",
                      "    ori     $a0, $zero, 0x4d",
                      "    bl      putc",
                      "    move    $a0, $s3",
                      "    bl      pr_hex",
                      "    move    $a0, $s2",
                      "    bl      pr_hex",
                      "    bl      pr_nl")
        mode = "DA" if da else ("PG via the code alias" if plv in (1, 2) else "PG")
        self.desc.append(f"  access {k} (go_{lab}): PLV{plv} {mode} PRMD {prmd:#x} {kind}"
                         f"{' ' + insn if insn else ''}  va {h(va) if va is not None else '-'}"
                         f"  pa {h(pa) if pa is not None else '-'}  [{why}]"
                         f"{' refill walks' if walk else ''}")
        return va

    def walk_target(self, kind, size, align):
        """A VA no TLB entry covers, whose page-table path is written now, and whose
        refill's TLBFILL lands in a region without other entries (QEMU 7.2 picks a random
        victim way/entry; lvzemu the first free one)."""
        r = self.rng
        for _ in range(12):
            va = self.rand_va(0)
            path, lvd = None, None
            # which page size will the walk produce?  Decide the path first.
            saved = (dict(self.tables), list(self.chunks), list(self.asm), list(self.desc))
            path, lvd = self.walk_path(va)
            huge = path[0] == "huge"
            ps = self.huge_ps if huge else self.ptbase
            pbase = va & ~((1 << (ps + 1)) - 1)
            ok = not self.any_overlap(pbase, 1 << (ps + 1))
            mode = 1 if r.random() < 0.6 else 2
            s = ((va & VAMASK) >> (ps + 1)) % STLB_SETS
            if ok and mode == 1:
                if ps == self.stlbps:
                    ok = s not in self.stlb_sets_used and s not in self.fill_sets
                else:
                    ok = not self.mtlb_used and not self.mtlb_filled
            elif ok:                          # a free slot outside TLBFILL's reach
                if ps == self.stlbps:
                    free = [w * STLB_SETS + s for w in range(STLB_WAYS)
                            if w * STLB_SETS + s not in self.used_index]
                    ok = s not in self.fill_sets and bool(free)
                else:
                    free = [i for i in range(STLB_N, STLB_N + MTLB_N)
                            if i not in self.used_index and i != CODE_INDEX]
                    ok = not self.mtlb_filled and bool(free)
            if not ok:
                self.tables, self.chunks, self.asm, self.desc = saved
                continue
            g = r.random() < 0.25
            half = (va >> ps) & 1
            if huge:
                slot = path[1]
                if slot in self.tables:
                    v = self.tables[slot]
                    g = bool((v >> 12) & 1)
                else:
                    if "huge_g" not in self.allow:
                        g = False
                    pair = self.sandbox_page(ps + 1, pbase)
                    v = self.pte_value(False, pair) | 1 << 6 | int(g) << 12
                    v &= ~(((1 << (ps + 1)) - 1) & ~0xFFF & ~(1 << 12))
                    self.tables[slot] = v
                    self.store64(slot, v)
                    lvd.append(f"huge@{slot:#x}={h(v)}")
                page = (v & PAMASK & ~((1 << (ps + 1)) - 1)) + (half << ps)
                lo0 = (v & ~(1 << 6) & ~(1 << 12)) | int(g) << 6
                halves = [lo0, lo0 + (1 << ps)]
            else:
                tbl = path[1]
                idx = ((va >> self.ptbase) & ((1 << self.ptwidth) - 1)) & ~1
                slots = [tbl + idx * 8, tbl + idx * 8 + 8]
                if slots[0] in self.tables:
                    g = bool((self.tables[slots[0]] >> 6) & 1)
                vals = []
                for hh in (0, 1):
                    if slots[hh] in self.tables:
                        vals.append(self.tables[slots[hh]])
                        continue
                    v = self.pte_value(g, self.sandbox_page(ps, pbase + (hh << ps)))
                    self.tables[slots[hh]] = v
                    self.store64(slots[hh], v)
                    vals.append(v)
                    lvd.append(f"pte{hh}@{slots[hh]:#x}={h(v)}")
                page = vals[half] & PAMASK & ~0xFFF
                halves = list(vals)
            m = ((1 << 14) - 1) & ~((1 << ps) - 1)
            if ps < 14 and "qemu16k" not in self.allow and (page ^ (pbase + (half << ps))) & m:
                # a PTE reused through an alias: QEMU 7.2 needs VA[13:PS] == PA[13:PS]
                self.tables, self.chunks, self.asm, self.desc = saved
                continue
            pa = self.pick_pa(page, size, ps, 4 if kind == "fetch" else align, kind == "fetch")
            if pa is None:
                self.tables, self.chunks, self.asm, self.desc = saved
                continue
            va = canon(pbase + (half << ps) + (pa - (page & ~((1 << ps) - 1))))
            e = Entry(canon(pbase), ps, self.asid, g, halves, None, canon(pbase))
            e.accessible = pa is not None
            self.entries.append(e)
            if mode == 1:
                if ps == self.stlbps:
                    self.fill_sets.add(s)
                else:
                    self.mtlb_filled = True
                self.norm = True
                self.walk_idx = 0
            else:
                e.index = r.choice(free)
                self.used_index[e.index] = e
                if ps == self.stlbps:
                    self.stlb_sets_used.add(s)
                else:
                    self.mtlb_used = True
                ne = "tlbwr_refill_ne" in self.allow and r.random() < 0.3
                self.walk_idx = e.index | r.randrange(64) << 24 | int(ne) << 31
                lvd.append(f"(refill: TLBSRCH, TLBWR at {self.walk_idx:#x})")
            self.walk_mode = mode
            return va, pa, "walk " + ("huge " if huge else "") + f"ps {ps} " + " ".join(lvd)
        return None

    # --- probes ------------------------------------------------------------------------
    def pr_line(self, tag, items):
        """items: list of (kind, csr or None) printed after the tag char."""
        self.emit(f"    ori     $a0, $zero, {ord(tag):#x}", "    bl      putc")
        for kind, csr in items:
            self.emit(f"    csrrd   $a0, {csr:#x}", f"    bl      {kind}")
        self.emit("    bl      pr_nl")

    def probes(self, accessed):
        r = self.rng
        self.asid_pr = "pr_hex32" if "tlbrd_asid" in self.allow else "pr_asid_rd"
        idxp = "pr_idx_norm" if self.norm else "pr_hex32"
        vas = [va for va in accessed if va is not None and r.random() < 0.7]
        vas += [canon(e.base + r.randrange(e.size)) for e in r.sample(self.entries, min(3, len(self.entries)))]
        vas += [self.rand_va(0) for _ in range(r.randrange(2))]
        for va in vas:
            self.csrwr(TLBEHI, canon(va & ~0x1FFF))
            self.emit("    tlbsrch")
            if r.random() < 0.5:
                self.pr_line("Q", [(idxp, TLBIDX)])
            else:            # TLBRD at the index found (skipped on a miss)
                lab = f"p{self.n}_{len(self.asm)}"
                self.emit("    csrrd   $t0, 0x10",
                          "    bstrpick.d $t0, $t0, 31, 31",
                          f"    bnez    $t0, {lab}",
                          "    tlbrd")
                self.pr_line("D", [(idxp, TLBIDX), ("pr_hex48", TLBEHI), ("pr_hex", TLBELO0),
                                   ("pr_hex", TLBELO1), (self.asid_pr, ASID)])
                self.emit(f"{lab}:")
                self.csrwr(ASID, self.asid)
        # TLBRD at chosen indexes
        idxs = [e.index for e in self.entries if e.index is not None and r.random() < 0.6]
        idxs += [r.randrange(STLB_N + MTLB_N) for _ in range(r.randrange(3))]
        for idx in idxs:
            if idx < STLB_N and idx % STLB_SETS in self.fill_sets:
                continue
            if idx >= STLB_N and self.mtlb_filled:
                continue
            self.csrwr(TLBIDX, idx | (r.randrange(64) << 24 if r.random() < 0.3 else 0))
            self.emit("    tlbrd")
            self.pr_line("D", [(idxp, TLBIDX), ("pr_hex48", TLBEHI), ("pr_hex", TLBELO0),
                               ("pr_hex", TLBELO1), (self.asid_pr, ASID)])
            self.csrwr(ASID, self.asid)

    # --- the scenario ------------------------------------------------------------------
    def generate(self):
        r = self.rng
        self.configure()
        self.emit(f"scen_{self.n}:", f"    li.d    $a0, {self.n}", "    bl      pr_scen")
        for i in (1, 2, 3):
            self.csrwr(DMW[i], self.dmw[i])
        self.csrwr(STLBPS, self.stlbps)
        self.csrwr(PWCL, self.pwcl)
        self.csrwr(PWCH, self.pwch)
        self.csrwr(PGDL, self.roots[0])
        self.csrwr(PGDH, self.roots[1])
        self.emit("    invtlb  0x0, $zero, $zero")
        # TLBIDX.Index may still hold a victim-dependent index from the last scenario
        self.csrwr(TLBIDX, r.randrange(STLB_N + MTLB_N) | r.choice(PAGE_SIZES) << 24)
        self.desc.append(f"  STLBPS {self.stlbps}  ASIDs {[hex(a) for a in self.asids]}  "
                         f"DMW1-3 {h(self.dmw[1])} {h(self.dmw[2])} {h(self.dmw[3])}")
        self.desc.append(f"  walk: PWCL {self.pwcl:#x} PWCH {self.pwch:#x} PTbase {self.ptbase} "
                         f"PTwidth {self.ptwidth} levels {self.levels} "
                         f"{ {lv: self.lay[lv] for lv in self.levels} } huge PS {self.huge_ps} "
                         f"PGDL {self.roots[0]:#x} PGDH {self.roots[1]:#x}")
        if r.random() < 0.25:
            self.add_code_entry()
        self.tlbwr_entries()
        self.tlbfill_entries()
        self.csrwr(ASID, self.asid)
        if r.random() < 0.3:
            self.invalidate("setup")
        self.desc.append(f"  ASID {self.asid:#x}")
        self.pr_line("C", [("pr_hex32", STLBPS), ("pr_hex32", ASID), ("pr_hex32", PWCL),
                           ("pr_hex32", PWCH), ("pr_hex", PGDL), ("pr_hex", PGDH),
                           ("pr_hex", DMW[1]), ("pr_hex", DMW[2]), ("pr_hex", DMW[3]),
                           ("pr_hex48", TLBEHI), ("pr_hex", TLBELO0), ("pr_hex", TLBELO1)])
        accessed = []
        for k in range(r.choice([1, 1, 2, 2, 3])):
            if k and r.random() < 0.25:
                if r.random() < 0.5:
                    self.asid = r.choice(self.asids)
                    self.csrwr(ASID, self.asid)
                    self.desc.append(f"  ASID {self.asid:#x}")
                else:
                    self.invalidate("between accesses")
            accessed.append(self.access(k))
        self.probes(accessed)
        return self.asm, self.desc


RUNTIME = r"""
/* ---- runtime (gen_priv.py) ---------------------------------------------------------- */
    .section .text.start, "ax"
    .globl _start
_start:
    li.d    $t0, {dmw0:#x}
    csrwr   $t0, 0x180
    csrwr   $zero, 0x181
    csrwr   $zero, 0x182
    csrwr   $zero, 0x183
    la.abs  $t0, eentry
    csrwr   $t0, 0xc
    la.abs  $t0, tlbr_entry
    bstrpick.d $t0, $t0, 47, 0
    csrwr   $t0, 0x88
    csrwr   $zero, 0x4
    csrwr   $zero, 0x41
    invtlb  0x0, $zero, $zero
    ori     $t0, $zero, {crmd_pg:#x}
    csrwr   $t0, 0x0
    b       scen_0

    .text
/* putc: a0 = character. Clobbers t0, t1. */
putc:
    li.d    $t0, {uart:#x}
1:  ld.bu   $t1, $t0, 5
    andi    $t1, $t1, 0x20
    beqz    $t1, 1b
    st.b    $a0, $t0, 0
    jr      $ra

/* pr_hex: ' ' then a0 in hex without leading zeros. Clobbers t0-t4. */
pr_hex:
    li.d    $t0, {uart:#x}
1:  ld.bu   $t1, $t0, 5
    andi    $t1, $t1, 0x20
    beqz    $t1, 1b
    ori     $t2, $zero, 0x20
    st.b    $t2, $t0, 0
    ori     $t3, $zero, 60
2:  beqz    $t3, 3f
    srl.d   $t1, $a0, $t3
    andi    $t1, $t1, 0xf
    bnez    $t1, 3f
    addi.d  $t3, $t3, -4
    b       2b
3:  srl.d   $t1, $a0, $t3
    andi    $t1, $t1, 0xf
    addi.d  $t2, $t1, 48
    slti    $t4, $t1, 10
    bnez    $t4, 4f
    addi.d  $t2, $t1, 87
4:  ld.bu   $t1, $t0, 5
    andi    $t1, $t1, 0x20
    beqz    $t1, 4b
    st.b    $t2, $t0, 0
    addi.d  $t3, $t3, -4
    bge     $t3, $zero, 3b
    jr      $ra

/* pr_hex32: the low 32 bits only (32-bit CSRs: the manual sign-extends, QEMU 7.2 does not). */
pr_hex32:
    bstrpick.d $a0, $a0, 31, 0
    b       pr_hex

/* pr_hex48: bits 47:0 only (TLBEHI/TLBREHI: QEMU 7.2 does not keep bits 63:48 the
   sign extension of VPPN, manual Vol. 1 §7.5.2). */
pr_hex48:
    {ehi48}
    b       pr_hex

/* pr_idx_norm: TLBIDX (low 32 bits) with Index reduced to what does not depend on the
   TLBFILL victim choice: the STLB set, or 0x800 for any MTLB entry. */
pr_idx_norm:
    bstrpick.d $t0, $a0, 11, 0
    srli.d  $t1, $t0, 11
    beqz    $t1, 1f
    ori     $t0, $zero, 0x800
    b       2f
1:  andi    $t0, $t0, 0xff
2:  bstrins.d $a0, $t0, 11, 0
    b       pr_hex32

/* pr_asid_rd: ASID after TLBRD, printed only if TLBRD found no entry (NE = 1: both
   zero it); for an entry the manual loads the entry's ASID, QEMU 7.2 leaves CSR.ASID. */
pr_asid_rd:
    csrrd   $t0, 0x10
    bstrpick.d $t0, $t0, 31, 31
    bnez    $t0, pr_hex32
    b       pr_dash

pr_dash:
    li.d    $t0, {uart:#x}
1:  ld.bu   $t1, $t0, 5
    andi    $t1, $t1, 0x20
    beqz    $t1, 1b
    ori     $t2, $zero, 0x20
    st.b    $t2, $t0, 0
2:  ld.bu   $t1, $t0, 5
    andi    $t1, $t1, 0x20
    beqz    $t1, 2b
    ori     $t2, $zero, 0x2d
    st.b    $t2, $t0, 0
    jr      $ra

pr_nl:
    li.d    $t0, {uart:#x}
1:  ld.bu   $t1, $t0, 5
    andi    $t1, $t1, 0x20
    beqz    $t1, 1b
    ori     $t2, $zero, 0x0a
    st.b    $t2, $t0, 0
    jr      $ra

/* pr_scen: the scenario header "S <n>". */
pr_scen:
    move    $s7, $ra
    move    $s6, $a0
    ori     $a0, $zero, 0x53
    bl      putc
    move    $a0, $s6
    bl      pr_hex
    bl      pr_nl
    jr      $s7

finish:
    ori     $a0, $zero, 0x45
    bl      putc
    ori     $a0, $zero, 0x4e
    bl      putc
    ori     $a0, $zero, 0x44
    bl      putc
    bl      pr_nl
    li.d    $t0, {ged:#x}
    ori     $t1, $zero, 0x34
    st.b    $t1, $t0, 0
1:  b       1b

/* General exceptions (EENTRY, ECFG.VS = 0): one E line, then back to PLV0 at the
   resume address of the current access (slots+0) through ERTN. */
    .balign 4096
eentry:
    move    $s0, $a0
    ori     $a0, $zero, 0x45
    bl      putc
    csrrd   $a0, 0x5
    bl      pr_hex32
    csrrd   $a0, 0x6
    bl      pr_hex
    csrrd   $s1, 0x5
    bstrpick.d $s1, $s1, 21, 16
    addi.d  $t0, $s1, -1
    sltui   $t0, $t0, 10              /* Ecode 1..10 (PIL..BCE): BADV written */
    beqz    $t0, 1f
    csrrd   $a0, 0x7
    bl      pr_hex
    b       2f
1:  bl      pr_dash                   /* QEMU 7.2 also writes BADV for SYS/BRK/INE/IPE */
2:  addi.d  $t0, $s1, -1
    sltui   $t0, $t0, {tlbehi_codes}               /* Ecode 1..7 (PIL..PPI): TLBEHI written, BADV canonical */
    beqz    $t0, 3f
    csrrd   $a0, 0x11
    {tlbehi_norm}
    bl      pr_hex
    csrrd   $a0, 0x1b
    bl      pr_hex
    b       4f
3:  bl      pr_dash                   /* QEMU 7.2 also writes TLBEHI for ADEF/ADEM */
    bl      pr_dash
4:  csrrd   $a0, 0x1
    bl      pr_hex32
    csrrd   $a0, 0x0
    bl      pr_hex32
    {badi}
    move    $a0, $s0
    bl      pr_hex
    bl      pr_nl
    la.abs  $t0, slots
    ld.d    $t0, $t0, 0
    csrwr   $t0, 0x6
    csrwr   $zero, 0x1
    ertn

/* TLB refill (TLBRENTRY, direct address mode): an R line; then, if slots+8 says so and
   this is the access's first refill, walk the tables (LDDIR for the levels in slots+16,
   LDPTE 0/1), print a W line, TLBFILL and return to retry; otherwise leave the access:
   ERTN to its resume address at PLV0. */
    .balign 4096
tlbr_entry:
    csrwr   $a0, 0x8b
    la.abs  $a0, slots
    st.d    $ra, $a0, 32              /* a retried jirl needs its $ra */
    ori     $a0, $zero, 0x52
    bl      putc
    csrrd   $a0, 0x89
    bl      pr_hex
    csrrd   $a0, 0x8e
    bl      pr_hex48
    csrrd   $a0, 0x8a
    bl      pr_hex
    csrrd   $a0, 0x8f
    bl      pr_hex32
    csrrd   $a0, 0x0
    bl      pr_hex32
    csrrd   $a0, 0x5
    bl      pr_hex32
    csrrd   $a0, 0x1b
    bl      pr_hex
    bl      pr_nl
    la.abs  $t5, slots
    ld.d    $t6, $t5, 8
    beqz    $t6, tlbr_abort
    ld.d    $t6, $t5, 24
    addi.d  $t7, $t6, 1
    st.d    $t7, $t5, 24
    bnez    $t6, tlbr_abort
    ld.d    $t6, $t5, 16
    csrrd   $t7, 0x1b
    andi    $t8, $t6, 8
    beqz    $t8, 1f
    lddir   $t7, $t7, 4
1:  andi    $t8, $t6, 4
    beqz    $t8, 2f
    lddir   $t7, $t7, 3
2:  andi    $t8, $t6, 2
    beqz    $t8, 3f
    lddir   $t7, $t7, 2
3:  andi    $t8, $t6, 1
    beqz    $t8, 4f
    lddir   $t7, $t7, 1
4:  ldpte   $t7, 0
    ldpte   $t7, 1
    ld.d    $t6, $t5, 8
    addi.d  $t6, $t6, -2
    ori     $t8, $zero, 2             /* W line's last field: 2 = TLBFILL follows */
    bnez    $t6, 5f
    tlbsrch                           /* IsTLBR = 1: searches for TLBREHI, which missed */
    csrrd   $t8, 0x10
    bstrpick.d $t8, $t8, 31, 31       /* TLBIDX.NE */
    ld.d    $t6, $t5, 40
    csrwr   $t6, 0x10                 /* the index the TLBWR below writes */
5:  ori     $a0, $zero, 0x57
    bl      putc
    csrrd   $a0, 0x8c
    bl      pr_hex
    csrrd   $a0, 0x8d
    bl      pr_hex
    csrrd   $a0, 0x8e
    bl      pr_hex48
    move    $a0, $t8
    bl      pr_hex
    bl      pr_nl
    ld.d    $t6, $t5, 8
    addi.d  $t6, $t6, -2
    bnez    $t6, 6f
    tlbwr                             /* IsTLBR = 1: TLBREHI, TLBRELO0/1, PS from TLBREHI */
    b       7f
6:  tlbfill
7:  ld.d    $ra, $t5, 32
    csrrd   $a0, 0x8b
    ertn
tlbr_abort:
    ld.d    $t6, $t5, 0
    ori     $t6, $t6, 1
    csrwr   $t6, 0x8a
    csrwr   $zero, 0x8f
    csrrd   $a0, 0x8b
    ertn

    .data
    .balign 8
slots:
    .quad 0, 0, 0, 0, 0, 0      /* resume address, walk (0 no, 1 TLBFILL, 2 TLBWR), LDDIR
                                   levels, refills so far, saved $ra, TLBIDX for TLBWR */

    .text
"""


def generate(seed, scenarios, allow=(), workaround=()):
    """(assembly text, listing: list of (scenario number, description lines))."""
    allow = set(allow)
    workaround = set(workaround)
    out = [f"/* gen_priv.py --seed {seed} --scenarios {scenarios}"
           + (f" --allow {','.join(sorted(allow))}" if allow else "") + " */",
           RUNTIME.format(tlbehi_codes=8 if "ade_tlbehi" in allow else 7,
                          ehi48="nop" if "ehi_high" in allow else "bstrpick.d $a0, $a0, 47, 0",
                          badi="bl      pr_dash" if "badi" in workaround else
                          "csrrd   $a0, 0x8\n    bl      pr_hex32",
                          tlbehi_norm="" if "tlbehi_page" in allow else
                          "bstrins.d $a0, $zero, 14, 13   /* QEMU 7.2: VA & ~0x7fff */",
                          dmw0=DMW0_VALUE, crmd_pg=CRMD_PG, uart=WIN | UART, ged=WIN | GED_SLEEP)]
    listing = []
    for n in range(scenarios):
        sc = Scenario(seed, n, allow, workaround)
        asm, desc = sc.generate()
        out.extend(asm)
        listing.append((n, desc))
    out.append("    b       finish")
    return "\n".join(out) + "\n", listing


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--scenarios", type=int, default=1000)
    ap.add_argument("--allow", default="", help="QEMU deviations to generate: " +
                    ", ".join(DEVIATIONS))
    ap.add_argument("--workaround", default="", help="known lvzemu bugs to steer clear of: " +
                    ", ".join(WORKAROUNDS))
    ap.add_argument("-o", "--output", default="-")
    ap.add_argument("--listing", help="write the scenario descriptions here")
    a = ap.parse_args(argv)
    allow = [x for x in a.allow.split(",") if x]
    for x in allow:
        if x not in DEVIATIONS:
            ap.error(f"unknown deviation {x!r}")
    wa = [x for x in a.workaround.split(",") if x]
    for x in wa:
        if x not in WORKAROUNDS:
            ap.error(f"unknown workaround {x!r}")
    text, listing = generate(a.seed, a.scenarios, allow, wa)
    if a.output == "-":
        sys.stdout.write(text)
    else:
        with open(a.output, "w") as fh:
            fh.write(text)
    if a.listing:
        with open(a.listing, "w") as fh:
            for n, desc in listing:
                fh.write(f"scenario {n}\n" + "\n".join(desc) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
