/* SPDX-License-Identifier: Apache-2.0
 * GCFG (lvz.md §2.3; docs/lvz.md): its fields, and every trap control.
 *  - capability bits (MATP 3:0, SITP, TITP, TOEP, TOPP, TORUP, GCIP 19:16, GPMP) are
 *    read-only; the control fields (MATC, SIT, TIT, TOE, TOP, TORU, GCI, GPERF) read back;
 *  - TIT = 1: guest csrrd/csrwr/csrxchg of TCFG, TVAL, CNTC, TICLR exit with GSPR (rdtime
 *    and other CSRs do not); TIT = 0: they run in the guest;
 *  - TOE = 1: guest exceptions (SYS, BRK, INE, ALE, stage-1 PIL, IPE) exit with their own
 *    Ecode, BADV/BADI/ERA in root CSRs, the guest bank untouched; guest interrupts stay
 *    in the guest; TOE = 0: the guest handles them;
 *  - TOP = 1: every guest CSR instruction exits with GSPR; TOP = 0: none does;
 *  - GCI = 0 / 1 / 2: which CACOP types (code[4:3] = 0..3) exit with GSPR;
 *  - SIT = 1, TORU = 1: no instruction of a plain kernel exits because of them. */
#include "hv.h"

static struct hv_vcpu vm;
static u64 gcfg_kvm;

#define GVA_INV 0x20000000ULL /* stage-1 page with V = 0 */

/* ---- TIT ---- */
LABEL(gl_tit_wr_tcfg); LABEL(gl_tit_rd_tcfg); LABEL(gl_tit_rd_tval); LABEL(gl_tit_rd_cntc);
LABEL(gl_tit_xchg_cntc); LABEL(gl_tit_wr_ticlr); LABEL(gl_tit_rdtime); LABEL(gl_tit_save0);

static __attribute__((noinline)) u64 g_tit(u64 trapping) {
    u64 v = 0x12340, w;
    register u64 m __asm__("$t8") = 0xff00;
    __asm__ volatile(".globl gl_tit_wr_tcfg\ngl_tit_wr_tcfg:\n\tcsrwr %0, 0x41" : "+r"(v) : : "memory");
    __asm__ volatile(".globl gl_tit_rd_tcfg\ngl_tit_rd_tcfg:\n\tcsrrd %0, 0x41" : "=r"(v) : : "memory");
    CHECK(trapping ? "guest TIT=1: csrrd TCFG emulated" : "guest TIT=0: csrrd TCFG", v,
          trapping ? HV_CSR_MARK | 0x41 : 0x12340);
    __asm__ volatile(".globl gl_tit_rd_tval\ngl_tit_rd_tval:\n\tcsrrd %0, 0x42" : "=r"(v) : : "memory");
    if (trapping) CHECK("guest TIT=1: csrrd TVAL emulated", v, HV_CSR_MARK | 0x42);
    v = 0x777;
    __asm__ volatile("csrwr %0, 0x43" : "+r"(v) : : "memory");   /* CNTC (traps too if TIT) */
    __asm__ volatile(".globl gl_tit_rd_cntc\ngl_tit_rd_cntc:\n\tcsrrd %0, 0x43" : "=r"(v) : : "memory");
    CHECK(trapping ? "guest TIT=1: csrrd CNTC emulated" : "guest TIT=0: csrrd CNTC", v,
          trapping ? HV_CSR_MARK | 0x43 : 0x777);
    w = 0;
    __asm__ volatile(".globl gl_tit_xchg_cntc\ngl_tit_xchg_cntc:\n\tcsrxchg %0, %1, 0x43" : "+r"(w) : "r"(m) : "memory");
    v = 1;
    __asm__ volatile(".globl gl_tit_wr_ticlr\ngl_tit_wr_ticlr:\n\tcsrwr %0, 0x44" : "+r"(v) : : "memory");
    __asm__ volatile(".globl gl_tit_rdtime\ngl_tit_rdtime:\n\trdtime.d %0, %1" : "=r"(v), "=r"(w) : : "memory");
    __asm__ volatile(".globl gl_tit_save0\ngl_tit_save0:\n\tcsrrd %0, 0x30" : "=r"(v) : : "memory");
    return 0;
}

