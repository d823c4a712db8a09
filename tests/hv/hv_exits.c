/* SPDX-License-Identifier: Apache-2.0
 * Every exit reason (lvz.md §3.4, §4.3, §4.5, §5.4; docs/lvz.md), each with the exact
 * root ESTAT.Ecode/EsubCode, ERA (the guest PC, not advanced), BADV (the GPA for stage-2
 * faults), BADI (the instruction word), GSTAT.PVM, and the guest bank left untouched:
 *  - GSPR: cpucfg; idle; iocsrrd.{b,h,w,d}, iocsrwr.{b,h,w,d}; csrrd/csrwr/csrxchg of
 *    every class of CSR outside the guest bank (LVZ root CSRs, IMPCTL, MERR, CTAG, PMU,
 *    watchpoints, debug, SAVE8-15, undefined numbers); cacop per GCI (default 2);
 *  - HVC with the code in BADI[14:0];
 *  - stage-2 faults: PIL, PIS, PIF (V = 0), PME (store, D = 0), PNR (NR), PNX (NX), PPI
 *    (RPLV = 1, PLV 3: the stage-2 check uses PLV 0), each after its stage-2 refill;
 *    no fault for a PLV-3 page at guest PLV0 and an RPLV PLV-0 page at guest PLV3;
 *  - FPD when the guest enables FP in its EUEN and the root's EUEN does not (retried
 *    after the root enables it); FPD with the guest's EUEN.FPE = 0 stays in the guest;
 *  - INT for the root timer, a root IPI, a root SWI (root ECFG.LIE, root CRMD.IE = 1
 *    from the entering ERTN), ERA = the guest instruction not executed yet. */
#include "hv.h"

static struct hv_vcpu vm;

static void check_exit(const char* n, u64 pc, u64 ecode) {
    struct hv_exit_rec e = hv_exit_at(pc);
    CHECK(rt_cat(n, "exit: Ecode"), ECODE(e.estat), ecode);
    CHECK(rt_cat(n, "EsubCode 0"), ESUBCODE(e.estat), 0);
    CHECK(rt_cat(n, "BADI = the word"), e.badi, *(volatile u32*)pc);
    CHECK(rt_cat(n, "GSTAT.PVM = 1, VM = 0"), e.gstat & 3, GSTAT_PVM);
}

/* ---- GSPR and HVC ---- */
#define GSPR_CSR(lbl, csr) ".globl " #lbl "\n" #lbl ":\n\tcsrrd $t0, " #csr "\n"
LABEL(gx_cpucfg); LABEL(gx_idle); LABEL(gx_iorb); LABEL(gx_iorh); LABEL(gx_iorw); LABEL(gx_iord);
LABEL(gx_iowb); LABEL(gx_iowh); LABEL(gx_ioww); LABEL(gx_iowd); LABEL(gx_csrwr); LABEL(gx_csrxchg);
LABEL(gx_cacop); LABEL(gx_hvcl0); LABEL(gx_hvcl1); LABEL(gx_hvcl7fff);
LABEL(gx_c15); LABEL(gx_c16); LABEL(gx_c50); LABEL(gx_c51); LABEL(gx_c52); LABEL(gx_c53);
LABEL(gx_c80); LABEL(gx_c81); LABEL(gx_c90); LABEL(gx_c95); LABEL(gx_c98); LABEL(gx_c200);
LABEL(gx_c300); LABEL(gx_c380); LABEL(gx_c500); LABEL(gx_c502); LABEL(gx_c38); LABEL(gx_c3f);
LABEL(gx_c9); LABEL(gx_c7ff);

