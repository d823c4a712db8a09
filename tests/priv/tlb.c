/* SPDX-License-Identifier: Apache-2.0
 * TLB maintenance instructions and TLB geometry (LoongArch Reference Manual Vol 1 v1.10
 * §4.2.4 TLB maintenance instructions, §5.4 page-table mapping, §7.5 TLB CSRs).
 *
 *  - PRCFG3: TLBType 2 (MTLB + STLB), the STLB ways/sets and MTLB size; index numbering:
 *    STLB first (way 0 sets 0.., way 1 ...), then MTLB.
 *  - TLBWR / TLBRD round trip of every field (VPPN, PS, ASID, G = G0 & G1 replicated on
 *    read, V, D, PLV, MAT, NR, NX, RPLV, PPN); TLBWR with TLBIDX.NE = 1 writes an empty
 *    entry; TLBRD of an empty entry: NE = 1 and TLBEHI, TLBELO0/1, TLBIDX.PS = 0.
 *  - TLBSRCH: hit (index, NE = 0) on either page of the pair, with the current ASID or a
 *    G entry; miss (NE = 1) for another ASID / another pair.
 *  - TLBFILL: TLBIDX.PS == STLBPS -> an STLB way of the VA's set; else an MTLB entry.
 *  - TLBWR into a chosen STLB way/set, translation through it.
 *  - TLBCLR / TLBFLUSH with an MTLB index (all MTLB) and an STLB index (one set).
 *  - INVTLB op 0..6, each against the same set of entries (G / ASID / VA).
 *
 * QEMU 7.2 deviations (manual-only checks): TLBRD of a valid entry does not load
 * ASID.ASID with the entry's ASID; an entry written with TLBELO0.G != TLBELO1.G keeps
 * both bits and matches as global if TLBELO0.G = 1 (the manual: G = G0 & G1, read back
 * in both); PRCFG2 reads 0 (no page size offered). */
#include "priv.h"

static unsigned stlb_n, mtlb_n, sets, ways;

static void test_geometry(void) {
    u64 p3 = csrrd(CSR_PRCFG3);
    CHECK("PRCFG3.TLBType = MTLB + STLB", p3 & 0xf, 2);
    sets = tlb_stlb_sets();
    ways = tlb_stlb_ways();
    stlb_n = tlb_stlb_entries();
    mtlb_n = tlb_mtlb_entries();
    CHECK_TRUE("STLB ways >= 1", ways >= 1, ways);
    CHECK_TRUE("STLB sets >= 1", sets >= 1, sets);
    CHECK_TRUE("MTLB entries >= 8", mtlb_n >= 8, mtlb_n);
    CHECK_TRUE("entries fit the 16-bit TLBIDX.Index", stlb_n + mtlb_n <= 65536, stlb_n + mtlb_n);
    CHECK("ASID.ASIDBITS", (csrrd(CSR_ASID) >> 16) & 0xff, 10);
    u64 p2 = csrrd(CSR_PRCFG2);
    if (MANUAL_ONLY("PRCFG2 page sizes (QEMU 7.2 reads 0)")) {
        CHECK_TRUE("PRCFG2 offers 4 KiB pages", (p2 >> 12) & 1, p2);
        CHECK_TRUE("PRCFG2 offers 16 KiB pages", (p2 >> 14) & 1, p2);
    }
}

/* set of the STLB for va at page size ps: VA[ps + log2(sets) : ps + 1] */
static unsigned stlb_set(u64 va, unsigned ps) { return (unsigned)((va >> (ps + 1)) & (sets - 1)); }

static const u64 A = 0x0000001234560000ULL, B = 0x0000001234800000ULL, C = 0x00000012346a0000ULL;