static void check_gspr(const char* n, char* pc) {
    struct hv_exit_rec e = hv_exit_at((u64)pc);
    CHECK(rt_cat(n, "exits: Ecode GSPR"), ECODE(e.estat), EC_GSPR);
    CHECK(rt_cat(n, "BADI = the word"), e.badi, *(volatile u32*)pc);
    CHECK(rt_cat(n, "root ERA = its GVA (not advanced)"), e.era, (u64)pc);
}
static void check_none(const char* n, char* pc) {
    CHECK(rt_cat(n, "no exit"), hv_exit_at((u64)pc).n, 0);
}

static void test_tit(void) {
    csrwr(CSR_GCFG, gcfg_kvm | GCFG_TIT);
    hv_run(&vm, g_tit, 1);
    check_gspr("TIT=1: csrwr TCFG", gl_tit_wr_tcfg);
    CHECK("TIT=1: csrwr TICLR (the last trapped write): the hypervisor saw its value", vm.csr_wr, 1);
    check_gspr("TIT=1: csrrd TCFG", gl_tit_rd_tcfg);
    check_gspr("TIT=1: csrrd TVAL", gl_tit_rd_tval);
    check_gspr("TIT=1: csrrd CNTC", gl_tit_rd_cntc);
    check_gspr("TIT=1: csrxchg CNTC", gl_tit_xchg_cntc);
    check_gspr("TIT=1: csrwr TICLR", gl_tit_wr_ticlr);
    check_none("TIT=1: rdtime.d", gl_tit_rdtime);
    check_none("TIT=1: csrrd SAVE0", gl_tit_save0);
    CHECK("TIT=1: guest TCFG not written", gcsrrd(CSR_TCFG), 0);
    csrwr(CSR_GCFG, gcfg_kvm);
    hv_run(&vm, g_tit, 0);
    check_none("TIT=0: csrwr TCFG", gl_tit_wr_tcfg);
    check_none("TIT=0: csrrd TVAL", gl_tit_rd_tval);
    check_none("TIT=0: csrxchg CNTC", gl_tit_xchg_cntc);
    check_none("TIT=0: csrwr TICLR", gl_tit_wr_ticlr);
    CHECK("TIT=0: guest TCFG written by the guest", gcsrrd(CSR_TCFG), 0x12340);
}

/* ---- TOE ---- */
LABEL(gl_toe_sys); LABEL(gl_toe_brk); LABEL(gl_toe_ine); LABEL(gl_toe_ale); LABEL(gl_toe_pil);
LABEL(gl_toe_ipe); LABEL(gl_toe_hvcl);
static u64 g_traps, g_ticks, g_last_ecode;
static u64 g_ale_word[2];

static int g_count_hook(struct rt_frame* f) {
    g_last_ecode = ECODE(f->estat);
    if (ECODE(f->estat) == EC_INT) {
        ++g_ticks;
        csrwr(CSR_TICLR, 1);
        csrwr(CSR_TCFG, 0);
        return 1;
    }
    ++g_traps;
    return 0;          /* ERA + 4 */
}

/* PLV3: csrrd (IPE at PLV3) then back to the kernel */
__asm__(".pushsection .text\n.globl g_toe_user\ng_toe_user:\n"
        ".globl gl_toe_ipe\ngl_toe_ipe:\n\tcsrrd $a0, 0x30\n"
        "\tli.w $a7, " RT_STR(RT_SYS_EXIT) "\n\tsyscall 0\n.popsection\n");
extern char g_toe_user[];