__asm__(".pushsection .text\n.globl g_gspr_all\ng_gspr_all:\n"
        "\tori $t1, $zero, 2\n"
        ".globl gx_cpucfg\ngx_cpucfg:\n\tcpucfg $t0, $t1\n"
        ".globl gx_idle\ngx_idle:\n\tidle 0x12\n"
        "\tori $t1, $zero, 0x10\n"
        ".globl gx_iorb\ngx_iorb:\n\tiocsrrd.b $t0, $t1\n"
        ".globl gx_iorh\ngx_iorh:\n\tiocsrrd.h $t0, $t1\n"
        ".globl gx_iorw\ngx_iorw:\n\tiocsrrd.w $t0, $t1\n"
        ".globl gx_iord\ngx_iord:\n\tiocsrrd.d $t0, $t1\n"
        ".globl gx_iowb\ngx_iowb:\n\tiocsrwr.b $t0, $t1\n"
        ".globl gx_iowh\ngx_iowh:\n\tiocsrwr.h $t0, $t1\n"
        ".globl gx_ioww\ngx_ioww:\n\tiocsrwr.w $t0, $t1\n"
        ".globl gx_iowd\ngx_iowd:\n\tiocsrwr.d $t0, $t1\n"
        GSPR_CSR(gx_c15, 0x15) GSPR_CSR(gx_c16, 0x16) GSPR_CSR(gx_c50, 0x50) GSPR_CSR(gx_c51, 0x51)
        GSPR_CSR(gx_c52, 0x52) GSPR_CSR(gx_c53, 0x53) GSPR_CSR(gx_c80, 0x80) GSPR_CSR(gx_c81, 0x81)
        GSPR_CSR(gx_c90, 0x90) GSPR_CSR(gx_c95, 0x95) GSPR_CSR(gx_c98, 0x98) GSPR_CSR(gx_c200, 0x200)
        GSPR_CSR(gx_c300, 0x300) GSPR_CSR(gx_c380, 0x380) GSPR_CSR(gx_c500, 0x500) GSPR_CSR(gx_c502, 0x502)
        GSPR_CSR(gx_c38, 0x38) GSPR_CSR(gx_c3f, 0x3f) GSPR_CSR(gx_c9, 0x9) GSPR_CSR(gx_c7ff, 0x7ff)
        ".globl gx_csrwr\ngx_csrwr:\n\tcsrwr $t0, 0x51\n"
        "\tori $t8, $zero, 0xff\n"
        ".globl gx_csrxchg\ngx_csrxchg:\n\tcsrxchg $t0, $t8, 0x52\n"
        ".globl gx_cacop\ngx_cacop:\n\tcacop 0x08, $sp, 0\n"
        "\tori $a0, $zero, 2\n\tori $a1, $zero, 1\n"   /* HC_PING(1) */
        ".globl gx_hvcl0\ngx_hvcl0:\n\thvcl 0\n"
        ".globl gx_hvcl1\ngx_hvcl1:\n\thvcl 1\n"
        ".globl gx_hvcl7fff\ngx_hvcl7fff:\n\thvcl 0x7fff\n"
        "\tjr $ra\n.popsection\n");
extern void g_gspr_all(void);

static u64 g_gspr(u64 arg) {
    (void)arg;
    csrwr(CSR_ERA, 0x5e5e0);
    csrwr(CSR_BADV, 0x5e5f0);
    g_gspr_all();
    return 0;
}

