/* SPDX-License-Identifier: Apache-2.0
 * Software page walk with LDDIR / LDPTE in the TLB refill handler (LoongArch Reference
 * Manual Vol 1 v1.10 §4.2.5 LDDIR/LDPTE, §5.4.5 multi-level page tables, §7.5.6-9
 * PGDL/PGDH/PGD/PWCL/PWCH).
 *
 * Two layouts, each walked by a Linux-style refill handler (csrrd PGD; lddir ...; ldpte
 * 0; ldpte 1; tlbfill; ertn):
 *   A: 16 KiB pages, 3 levels like Linux (PWCL: PT 14/11, Dir1 25/11, no Dir2; PWCH:
 *      Dir3 36/11; handler: lddir 3, lddir 1), a 32 MiB huge page in a Dir1 slot
 *      (LDPTE splits it into two 16 MiB halves), the high half through PGDH;
 *   B: 4 KiB pages, 4 levels (PWCL: PT 12/9, Dir1 21/9, Dir2 30/9; PWCH: Dir3 39/9;
 *      handler: lddir 3, 2, 1), a 2 MiB huge page in a Dir1 slot.
 * Checks: the loaded values, one refill per page pair, TLBRD of the filled entries (PS,
 * PPN of both halves, V/D/PLV/MAT/G), a PTE with V = 0 (refill, then PIL), and LDDIR /
 * LDPTE run outside a refill (they use TLBRBADV): LDDIR with a huge entry returns it,
 * LDPTE writes TLBRELO0/1 and TLBREHI.PS. A C refill hook checks that PGD reads PGDL or
 * PGDH by TLBRBADV bit 47.
 *
 * QEMU 7.2 deviations (manual-only checks): LDDIR/LDPTE mask the loaded entries to the
 * 48 PA bits, so NR/NX/RPLV (bits 61-63) never reach the TLB; the P and W bits (7, 8)
 * are copied into TLBRELO / the TLB (TLBELO bits 11:7 are R0 in the manual); in a huge
 * PTE the G bit (12) is moved to bit 6 but also left in the PPN, so a global huge page
 * maps 4 KiB off; LDPTE sizes a huge page by PTbase + PTwidth - 1 whatever directory
 * level it came from (wrong for a Dir2 huge page). QEMU 7.2 also maps 4 KiB pages
 * through 16 KiB host pages (see mmu.c): layout B maps VA to PA linearly, and the
 * number of refills for 4 KiB pairs (QEMU takes one per 16 KiB) is manual-only. */
#include "priv.h"

#define PWCL(ptb, ptw, d1b, d1w, d2b, d2w) \
    ((u64)(ptb) | (u64)(ptw) << 5 | (u64)(d1b) << 10 | (u64)(d1w) << 15 | (u64)(d2b) << 20 | (u64)(d2w) << 25)
#define PWCH(d3b, d3w, d4b, d4w) ((u64)(d3b) | (u64)(d3w) << 6 | (u64)(d4b) << 12 | (u64)(d4w) << 18)
#define PTE_P (1ULL << 7)
#define PTE_W (1ULL << 8)
#define PTE_H (1ULL << 6)
#define HUGE_G (1ULL << 12)

/* Linux-style handlers; walk_count counts refills */
volatile u64 walk_count;
#define WALK_HANDLER(name, lddirs)                                                    \
    ".pushsection .text." #name ", \"ax\"\n.balign 4096\n.globl " #name "\n" #name ":\n" \
    "  csrwr $t0, 0x8b\n  csrwr $t1, 0x33\n"                                          \
    "  la.abs $t0, walk_count\n  ld.d $t1, $t0, 0\n  addi.d $t1, $t1, 1\n  st.d $t1, $t0, 0\n" \
    "  csrrd $t0, 0x1b\n" lddirs                                                      \
    "  ldpte $t0, 0\n  ldpte $t0, 1\n  tlbfill\n"                                     \
    "  csrrd $t1, 0x33\n  csrrd $t0, 0x8b\n  ertn\n.popsection\n"
__asm__(WALK_HANDLER(walk3, "  lddir $t0, $t0, 3\n  lddir $t0, $t0, 1\n"));
__asm__(WALK_HANDLER(walk4, "  lddir $t0, $t0, 3\n  lddir $t0, $t0, 2\n  lddir $t0, $t0, 1\n"));
extern char walk3[], walk4[];