static __attribute__((noinline)) u64 g_toe(u64 toe) {
    static u64 ustack[64];
    rt_trap_hook = g_count_hook;
    csrwr(CSR_ERA, 0x5e5e0);
    csrwr(CSR_BADV, 0x5e5f0);
    /* a stage-1 entry with V = 0 at GVA_INV, written by the guest itself */
    tlb_write(MTLB0 + 5, GVA_INV, 12, 0, 0);
    __asm__ volatile(".globl gl_toe_sys\ngl_toe_sys:\n\tsyscall 0x22" ::: "memory");
    __asm__ volatile(".globl gl_toe_brk\ngl_toe_brk:\n\tbreak 0x33" ::: "memory");
    __asm__ volatile(".globl gl_toe_ine\ngl_toe_ine:\n\t.word 0" ::: "memory");
    u64 v, a = (u64)g_ale_word + 2;
    __asm__ volatile(".globl gl_toe_ale\ngl_toe_ale:\n\tll.w %0, %1, 0" : "=r"(v) : "r"(a) : "memory");
    a = GVA_INV + 0x18;
    __asm__ volatile(".globl gl_toe_pil\ngl_toe_pil:\n\tld.d %0, %1, 0" : "=r"(v) : "r"(a) : "memory");
    register u64 a0 __asm__("$a0") = HC_PING;
    register u64 a1 __asm__("$a1") = 5;
    __asm__ volatile(".globl gl_toe_hvcl\ngl_toe_hvcl:\n\thvcl 0" : "+r"(a0) : "r"(a1) : "memory");
    CHECK(toe ? "guest TOE=1: hvcl still an HVC exit" : "guest TOE=0: hvcl", a0, 6);
    /* a guest timer interrupt stays in the guest either way */
    csrxchg(CSR_ECFG, 1u << IRQ_TI, 0x1fff);
    csrwr(CSR_TCFG, 1000 | 1);
    csrxchg(CSR_CRMD, CRMD_IE, CRMD_IE);
    for (int i = 0; i < 100000 && !g_ticks; ++i) __asm__ volatile("" ::: "memory");
    csrxchg(CSR_CRMD, 0, CRMD_IE);
    CHECK(toe ? "guest TOE=1: own timer interrupt taken by the guest" : "guest TOE=0: own timer interrupt",
          g_ticks, 1);
    /* PLV3: IPE; its final syscall (RT_SYS_EXIT) is re-executed with TOE = 0 by the root */
    rt_run_user((u64(*)(u64))g_toe_user, 0, (u64)&ustack[64], PRMD_PPLV(3));
    if (toe) CHECK("guest TOE=1: no exception reached the guest", g_traps, 0);
    else CHECK("guest TOE=0: SYS, BRK, INE, ALE, PIL, IPE taken by the guest", g_traps, 6);
    return 0;
}

/* the root's handling of TOE exits: record (hv_log), skip the instruction */
static int toe_hook(struct hv_vcpu* v, struct rt_frame* f) {
    (void)v;
    switch (ECODE(f->estat)) {
    case EC_SYS:
        if (f->r[11] == RT_SYS_EXIT) {   /* rt_run_user's return: let the guest take it */
            csrxchg(CSR_GCFG, 0, GCFG_TOE);
            return 1;
        }
        f->era += 4;
        return 1;
    case EC_PIL:
        if (f->badv != GVA_INV + 0x18) return 0;   /* UART polling: the default */
        f->era += 4;
        return 1;
    case EC_BRK: case EC_INE: case EC_ALE: case EC_IPE:
        f->era += 4;
        return 1;
    default:
        return 0;
    }
}