static void test_gspr(void) {
    static char* const csr_pcs[20] = {gx_c15, gx_c16, gx_c50, gx_c51, gx_c52, gx_c53, gx_c80, gx_c81, gx_c90, gx_c95,
                                      gx_c98, gx_c200, gx_c300, gx_c380, gx_c500, gx_c502, gx_c38, gx_c3f, gx_c9, gx_c7ff};
    static const char* const csr_names[20] = {
        "csrrd GTLBC (0x15):", "csrrd TRGP (0x16):", "csrrd GSTAT (0x50):", "csrrd GCFG (0x51):",
        "csrrd GINTC (0x52):", "csrrd GCNTC (0x53):", "csrrd IMPCTL1 (0x80):", "csrrd IMPCTL2 (0x81):",
        "csrrd MERRCTL (0x90):", "csrrd MERRSAVE (0x95):", "csrrd CTAG (0x98):", "csrrd PMCFG0 (0x200):",
        "csrrd MWPC (0x300):", "csrrd FWPC (0x380):", "csrrd DBG (0x500):", "csrrd DSAVE (0x502):",
        "csrrd SAVE8 (0x38):", "csrrd SAVE15 (0x3f):", "csrrd undefined 0x9:", "csrrd undefined 0x7ff:"};
    u64 st = hv_run(&vm, g_gspr, 0);
    CHECK("GSPR/HVC guest ran to the end", st, 0);
    check_exit("cpucfg:", (u64)gx_cpucfg, EC_GSPR);
    struct hv_exit_rec e = hv_exit_at((u64)gx_cpucfg);
    CHECK("cpucfg: root ERA = guest PC (GVA)", e.era, (u64)gx_cpucfg);
    CHECK("cpucfg: guest ERA untouched", e.g_era, 0x5e5e0);
    CHECK("cpucfg: guest BADV untouched", e.g_badv, 0x5e5f0);
    CHECK("cpucfg: guest ESTAT untouched", e.g_estat & 0x7fff0000, 0);
    CHECK("cpucfg: guest CRMD untouched (PG, PLV0, IE0)", e.g_crmd & 0x1f, CRMD_PG);
    CHECK("cpucfg: guest PRMD untouched", e.g_prmd & 7, 0);
    CHECK("cpucfg: root PRMD = root mode at the exit (PLV0, PIE 1)", e.prmd & 7, PRMD_PIE);
    check_exit("idle 0x12:", (u64)gx_idle, EC_GSPR);
    check_exit("iocsrrd.b:", (u64)gx_iorb, EC_GSPR);
    check_exit("iocsrrd.h:", (u64)gx_iorh, EC_GSPR);
    check_exit("iocsrrd.w:", (u64)gx_iorw, EC_GSPR);
    check_exit("iocsrrd.d:", (u64)gx_iord, EC_GSPR);
    check_exit("iocsrwr.b:", (u64)gx_iowb, EC_GSPR);
    check_exit("iocsrwr.h:", (u64)gx_iowh, EC_GSPR);
    check_exit("iocsrwr.w:", (u64)gx_ioww, EC_GSPR);
    check_exit("iocsrwr.d:", (u64)gx_iowd, EC_GSPR);
    CHECK("iocsrwr.d: the hypervisor saw the value (the iocsrrd.d result)", vm.iocsr_wr, HV_IOCSR_MARK | (3ULL << 32) | 0x10);
    for (int i = 0; i < 20; ++i) check_exit(csr_names[i], (u64)csr_pcs[i], EC_GSPR);
    check_exit("csrwr GCFG:", (u64)gx_csrwr, EC_GSPR);
    check_exit("csrxchg GINTC:", (u64)gx_csrxchg, EC_GSPR);
    CHECK("csrxchg GINTC: root GINTC untouched", csrrd(CSR_GINTC), 0);
    check_exit("cacop 0x08 (GCI=2):", (u64)gx_cacop, EC_GSPR);
    check_exit("hvcl 0:", (u64)gx_hvcl0, EC_HVC);
    check_exit("hvcl 1:", (u64)gx_hvcl1, EC_HVC);
    check_exit("hvcl 0x7fff:", (u64)gx_hvcl7fff, EC_HVC);
    CHECK("hvcl 0x7fff: BADI[14:0] = code", hv_exit_at((u64)gx_hvcl7fff).badi & 0x7fff, 0x7fff);
}

/* ---- stage-2 faults ---- */
#define P_INV 0x2000000ULL
#define P_RO 0x2002000ULL
#define P_NR 0x2004000ULL
#define P_NX 0x2006000ULL
#define P_PPI 0x2008000ULL
#define P_PLV3 0x200a000ULL
#define P_RPLV0 0x200c000ULL
#define P_INV2 0x200e000ULL   /* V = 0, for the store */
#define P_INV3 0x2010000ULL   /* V = 0, for the fetch */
#define P_FREE 0x1300000ULL   /* guest RAM page behind them (HPA vm.hpa + 3 MiB) */
#define GVA(gpa) (0x9000000000000000ULL | (gpa))
#define FAULT_MARK 0xfa017ULL

