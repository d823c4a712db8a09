/* SPDX-License-Identifier: Apache-2.0
 * General exceptions and software interrupts on a la464 core (LoongArch Reference Manual
 * Vol 1 v1.10 §6.2 interrupts, §6.3 exceptions, §7.4.5 ECFG, §7.4.6 ESTAT, §7.4.7 ERA,
 * §7.4.8 BADV, §7.4.9 BADI, §7.4.2 PRMD, §4.2.6.1 ERTN).
 *
 * For each exception: ESTAT.Ecode/EsubCode, ERA = the PC of the faulting instruction,
 * BADV (the address for ADEF/ADEM/ALE/PIL/PIS/PIF/PME/PNR/PNX/PPI; untouched otherwise),
 * BADI = the faulting instruction word (not checked for fetch exceptions, which have
 * no instruction), PRMD.PPLV/PIE = the CRMD.PLV/IE before, CRMD.PLV = 0 and IE = 0 in
 * the handler, CRMD restored by ERTN; TLBEHI.VPPN = VA[47:13] for the page exceptions.
 * Covered: INT (SWI0/SWI1: priority, ECFG.LIE masking, CRMD.IE gating), PIL, PIS, PIF,
 * PME, PNR, PNX, PPI, ADEF, ADEM, ALE, BCE, SYS, BRK, INE, IPE, FPD, FPE, SXD/ASXD and
 * BTD (only if CPUCFG2 reports LSX/LASX/LBT; otherwise their instructions must be INE).
 * Not covered: the watchpoint exceptions WPEF/WPEM (QEMU 7.2 has no watchpoints), debug
 * mode (DBCL), machine errors.
 *
 * QEMU 7.2 deviations (manual-only checks, skipped in the .qemu.elf build):
 *  - SYS/BRK/INE/IPE/FPD/FPE write the PC into BADV (the manual lists BADV only for the
 *    address exceptions);
 *  - ADEM/ADEF also write TLBEHI (the manual: only the page exceptions do);
 *  - a jump to a misaligned PC gives INE instead of ADEF;
 *  - misaligned LL/SC and AM* perform the access instead of raising ALE;
 *  - MISC is read-only (CSRWR -> INE), so MISC.ALCL0 (alignment checks at PLV0) cannot
 *    be tested;
 *  - BCE (ASRT*, bound-checked loads) is raised with the PC of the start of QEMU's
 *    translation block, re-executing the instructions before it: the common checks put
 *    the instruction at a branch target, the manual-only one mid-block;
 *  - PNX and a fetch PPI loop forever in QEMU 7.2 (it re-raises the exception while
 *    reading the instruction word for BADI from the page it may not fetch);
 *  - writing ESTAT.IS[1:0] does not raise QEMU's interrupt request: a pending, enabled
 *    SWI is only taken once a hardware line has raised it. The QEMU build keeps an
 *    expired timer interrupt pending (masked in ECFG.LIE) so that the SWI checks run.
 * Not checked: BADV of BCE (the manual names "the bad address", ASRT* has none); BADI
 * of fetch exceptions (no instruction was fetched). The interrupt checks expect an
 * interrupt made pending and enabled by a CSR write to be taken before the next
 * instruction (QEMU and lvzemu both do so; the manual only says "an instruction"). */
#include "priv.h"

#define SENT 0x5a5a5a5a0000abcdULL
#define EHI_SENT 0x0000123456780000ULL

static volatile u64 dpage[2048] __attribute__((aligned(16384))); /* one 16 KiB page */
static char ustack[8192] __attribute__((aligned(16)));
#define USP ((u64)ustack + sizeof ustack)

/* a 16 KiB code page: `return 42` */
__asm__(".pushsection .text.xpage, \"ax\"\n.balign 16384\n.globl xpage\nxpage:\n"
        "  ori $a0, $zero, 42\n  jirl $zero, $ra, 0\n.balign 16384\n.popsection\n");
extern char xpage[];

static u64 mtlb0;                                      /* first MTLB index */
#define TVA(k) (0x0000004000000000ULL + (u64)(k) * 0x8000)   /* 16 KiB page pairs */

static void arm(void) {
    rt_trap_clear();
    csrwr(CSR_BADV, SENT);
    csrwr(CSR_TLBEHI, EHI_SENT);
}

enum { K_NONE = 0, K_ADDR = 1, K_FETCH = 2, K_PAGE = 4 };