/* page-table pool: 16 KiB-aligned tables (a 4 KiB-page table uses the first 4 KiB) */
static volatile u64 pool[24][2048] __attribute__((aligned(16384)));
static int npool;
static volatile u64* new_table(void) { return pool[npool++]; }
static volatile u64* zero_table;                       /* all entries 0 (invalid PTEs) */
/* data: 8 x 16 KiB */
static volatile u64 data[8][2048] __attribute__((aligned(16384)));

static void fill_dir(volatile u64* t, unsigned n, volatile u64* next) {
    for (unsigned i = 0; i < n; ++i) t[i] = PA(next);
}

static void set_tlbrentry(char* h) { csrwr(CSR_TLBRENTRY, PA(h)); }

static const u64 PTEF = PTE_V | PTE_D | PTE_MAT(1) | PTE_P | PTE_W;   /* PLV0, G = 0 */

static void check_entry(const char* n, u64 va, unsigned ps, u64 pa_even, u64 pa_odd, u64 flags) {
    u64 r = tlb_search(va);
    CHECK(rt_cat(n, "filled entry found"), TLBIDX_NE_OF(r), 0);
    struct tlb_entry e = tlb_read(r & 0xffff);
    CHECK(rt_cat(n, "entry PS"), (e.idx >> 24) & 0x3f, ps);
    CHECK(rt_cat(n, "even PPN"), (e.lo0 & PA_MASK) >> ps, pa_even >> ps);
    CHECK(rt_cat(n, "odd PPN"), (e.lo1 & PA_MASK) >> ps, pa_odd >> ps);
    CHECK(rt_cat(n, "even V D PLV MAT G"), e.lo0 & 0x7f, flags & 0x7f);
    if (MANUAL_ONLY("P/W bits not in TLBELO (bits 11:7 read 0)"))
        CHECK(rt_cat(n, "TLBELO0 bits 11:7"), e.lo0 & 0xf80, 0);
}