static void check_toe(const char* n, char* pc, u64 ecode, int badv_kind, u64 badv, u64 g_era) {
    struct hv_exit_rec e = hv_exit_at((u64)pc);
    CHECK(rt_cat(n, "exits with its own Ecode"), ECODE(e.estat), ecode);
    CHECK(rt_cat(n, "root ERA = guest PC"), e.era, (u64)pc);
    CHECK(rt_cat(n, "root BADI = the word"), e.badi, *(volatile u32*)pc);
    if (badv_kind) CHECK(rt_cat(n, "root BADV = the GVA"), e.badv, badv);
    CHECK(rt_cat(n, "guest ERA untouched"), e.g_era, g_era);
    CHECK(rt_cat(n, "guest BADV untouched"), e.g_badv, 0x5e5f0);
    CHECK(rt_cat(n, "guest ESTAT.Ecode untouched"), ECODE(e.g_estat), 0);
}

static void test_toe(void) {
    csrwr(CSR_GCFG, gcfg_kvm | GCFG_TOE);
    hv_exit_hook = toe_hook;
    u64 st = hv_run(&vm, g_toe, 1);
    hv_exit_hook = 0;
    CHECK("TOE=1: guest ran to the end", st, 0);
    check_toe("TOE=1: syscall", gl_toe_sys, EC_SYS, 0, 0, 0x5e5e0);
    check_toe("TOE=1: break", gl_toe_brk, EC_BRK, 0, 0, 0x5e5e0);
    check_toe("TOE=1: INE (word 0)", gl_toe_ine, EC_INE, 0, 0, 0x5e5e0);
    check_toe("TOE=1: ALE (ll.w misaligned)", gl_toe_ale, EC_ALE, 1, (u64)g_ale_word + 2, 0x5e5e0);
    check_toe("TOE=1: stage-1 PIL", gl_toe_pil, EC_PIL, 1, GVA_INV + 0x18, 0x5e5e0);
    check_toe("TOE=1: IPE at guest PLV3", gl_toe_ipe, EC_IPE, 0, 0, (u64)g_toe_user);
    CHECK("TOE=1: IPE exit: guest CRMD.PLV = 3 at the exit", hv_exit_at((u64)gl_toe_ipe).g_crmd & 3, 3);
    CHECK("TOE=1: no root INT exit for the guest timer", hv_exits_with(EC_INT), 0);
    CHECK("TOE=1: hvcl is an HVC exit", ECODE(hv_exit_at((u64)gl_toe_hvcl).estat), EC_HVC);

    csrwr(CSR_GCFG, gcfg_kvm);
    hv_run(&vm, g_toe, 0);
    check_none("TOE=0: syscall", gl_toe_sys);
    check_none("TOE=0: break", gl_toe_brk);
    check_none("TOE=0: INE", gl_toe_ine);
    check_none("TOE=0: ALE", gl_toe_ale);
    check_none("TOE=0: stage-1 PIL", gl_toe_pil);
    check_none("TOE=0: IPE", gl_toe_ipe);
}

/* ---- TOP ---- */
LABEL(gl_top_crmd); LABEL(gl_top_save0); LABEL(gl_top_ecfg); LABEL(gl_top_estat); LABEL(gl_top_tlbidx);
static __attribute__((noinline)) u64 g_top(u64 top) {
    u64 v;
    register u64 m __asm__("$t8") = 0;
    if (top) hv_call(HC_TEST, 1, GCFG_TOP);      /* the root sets GCFG.TOP now */
    __asm__ volatile(".globl gl_top_crmd\ngl_top_crmd:\n\tcsrrd %0, 0x0" : "=r"(v) : : "memory");
    u64 crmd = v;
    v = 0xabc;
    __asm__ volatile(".globl gl_top_save0\ngl_top_save0:\n\tcsrwr %0, 0x30" : "+r"(v) : : "memory");
    v = 0;
    __asm__ volatile(".globl gl_top_ecfg\ngl_top_ecfg:\n\tcsrxchg %0, %1, 0x4" : "+r"(v) : "r"(m) : "memory");
    __asm__ volatile(".globl gl_top_estat\ngl_top_estat:\n\tcsrrd %0, 0x5" : "=r"(v) : : "memory");
    __asm__ volatile(".globl gl_top_tlbidx\ngl_top_tlbidx:\n\tcsrrd %0, 0x10" : "=r"(v) : : "memory");
    if (top) hv_call(HC_TEST, 2, 0);             /* GCFG back */
    if (top) {
        CHECK("guest TOP=1: csrrd CRMD emulated", crmd, HV_CSR_MARK | 0);
        CHECK("guest TOP=1: csrrd TLBIDX emulated", v, HV_CSR_MARK | 0x10);
    } else {
        CHECK("guest TOP=0: csrrd CRMD (paging on)", crmd & 0x1f, CRMD_PG);
    }
    return 0;
}