static void expect(const char* n, u64 pc, u64 ec, u64 esub, int kind, u64 badv, u64 pplv, u64 pie) {
    CHECK(rt_cat(n, "taken once"), rt_t.count, 1);
    CHECK(rt_cat(n, "ESTAT.Ecode"), ECODE(rt_t.estat), ec);
    CHECK(rt_cat(n, "ESTAT.EsubCode"), ESUBCODE(rt_t.estat), esub);
    CHECK(rt_cat(n, "ERA"), rt_t.era, pc);
    if (kind & K_ADDR)
        CHECK(rt_cat(n, "BADV"), rt_t.badv, badv);
    else if (MANUAL_ONLY("BADV untouched by a non-address exception"))
        CHECK(rt_cat(n, "BADV untouched"), rt_t.badv, SENT);
    if (!(kind & K_FETCH)) CHECK(rt_cat(n, "BADI"), rt_t.badi & 0xffffffffULL, *(volatile u32*)pc);
    if (kind & K_PAGE) CHECK(rt_cat(n, "TLBEHI.VPPN"), rt_t.tlbehi, badv & ~0x1fffULL);
    CHECK(rt_cat(n, "PRMD.PPLV"), rt_t.prmd & 3, pplv);
    CHECK(rt_cat(n, "PRMD.PIE"), (rt_t.prmd >> 2) & 1, pie);
    CHECK(rt_cat(n, "handler CRMD.PLV,IE"), rt_t.crmd & 7, 0);
}

/* --- SYS, BRK, INE ------------------------------------------------------------------- */
static void test_sys_brk_ine(void) {
    u64 pc, crmd0 = csrrd(CSR_CRMD);
    arm();
    AT(pc, "syscall 0x1234");
    expect("SYS", pc, EC_SYS, 0, K_NONE, 0, 0, 0);
    arm();
    AT(pc, "break 0x2a");
    expect("BRK", pc, EC_BRK, 0, K_NONE, 0, 0, 0);
    arm();
    AT(pc, ".word 0x00000000");
    expect("INE all-zero word", pc, EC_INE, 0, K_NONE, 0, 0, 0);
    arm();
    AT(pc, ".word 0x06498007");                        /* invtlb 7, $zero, $zero */
    expect("INE invtlb op 7", pc, EC_INE, 0, K_NONE, 0, 0, 0);
    arm();
    AT(pc, ".word 0x0649801f");                        /* invtlb 0x1f, $zero, $zero */
    expect("INE invtlb op 31", pc, EC_INE, 0, K_NONE, 0, 0, 0);
    if (!((cpucfg(2) >> 10) & 1)) {                    /* no LVZ: its instructions are INE */
        arm();
        AT(pc, ".word 0x0500000c");                    /* gcsrrd $t0, 0 */
        expect("INE gcsrrd without LVZ", pc, EC_INE, 0, K_NONE, 0, 0, 0);
        arm();
        AT(pc, ".word 0x002b8000");                    /* hvcl 0 */
        expect("INE hvcl without LVZ", pc, EC_INE, 0, K_NONE, 0, 0, 0);
    }
    arm();
    AT(pc, ".word 0x00000880");                        /* movgr2scr $scr0, $a0 (LBT) */
    if ((cpucfg(2) >> 18) & 7)                         /* LBT present: BTD with EUEN.BTE = 0 */
        expect("BTD movgr2scr with EUEN.BTE=0", pc, 0x14, 0, K_NONE, 0, 0, 0);
    else
        expect("INE movgr2scr without LBT", pc, EC_INE, 0, K_NONE, 0, 0, 0);
    CHECK("CRMD restored by ERTN", csrrd(CSR_CRMD), crmd0);
    /* with CRMD.IE = 1 (no interrupt enabled in ECFG.LIE): PRMD.PIE = 1, IE = 0 inside,
     * IE = 1 again after ERTN */
    csrwr(CSR_ECFG, 0);
    csrxchg(CSR_CRMD, CRMD_IE, CRMD_IE);
    arm();
    AT(pc, "syscall 1");
    u64 crmd_after = csrrd(CSR_CRMD);
    csrxchg(CSR_CRMD, 0, CRMD_IE);
    expect("SYS with IE=1", pc, EC_SYS, 0, K_NONE, 0, 0, 1);
    CHECK("SYS with IE=1: CRMD.IE back to 1", (crmd_after >> 2) & 1, 1);
}