/* --- layout A: 16 KiB pages, 3 levels ------------------------------------------------------ */
static void layout_a(void) {
    const u64 VA = 0x0000001000000000ULL;              /* Dir3 (top) index 1 */
    const u64 VH = VA + (2ULL << 25);                  /* Dir1 index 2: huge page */
    const u64 VHI = 0xffffff0000000000ULL;             /* high half */
    npool = 0;
    zero_table = new_table();
    volatile u64 *pgd = new_table(), *pgdh = new_table(), *d1 = new_table(), *d1h = new_table();
    volatile u64 *pt0 = new_table(), *pt1 = new_table(), *zdir = new_table();
    for (int i = 0; i < 2048; ++i) zero_table[i] = 0;
    fill_dir(zdir, 2048, zero_table);
    fill_dir(pgd, 2048, zdir);
    fill_dir(pgdh, 2048, zdir);
    fill_dir(d1, 2048, zero_table);
    fill_dir(d1h, 2048, zero_table);
    for (int i = 0; i < 2048; ++i) pt0[i] = pt1[i] = 0;
    pgd[1] = PA(d1);
    d1[0] = PA(pt0);
    d1[1] = PA(pt1);
    pt0[0] = PA(data[0]) | PTEF;                       /* pair 0: data 0, 1 */
    pt0[1] = PA(data[1]) | PTEF;
    pt0[2] = PA(data[2]) | PTEF;                       /* pair 1: data 2, (3 invalid) */
    pt0[3] = 0;
    pt1[5] = PA(data[4]) | PTEF | PTE_PLV(3);          /* Dir1 1, odd page 5 */
    pt1[4] = PA(data[5]) | PTEF;
    d1[2] = 0 | PTE_H | PTE_V | PTE_D | PTE_MAT(1) | PTE_P | PTE_W;   /* 32 MiB at PA 0 */
    pgdh[(VHI >> 36) & 0x7ff] = PA(d1h);
    d1h[(VHI >> 25) & 0x7ff] = PA(pt0);                /* high VA -> pt0 as well */
    for (int i = 0; i < 8; ++i) data[i][1] = 0xa00 + i;
    volatile u64* hi16m = (volatile u64*)(0x9000000001000000ULL + 0x1000);  /* PA 16M + 4K */
    *hi16m = 0x16160000;

    csrwr(CSR_PWCL, PWCL(14, 11, 25, 11, 0, 0));
    csrwr(CSR_PWCH, PWCH(36, 11, 0, 0));
    CHECK("A: PWCL reads back", csrrd(CSR_PWCL), PWCL(14, 11, 25, 11, 0, 0));
    CHECK("A: PWCH reads back", csrrd(CSR_PWCH), PWCH(36, 11, 0, 0));
    csrwr(CSR_PGDL, PA(pgd));
    csrwr(CSR_PGDH, PA(pgdh));
    CHECK("A: PGDL reads back", csrrd(CSR_PGDL), PA(pgd));
    CHECK("A: PGDH reads back", csrrd(CSR_PGDH), PA(pgdh));
    csrwr(CSR_STLBPS, 14);
    set_tlbrentry(walk3);
    invtlb(0, 0, 0);
    walk_count = 0;
    rt_trap_clear();

    /* TLBFILL picks the way / entry: check each filled entry before the next refill */
    rt_paging_on();
    u64 a0 = *(volatile u64*)(VA + 8);
    u64 a1 = *(volatile u64*)(VA + 0x4000 + 8);
    check_entry("A pair 0:", VA, 14, PA(data[0]), PA(data[1]), PTE_V | PTE_D | PTE_MAT(1));
    u64 a2 = *(volatile u64*)(VA + 0x8000 + 8);
    u64 c0 = walk_count;
    u64 a3 = *(volatile u64*)(VA + 0x8000 + 0x4000 + 8);   /* V = 0: refill, then PIL */
    u64 c1 = walk_count;
    u64 b5 = *(volatile u64*)(VA + (1ULL << 25) + 5 * 0x4000 + 8);
    u64 b4 = *(volatile u64*)(VA + (1ULL << 25) + 4 * 0x4000 + 8);
    check_entry("A Dir1 1:", VA + (1ULL << 25) + 5 * 0x4000, 14, PA(data[5]), PA(data[4]), PTE_V | PTE_D | PTE_MAT(1));
    u64 h0 = *(volatile u64*)(VH + PA(&data[6][1]));
    u64 h1 = *(volatile u64*)(VH + 0x1000000 + 0x1000);
    check_entry("A huge:", VH, 24, 0, 0x1000000, PTE_V | PTE_D | PTE_MAT(1));
    u64 c2 = walk_count;
    u64 x0 = *(volatile u64*)(VHI + 8);
    u64 x1 = *(volatile u64*)(VHI + 0x4000 + 8);
    check_entry("A high:", VHI, 14, PA(data[0]), PA(data[1]), PTE_V | PTE_D | PTE_MAT(1));
    u64 c3 = walk_count;
    rt_paging_off();
    (void)a3;
    CHECK("A: even page of pair 0", a0, 0xa00);
    CHECK("A: odd page of pair 0", a1, 0xa01);
    CHECK("A: pair 1", a2, 0xa02);
    CHECK("A: two refills for two pairs", c0, 2);
    CHECK("A: V=0 PTE: refill filled it (no second refill)", c1, 2);
    CHECK("A: V=0 PTE: then PIL", rt_t.code, EC_PIL);
    CHECK("A: V=0 PTE: PIL once", rt_t.count, 1);
    CHECK("A: Dir1 entry 1, odd page", b5, 0xa04);
    CHECK("A: Dir1 entry 1, even page (filled with the odd one)", b4, 0xa05);
    CHECK("A: huge page, even 16M half", h0, 0xa06);
    CHECK("A: huge page, odd 16M half", h1, 0x16160000);
    CHECK("A: refills after the huge page", c2, 4);
    CHECK("A: high half (PGDH)", x0, 0xa00);
    CHECK("A: high half odd page", x1, 0xa01);
    CHECK("A: refills after the high half", c3, 5);

    /* LDDIR / LDPTE outside a refill: they use TLBRBADV */
    u64 r;
    csrwr(CSR_TLBRBADV, VA + (1ULL << 25) + 5 * 0x4000);
    __asm__ volatile("lddir %0, %1, 3" : "=r"(r) : "r"(PA(pgd)) : "memory");
    CHECK("LDDIR level 3 (Dir3 slot 1)", r, PA(d1));
    __asm__ volatile("lddir %0, %1, 1" : "=r"(r) : "r"(PA(d1)) : "memory");
    CHECK("LDDIR level 1 (Dir1 slot 1)", r, PA(pt1));
    u64 huge = 0x2000000 | PTE_H | PTE_V;
    __asm__ volatile("lddir %0, %1, 1" : "=r"(r) : "r"(huge) : "memory");
    /* rd = rj; bits 20:13 (below any huge page's PA) are excluded: an implementation
     * may record the directory level there for LDPTE (QEMU 8+ and lvzemu use 14:13) */
    CHECK("LDDIR with a huge entry (bit 6) returns it (but bits 20:13)", r & ~0x1fe000ULL, huge);
    csrwr(CSR_TLBREHI, 0);
    __asm__ volatile("ldpte %0, 0\n\tldpte %0, 1" : : "r"(PA(pt1)) : "memory");
    CHECK("LDPTE 0: TLBRELO0 = the even PTE (PA, V D MAT)", csrrd(CSR_TLBRELO0) & 0xffffffffff07fULL, (PA(data[5]) | PTE_V | PTE_D | PTE_MAT(1)) & 0xffffffffff07fULL);
    CHECK("LDPTE 1: TLBRELO1 = the odd PTE", csrrd(CSR_TLBRELO1) & 0xffffffffff07fULL, (PA(data[4]) | PTE_V | PTE_D | PTE_MAT(1) | PTE_PLV(3)) & 0xffffffffff07fULL);
    CHECK("LDPTE: TLBREHI.PS = PTbase", csrrd(CSR_TLBREHI) & 0x3f, 14);
    if (MANUAL_ONLY("LDPTE drops P/W")) CHECK("LDPTE: TLBRELO0 bits 11:7", csrrd(CSR_TLBRELO0) & 0xf80, 0);

    if (MANUAL_ONLY("NR/NX/RPLV from a PTE (QEMU masks PTEs to 48 bits)")) {
        pt0[8] = PA(data[7]) | PTEF | PTE_NR;
        pt0[9] = PA(data[7]) | PTEF | PTE_NX | PTE_RPLV;
        rt_trap_clear();
        rt_paging_on();
        (void)*(volatile u64*)(VA + 4 * 0x8000);
        rt_paging_off();
        CHECK("PTE NR: PNR", rt_t.code, EC_PNR);
        struct tlb_entry e = tlb_read(tlb_search(VA + 4 * 0x8000) & 0xffff);
        CHECK("PTE NR reached TLBELO0", e.lo0 >> 61, 1);
        CHECK("PTE NX RPLV reached TLBELO1", e.lo1 >> 61, 6);
    }
    if (MANUAL_ONLY("global huge PTE (QEMU leaves G in the PPN)")) {
        d1[3] = 0 | PTE_H | HUGE_G | PTE_V | PTE_D | PTE_MAT(1);
        rt_paging_on();
        u64 g = *(volatile u64*)(VA + (3ULL << 25) + PA(&data[6][1]));
        rt_paging_off();
        CHECK("global huge page: value", g, 0xa06);
        struct tlb_entry e = tlb_read(tlb_search(VA + (3ULL << 25)) & 0xffff);
        CHECK("global huge page: entry G", (e.lo0 >> 6) & 1, 1);
        CHECK("global huge page: PPN has no bit 12", (e.lo0 >> 12) & 1, 0);
    }
    invtlb(0, 0, 0);
}

