/* SPDX-License-Identifier: Apache-2.0
 * TLB refill exception and ASIDs (LoongArch Reference Manual Vol 1 v1.10 §6.3.4 "TLB
 * refill exception", §5.4.4, §7.5.10-17 TLBRENTRY .. TLBRPRMD, §7.5.4 ASID).
 *
 * On a mapped access with no matching entry the core enters TLBRENTRY (physical) with
 * CRMD.DA = 1, PG = 0, PLV = 0, IE = 0; TLBRPRMD.PPLV/PIE = the previous PLV/IE;
 * TLBRERA = the PC (bits 63:2) with IsTLBR (bit 0) = 1; TLBRBADV = the VA (the PC for a
 * fetch); TLBREHI.VPPN = VA[47:13]. ESTAT, ERA, BADV and PRMD are not touched, so a
 * refill can happen inside a general exception handler. While IsTLBR = 1, TLBSRCH /
 * TLBFILL use TLBREHI (not TLBEHI) and TLBFILL uses TLBRELO0/1. ERTN returns to TLBRERA
 * with DA = 0, PG = 1, PLV/IE from TLBRPRMD, and clears IsTLBR.
 * ASIDs: non-global entries match only the current ASID, global ones any ASID. */
#include "priv.h"

#define SENT 0x5a5a5a5a0000abcdULL
static volatile u64 pages[4][512] __attribute__((aligned(16384)));   /* 4 x 4 KiB */
static char ustack[8192] __attribute__((aligned(16)));
#define USP ((u64)ustack + sizeof ustack)

__asm__(".pushsection .text.xpage, \"ax\"\n.balign 16384\n.globl xpage\nxpage:\n"
        "  ori $a0, $zero, 42\n  jirl $zero, $ra, 0\n.balign 16384\n.popsection\n");
extern char xpage[];

static const u64 VR = 0x0000005000000000ULL;   /* data: pages[0..3], 4 KiB pages */
static const u64 VX = 0x0000005100000000ULL;   /* code: xpage (and the next 4 KiB) */

/* what the refill hook saw */
static volatile u64 in_tlbsrch_ne, in_tlbehi, in_isTLBR, fills, asid_page;

static int refill(struct rt_frame* f) {
    u64 va = f->badv, flags = PTE_V | PTE_D | PTE_MAT(1) | PTE_PLV(3);
    u64 lo0, lo1;
    in_isTLBR = csrrd(CSR_TLBRERA) & 1;
    /* TLBSRCH uses TLBREHI while IsTLBR = 1: the missing VA, not TLBEHI */
    csrwr(CSR_TLBEHI, VR);                             /* a VA that may be mapped */
    tlbsrch();
    in_tlbsrch_ne = TLBIDX_NE_OF(csrrd(CSR_TLBIDX));
    in_tlbehi = csrrd(CSR_TLBEHI);
    if (va - VR < 4 * 4096) {
        u64 pair = (va - VR) >> 13;
        lo0 = PA(pages[2 * pair]) | flags;
        lo1 = PA(pages[2 * pair + 1]) | flags;
    } else if (va - VX < 8192) {
        lo0 = PA(xpage) | flags;
        lo1 = (PA(xpage) + 4096) | flags;
    } else if (va - 0x0000005200000000ULL < 32768) {   /* ASID test: 16 KiB, big[3] */
        tlbr_fill(14, asid_page | PTE_V | PTE_D | PTE_MAT(1), 0);
        fills++;
        return 1;
    } else {
        return 0;
    }
    tlbr_fill(12, lo0, lo1);
    fills++;
    return 1;
}

static void arm(void) {
    rt_tlbr_clear();
    rt_trap_clear();
    csrwr(CSR_ERA, SENT);
    csrwr(CSR_BADV, SENT + 1);
    csrwr(CSR_PRMD, 0);
    csrwr(CSR_TLBEHI, 0);
}

