/* SPDX-License-Identifier: Apache-2.0
 * Page-table-mapped translation: page sizes and the permission checks (LoongArch
 * Reference Manual Vol 1 v1.10 §5.4.3 "TLB-based translation" pseudocode, §5.4.2 TLB
 * entry, §7.4.3 MISC.DWPLn, §7.5.4 PRCFG2).
 *
 *  - page sizes: every PS that PRCFG2 offers (12 .. 30 at most) in the MTLB, both pages
 *    of the pair, the pair's extent (TLBSRCH just inside / outside); STLB at STLBPS = 12,
 *    14, 21 through TLBFILL;
 *  - the order of the checks: V (PIL/PIS/PIF) > NX on fetch (PNX) > privilege (PPI:
 *    RPLV = 0: CRMD.PLV <= PLV; RPLV = 1: CRMD.PLV == PLV) > NR on load (PNR) > D on
 *    store (PME, unless MISC.DWPL<PLV> for PLV 0..2);
 *  - PLV0 and PLV3 access against PLV 0..3 pages with RPLV 0/1, loads and stores.
 *
 * QEMU 7.2 deviations (manual-only checks, skipped in the .qemu.elf build):
 *  - QEMU 7.2 maps guest pages into its own 16 KiB pages (TARGET_PAGE_BITS 14): a 4 KiB
 *    or 8 KiB page works only if VA and PA agree modulo 16 KiB and the neighbouring
 *    small pages map to the neighbouring physical pages; this program's common part
 *    keeps to that, the manual-only part maps a 4 KiB page elsewhere;
 *  - PRCFG2 reads 0, so the QEMU build uses PS 12..29;
 *  - NR is checked before the privilege level (a PLV3 load of a PLV0 NR page gives PNR,
 *    the manual's pseudocode gives PPI);
 *  - PNX and fetch PPI loop forever in QEMU 7.2 (see exceptions.c);
 *  - MISC is read-only (MISC.DWPL0 cannot be set);
 *  - PLV1/PLV2 are not modelled (no DMW or TLB privilege for them). */
#include "priv.h"

static volatile u64 region[16384] __attribute__((aligned(65536)));   /* 128 KiB */
static char ustack[8192] __attribute__((aligned(16)));
#define USP ((u64)ustack + sizeof ustack)
static u64 mtlb0;

static u64 ps_va(unsigned ps) { return 0x0000010000000000ULL + ((u64)ps << 32); }

/* map the pair at ps_va(ps) with page size ps: even page -> the page of `region`, odd
 * page -> the next page (small sizes) or the same one; check both, and the pair's extent */
static void check_size(const char* name, unsigned ps, int stlb) {
    u64 size = 1ULL << ps, va = ps_va(ps);
    u64 pa = PA(region), even = pa & ~(size - 1);
    u64 odd = ps <= 16 ? even + size : even;
    u64 f = PTE_V | PTE_D | PTE_MAT(1);
    u64 off_e = pa - even + 8 * 3, off_o = (ps <= 16 ? 0 : pa - even) + 8 * 5;
    region[3] = 0xe0000000 + ps;
    region[(ps <= 16 ? size / 8 : 0) + 5] = 0x0d000000 + ps;
    if (stlb) tlb_fill(va, ps, even | f, odd | f);
    else tlb_write(mtlb0 + (ps % 32), va, ps, even | f, odd | f);
    rt_paging_on();
    u64 ve = *(volatile u64*)(va + off_e);
    u64 vo = *(volatile u64*)(va + size + off_o);
    rt_paging_off();
    CHECK(rt_cat(name, "even page"), ve, 0xe0000000 + ps);
    CHECK(rt_cat(name, "odd page"), vo, 0x0d000000 + ps);
    u64 r = tlb_search(va + 2 * size - 8);
    CHECK(rt_cat(name, "last byte of the pair: TLBSRCH hit"), TLBIDX_NE_OF(r), 0);
    if (stlb) CHECK_TRUE(rt_cat(name, "in the STLB"), (r & 0xffff) < tlb_stlb_entries(), r & 0xffff);
    CHECK(rt_cat(name, "past the pair: TLBSRCH miss"), TLBIDX_NE_OF(tlb_search(va + 2 * size)), 1);
    CHECK(rt_cat(name, "before the pair: TLBSRCH miss"), TLBIDX_NE_OF(tlb_search(va - 8)), 1);
}

static const char* ps_name(unsigned ps) {
    static char b[16];
    b[0] = 'P'; b[1] = 'S'; b[2] = ' '; b[3] = (char)('0' + ps / 10); b[4] = (char)('0' + ps % 10); b[5] = 0;
    return b;
}