/* --- user mode: SYS/BRK at PLV3, IPE --------------------------------------------------- */
static volatile u64 u_pc;
static u64 u_sys(u64 a) { u64 pc; AT(pc, "syscall 0x77"); u_pc = pc; return a + 1; }
static u64 u_brk(u64 a) { u64 pc; AT(pc, "break 3"); u_pc = pc; return a + 2; }
#define U_IPE(fn, insn) static u64 fn(u64 a) { u64 pc; AT(pc, insn); u_pc = pc; return a; }
U_IPE(u_csrrd, "csrrd $zero, 0x0")
U_IPE(u_csrwr, "csrwr $zero, 0x30")
U_IPE(u_csrxchg, "csrxchg $zero, $t8, 0x30")
U_IPE(u_iocsrrd, "iocsrrd.w $zero, $zero")
U_IPE(u_iocsrwr, "iocsrwr.w $zero, $zero")
U_IPE(u_tlbsrch, "tlbsrch")
U_IPE(u_tlbrd, "tlbrd")
U_IPE(u_tlbwr, "tlbwr")
U_IPE(u_tlbfill, "tlbfill")
U_IPE(u_tlbclr, "tlbclr")
U_IPE(u_tlbflush, "tlbflush")
U_IPE(u_invtlb, "invtlb 0, $zero, $zero")
U_IPE(u_cacop, "cacop 0, $zero, 0")
U_IPE(u_lddir, "lddir $zero, $zero, 1")
U_IPE(u_ldpte, "ldpte $zero, 0")
U_IPE(u_ertn, "ertn")
U_IPE(u_idle, "idle 0")

static void test_user(void) {
    arm();
    u64 r = rt_run_user(u_sys, 10, USP, PRMD_PPLV(3));
    expect("SYS at PLV3", u_pc, EC_SYS, 0, K_NONE, 0, 3, 0);
    CHECK("SYS at PLV3: resumed at PLV3 after ERTN, result", r, 11);
    arm();
    r = rt_run_user(u_brk, 10, USP, PRMD_PPLV(3) | PRMD_PIE);
    expect("BRK at PLV3 IE=1", u_pc, EC_BRK, 0, K_NONE, 0, 3, 1);
    CHECK("BRK at PLV3: result", r, 12);
    static const struct { const char* n; u64 (*fn)(u64); } ipe[] = {
        {"IPE csrrd", u_csrrd}, {"IPE csrwr", u_csrwr}, {"IPE csrxchg", u_csrxchg},
        {"IPE iocsrrd.w", u_iocsrrd}, {"IPE iocsrwr.w", u_iocsrwr}, {"IPE tlbsrch", u_tlbsrch},
        {"IPE tlbrd", u_tlbrd}, {"IPE tlbwr", u_tlbwr}, {"IPE tlbfill", u_tlbfill},
        {"IPE tlbclr", u_tlbclr}, {"IPE tlbflush", u_tlbflush}, {"IPE invtlb", u_invtlb},
        {"IPE cacop", u_cacop}, {"IPE lddir", u_lddir}, {"IPE ldpte", u_ldpte},
        {"IPE ertn", u_ertn}, {"IPE idle", u_idle},
    };
    for (unsigned i = 0; i < sizeof ipe / sizeof ipe[0]; ++i) {
        arm();
        r = rt_run_user(ipe[i].fn, 5, USP, PRMD_PPLV(3));
        expect(ipe[i].n, u_pc, EC_IPE, 0, K_NONE, 0, 3, 0);
        CHECK(rt_cat(ipe[i].n, "returned"), r, 5);
    }
}