static u64 top_hc(struct hv_vcpu* v, u64 a1, u64 a2) {
    (void)v;
    csrwr(CSR_GCFG, a1 == 1 ? gcfg_kvm | a2 : gcfg_kvm);
    return 0;
}

static void test_top(void) {
    hv_hc_hook = top_hc;
    hv_run(&vm, g_top, 1);
    hv_hc_hook = 0;
    check_gspr("TOP=1: csrrd CRMD", gl_top_crmd);
    check_gspr("TOP=1: csrwr SAVE0", gl_top_save0);
    check_gspr("TOP=1: csrxchg ECFG", gl_top_ecfg);
    check_gspr("TOP=1: csrrd ESTAT", gl_top_estat);
    check_gspr("TOP=1: csrrd TLBIDX", gl_top_tlbidx);
    CHECK("TOP=1: guest SAVE0 not written", gcsrrd(CSR_SAVE0), 0);
    hv_run(&vm, g_top, 0);
    check_none("TOP=0: csrrd CRMD", gl_top_crmd);
    check_none("TOP=0: csrwr SAVE0", gl_top_save0);
    check_none("TOP=0: csrxchg ECFG", gl_top_ecfg);
    check_none("TOP=0: csrrd ESTAT", gl_top_estat);
    CHECK("TOP=0: guest SAVE0 written by the guest", gcsrrd(CSR_SAVE0), 0xabc);
}

/* ---- GCI ---- */
LABEL(gl_gci_0); LABEL(gl_gci_1); LABEL(gl_gci_2); LABEL(gl_gci_3);
static u64 g_cache_line[8];
static __attribute__((noinline)) u64 g_gci(u64 unused) {
    (void)unused;
    u64 a = (u64)g_cache_line;
    __asm__ volatile(".globl gl_gci_0\ngl_gci_0:\n\tcacop 0x00, %0, 0" : : "r"(a) : "memory");
    __asm__ volatile(".globl gl_gci_1\ngl_gci_1:\n\tcacop 0x09, %0, 0" : : "r"(a) : "memory");
    __asm__ volatile(".globl gl_gci_2\ngl_gci_2:\n\tcacop 0x11, %0, 0" : : "r"(a) : "memory");
    __asm__ volatile(".globl gl_gci_3\ngl_gci_3:\n\tcacop 0x19, %0, 0" : : "r"(a) : "memory");
    return 0;
}

static void test_gci(void) {
    static char* const pcs[4] = {gl_gci_0, gl_gci_1, gl_gci_2, gl_gci_3};
    static const char* const names[4] = {"cacop 0x00 (code[4:3]=0, store tag)", "cacop 0x09 (code[4:3]=1, index)",
                                         "cacop 0x11 (code[4:3]=2, hit)", "cacop 0x19 (code[4:3]=3, impl.)"};
    /* which types exit: GCI=0 all, GCI=1 hit (2), GCI=2 index/init (0, 1) */
    static const int traps[3][4] = {{1, 1, 1, 1}, {0, 0, 1, 0}, {1, 1, 0, 0}};
    static const char* const gci[3] = {"GCI=0 (all):", "GCI=1 (hit):", "GCI=2 (secure):"};
    for (int g = 0; g < 3; ++g) {
        csrwr(CSR_GCFG, (gcfg_kvm & ~GCFG_GCI_MASK) | GCFG_GCI(g));
        CHECK(rt_cat(gci[g], "GCFG.GCI reads back"), (csrrd(CSR_GCFG) >> 20) & 3, g);
        u64 st = hv_run(&vm, g_gci, 0);
        CHECK(rt_cat(gci[g], "guest ran to the end"), st, 0);
        for (int k = 0; k < 4; ++k) {
            const char* n = rt_cat(gci[g], names[k]);
            if (traps[g][k]) check_gspr(n, pcs[k]);
            else check_none(n, pcs[k]);
        }
    }
    csrwr(CSR_GCFG, gcfg_kvm);
}