static void test_sizes(void) {
    u64 p2 = csrrd(CSR_PRCFG2);
#ifdef PRIV_SKIP_QEMU_DEVIATIONS
    if (!p2) {
        p2 = 0x3ffff000;
        rt_note("note: PRCFG2 reads 0 (QEMU 7.2): using PS 12..29");
    }
#endif
    invtlb(0, 0, 0);
    csrwr(CSR_STLBPS, 14);
    int n = 0;
    for (unsigned ps = 12; ps <= 30; ++ps) {
        if (!((p2 >> ps) & 1)) {
            if (ps == 30) rt_note("note: PRCFG2 does not offer 1 GiB pages (PS 30)");
            continue;
        }
        check_size(rt_cat("MTLB", ps_name(ps)), ps, 0);
        ++n;
    }
    CHECK_TRUE("page sizes tested (MTLB)", n >= 2, (u64)n);
    invtlb(0, 0, 0);
    static const unsigned sps[] = {12, 14, 21};
    for (int i = 0; i < 3; ++i) {
        if (!((p2 >> sps[i]) & 1)) continue;
        csrwr(CSR_STLBPS, sps[i]);
        check_size(rt_cat("STLB", ps_name(sps[i])), sps[i], 1);
        invtlb(0, 0, 0);
    }
    csrwr(CSR_STLBPS, 14);
    if (MANUAL_ONLY("4 KiB page mapped to a PA that differs from the VA modulo 16 KiB")) {
        const u64 va = 0x0000006000000000ULL;
        region[0] = 0x4000;
        region[512] = 0x4001;
        region[1024] = 0x4002;
        /* even 4K page -> region + 8K, odd -> region + 0 */
        tlb_write(mtlb0, va, 12, (PA(region) + 8192) | PTE_V | PTE_MAT(1), PA(region) | PTE_V | PTE_MAT(1));
        rt_paging_on();
        u64 a = *(volatile u64*)va, b = *(volatile u64*)(va + 4096);
        rt_paging_off();
        CHECK("4K page -> PA + 8K", a, 0x4002);
        CHECK("4K odd page -> PA + 0", b, 0x4000);
        invtlb(0, 0, 0);
    }
}

/* --- permissions ------------------------------------------------------------------------ */
static u64 u_load(u64 va) { u64 v; __asm__ volatile("ld.d %0, %1, 0" : "=r"(v) : "r"(va) : "memory"); return v; }
static u64 u_store(u64 va) { __asm__ volatile("st.d %0, %0, 8" : : "r"(va) : "memory"); return 0; }
static u64 k_load(u64 va) { u64 v; __asm__ volatile("ld.d %0, %1, 0" : "=r"(v) : "r"(va) : "memory"); return v; }
static void k_store(u64 va) { __asm__ volatile("st.d %0, %0, 8" : : "r"(va) : "memory"); }

#define PV(k) (0x0000007000000000ULL + (u64)(k) * 0x8000)   /* 16 KiB pairs */
static int nmap;
static u64 map(u64 flags) {                              /* a new 16 KiB page -> region */
    int k = nmap++;
    tlb_write(mtlb0 + k, PV(k), 14, PA(region) | PTE_MAT(1) | flags, 0);
    return PV(k);
}

/* access va at plv (0 or 3) as load or store: the Ecode it raised, or -1 */
static long access(u64 va, int plv, int store) {
    rt_trap_clear();
    rt_paging_on();
    if (plv == 3) rt_run_user(store ? u_store : u_load, va, USP, PRMD_PPLV(3));
    else if (store) k_store(va);
    else (void)k_load(va);
    rt_paging_off();
    if (!rt_t.count) return -1;
    CHECK("    its BADV", rt_t.badv, va + (store ? 8 : 0));
    return (long)ECODE(rt_t.estat);
}