LABEL(gf_pil); LABEL(gf_pis); LABEL(gf_pme); LABEL(gf_ro_ld); LABEL(gf_pnr); LABEL(gf_nr_st);
LABEL(gf_nx_ld); LABEL(gf_ppi); LABEL(gf_plv3); LABEL(gf_call_pif); LABEL(gf_call_pnx);

static volatile u64 g_user_val;
static u64 g_user_ld(u64 va) { return *(volatile u64*)va; }

#define LD_AT(lbl, va, out) __asm__ volatile(".globl " #lbl "\n" #lbl ":\n\tld.d %0, %1, 0" : "=r"(out) : "r"(va) : "memory")
#define ST_AT(lbl, va, val) __asm__ volatile(".globl " #lbl "\n" #lbl ":\n\tst.d %0, %1, 0" : : "r"(val), "r"(va) : "memory")

static u64 g_faults(u64 arg) {
    static u64 ustack[64];
    (void)arg;
    u64 v, x = 0x51;
    csrwr(CSR_ERA, 0x5e5e0);
    csrwr(CSR_BADV, 0x5e5f0);
    __asm__ volatile(".globl gf_call_pif\ngf_call_pif:\n\tjirl $ra, %0, 0" : : "r"(GVA(P_INV3)) : "ra", "memory");
    __asm__ volatile(".globl gf_call_pnx\ngf_call_pnx:\n\tjirl $ra, %0, 0" : : "r"(GVA(P_NX)) : "ra", "memory");
    LD_AT(gf_pil, GVA(P_INV + 8), v);
    CHECK("guest: PIL load got the hypervisor's value", v, FAULT_MARK);
    ST_AT(gf_pis, GVA(P_INV2 + 16), x);
    ST_AT(gf_pme, GVA(P_RO + 8), x);
    LD_AT(gf_ro_ld, GVA(P_RO), v);
    CHECK("guest: load from a D=0 stage-2 page works", v, 0x2002);
    LD_AT(gf_pnr, GVA(P_NR), v);
    ST_AT(gf_nr_st, GVA(P_NR + 8), x);
    LD_AT(gf_nx_ld, GVA(P_NX), v);
    CHECK("guest: load from an NX stage-2 page works", v, 0x2006);
    LD_AT(gf_ppi, GVA(P_PPI), v);
    LD_AT(gf_plv3, GVA(P_PLV3), v);
    CHECK("guest: a PLV-3 stage-2 page at guest PLV0 (PLV check as 0)", v, 0x200a);
    g_user_val = rt_run_user(g_user_ld, GVA(P_RPLV0), (u64)&ustack[64], PRMD_PPLV(3));
    CHECK("guest PLV3: an RPLV PLV-0 stage-2 page (PLV check as 0)", g_user_val, 0x200c);
    return 0;
}

static struct rt_walk_rec fault_refill[8];   /* the stage-2 refill of each fault's page */
static int fault_hook(struct hv_vcpu* v, struct rt_frame* f) {
    (void)v;
    if (ECODE(f->estat) >= EC_PIL && ECODE(f->estat) <= EC_PPI && f->badv - HV_UART_GPA >= 8)
        fault_refill[ECODE(f->estat)] = walk_find_badv(&hv_s2_log, f->badv);
    switch (ECODE(f->estat)) {
    case EC_PIL: case EC_PNR: case EC_PPI:
        if (f->badv - HV_UART_GPA < 8) return 0;
        f->r[f->badi & 31] = FAULT_MARK;
        f->era += 4;
        return 1;
    case EC_PIS: case EC_PME:
        if (f->badv - HV_UART_GPA < 8) return 0;
        f->era += 4;
        return 1;
    case EC_PIF: case EC_PNX:
        f->era = f->r[1];                /* back to the caller */
        return 1;
    default:
        return 0;
    }
}