static void test_wr_rd(void) {
    u64 m = stlb_n;                                    /* first MTLB index */
    u64 lo0 = 0x0000000012345000ULL | PTE_V | PTE_D | PTE_PLV(3) | PTE_MAT(1) | PTE_NX | PTE_RPLV;
    u64 lo1 = 0x0000000054321000ULL | PTE_V | PTE_PLV(2) | PTE_MAT(2) | PTE_NR;
    set_asid(0x2a5);
    tlb_write(m + 1, A, 12, lo0, lo1);
    set_asid(0);
    struct tlb_entry e = tlb_read(m + 1);
    CHECK("TLBRD: TLBIDX.NE = 0", TLBIDX_NE_OF(e.idx), 0);
    CHECK("TLBRD: TLBIDX.PS", (e.idx >> 24) & 0x3f, 12);
    CHECK("TLBRD: TLBIDX.Index unchanged", e.idx & 0xffff, m + 1);
    CHECK("TLBRD: TLBEHI = VPPN", e.ehi, A);
    CHECK("TLBRD: TLBELO0 (V D PLV3 MAT1 NX RPLV)", e.lo0, lo0);
    CHECK("TLBRD: TLBELO1 (V PLV2 MAT2 NR)", e.lo1, lo1);
    if (MANUAL_ONLY("TLBRD loads ASID.ASID"))
        CHECK("TLBRD: ASID.ASID = the entry's ASID", e.asid, 0x2a5);
    /* G only if both halves have G; replicated into both on read */
    set_asid(7);
    tlb_write(m + 2, B, 14, PTE_V | PTE_G, PTE_V);
    tlb_write(m + 3, C, 21, PTE_V | PTE_G, PTE_V | PTE_G);
    e = tlb_read(m + 2);
    if (MANUAL_ONLY("entry G = TLBELO0.G & TLBELO1.G (QEMU 7.2 keeps both, matches on G0)")) {
        CHECK("G0=1, G1=0: entry G = 0 (TLBELO0.G)", (e.lo0 >> 6) & 1, 0);
        CHECK("G0=1, G1=0: TLBELO1.G", (e.lo1 >> 6) & 1, 0);
        set_asid(8);
        CHECK("G0=1, G1=0: not global, TLBSRCH with another ASID misses", TLBIDX_NE_OF(tlb_search(B)), 1);
        set_asid(7);
        CHECK("G0=1, G1=0: TLBSRCH with its ASID hits", TLBIDX_NE_OF(tlb_search(B)), 0);
    }
    CHECK("PS 14 read back", (e.idx >> 24) & 0x3f, 14);
    e = tlb_read(m + 3);
    CHECK("G0=G1=1: TLBELO0.G", (e.lo0 >> 6) & 1, 1);
    CHECK("G0=G1=1: TLBELO1.G", (e.lo1 >> 6) & 1, 1);
    CHECK("PS 21 read back", (e.idx >> 24) & 0x3f, 21);
    /* NE = 1 writes an empty entry; reading it clears TLBEHI / TLBELO / PS */
    csrwr(CSR_TLBEHI, A);
    csrwr(CSR_TLBELO0, lo0);
    csrwr(CSR_TLBELO1, lo1);
    csrwr(CSR_TLBIDX, (m + 1) | TLBIDX_PS(12) | TLBIDX_NE);
    tlbwr();
    csrwr(CSR_TLBIDX, (m + 1) | TLBIDX_PS(12));        /* NE = 0, PS = 12 before TLBRD */
    tlbrd();
    CHECK("TLBWR with NE=1, TLBRD: NE", TLBIDX_NE_OF(csrrd(CSR_TLBIDX)), 1);
    CHECK("TLBRD empty: TLBIDX.PS = 0", (csrrd(CSR_TLBIDX) >> 24) & 0x3f, 0);
    CHECK("TLBRD empty: TLBEHI = 0", csrrd(CSR_TLBEHI), 0);
    CHECK("TLBRD empty: TLBELO0 = 0", csrrd(CSR_TLBELO0), 0);
    CHECK("TLBRD empty: TLBELO1 = 0", csrrd(CSR_TLBELO1), 0);
    CHECK("TLBRD empty: Index unchanged", csrrd(CSR_TLBIDX) & 0xffff, m + 1);
    set_asid(0);
    invtlb(0, 0, 0);
}

static void test_search(void) {
    u64 m = stlb_n, r;
    set_asid(5);
    tlb_write(m + 4, A, 12, PTE_V, PTE_V);             /* ASID 5, pair A .. A + 8K */
    set_asid(6);
    tlb_write(m + 9, B, 21, PTE_V | PTE_G, PTE_V | PTE_G);   /* global, 2M pages */
    set_asid(5);
    r = tlb_search(A);
    CHECK("TLBSRCH even page: NE", TLBIDX_NE_OF(r), 0);
    CHECK("TLBSRCH even page: Index", r & 0xffff, m + 4);
    r = tlb_search(A + 0x1000);
    CHECK("TLBSRCH odd page: Index", r & 0xffff, m + 4);
    CHECK("TLBSRCH odd page: NE", TLBIDX_NE_OF(r), 0);
    r = tlb_search(A + 0x2000);
    CHECK("TLBSRCH next pair: miss (NE)", TLBIDX_NE_OF(r), 1);
    set_asid(4);
    r = tlb_search(A);
    CHECK("TLBSRCH other ASID: miss (NE)", TLBIDX_NE_OF(r), 1);
    r = tlb_search(B + 0x3ff000);                      /* odd 2M page, G: any ASID */
    CHECK("TLBSRCH G entry, other ASID, odd 2M page: NE", TLBIDX_NE_OF(r), 0);
    CHECK("TLBSRCH G entry: Index", r & 0xffff, m + 9);
    r = tlb_search(B + 0x400000);
    CHECK("TLBSRCH past the 4M pair: miss", TLBIDX_NE_OF(r), 1);
    set_asid(0);
    invtlb(0, 0, 0);
}