static void test_perm(void) {
    static const struct { const char* n; u64 flags; long k_ld, k_st, u_ld, u_st; } t[] = {
        {"V=0 PLV0", PTE_D | PTE_PLV(0), EC_PIL, EC_PIS, EC_PIL, EC_PIS},
        {"V=0 PLV3 NR", PTE_D | PTE_PLV(3) | PTE_NR, EC_PIL, EC_PIS, EC_PIL, EC_PIS},
        {"PLV0", PTE_V | PTE_D | PTE_PLV(0), -1, -1, EC_PPI, EC_PPI},
        {"PLV1", PTE_V | PTE_D | PTE_PLV(1), -1, -1, EC_PPI, EC_PPI},
        {"PLV2", PTE_V | PTE_D | PTE_PLV(2), -1, -1, EC_PPI, EC_PPI},
        {"PLV3", PTE_V | PTE_D | PTE_PLV(3), -1, -1, -1, -1},
        {"PLV0 RPLV", PTE_V | PTE_D | PTE_PLV(0) | PTE_RPLV, -1, -1, EC_PPI, EC_PPI},
        {"PLV2 RPLV", PTE_V | PTE_D | PTE_PLV(2) | PTE_RPLV, EC_PPI, EC_PPI, EC_PPI, EC_PPI},
        {"PLV3 RPLV", PTE_V | PTE_D | PTE_PLV(3) | PTE_RPLV, EC_PPI, EC_PPI, -1, -1},
        {"PLV3 D=0", PTE_V | PTE_PLV(3), -1, EC_PME, -1, EC_PME},
        {"PLV0 D=0", PTE_V | PTE_PLV(0), -1, EC_PME, EC_PPI, EC_PPI},
        {"PLV3 NR", PTE_V | PTE_D | PTE_PLV(3) | PTE_NR, EC_PNR, -1, EC_PNR, -1},
        {"PLV3 NR D=0", PTE_V | PTE_PLV(3) | PTE_NR, EC_PNR, EC_PME, EC_PNR, EC_PME},
        {"PLV3 NX", PTE_V | PTE_D | PTE_PLV(3) | PTE_NX, -1, -1, -1, -1},
    };
    nmap = 0;
    region[0] = 0x77;
    for (unsigned i = 0; i < sizeof t / sizeof t[0]; ++i) {
        u64 va = map(t[i].flags);
        CHECK(rt_cat(t[i].n, "load at PLV0"), access(va, 0, 0), t[i].k_ld);
        CHECK(rt_cat(t[i].n, "store at PLV0"), access(va, 0, 1), t[i].k_st);
        CHECK(rt_cat(t[i].n, "load at PLV3"), access(va, 3, 0), t[i].u_ld);
        CHECK(rt_cat(t[i].n, "store at PLV3"), access(va, 3, 1), t[i].u_st);
    }
    if (MANUAL_ONLY("privilege checked before NR")) {
        u64 va = map(PTE_V | PTE_D | PTE_PLV(0) | PTE_NR);
        CHECK("PLV0 NR: load at PLV3 -> PPI (privilege before NR)", access(va, 3, 0), EC_PPI);
        CHECK("PLV0 NR: load at PLV0 -> PNR", access(va, 0, 0), EC_PNR);
        va = map(PTE_V | PTE_D | PTE_PLV(3) | PTE_RPLV | PTE_NR);
        CHECK("PLV3 RPLV NR: load at PLV0 -> PPI (privilege before NR)", access(va, 0, 0), EC_PPI);
        CHECK("PLV3 RPLV NR: load at PLV3 -> PNR", access(va, 3, 0), EC_PNR);
    }
    if (MANUAL_ONLY("MISC.DWPL0 (MISC is read-only in QEMU)")) {
        u64 va = map(PTE_V | PTE_PLV(3));
        csrwr(CSR_MISC, 1ULL << 16);                   /* DWPL0 */
        CHECK("MISC.DWPL0=1: store at PLV0 to D=0: no PME", access(va, 0, 1), -1);
        CHECK("MISC.DWPL0=1: store at PLV3 to D=0: PME (no DWPL3)", access(va, 3, 1), EC_PME);
        csrwr(CSR_MISC, 0);
        CHECK("MISC.DWPL0=0: store at PLV0 to D=0: PME", access(va, 0, 1), EC_PME);
    }
    invtlb(0, 0, 0);
}

/* --- PLV1 (manual only) ------------------------------------------------------------------ */
static u64 u_csr(u64 a) { __asm__ volatile("csrrd $zero, 0x0" ::: "memory"); return a; }

static void test_plv1(void) {
    if (!MANUAL_ONLY("PLV1 (QEMU 7.2 models only PLV0 and PLV3 for DMW/TLB checks)")) return;
    csrwr(CSR_DMW1, RT_DMW1_VALUE | 2);                /* this image also at PLV1 */
    nmap = 20;
    u64 p1 = map(PTE_V | PTE_D | PTE_PLV(1) | PTE_RPLV), p0 = map(PTE_V | PTE_D | PTE_PLV(0));
    u64 p3r = map(PTE_V | PTE_D | PTE_PLV(3) | PTE_RPLV), p2 = map(PTE_V | PTE_D | PTE_PLV(2));
    region[0] = 0x11;
    rt_paging_on();
    rt_trap_clear();
    u64 v = rt_run_user(u_load, p1, USP, PRMD_PPLV(1));
    CHECK("PLV1: load PLV1 RPLV page", v, 0x11);
    CHECK("PLV1: no exception", rt_t.count, 0);
    rt_run_user(u_load, p2, USP, PRMD_PPLV(1));
    CHECK("PLV1: load PLV2 page (RPLV 0): no exception", rt_t.count, 0);
    rt_run_user(u_load, p0, USP, PRMD_PPLV(1));
    CHECK("PLV1: load PLV0 page: PPI", rt_t.code, EC_PPI);
    CHECK("PLV1: PRMD.PPLV = 1", rt_t.prmd & 3, 1);
    rt_trap_clear();
    rt_run_user(u_load, p3r, USP, PRMD_PPLV(1));
    CHECK("PLV1: load PLV3 RPLV page: PPI", rt_t.code, EC_PPI);
    rt_trap_clear();
    rt_run_user(u_csr, 0, USP, PRMD_PPLV(1));
    CHECK("PLV1: csrrd: IPE", rt_t.code, EC_IPE);
    rt_paging_off();
    csrwr(CSR_DMW1, RT_DMW1_VALUE);
    invtlb(0, 0, 0);
}

int main(void) {
    mtlb0 = tlb_stlb_entries();
    test_sizes();
    test_perm();
    test_plv1();
    return rt_done("mmu");
}