/* --- FPD, FPE, SXD/ASXD ---------------------------------------------------------------- */
static void test_fp(void) {
    u64 pc;
    csrwr(CSR_EUEN, 0);
    arm();
    AT(pc, "fadd.d $f0, $f1, $f2");
    expect("FPD fadd.d", pc, EC_FPD, 0, K_NONE, 0, 0, 0);
    arm();
    AT(pc, "movgr2fr.d $f0, $zero");
    expect("FPD movgr2fr.d", pc, EC_FPD, 0, K_NONE, 0, 0, 0);
    arm();
    AT(pc, "fld.d $f0, $sp, 0");
    expect("FPD fld.d", pc, EC_FPD, 0, K_NONE, 0, 0, 0);

    csrwr(CSR_EUEN, 1);                                /* FPE */
    u64 one = 0x3ff0000000000000ULL, dst = 0x1234, fcsr;
    /* Enables.Z (bit 3): 1.0 / 0.0 raises FPE; the destination is not written, FCSR.Cause.Z
     * (bit 27) is set */
    __asm__ volatile("movgr2fr.d $f1, %0\n\tmovgr2fr.d $f2, $zero\n\tmovgr2fr.d $f3, %1\n\t"
                     "ori $t0, $zero, 8\n\tmovgr2fcsr $fcsr0, $t0"
                     : : "r"(one), "r"(dst) : "$t0", "$f1", "$f2", "$f3", "memory");
    arm();
    AT(pc, "fdiv.d $f3, $f1, $f2");
    __asm__ volatile("movfr2gr.d %0, $f3\n\tmovfcsr2gr %1, $fcsr0\n\tmovgr2fcsr $fcsr0, $zero"
                     : "=r"(dst), "=r"(fcsr) : : "memory");
    expect("FPE fdiv.d by 0 with Enables.Z", pc, EC_FPE, 0, K_NONE, 0, 0, 0);
    CHECK("FPE: destination not written", dst, 0x1234);
    CHECK("FPE: FCSR.Cause.Z", (fcsr >> 27) & 1, 1);
    /* not enabled: no exception, Flags.Z (bit 19) set */
    arm();
    __asm__ volatile("fdiv.d $f3, $f1, $f2\n\tmovfcsr2gr %0, $fcsr0\n\tmovgr2fcsr $fcsr0, $zero"
                     : "=r"(fcsr) : : "$f3", "memory");
    CHECK("fdiv.d by 0 without Enables: no exception", rt_t.count, 0);
    CHECK("fdiv.d by 0 without Enables: Flags.Z", (fcsr >> 19) & 1, 1);
    /* Enables.V (bit 4): 0/0 raises FPE */
    __asm__ volatile("ori $t0, $zero, 0x10\n\tmovgr2fcsr $fcsr0, $t0" : : : "$t0", "memory");
    arm();
    AT(pc, "fdiv.d $f3, $f2, $f2");
    __asm__ volatile("movfcsr2gr %0, $fcsr0\n\tmovgr2fcsr $fcsr0, $zero" : "=r"(fcsr) : : "memory");
    expect("FPE fdiv.d 0/0 with Enables.V", pc, EC_FPE, 0, K_NONE, 0, 0, 0);
    CHECK("FPE: FCSR.Cause.V", (fcsr >> 28) & 1, 1);

    /* LSX / LASX: SXD / ASXD with EUEN.SXE / ASXE = 0 if present, INE if not */
    u64 c2 = cpucfg(2);
    csrwr(CSR_EUEN, 1);
    arm();
    AT(pc, ".word 0x700a0000");                        /* vadd.b $vr0, $vr0, $vr0 */
    if ((c2 >> 6) & 1)
        expect("SXD vadd.b with EUEN.SXE=0", pc, EC_SXD, 0, K_NONE, 0, 0, 0);
    else
        expect("INE vadd.b without LSX", pc, EC_INE, 0, K_NONE, 0, 0, 0);
    arm();
    AT(pc, ".word 0x740a0000");                        /* xvadd.b $xr0, $xr0, $xr0 */
    if ((c2 >> 7) & 1)
        expect("ASXD xvadd.b with EUEN.ASXE=0", pc, EC_ASXD, 0, K_NONE, 0, 0, 0);
    else
        expect("INE xvadd.b without LASX", pc, EC_INE, 0, K_NONE, 0, 0, 0);
    csrwr(CSR_EUEN, 0);
}

/* --- ADEF, ADEM, ALE, BCE --------------------------------------------------------------- */
static volatile u64 abuf[4] __attribute__((aligned(16)));