static void expect_refill(const char* n, u64 va, u64 pc, u64 pplv_pie, u64 era, u64 prmd) {
    CHECK(rt_cat(n, "refills"), rt_r.count, 1);
    CHECK(rt_cat(n, "TLBRBADV"), rt_r.badv, va);
    CHECK(rt_cat(n, "TLBRERA.PC"), rt_r.era & ~3ULL, pc);
    CHECK(rt_cat(n, "TLBRERA.IsTLBR in the handler"), rt_r.era & 1, 1);
    CHECK(rt_cat(n, "TLBREHI.VPPN"), rt_r.tlbrehi & ~0x1fffULL, va & ~0x1fffULL);
    CHECK(rt_cat(n, "TLBRPRMD.PPLV,PIE"), rt_r.prmd & 7, pplv_pie);
    CHECK(rt_cat(n, "handler CRMD: DA=1 PG=0 PLV=0 IE=0"), rt_r.crmd & 0x1f, CRMD_DA);
    CHECK(rt_cat(n, "ERA untouched"), rt_r.era_csr, era);
    CHECK(rt_cat(n, "BADV untouched"), rt_r.badv_csr, SENT + 1);
    CHECK(rt_cat(n, "PRMD untouched"), rt_r.prmd_csr & 7, prmd);
    CHECK(rt_cat(n, "TLBSRCH in the handler used TLBREHI: miss"), in_tlbsrch_ne, 1);
    CHECK(rt_cat(n, "TLBSRCH in the handler: TLBEHI untouched"), in_tlbehi, VR);
}

static volatile u64 u_pc;
static u64 u_store(u64 va) {
    u64 pc;
    __asm__ volatile("la.abs %0, 1f\n1:\tst.d %1, %1, 0" : "=&r"(pc) : "r"(va) : "memory");
    u_pc = pc;
    __asm__ volatile("syscall 0" ::: "memory");        /* shows PLV/IE after the refill */
    return *(volatile u64*)va;
}

/* a syscall whose handler touches an unmapped VA: the refill inside it must leave ERA,
 * PRMD, ESTAT of the syscall alone */
static volatile u64 nest_era0, nest_era1, nest_prmd0, nest_prmd1, nest_estat1, nest_val;
static int sys_hook(struct rt_frame* f) {
    if (ECODE(f->estat) != EC_SYS || f->r[11] != 0x4e57) return 0;
    nest_era0 = csrrd(CSR_ERA);
    nest_prmd0 = csrrd(CSR_PRMD);
    nest_val = *(volatile u64*)(VR + 0x3008);          /* pages[3][1]: refill */
    nest_era1 = csrrd(CSR_ERA);
    nest_prmd1 = csrrd(CSR_PRMD);
    nest_estat1 = csrrd(CSR_ESTAT);
    f->r[4] = nest_val;                                /* syscall result in a0 */
    f->era += 4;
    return 1;
}
static u64 u_nested(u64 a) {
    register u64 a0 __asm__("$a0") = a;
    register u64 a7 __asm__("$a7") = 0x4e57;
    __asm__ volatile("syscall 0" : "+r"(a0) : "r"(a7) : "memory");
    return a0 + 1;
}

static void test_refill(void) {
    u64 pc, v;
    csrwr(CSR_STLBPS, 12);                             /* fills go to the STLB */
    rt_tlbr_hook = refill;
    pages[0][3] = 0x1111;
    pages[1][4] = 0x2222;
    pages[3][1] = 0x4444;
    rt_paging_on();
    u64 crmd_pg = csrrd(CSR_CRMD);

    /* load at PLV0 */
    arm();
    __asm__ volatile("la.abs %0, 1f\n1:\tld.d %1, %2, 0x18" : "=&r"(pc), "=r"(v) : "r"(VR) : "memory");
    expect_refill("load PLV0", VR + 0x18, pc, 0, SENT, 0);
    CHECK("load PLV0: value after refill", v, 0x1111);
    CHECK("load PLV0: no general exception", rt_t.count, 0);
    CHECK("after ERTN: CRMD (PG=1 DA=0 PLV0 IE0)", csrrd(CSR_CRMD), crmd_pg);
    CHECK("after ERTN: TLBRERA.IsTLBR = 0", csrrd(CSR_TLBRERA) & 1, 0);
    CHECK("in the handler: IsTLBR = 1", in_isTLBR, 1);
    /* the odd page of the pair is in the same entry: no refill */
    arm();
    v = *(volatile u64*)(VR + 0x1020);
    CHECK("odd page of the filled pair: no refill", rt_r.count, 0);
    CHECK("odd page value", v, 0x2222);

    /* store at PLV3 with IE = 1 (nothing enabled in ECFG.LIE) */
    csrwr(CSR_ECFG, 0);
    arm();
    v = rt_run_user(u_store, VR + 0x2010, USP, PRMD_PPLV(3) | PRMD_PIE);
    /* rt_run_user itself set ERA = u_store and PRMD to enter PLV3 */
    expect_refill("store PLV3 IE=1", VR + 0x2010, u_pc, PRMD_PPLV(3) | PRMD_PIE, (u64)u_store, PRMD_PPLV(3) | PRMD_PIE);
    CHECK("store PLV3: value stored and read back", v, VR + 0x2010);
    CHECK("store PLV3: then syscall from PLV3 (ERTN restored PLV)", rt_t.prmd & 7, PRMD_PPLV(3) | PRMD_PIE);
    CHECK("store PLV3: reached memory", pages[2][2], VR + 0x2010);

    /* fetch */
    arm();
    u64 (*fn)(void) = (u64(*)(void))(VX + 0);
    v = fn();
    expect_refill("fetch PLV0", VX, VX, 0, SENT, 0);
    CHECK("fetch: function through the new mapping returns", v, 42);

    /* refill nested in a general-exception handler */
    invtlb(0, 0, 0);
    rt_trap_hook = sys_hook;
    arm();
    v = rt_run_user(u_nested, 0, USP, PRMD_PPLV(3));
    rt_trap_hook = 0;
    CHECK("nested: one refill inside the syscall handler", rt_r.count, 1);
    CHECK("nested: TLBRPRMD.PPLV (handler at PLV0)", rt_r.prmd & 3, 0);
    CHECK("nested: value loaded in the handler", nest_val, 0x4444);
    CHECK("nested: ERA unchanged by the refill", nest_era1, nest_era0);
    CHECK("nested: PRMD unchanged by the refill", nest_prmd1, nest_prmd0);
    CHECK("nested: PRMD.PPLV = 3", nest_prmd0 & 3, 3);
    CHECK("nested: ESTAT.Ecode still SYS", ECODE(nest_estat1), EC_SYS);
    CHECK("nested: back in user mode, result", v, 0x4445);
    rt_paging_off();
    invtlb(0, 0, 0);
}