/* ---- SIT, TORU: nothing a plain kernel does exits because of them ---- */
static u64 g_sys_seen;
static int g_sys_hook(struct rt_frame* f) {
    if (ECODE(f->estat) == EC_SYS) ++g_sys_seen;
    return 0;
}
static __attribute__((noinline)) u64 g_plain(u64 unused) {
    (void)unused;
    u64 v, a = (u64)&g_sys_seen;
    rt_trap_hook = g_sys_hook;
    v = csrrd(CSR_CRMD);
    csrwr(CSR_SAVE0, v);
    csrxchg(CSR_ECFG, 0, 0);
    v = csrrd(CSR_TVAL);
    csrwr(CSR_TICLR, 1);
    v = rdtime();
    __asm__ volatile("cacop 0x11, %0, 0" : : "r"(a) : "memory");
    tlb_search(0x30000000);
    __asm__ volatile("syscall 0" ::: "memory");
    CHECK("guest SIT=1 TORU=1: its syscall handled by the guest", g_sys_seen, 1);
    return v != 0;
}

static void test_sit_toru(void) {
    csrwr(CSR_GCFG, gcfg_kvm | GCFG_SIT | GCFG_TORU);
    CHECK("GCFG.SIT and TORU read back", csrrd(CSR_GCFG) & (GCFG_SIT | GCFG_TORU), GCFG_SIT | GCFG_TORU);
    u64 st = hv_run(&vm, g_plain, 0);
    CHECK("SIT=1 TORU=1: guest ran", st, 1);
    CHECK("SIT=1 TORU=1: no exit but the final HC_EXIT", hv_nlog, 1);
    CHECK("SIT=1 TORU=1: ... which is an HVC", ECODE(hv_log[0].estat), EC_HVC);
    csrwr(CSR_GCFG, gcfg_kvm);
}

int main(void) {
    rt_note("hv_gcfg: GCFG fields and trap controls");
    gcfg_kvm = csrrd(CSR_GCFG);
    CHECK("GCFG as hv_cpu_init left it (KVM: GCI=2, MATC=1)", gcfg_kvm, GCFG_CAPS | GCFG_GCI(2) | GCFG_MATC(1));
    csrwr(CSR_GCFG, ~0ULL);
    CHECK("GCFG <- ~0: capabilities + every control field", csrrd(CSR_GCFG), GCFG_CAPS | GCFG_RW);
    csrwr(CSR_GCFG, 0);
    CHECK("GCFG <- 0: capability bits are read-only", csrrd(CSR_GCFG), GCFG_CAPS);
    csrwr(CSR_GCFG, GCFG_GCI(1) | GCFG_MATC(2) | (5ULL << 24));
    CHECK("GCFG: GCI, MATC, GPERF fields", csrrd(CSR_GCFG), GCFG_CAPS | GCFG_GCI(1) | GCFG_MATC(2) | (5ULL << 24));
    csrwr(CSR_GCFG, gcfg_kvm);

    hv_vm_init(&vm, 3, 0x4000000);
    test_tit();
    test_toe();
    test_top();
    test_gci();
    test_sit_toru();
    return rt_done("hv_gcfg");
}