/* --- layout B: 4 KiB pages, 4 levels (PWCH Dir3) ----------------------------------------- */
static void layout_b(void) {
    const u64 VB = 0x0000018000000000ULL;              /* Dir3 index 3 */
    const u64 VBH = VB + (5ULL << 21);                 /* Dir1 index 5: 2 MiB huge page */
    npool = 0;
    zero_table = new_table();
    /* PGD[VA 47:39] -> t2[VA 38:30] -> t1[VA 29:21] -> pt[VA 20:12] */
    volatile u64 *pgd = new_table(), *t2 = new_table(), *t1 = new_table(), *pt = new_table();
    volatile u64 *z1 = new_table(), *z2 = new_table();
    for (int i = 0; i < 512; ++i) zero_table[i] = pt[i] = 0;
    fill_dir(z1, 512, zero_table);
    fill_dir(z2, 512, z1);
    fill_dir(pgd, 512, z2);
    fill_dir(t2, 512, z1);
    fill_dir(t1, 512, zero_table);
    pgd[(VB >> 39) & 0x1ff] = PA(t2);
    t2[(VB >> 30) & 0x1ff] = PA(t1);
    t1[(VB >> 21) & 0x1ff] = PA(pt);
    /* VA page k -> PA data + k * 4K (linear: see the header) */
    for (int k = 0; k < 8; ++k) pt[k] = (PA(data[0]) + (u64)k * 4096) | PTEF;
    for (int k = 0; k < 8; ++k) data[k / 4][(k % 4) * 512 + 2] = 0xb00 + (u64)k;
    t1[5] = 0x200000 | PTE_H | PTE_V | PTE_D | PTE_MAT(1);   /* 2 MiB at PA 2M */

    csrwr(CSR_PWCL, PWCL(12, 9, 21, 9, 30, 9));
    csrwr(CSR_PWCH, PWCH(39, 9, 0, 0));
    CHECK("B: PWCH reads back", csrrd(CSR_PWCH), PWCH(39, 9, 0, 0));
    csrwr(CSR_PGDL, PA(pgd));
    csrwr(CSR_STLBPS, 12);
    set_tlbrentry(walk4);
    invtlb(0, 0, 0);
    walk_count = 0;
    static volatile u64 mark;
    mark = 0xb2b2;
    CHECK_TRUE("B: marker inside the 2 MiB huge page at PA 2M", PA(&mark) >= 0x200000 && PA(&mark) < 0x400000, PA(&mark));
    rt_paging_on();
    u64 v[8];
    v[0] = *(volatile u64*)(VB + 16);
    check_entry("B page 0:", VB, 12, PA(data[0]), PA(data[0]) + 4096, PTE_V | PTE_D | PTE_MAT(1));
    for (int k = 1; k < 8; ++k) {
        v[k] = *(volatile u64*)(VB + (u64)k * 4096 + 16);
        if (k == 2 && MANUAL_ONLY("a refill for each 4 KiB pair (QEMU 7.2 caches 16 KiB)"))
            check_entry("B page 2:", VB + 2 * 4096, 12, PA(data[0]) + 2 * 4096, PA(data[0]) + 3 * 4096, PTE_V | PTE_D | PTE_MAT(1));
    }
    u64 c0 = walk_count;
    u64 h = *(volatile u64*)(VBH + (PA(&mark) - 0x200000));
    check_entry("B huge:", VBH, 20, 0x200000, 0x300000, PTE_V | PTE_D | PTE_MAT(1));
    u64 c1 = walk_count;
    rt_paging_off();
    for (int k = 0; k < 8; ++k) CHECK("B: 4K page k", v[k], 0xb00 + (u64)k);
    if (MANUAL_ONLY("a refill for each 4 KiB pair (QEMU 7.2 caches 16 KiB)"))
        CHECK("B: 4 refills for 8 pages", c0, 4);
    CHECK("B: 2M huge page", h, 0xb2b2);
    CHECK("B: 1 refill for the huge page", c1 - c0, 1);

    if (MANUAL_ONLY("Dir2 huge page halves (QEMU sizes them from PTbase/PTwidth)")) {
        t2[((VB >> 30) & 0x1ff) + 1] = 0 | PTE_H | PTE_V | PTE_D | PTE_MAT(1);   /* 1 GiB at PA 0 */
        rt_paging_on();
        u64 g = *(volatile u64*)(VB + (1ULL << 30) + PA(&mark));
        check_entry("B Dir2 huge:", VB + (1ULL << 30), 29, 0, 0x20000000, PTE_V | PTE_D | PTE_MAT(1));
        rt_paging_off();
        CHECK("B: Dir2 huge page value", g, 0xb2b2);
    }
    invtlb(0, 0, 0);
}