static volatile u64 big[4][2048] __attribute__((aligned(16384)));   /* 4 x 16 KiB */

static void test_asid(void) {
    const u64 X = 0x0000005200000000ULL, Y = 0x0000005300000000ULL;
    u64 m = tlb_stlb_entries(), v;
    big[0][0] = 0xa1;
    big[1][0] = 0xa2;
    big[2][0] = 0x61;
    big[3][0] = 0xa3;
    u64 f = PTE_V | PTE_D | PTE_MAT(1);
    asid_page = PA(big[3]);
    csrwr(CSR_STLBPS, 14);                             /* the refill's TLBFILL goes to the
                                                          STLB, not over the MTLB entries */
    set_asid(1);
    tlb_write(m + 0, X, 14, PA(big[0]) | f, 0);
    tlb_write(m + 1, Y, 14, PA(big[2]) | f | PTE_G, PA(big[2]) | f | PTE_G);
    set_asid(2);
    tlb_write(m + 2, X, 14, PA(big[1]) | f, 0);
    rt_paging_on();
    rt_tlbr_clear();
    set_asid(1);
    v = *(volatile u64*)X;
    CHECK("ASID 1: X -> its page", v, 0xa1);
    set_asid(2);
    v = *(volatile u64*)X;
    CHECK("ASID 2: X -> another page", v, 0xa2);
    v = *(volatile u64*)Y;
    CHECK("ASID 2: global Y", v, 0x61);
    CHECK("no refill so far", rt_r.count, 0);
    set_asid(3);
    v = *(volatile u64*)Y;
    CHECK("ASID 3: global Y", v, 0x61);
    CHECK("ASID 3: global Y, no refill", rt_r.count, 0);
    v = *(volatile u64*)X;
    CHECK("ASID 3: X has no entry: refill", rt_r.count, 1);
    CHECK("ASID 3: X after the refill", v, 0xa3);
    set_asid(1);
    v = *(volatile u64*)X;
    CHECK("back to ASID 1: X -> its page, no new refill", v, 0xa1);
    CHECK("back to ASID 1: refills", rt_r.count, 1);
    /* the refill used CSR.ASID: the filled entry belongs to ASID 3 */
    set_asid(3);
    u64 r = tlb_search(X);
    CHECK("entry filled during the refill: found with ASID 3", TLBIDX_NE_OF(r), 0);
    set_asid(4);
    CHECK("entry filled during the refill: not with ASID 4", TLBIDX_NE_OF(tlb_search(X)), 1);
    rt_paging_off();
    set_asid(0);
    invtlb(0, 0, 0);
}

int main(void) {
    test_refill();
    test_asid();
    return rt_done("tlb_refill");
}