static volatile u64 page16k[2][2048] __attribute__((aligned(32768)));

static void test_fill_stlb(void) {
    u64 r;
    const u64 V = 0x0000002000000000ULL;
    csrwr(CSR_STLBPS, 14);
    CHECK("STLBPS reads back 14", csrrd(CSR_STLBPS) & 0x3f, 14);
    set_asid(1);
    /* PS == STLBPS: STLB, in the VA's set */
    for (int i = 0; i < 3; ++i) {
        u64 va = V + (u64)i * 0x8000 * 37;
        tlb_fill(va, 14, PTE_V, PTE_V);
        r = tlb_search(va);
        CHECK("TLBFILL PS=STLBPS: found", TLBIDX_NE_OF(r), 0);
        CHECK_TRUE("TLBFILL PS=STLBPS: index in the STLB", (r & 0xffff) < stlb_n, r & 0xffff);
        CHECK("TLBFILL PS=STLBPS: index is in the VA's set", (r & 0xffff) % sets, stlb_set(va, 14));
    }
    /* PS != STLBPS: MTLB */
    tlb_fill(V + 0x40000000, 12, PTE_V, PTE_V);
    r = tlb_search(V + 0x40000000);
    CHECK("TLBFILL PS=12 != STLBPS: found", TLBIDX_NE_OF(r), 0);
    CHECK_TRUE("TLBFILL PS!=STLBPS: index in the MTLB", (r & 0xffff) >= stlb_n && (r & 0xffff) < stlb_n + mtlb_n, r & 0xffff);
    /* TLBWR into a chosen STLB way and set, then translate through it */
    const u64 W = 0x0000002100000000ULL;
    unsigned set = stlb_set(W, 14), way = ways - 1;
    u64 idx = (u64)way * sets + set;
    page16k[0][3] = 0x5157;
    page16k[1][5] = 0x5158;
    tlb_write(idx, W, 14, PA(page16k[0]) | PTE_V | PTE_D | PTE_MAT(1), PA(page16k[1]) | PTE_V | PTE_D | PTE_MAT(1));
    r = tlb_search(W + 0x4000);
    CHECK("TLBWR to STLB way/set: TLBSRCH index", r & 0xffff, idx);
    rt_paging_on();
    u64 v0 = *(volatile u64*)(W + 3 * 8);
    u64 v1 = *(volatile u64*)(W + 0x4000 + 5 * 8);
    rt_paging_off();
    CHECK("STLB 16K mapping: even page", v0, 0x5157);
    CHECK("STLB 16K mapping: odd page", v1, 0x5158);
    set_asid(0);
    invtlb(0, 0, 0);
}

/* entries for the TLBCLR / TLBFLUSH / INVTLB tests (all MTLB except s0) */
static const u64 D = 0x0000001240000000ULL;
static u64 e_idx[7];
static void setup_entries(void) {
    u64 m = stlb_n;
    invtlb(0, 0, 0);
    csrwr(CSR_STLBPS, 14);
    set_asid(1); tlb_write(e_idx[0] = m + 0, A, 12, PTE_V, PTE_V);                 /* G0 ASID1 A */
    set_asid(2); tlb_write(e_idx[1] = m + 1, A, 12, PTE_V, PTE_V);                 /* G0 ASID2 A */
    set_asid(3); tlb_write(e_idx[2] = m + 2, A, 12, PTE_V | PTE_G, PTE_V | PTE_G); /* G1 A */
    set_asid(1); tlb_write(e_idx[3] = m + 3, B, 21, PTE_V, PTE_V);                 /* G0 ASID1 B */
    set_asid(1); tlb_write(e_idx[4] = m + 4, C, 12, PTE_V | PTE_G, PTE_V | PTE_G); /* G1 C */
    set_asid(2); tlb_write(e_idx[5] = m + 5, C + 0x2000, 12, PTE_V, PTE_V);        /* G0 ASID2 C+8K */
    /* STLB: G0 ASID1 D, way 0 */
    set_asid(1); tlb_write(e_idx[6] = stlb_set(D, 14), D, 14, PTE_V, PTE_V);
    set_asid(1);
}
/* bit i set = entry i still present */
static u64 present(void) {
    u64 asid = csrrd(CSR_ASID), bits = 0;
    for (int i = 0; i < 7; ++i) bits |= (u64)!TLBIDX_NE_OF(tlb_read(e_idx[i]).idx) << i;
    csrwr(CSR_ASID, asid);                             /* TLBRD may change ASID */
    return bits;
}