/* a C refill hook: PGD selects PGDL / PGDH by TLBRBADV bit 47 */
static volatile u64 pgd_seen, pgd_n;
static int pgd_hook(struct rt_frame* f) {
    (void)f;
    pgd_seen = csrrd(CSR_PGD);
    pgd_n++;
    tlbr_fill(14, PTE_V | PTE_MAT(1), PTE_V | PTE_MAT(1));   /* map to PA 0, read-only */
    return 1;
}

static void test_pgd(void) {
    csrwr(CSR_PGDL, 0x111000);
    csrwr(CSR_PGDH, 0x222000);
    csrwr(CSR_STLBPS, 14);
    set_tlbrentry(rt_tlbr_entry);
    rt_tlbr_hook = pgd_hook;
    invtlb(0, 0, 0);
    rt_paging_on();
    (void)*(volatile u64*)0x0000000100000000ULL;
    u64 lo = pgd_seen;
    (void)*(volatile u64*)0xffff900000000000ULL;
    u64 hi = pgd_seen;
    rt_paging_off();
    CHECK("PGD in a refill of a low VA = PGDL", lo, 0x111000);
    CHECK("PGD in a refill of a high VA = PGDH", hi, 0x222000);
    CHECK("PGD hook refills", pgd_n, 2);
    /* outside a refill PGD follows BADV */
    csrwr(CSR_BADV, 0xffff800000000000ULL);
    CHECK("PGD outside a refill, BADV high: PGDH", csrrd(CSR_PGD), 0x222000);
    csrwr(CSR_BADV, 0x10000);
    CHECK("PGD outside a refill, BADV low: PGDL", csrrd(CSR_PGD), 0x111000);
    rt_tlbr_hook = 0;
    invtlb(0, 0, 0);
}

int main(void) {
    layout_a();
    layout_b();
    test_pgd();
    set_tlbrentry(rt_tlbr_entry);
    return rt_done("pagewalk");
}