static void check_fault(const char* n, char* pc, u64 ecode, u64 gpa, int fetch) {
    u64 era = fetch ? GVA(gpa) : (u64)pc;
    struct hv_exit_rec e = hv_exit_at(era);
    CHECK(rt_cat(n, "exit: Ecode"), ECODE(e.estat), ecode);
    CHECK(rt_cat(n, "root BADV = the GPA"), e.badv, gpa);
    CHECK(rt_cat(n, "root ERA = the guest PC (GVA)"), e.era, era);
    if (!fetch) CHECK(rt_cat(n, "root BADI = the word"), e.badi, *(volatile u32*)pc);
    CHECK(rt_cat(n, "GSTAT.PVM"), (e.gstat >> 1) & 1, 1);
    CHECK(rt_cat(n, "guest ERA untouched"), e.g_era, 0x5e5e0);
    CHECK(rt_cat(n, "guest BADV untouched"), e.g_badv, 0x5e5f0);
    struct rt_walk_rec s = fault_refill[ecode];
    CHECK(rt_cat(n, "preceded by its stage-2 refill: TLBRBADV"), s.badv, gpa);
    CHECK(rt_cat(n, "... TLBRERA"), s.era, era | 1);
}

static void test_faults(void) {
    hv_boot(&vm, g_faults, 0);
    u64 hpa = vm.hpa + (P_FREE - WORLD_GPA);
    volatile u64* page = hv_gpa_ptr(&vm, P_FREE);
    page[0 * 512] = 0x2000;
    page[1 * 512] = 0x2002;
    page[2 * 512] = 0x2004;
    page[3 * 512] = 0x2006;
    page[4 * 512] = 0x2008;
    page[5 * 512] = 0x200a;
    page[6 * 512] = 0x200c;
    hv_s2_map(&vm, P_INV, hpa, PTE_MAT(1));                                  /* V = 0 */
    hv_s2_map(&vm, P_INV2, hpa, PTE_MAT(1));
    hv_s2_map(&vm, P_INV3, hpa, PTE_MAT(1));
    hv_s2_map(&vm, P_RO, hpa + 0x1000, PTE_V | PTE_MAT(1));                  /* D = 0 */
    hv_s2_map(&vm, P_NR, hpa + 0x2000, PTE_RW | PTE_NR);
    hv_s2_map(&vm, P_NX, hpa + 0x3000, PTE_RW | PTE_NX);
    hv_s2_map(&vm, P_PPI, hpa + 0x4000, PTE_RW | PTE_PLV(3) | PTE_RPLV);
    hv_s2_map(&vm, P_PLV3, hpa + 0x5000, PTE_RW | PTE_PLV(3));
    hv_s2_map(&vm, P_RPLV0, hpa + 0x6000, PTE_RW | PTE_RPLV);
    hv_exit_hook = fault_hook;
    u64 st = hv_go(&vm);
    hv_exit_hook = 0;
    CHECK("stage-2 fault guest ran to the end", st, 0);
    check_fault("stage-2 V=0 load:", gf_pil, EC_PIL, P_INV + 8, 0);
    check_fault("stage-2 V=0 store:", gf_pis, EC_PIS, P_INV2 + 16, 0);
    check_fault("stage-2 V=0 fetch:", gf_call_pif, EC_PIF, P_INV3, 1);
    check_fault("stage-2 D=0 store:", gf_pme, EC_PME, P_RO + 8, 0);
    check_fault("stage-2 NR load:", gf_pnr, EC_PNR, P_NR, 0);
    check_fault("stage-2 NX fetch:", gf_call_pnx, EC_PNX, P_NX, 1);
    check_fault("stage-2 RPLV PLV3 load:", gf_ppi, EC_PPI, P_PPI, 0);
    CHECK("stage-2 D=0: load, no exit", hv_exit_at((u64)gf_ro_ld).n, 0);
    CHECK("stage-2 NR: store, no exit", hv_exit_at((u64)gf_nr_st).n, 0);
    CHECK("stage-2 NR: the store reached the page", page[2 * 512 + 1], 0x51);
    CHECK("stage-2 NX: load, no exit", hv_exit_at((u64)gf_nx_ld).n, 0);
    CHECK("stage-2 PLV 3 (RPLV 0) at guest PLV0: no exit", hv_exit_at((u64)gf_plv3).n, 0);
    CHECK("stage-2 D=0 store did not reach the page", page[1 * 512 + 1], 0);
}