static void test_address(void) {
    u64 pc, v;
    const u64 bad = 0x0001000000000000ULL;             /* VA[63:47] not a sign extension */
    /* DA mode: the upper VA bits are ignored, no ADE */
    abuf[0] = 0x1122334455667788ULL;
    arm();
    __asm__ volatile("ld.d %0, %1, 0" : "=r"(v) : "r"(PA(&abuf[0]) | bad) : "memory");
    CHECK("DA mode: VA bit 48 ignored, no exception", rt_t.count, 0);
    CHECK("DA mode: load through VA | 1<<48", v, 0x1122334455667788ULL);

    rt_paging_on();
    arm();
    __asm__ volatile("la.abs %0, 1f\n1:\tld.d %1, %2, 0" : "=&r"(pc), "=r"(v) : "r"(bad + 0x18) : "memory");
    expect("ADEM load", pc, EC_ADE, 1, K_ADDR, bad + 0x18, 0, 0);
    if (MANUAL_ONLY("TLBEHI untouched by ADEM"))
        CHECK("ADEM load: TLBEHI untouched", rt_t.tlbehi, EHI_SENT);
    arm();
    __asm__ volatile("la.abs %0, 1f\n1:\tst.w $zero, %1, -8" : "=&r"(pc) : "r"(0xff00000000001000ULL) : "memory");
    expect("ADEM store", pc, EC_ADE, 1, K_ADDR, 0xff00000000000ff8ULL, 0, 0);
    /* ADEF: jump to an illegal VA; ERA = BADV = the target */
    arm();
    __asm__ volatile("la.abs $t0, 2f\n\tla.abs $t1, rt_resume\n\tst.d $t0, $t1, 0\n\t"
                     "jirl $ra, %0, 0\n2:" : : "r"(bad + 0x40) : "$t0", "$t1", "$ra", "memory");
    expect("ADEF", bad + 0x40, EC_ADE, 0, K_ADDR | K_FETCH, bad + 0x40, 0, 0);
    if (MANUAL_ONLY("ADEF for a misaligned PC")) {
        arm();
        __asm__ volatile("la.abs $t0, 2f\n\tla.abs $t1, rt_resume\n\tst.d $t0, $t1, 0\n\t"
                         "la.abs $t0, 1f\n\taddi.d $t0, $t0, 2\n\tjirl $ra, $t0, 0\n1:\tnop\n\tnop\n2:"
                         : : : "$t0", "$t1", "$ra", "memory");
        CHECK("ADEF misaligned PC: Ecode", ECODE(rt_t.estat), EC_ADE);
        CHECK("ADEF misaligned PC: EsubCode", ESUBCODE(rt_t.estat), 0);
        CHECK("ADEF misaligned PC: ERA = BADV", rt_t.era, rt_t.badv);
        CHECK("ADEF misaligned PC: ERA bits 1:0", rt_t.era & 3, 2);
    }
    rt_paging_off();

    /* ALE: LL/SC need natural alignment (ALE first, before any translation) */
    u64 mis = (u64)&abuf[1] + 2;
    if (MANUAL_ONLY("ALE for a misaligned LL/SC")) {
        arm();
        __asm__ volatile("la.abs %0, 1f\n1:\tll.w %1, %2, 0" : "=&r"(pc), "=r"(v) : "r"(mis) : "memory");
        expect("ALE ll.w", pc, EC_ALE, 0, K_ADDR, mis, 0, 0);
        arm();
        __asm__ volatile("la.abs %0, 1f\n1:\tll.d %1, %2, 0" : "=&r"(pc), "=r"(v) : "r"(mis + 2) : "memory");
        expect("ALE ll.d", pc, EC_ALE, 0, K_ADDR, mis + 2, 0, 0);
        arm();
        __asm__ volatile("la.abs %0, 1f\n1:\tsc.d %1, %2, 0" : "=&r"(pc), "=r"(v) : "r"(mis + 2) : "memory");
        expect("ALE sc.d", pc, EC_ALE, 0, K_ADDR, mis + 2, 0, 0);
    }
    if (MANUAL_ONLY("ALE for a misaligned AM*")) {
        arm();
        __asm__ volatile("la.abs %0, 1f\n1:\tamswap.w %1, $zero, %2" : "=&r"(pc), "=&r"(v) : "r"(mis) : "memory");
        expect("ALE amswap.w", pc, EC_ALE, 0, K_ADDR, mis, 0, 0);
    }
    /* ordinary loads may be misaligned on la464 (CPUCFG1.UAL) */
    abuf[1] = 0x8877665544332211ULL;
    abuf[2] = 0xffeeddccbbaa9988ULL;
    arm();
    __asm__ volatile("ld.w %0, %1, 0" : "=r"(v) : "r"(mis) : "memory");
    CHECK("UAL: misaligned ld.w no exception", rt_t.count, 0);
    CHECK("UAL: misaligned ld.w value", v, 0x66554433ULL);
    if (MANUAL_ONLY("MISC.ALCL0 (MISC is read-only in QEMU)")) {
        csrwr(CSR_MISC, 1ULL << 12);                   /* ALCL0: check alignment at PLV0 */
        arm();
        __asm__ volatile("la.abs %0, 1f\n1:\tld.w %1, %2, 0" : "=&r"(pc), "=r"(v) : "r"(mis) : "memory");
        csrwr(CSR_MISC, 0);
        expect("ALE ld.w with MISC.ALCL0", pc, EC_ALE, 0, K_ADDR, mis, 0, 0);
    }

    /* BCE. QEMU 7.2 raises it from a helper without the return address, so its ERA is
     * the start of the translation block: the manual build also checks a BCE in the
     * middle of a block, the common checks put it at a branch target (block start). */
    if (MANUAL_ONLY("BCE in the middle of a block: ERA")) {
        arm();
        __asm__ volatile("nop\n\tla.abs %0, 1f\n1:\tasrtle.d %1, %2" : "=&r"(pc) : "r"(5ULL), "r"(4ULL) : "memory");
        expect("BCE asrtle.d mid-block", pc, EC_BCE, 0, K_ADDR, rt_t.badv, 0, 0);
    }
    arm();
    __asm__ volatile("la.abs %0, 1f\n\tb 1f\n1:\tasrtle.d %1, %2" : "=&r"(pc) : "r"(5ULL), "r"(4ULL) : "memory");
    expect("BCE asrtle.d 5 <= 4", pc, EC_BCE, 0, K_ADDR, rt_t.badv, 0, 0);
    arm();
    __asm__ volatile("b 1f\n1:\tasrtle.d %0, %1" : : "r"(4ULL), "r"(4ULL) : "memory");
    CHECK("asrtle.d 4 <= 4: no exception", rt_t.count, 0);
    arm();
    __asm__ volatile("la.abs %0, 1f\n\tb 1f\n1:\tasrtgt.d %1, %2" : "=&r"(pc) : "r"(4ULL), "r"(4ULL) : "memory");
    expect("BCE asrtgt.d 4 > 4", pc, EC_BCE, 0, K_ADDR, rt_t.badv, 0, 0);
    arm();
    u64 a = (u64)&abuf[0];
    __asm__ volatile("la.abs %0, 1f\n\tb 1f\n1:\tldgt.d %1, %2, %3" : "=&r"(pc), "=&r"(v) : "r"(a), "r"(a) : "memory");
    expect("BCE ldgt.d address == bound", pc, EC_BCE, 0, K_ADDR, rt_t.badv, 0, 0);
    arm();
    __asm__ volatile("b 1f\n1:\tldle.d %0, %1, %2" : "=&r"(v) : "r"(a), "r"(a) : "memory");
    CHECK("ldle.d address == bound: no exception", rt_t.count, 0);
    CHECK("ldle.d address == bound: value", v, abuf[0]);
}