static void test_invalidate(void) {
    setup_entries();
    CHECK("all 7 entries present", present(), 0x7f);
    /* TLBCLR, MTLB index: G=0 and ASID = CSR.ASID (1) in the whole MTLB */
    csrwr(CSR_TLBIDX, stlb_n + 7);
    tlbclr();
    CHECK("TLBCLR (MTLB index, ASID 1): G0/ASID1 MTLB entries gone", present(), 0x76);
    setup_entries();
    /* TLBCLR, STLB index of another set: nothing; of D's set: s0 */
    csrwr(CSR_TLBIDX, (e_idx[6] + 1) % sets);
    tlbclr();
    CHECK("TLBCLR (another STLB set): nothing", present(), 0x7f);
    csrwr(CSR_TLBIDX, e_idx[6] + (u64)(ways - 1) * sets);   /* same set, another way */
    tlbclr();
    CHECK("TLBCLR (D's STLB set): s0 gone", present(), 0x3f);
    setup_entries();
    set_asid(2);
    csrwr(CSR_TLBIDX, stlb_n);
    tlbclr();
    CHECK("TLBCLR (MTLB, ASID 2)", present(), 0x5d);
    setup_entries();
    csrwr(CSR_TLBIDX, stlb_n + mtlb_n - 1);
    tlbflush();
    CHECK("TLBFLUSH (MTLB index): every MTLB entry gone", present(), 0x40);
    setup_entries();
    csrwr(CSR_TLBIDX, e_idx[6]);
    tlbflush();
    CHECK("TLBFLUSH (STLB set of D): s0 gone only", present(), 0x3f);

    /* INVTLB: rj = ASID 1, rk = A + 0x1800 (odd page of A's pair) */
    static const struct { const char* n; u64 survivors; } want[7] = {
        {"INVTLB op 0: all", 0x00},
        {"INVTLB op 1: all", 0x00},
        {"INVTLB op 2: G=1", 0x6b},
        {"INVTLB op 3: G=0", 0x14},
        {"INVTLB op 4: G=0, ASID 1", 0x36},
        {"INVTLB op 5: G=0, ASID 1, VA A", 0x7e},
        {"INVTLB op 6: (G=1 or ASID 1), VA A", 0x7a},
    };
    const u64 asid = 1, va = A + 0x1800;
    for (int op = 0; op < 7; ++op) {
        setup_entries();
        set_asid(3);                                   /* CSR.ASID must not matter */
        switch (op) {
        case 0: invtlb(0, asid, va); break;
        case 1: invtlb(1, asid, va); break;
        case 2: invtlb(2, asid, va); break;
        case 3: invtlb(3, asid, va); break;
        case 4: invtlb(4, asid, va); break;
        case 5: invtlb(5, asid, va); break;
        case 6: invtlb(6, asid, va); break;
        }
        CHECK(want[op].n, present(), want[op].survivors);
    }
    /* op 5 / 6 match by the entry's page size: any VA in B's 4 MiB pair */
    setup_entries();
    invtlb(5, 1, B + 0x3ffff8);
    CHECK("INVTLB op 5: VA in the odd 2M page of B", present(), 0x77);
    setup_entries();
    invtlb(6, 2, C + 0x2000);
    CHECK("INVTLB op 6: ASID 2 entry at C+8K (and not the G entry at C)", present(), 0x5f);
    setup_entries();
    invtlb(6, 2, C + 0x1000);
    CHECK("INVTLB op 6: G entry at C (any ASID)", present(), 0x6f);
    set_asid(0);
    invtlb(0, 0, 0);
}

int main(void) {
    test_geometry();
    test_wr_rd();
    test_search();
    test_fill_stlb();
    test_invalidate();
    return rt_done("tlb");
}