/* ---- FPD, second level ---- */
LABEL(gfp_first);
static volatile u64 g_fpd_guest;
static int g_fpd_hook(struct rt_frame* f) {
    if (ECODE(f->estat) != EC_FPD) return 0;
    g_fpd_guest++;
    csrxchg(CSR_EUEN, EUEN_FPE, EUEN_FPE);
    return 1;                        /* retry */
}
static __attribute__((noinline)) u64 g_fadd(u64 a, u64 b) {
    u64 r;
    __asm__ volatile(".globl gfp_first\ngfp_first:\n\tmovgr2fr.d $fa0, %1\n\tmovgr2fr.d $fa1, %2\n"
                     "\tfadd.d $fa0, $fa0, $fa1\n\tmovfr2gr.d %0, $fa0"
                     : "=r"(r) : "r"(a), "r"(b) : "$fa0", "$fa1", "memory");
    return r;
}
static u64 g_fp(u64 arg) {
    (void)arg;
    rt_trap_hook = g_fpd_hook;
    csrwr(CSR_EUEN, EUEN_FPE);
    u64 r = g_fadd(0x3ff0000000000000ULL, 0x4000000000000000ULL);   /* 1.0 + 2.0 */
    CHECK("guest: fadd.d after the root enabled FP", r, 0x4008000000000000ULL);
    CHECK("guest: no FPD reached the guest (its EUEN.FPE = 1)", g_fpd_guest, 0);
    csrwr(CSR_EUEN, 0);
    r = g_fadd(0x4000000000000000ULL, 0x4000000000000000ULL);
    CHECK("guest: fadd.d with its EUEN.FPE = 0: FPD taken by the guest", g_fpd_guest, 1);
    CHECK("guest: ... then the result", r, 0x4010000000000000ULL);
    return 0;
}

static void test_fpd(void) {
    csrwr(CSR_EUEN, 0);
    hv_run(&vm, g_fp, 0);
    check_exit("FPD (guest EUEN.FPE=1, root EUEN.FPE=0):", (u64)gfp_first, EC_FPD);
    CHECK("FPD: root ERA = the first FP instruction", hv_exit_at((u64)gfp_first).era, (u64)gfp_first);
    CHECK("FPD: one exit (retried after the root enabled FP)", hv_exits_with(EC_FPD), 1);
    CHECK("FPD: the root's EUEN.FPE is now 1", csrrd(CSR_EUEN) & 1, 1);
    csrwr(CSR_EUEN, 0);
}

/* ---- INT: root timer, IPI, SWI ---- */
LABEL(gi_loop); LABEL(gi_loop_end); LABEL(gi_after_ipi); LABEL(gi_after_swi);
__asm__(".pushsection .text\n.globl g_int_spin\ng_int_spin:\n"
        "\tlu12i.w $t0, 0x1000\n"            /* 16M iterations unless the root cuts it short */
        ".globl gi_loop\ngi_loop:\n\taddi.d $t0, $t0, -1\n\tbnez $t0, gi_loop\n"
        ".globl gi_loop_end\ngi_loop_end:\n\tjr $ra\n.popsection\n");
extern void g_int_spin(void);