/* --- page exceptions: PIL, PIS, PIF, PME, PNR, PNX, PPI ------------------------------------ */
static void map16k(int k, u64 pa, u64 flags) {
    tlb_write(mtlb0 + k, TVA(k), 14, (pa & ~0x3fffULL) | flags, 0);
}

static u64 u_load(u64 va) { u64 pc, v; __asm__ volatile("la.abs %0, 1f\n1:\tld.d %1, %2, 0" : "=&r"(pc), "=r"(v) : "r"(va) : "memory"); u_pc = pc; return v; }

static void jump_expect_fault(u64 target) {
    __asm__ volatile("la.abs $t0, 2f\n\tla.abs $t1, rt_resume\n\tst.d $t0, $t1, 0\n\t"
                     "jirl $ra, %0, 0\n2:" : : "r"(target) : "$t0", "$t1", "$ra", "memory");
}

static void test_page(void) {
    u64 pc, v;
    const u64 cc = PTE_MAT(1);
    mtlb0 = tlb_stlb_entries();
    dpage[0] = 0xabcdef0123456789ULL;
    dpage[1] = 0;
    map16k(0, PA(dpage), cc | PTE_PLV(0));                                 /* V = 0 */
    map16k(1, PA(dpage), cc | PTE_V | PTE_PLV(0));                         /* D = 0 */
    map16k(2, PA(dpage), cc | PTE_V | PTE_D | PTE_NR | PTE_PLV(0));
    map16k(3, PA(xpage), cc | PTE_V | PTE_D | PTE_NX | PTE_PLV(0));
    map16k(4, PA(dpage), cc | PTE_V | PTE_D | PTE_PLV(0));                 /* PLV0 only */
    map16k(5, PA(xpage), cc | PTE_V | PTE_D | PTE_PLV(0));                 /* executable */
    rt_paging_on();

    arm();
    __asm__ volatile("la.abs %0, 1f\n1:\tld.d %1, %2, 8" : "=&r"(pc), "=r"(v) : "r"(TVA(0)) : "memory");
    expect("PIL", pc, EC_PIL, 0, K_ADDR | K_PAGE, TVA(0) + 8, 0, 0);
    arm();
    __asm__ volatile("la.abs %0, 1f\n1:\tst.w $zero, %1, 0x10" : "=&r"(pc) : "r"(TVA(0)) : "memory");
    expect("PIS", pc, EC_PIS, 0, K_ADDR | K_PAGE, TVA(0) + 0x10, 0, 0);
    arm();
    jump_expect_fault(TVA(0) + 0x20);
    expect("PIF", TVA(0) + 0x20, EC_PIF, 0, K_ADDR | K_FETCH | K_PAGE, TVA(0) + 0x20, 0, 0);

    arm();
    __asm__ volatile("ld.d %0, %1, 0" : "=r"(v) : "r"(TVA(1)) : "memory");
    CHECK("D=0 page: load works", v, 0xabcdef0123456789ULL);
    CHECK("D=0 page: load no exception", rt_t.count, 0);
    arm();
    __asm__ volatile("la.abs %0, 1f\n1:\tst.d %1, %2, 8" : "=&r"(pc) : "r"(7ULL), "r"(TVA(1)) : "memory");
    expect("PME", pc, EC_PME, 0, K_ADDR | K_PAGE, TVA(1) + 8, 0, 0);
    CHECK("PME: store not done", dpage[1], 0);

    arm();
    __asm__ volatile("la.abs %0, 1f\n1:\tld.d %1, %2, 0" : "=&r"(pc), "=r"(v) : "r"(TVA(2)) : "memory");
    expect("PNR", pc, EC_PNR, 0, K_ADDR | K_PAGE, TVA(2), 0, 0);
    arm();
    __asm__ volatile("st.d %0, %1, 8" : : "r"(5ULL), "r"(TVA(2)) : "memory");
    CHECK("NR=1 page: store no exception", rt_t.count, 0);
    CHECK("NR=1 page: store reached memory", dpage[1], 5);

    if (MANUAL_ONLY("PNX (QEMU 7.2 re-raises PNX forever while reading BADI)")) {
        arm();
        jump_expect_fault(TVA(3));
        expect("PNX", TVA(3), EC_PNX, 0, K_ADDR | K_FETCH | K_PAGE, TVA(3), 0, 0);
    }

    arm();
    u64 (*fn)(void) = (u64(*)(void))TVA(5);
    v = fn();
    CHECK("executable mapped page: call returns 42", v, 42);
    CHECK("executable mapped page: no exception", rt_t.count, 0);

    arm();
    v = rt_run_user(u_load, TVA(4), USP, PRMD_PPLV(3));
    expect("PPI load at PLV3 of a PLV0 page", u_pc, EC_PPI, 0, K_ADDR | K_PAGE, TVA(4), 3, 0);
    arm();
    __asm__ volatile("ld.d %0, %1, 0" : "=r"(v) : "r"(TVA(4)) : "memory");
    CHECK("PLV0 page at PLV0: load", v, 0xabcdef0123456789ULL);
    if (MANUAL_ONLY("PPI on fetch (QEMU 7.2 re-raises it forever while reading BADI)")) {
        arm();
        rt_resume = (u64)rt_user_returned;             /* leave user mode from the handler */
        v = rt_run_user((u64(*)(u64))TVA(5), 0, USP, PRMD_PPLV(3));
        expect("PPI fetch at PLV3 from a PLV0 page", TVA(5), EC_PPI, 0, K_ADDR | K_FETCH | K_PAGE, TVA(5), 3, 0);
    }
    rt_paging_off();
    invtlb(0, 0, 0);
}

/* --- software interrupts ----------------------------------------------------------------- */
static volatile u64 irq_log[8];
static volatile u64 irq_n, irq_era[8], irq_prmd[8], irq_crmd[8];

static int irq_hook(struct rt_frame* f) {
    if (ECODE(f->estat) != EC_INT) return 0;
    u64 pending = f->estat & csrrd(CSR_ECFG) & 0x1fff;
    int irq = 63 - __builtin_clzll(pending | 1);
    if (irq_n < 8) {
        irq_log[irq_n] = (u64)irq;
        irq_era[irq_n] = f->era;
        irq_prmd[irq_n] = f->prmd;
        irq_crmd[irq_n] = f->crmd;
    }
    irq_n++;
    if (irq <= IRQ_SWI1) csrxchg(CSR_ESTAT, 0, 1ULL << irq);          /* acknowledge */
    else csrxchg(CSR_ECFG, 0, 1ULL << irq);
    return 1;                                          /* resume at ERA: nothing skipped */
}

static void test_swi(void) {
    u64 pc, v;
#ifdef PRIV_SKIP_QEMU_DEVIATIONS
    /* QEMU 7.2 does not raise the CPU's interrupt request when ESTAT.IS[1:0] is written,
     * only when a hardware line changes: an expired timer (TI, left pending and masked
     * in ECFG.LIE) keeps that request up, so enabled SWIs are then taken. */
    csrwr(CSR_TCFG, 4 | 1);
    while (!(csrrd(CSR_ESTAT) & (1ULL << IRQ_TI))) {}
    rt_note("note: QEMU build: timer interrupt left pending (masked) so that SWIs are taken");
#endif
    rt_trap_hook = irq_hook;
    irq_n = 0;
    rt_trap_clear();
    /* ESTAT: only IS[1:0] are writable */
    u64 e0 = csrrd(CSR_ESTAT);
    csrwr(CSR_ESTAT, 0xffffffffffffffffULL);
    v = csrrd(CSR_ESTAT);
    csrwr(CSR_ESTAT, 0);
    CHECK("ESTAT write ~0: IS[1:0] set, the rest untouched", v, (e0 & ~3ULL) | 3);
    CHECK("ESTAT write 0: IS[1:0] clear", csrrd(CSR_ESTAT) & 3, 0);

    /* IE = 1, SWI0 enabled: raising SWI0 interrupts before the next instruction */
    csrwr(CSR_ECFG, 1ULL << IRQ_SWI0);
    csrxchg(CSR_CRMD, CRMD_IE, CRMD_IE);
    __asm__ volatile("la.abs %0, 1f\n\tori $t7, $zero, 1\n\tori $t8, $zero, 1\n\t"
                     "csrxchg $t7, $t8, 0x5\n1:\tnop" : "=&r"(pc) : : "$t7", "$t8", "memory");
    v = csrrd(CSR_CRMD);
    csrxchg(CSR_CRMD, 0, CRMD_IE);
    CHECK("SWI0: taken once", irq_n, 1);
    CHECK("SWI0: interrupt number", irq_log[0], IRQ_SWI0);
    CHECK("SWI0: ERA = next instruction", irq_era[0], pc);
    CHECK("SWI0: ESTAT.Ecode = INT", rt_t.code, EC_INT);
    CHECK("SWI0: PRMD.PPLV,PIE", irq_prmd[0] & 7, PRMD_PIE);
    CHECK("SWI0: handler CRMD.IE", (irq_crmd[0] >> 2) & 1, 0);
    CHECK("SWI0: CRMD.IE back to 1 after ERTN", (v >> 2) & 1, 1);
    CHECK("SWI0: cleared by the handler", csrrd(CSR_ESTAT) & 3, 0);

    /* IE = 0: nothing is taken, the bits are pending; priority: SWI1 before SWI0 */
    irq_n = 0;
    csrwr(CSR_ECFG, (1ULL << IRQ_SWI0) | (1ULL << IRQ_SWI1));
    csrxchg(CSR_ESTAT, 3, 3);
    for (volatile int i = 0; i < 100; ++i) {}
    CHECK("IE=0: no interrupt taken", irq_n, 0);
    CHECK("IE=0: ESTAT.IS[1:0] pending", csrrd(CSR_ESTAT) & 3, 3);
    csrxchg(CSR_CRMD, CRMD_IE, CRMD_IE);
    __asm__ volatile("nop\n\tnop" ::: "memory");
    csrxchg(CSR_CRMD, 0, CRMD_IE);
    CHECK("SWI0+SWI1: two interrupts", irq_n, 2);
    CHECK("SWI0+SWI1: SWI1 first (higher number wins)", irq_log[0], IRQ_SWI1);
    CHECK("SWI0+SWI1: then SWI0", irq_log[1], IRQ_SWI0);

    /* ECFG.LIE masks: SWI1 pending but not enabled is never taken */
    irq_n = 0;
    csrwr(CSR_ECFG, 1ULL << IRQ_SWI0);
    csrxchg(CSR_ESTAT, 2, 3);
    csrxchg(CSR_CRMD, CRMD_IE, CRMD_IE);
    for (volatile int i = 0; i < 100; ++i) {}
    CHECK("LIE.SWI1=0: pending SWI1 not taken", irq_n, 0);
    /* enabling it in ECFG while IE = 1 takes it */
    csrxchg(CSR_ECFG, 1ULL << IRQ_SWI1, 1ULL << IRQ_SWI1);
    for (volatile int i = 0; i < 100; ++i) {}
    csrxchg(CSR_CRMD, 0, CRMD_IE);
    CHECK("LIE.SWI1 set with IE=1: taken", irq_n, 1);
    CHECK("LIE.SWI1 set with IE=1: number", irq_log[0], IRQ_SWI1);

    /* an interrupt at PLV3: PRMD.PPLV = 3, back to PLV3 */
    irq_n = 0;
    csrwr(CSR_ECFG, 1ULL << IRQ_SWI0);
    csrxchg(CSR_ESTAT, 1, 1);                          /* pending; IE = 0 at PLV0 */
    v = rt_run_user(u_sys, 1, USP, PRMD_PPLV(3) | PRMD_PIE);
    CHECK("SWI0 taken at PLV3 (ERTN set IE=1)", irq_n, 1);
    CHECK("SWI0 at PLV3: PRMD.PPLV,PIE", irq_prmd[0] & 7, PRMD_PPLV(3) | PRMD_PIE);
    CHECK("SWI0 at PLV3: user code finished", v, 2);
    csrwr(CSR_ECFG, 0);
    csrwr(CSR_ESTAT, 0);
    csrwr(CSR_TCFG, 0);
    csrwr(CSR_TICLR, 1);
    rt_trap_hook = 0;
}

int main(void) {
    test_sys_brk_ine();
    test_user();
    test_fp();
    test_address();
    test_page();
    test_swi();
    return rt_done("exceptions");
}