static u64 int_hc(struct hv_vcpu* v, u64 a1, u64 a2) {
    (void)v;
    (void)a2;
    if (a1 == 1) {                       /* root self-IPI, pending when the guest resumes */
        iocsr_wr_w(IOCSR_IPI_EN, 1);
        iocsr_wr_w(IOCSR_IPI_SET, 1);
        csrwr(CSR_ECFG, 1u << IRQ_IPI);
    } else if (a1 == 2) {                /* root SWI1 */
        csrwr(CSR_ECFG, 1u << IRQ_SWI1);
        csrxchg(CSR_ESTAT, 2, 2);
    } else {
        csrwr(CSR_ECFG, 0);
    }
    return 0;
}
static volatile u64 int_root_is;
static int int_hook(struct hv_vcpu* v, struct rt_frame* f) {
    (void)v;
    if (ECODE(f->estat) != EC_INT) return 0;
    int_root_is |= ESTAT_IS(f->estat);
    if (f->era >= (u64)gi_loop && f->era <= (u64)gi_loop_end) f->r[12] = 1;   /* end the spin */
    return 0;                             /* the default acknowledges */
}
static u64 g_int(u64 arg) {
    (void)arg;
    g_int_spin();                         /* the root timer fires in here */
    register u64 a0 __asm__("$a0") = HC_TEST;
    register u64 a1 __asm__("$a1") = 1;
    __asm__ volatile("hvcl 0\n.globl gi_after_ipi\ngi_after_ipi:\n\tnop" : "+r"(a0) : "r"(a1) : "memory");
    a0 = HC_TEST;
    a1 = 2;
    __asm__ volatile("hvcl 0\n.globl gi_after_swi\ngi_after_swi:\n\tnop" : "+r"(a0) : "r"(a1) : "memory");
    hv_call(HC_TEST, 3, 0);
    return 0;
}

static void test_int(void) {
    hv_hc_hook = int_hc;
    hv_exit_hook = int_hook;
    hv_boot(&vm, g_int, 0);
    csrwr(CSR_ECFG, 1u << IRQ_TI);
    csrwr(CSR_TCFG, 200000 | 1);           /* one-shot root timer */
    u64 st = hv_go(&vm);
    hv_hc_hook = 0;
    hv_exit_hook = 0;
    csrwr(CSR_ECFG, 0);
    csrwr(CSR_TCFG, 0);
    CHECK("INT guest ran to the end", st, 0);
    u64 ti = 0, ipi = 0, swi = 0;
    struct hv_exit_rec e_ti = {0};
    for (u64 k = 0; k < hv_nlog && k < HV_LOG_SIZE; ++k) {
        struct hv_exit_rec* e = &hv_log[k];
        if (ECODE(e->estat) != EC_INT) continue;
        if ((e->estat >> IRQ_TI) & 1) { ++ti; e_ti = *e; }
        if ((e->estat >> IRQ_IPI) & 1) ++ipi;
        if ((e->estat >> IRQ_SWI1) & 1) ++swi;
    }
    CHECK("root timer: one INT exit", ti, 1);
    CHECK_TRUE("root timer: root ERA inside the guest's loop", e_ti.era >= (u64)gi_loop && e_ti.era <= (u64)gi_loop_end, e_ti.era);
    CHECK("root timer: root ESTAT.Ecode 0", ECODE(e_ti.estat), 0);
    CHECK("root timer: GSTAT.PVM", (e_ti.gstat >> 1) & 1, 1);
    CHECK("root timer: root PRMD.PIE (root IE was 1 in the guest)", e_ti.prmd & 7, PRMD_PIE);
    CHECK("root timer: guest ESTAT.TI not set by it", (e_ti.g_estat >> IRQ_TI) & 1, 0);
    struct hv_exit_rec e = hv_exit_at((u64)gi_after_ipi);
    CHECK("root IPI: one INT exit", ipi, 1);
    CHECK("root IPI: INT exit before the next guest instruction (ERA)", ECODE(e.estat) | (e.n ? 0 : 0x100), 0);
    CHECK("root IPI: root ESTAT.IS[12]", (e.estat >> IRQ_IPI) & 1, 1);
    e = hv_exit_at((u64)gi_after_swi);
    CHECK("root SWI1: one INT exit", swi, 1);
    CHECK("root SWI1: INT exit before the next guest instruction (ERA)", ECODE(e.estat) | (e.n ? 0 : 0x100), 0);
    CHECK("root SWI1: root ESTAT.IS[1]", (e.estat >> IRQ_SWI1) & 1, 1);
    CHECK("no guest interrupt involved (guest ESTAT.IS)", e.g_estat & 0x1fff, 0);
}

int main(void) {
    rt_note("hv_exits: every exit reason");
    hv_vm_init(&vm, 4, 0x4000000);
    test_gspr();
    test_faults();
    test_fpd();
    test_int();
    return rt_done("hv_exits");
}
