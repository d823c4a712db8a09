/* SPDX-License-Identifier: Apache-2.0
 * gcsrrd / gcsrwr / gcsrxchg on the guest CSR bank (lvz.md §3.2, §3.3, §6.2, §2.5;
 * docs/lvz.md):
 *  - every GCSR of the bank: the root writes, reads back the value masked by the field
 *    rules (read-only fields kept, R+G fields root-writable, 32-bit CSRs sign-extended),
 *    gcsrwr returns the old value, the root's own CSR of that number is untouched;
 *    SAVE8-15 and numbers outside the bank read 0 and ignore writes;
 *  - gcsrxchg mask semantics; ESTAT: IS 1:0, 12:10, Ecode, EsubCode root-writable;
 *  - the guest sees what the root wrote and the root what the guest wrote; R+G fields
 *    (BADI, CPUID, TVAL, ESTAT IS[12:10]) stay read-only for the guest;
 *  - TVAL: a root write restarts the countdown from that value; 0 fires at once; after a
 *    one-shot guest timer fires TVAL reads all-ones, TICLR clears TI and TVAL stays;
 *  - GCNTC: guest rdtime = stable counter + GCNTC + guest CNTC (not root CNTC); guest
 *    rdtime's rj = guest TID; root rdtime unaffected;
 *  - gcsr*, gtlb* at root PLV3 -> IPE; gcsr*, gtlb* in the guest -> INE in the guest (no
 *    exit); hvcl in root mode -> INE. */
#include "hv.h"

static struct hv_vcpu vm;

#define RW_CHECK(num, name, val, exp)                                                          \
    do {                                                                                       \
        u64 r_ = csrrd(num);                                                                   \
        gcsrwr(num, val);                                                                      \
        CHECK("gcsrwr " name " then gcsrrd", gcsrrd(num), exp);                               \
        CHECK("gcsrwr " name ": root " name " untouched", csrrd(num), r_);                    \
    } while (0)
#define RO_CHECK(num, name)                                                                    \
    do {                                                                                       \
        u64 g_ = gcsrrd(num);                                                                  \
        CHECK("guest " name " = root " name, g_, csrrd(num));                                 \
        gcsrwr(num, ~g_);                                                                      \
        CHECK("gcsrwr " name ": read-only, unchanged", gcsrrd(num), g_);                      \
    } while (0)
#define ZERO_CHECK(num, name)                                                                  \
    do {                                                                                       \
        u64 r_ = csrrd(num);                                                                   \
        CHECK("gcsrrd " name " (not in the guest bank) reads 0", gcsrrd(num), 0);             \
        gcsrwr(num, 0x5a5a5a5a5a5a5a5aULL);                                                    \
        CHECK("gcsrwr " name " ignored", gcsrrd(num), 0);                                     \
        CHECK("gcsrwr " name ": root " name " untouched", csrrd(num), r_);                    \
    } while (0)

static void test_bank(void) {
    hv_bank_reset();
    RW_CHECK(CSR_CRMD, "CRMD", ~0ULL, 0x3ff);
    RW_CHECK(CSR_PRMD, "PRMD", ~0ULL, 0xf);
    RW_CHECK(CSR_EUEN, "EUEN (FP only on this CPU)", ~0ULL, 0x1);
    RW_CHECK(CSR_MISC, "MISC", ~0ULL, 0x7feee);
    RW_CHECK(CSR_ECFG, "ECFG", ~0ULL, 0x71fff);
    RW_CHECK(CSR_ERA, "ERA", 0x123456789abcdef0ULL, 0x123456789abcdef0ULL);
    RW_CHECK(CSR_BADV, "BADV", 0x0fedcba987654321ULL, 0x0fedcba987654321ULL);
    RW_CHECK(CSR_BADI, "BADI (R+G: root-writable, sign-extended)", 0xfedcba98ULL, 0xfffffffffedcba98ULL);
    RW_CHECK(CSR_EENTRY, "EENTRY", ~0ULL, 0xfffffffffffff000ULL);
    RW_CHECK(CSR_TLBIDX, "TLBIDX", 0xffffffffULL, 0xffffffffbf000fffULL);
    RW_CHECK(CSR_TLBEHI, "TLBEHI (VPPN, low half)", 0x00007fffffffffffULL, 0x00007fffffffe000ULL);
    RW_CHECK(CSR_TLBEHI, "TLBEHI (VPPN, sign-extended)", 0x0000800000002000ULL, 0xffff800000002000ULL);
    RW_CHECK(CSR_TLBELO0, "TLBELO0", ~0ULL, 0xe000fffffffff07fULL);
    RW_CHECK(CSR_TLBELO1, "TLBELO1", ~0ULL, 0xe000fffffffff07fULL);
    RW_CHECK(CSR_ASID, "ASID", ~0ULL, 0xa03ff);
    RW_CHECK(CSR_PGDL, "PGDL", ~0ULL, ~0xfffULL);
    RW_CHECK(CSR_PGDH, "PGDH", 0x1234567000ULL, 0x1234567000ULL);
    RW_CHECK(CSR_PWCL, "PWCL", 0x7fffffffULL, 0x7fffffffULL);
    RW_CHECK(CSR_PWCH, "PWCH", ~0ULL, 0xffffff);
    RW_CHECK(CSR_STLBPS, "STLBPS", 14, 14);
    RW_CHECK(CSR_RVACFG, "RVACFG", ~0ULL, 0xf);
    RW_CHECK(CSR_CPUID, "CPUID (R+G: root-writable)", ~0ULL, 0x1ff);
    RW_CHECK(CSR_SAVE0, "SAVE0", 0x5a5a000000000030ULL, 0x5a5a000000000030ULL);
    RW_CHECK(CSR_SAVE1, "SAVE1", 0x5a5a000000000031ULL, 0x5a5a000000000031ULL);
    RW_CHECK(CSR_SAVE2, "SAVE2", 0x5a5a000000000032ULL, 0x5a5a000000000032ULL);
    RW_CHECK(CSR_SAVE3, "SAVE3", 0x5a5a000000000033ULL, 0x5a5a000000000033ULL);
    RW_CHECK(CSR_SAVE4, "SAVE4", 0x5a5a000000000034ULL, 0x5a5a000000000034ULL);
    RW_CHECK(CSR_SAVE5, "SAVE5", 0x5a5a000000000035ULL, 0x5a5a000000000035ULL);
    RW_CHECK(CSR_SAVE6, "SAVE6", 0x5a5a000000000036ULL, 0x5a5a000000000036ULL);
    RW_CHECK(CSR_SAVE7, "SAVE7", 0x5a5a000000000037ULL, 0x5a5a000000000037ULL);
    RW_CHECK(CSR_TID, "TID", 0x12345678ULL, 0x12345678ULL);
    RW_CHECK(CSR_TCFG, "TCFG (En = 0)", ~1ULL, 0xfffffffffffeULL);
    RW_CHECK(CSR_CNTC, "CNTC", 0x8877665544332211ULL, 0x8877665544332211ULL);
    RW_CHECK(CSR_TICLR, "TICLR (reads 0)", 1, 0);
    RW_CHECK(CSR_TLBRENTRY, "TLBRENTRY", ~0ULL, 0xfffffffff000ULL);
    RW_CHECK(CSR_TLBRBADV, "TLBRBADV", 0x1111222233334444ULL, 0x1111222233334444ULL);
    RW_CHECK(CSR_TLBRERA, "TLBRERA", ~0ULL, ~2ULL);
    RW_CHECK(CSR_TLBRSAVE, "TLBRSAVE", 0x5555666677778888ULL, 0x5555666677778888ULL);
    RW_CHECK(CSR_TLBRELO0, "TLBRELO0", ~0ULL, 0xe000fffffffff07fULL);
    RW_CHECK(CSR_TLBRELO1, "TLBRELO1", ~0ULL, 0xe000fffffffff07fULL);
    RW_CHECK(CSR_TLBREHI, "TLBREHI", 0x00007fffffffe03fULL, 0x00007fffffffe03fULL);
    RW_CHECK(CSR_TLBRPRMD, "TLBRPRMD", ~0ULL, 0x1f);
    RW_CHECK(CSR_DMW0, "DMW0", ~0ULL, 0xf00000000000003fULL);
    RW_CHECK(CSR_DMW1, "DMW1", ~0ULL, 0xf00000000000003fULL);
    RW_CHECK(CSR_DMW2, "DMW2", ~0ULL, 0xf00000000000003fULL);
    RW_CHECK(CSR_DMW3, "DMW3", ~0ULL, 0xf00000000000003fULL);
    gcsrwr(CSR_LLBCTL, 4);
    CHECK("gcsrwr LLBCTL.KLO then gcsrrd (KLO, WCLLB reads 0)", gcsrrd(CSR_LLBCTL) & 6, 4);
    gcsrwr(CSR_LLBCTL, 2);
    CHECK("gcsrwr LLBCTL.WCLLB: KLO written 0", gcsrrd(CSR_LLBCTL) & 6, 0);
    RO_CHECK(CSR_PRCFG1, "PRCFG1");
    RO_CHECK(CSR_PRCFG2, "PRCFG2");
    RO_CHECK(CSR_PRCFG3, "PRCFG3");
    /* PGD: computed from the guest PGDL/PGDH by the guest BADV (TLBRBADV when IsTLBR) */
    gcsrwr(CSR_PGDL, 0x111000);
    gcsrwr(CSR_PGDH, 0x222000);
    gcsrwr(CSR_TLBRERA, 0);
    gcsrwr(CSR_BADV, 0x1000);
    CHECK("guest PGD = guest PGDL (guest BADV bit 63 = 0)", gcsrrd(CSR_PGD), 0x111000);
    gcsrwr(CSR_BADV, 0xffff800000001000ULL);
    CHECK("guest PGD = guest PGDH (guest BADV bit 63 = 1)", gcsrrd(CSR_PGD), 0x222000);
    gcsrwr(CSR_TLBRERA, 1);
    gcsrwr(CSR_TLBRBADV, 0x2000);
    CHECK("guest PGD by guest TLBRBADV when guest IsTLBR = 1", gcsrrd(CSR_PGD), 0x111000);
    gcsrwr(CSR_TLBRERA, 0);
    gcsrwr(CSR_PGD, 0x333000);
    CHECK("gcsrwr PGD ignored", gcsrrd(CSR_PGD), 0x222000);
    CHECK("root PGD untouched by the guest's", csrrd(CSR_PGD) != 0x222000, 1);

    /* outside the bank */
    ZERO_CHECK(CSR_GTLBC, "GTLBC (0x15)");
    ZERO_CHECK(CSR_TRGP, "TRGP (0x16)");
    ZERO_CHECK(CSR_GSTAT, "GSTAT (0x50)");
    ZERO_CHECK(CSR_GCFG, "GCFG (0x51)");
    ZERO_CHECK(CSR_GINTC, "GINTC (0x52)");
    ZERO_CHECK(CSR_GCNTC, "GCNTC (0x53)");
    ZERO_CHECK(CSR_IMPCTL1, "IMPCTL1 (0x80)");
    ZERO_CHECK(CSR_MERRCTL, "MERRCTL (0x90)");
    ZERO_CHECK(CSR_CTAG, "CTAG (0x98)");
    ZERO_CHECK(0x38, "SAVE8 (0x38)");
    ZERO_CHECK(0x3f, "SAVE15 (0x3f)");
    ZERO_CHECK(0x9, "undefined 0x9");
    ZERO_CHECK(CSR_PMCFG0, "PMCFG0 (0x200)");
    ZERO_CHECK(CSR_DSAVE, "DSAVE (0x502)");
    ZERO_CHECK(0x3fff, "undefined 0x3fff");

    /* gcsrwr returns the old value; gcsrxchg masks */
    gcsrwr(CSR_SAVE0, 0xff00ff00ULL);
    CHECK("gcsrwr returns the old value", gcsrwr(CSR_SAVE0, 0xabcd), 0xff00ff00ULL);
    gcsrwr(CSR_SAVE0, 0xff00ff00ULL);
    CHECK("gcsrxchg returns the old value", gcsrxchg(CSR_SAVE0, 0x1234, 0xff), 0xff00ff00ULL);
    CHECK("gcsrxchg: (old & ~mask) | (new & mask)", gcsrrd(CSR_SAVE0), 0xff00ff34ULL);
    gcsrxchg(CSR_ECFG, 0, 0x1000);
    CHECK("gcsrxchg ECFG: one bit cleared", gcsrrd(CSR_ECFG), 0x70fff);

    /* ESTAT: IS 1:0, 12:10, Ecode, EsubCode are root-writable; IS[9:2] come from GINTC */
    csrwr(CSR_GINTC, 0);
    gcsrwr(CSR_ESTAT, 0x7fffffffULL);
    CHECK("gcsrwr ESTAT <- 0x7fffffff: IS 1:0, 12:10, Ecode, EsubCode", gcsrrd(CSR_ESTAT), 0x7fff1c03ULL);
    gcsrxchg(CSR_ESTAT, 0, 0x7fffffffULL);
    CHECK("gcsrxchg ESTAT: all cleared", gcsrrd(CSR_ESTAT), 0);
    gcsrxchg(CSR_ESTAT, 0xd << 16, 0x3f << 16);
    CHECK("gcsrxchg ESTAT.Ecode (KVM's exception injection)", ECODE(gcsrrd(CSR_ESTAT)), 0xd);
    gcsrwr(CSR_ESTAT, 0);
}

/* ---- the guest sees the root's values and vice versa ---- */
static volatile u64 g_ine_count, g_ine_badi, g_ine_era;
static int g_ine_hook(struct rt_frame* f) {
    if (ECODE(f->estat) != EC_INE) return 0;
    g_ine_count++;
    g_ine_badi = f->badi & 0xffffffffULL;
    g_ine_era = f->era;
    return 0;
}

LABEL(gl_gcsr_gcsrrd); LABEL(gl_gcsr_gcsrwr); LABEL(gl_gcsr_gcsrxchg); LABEL(gl_gcsr_gtlbflush);
LABEL(gl_gcsr_gtlbsrch); LABEL(gl_gcsr_gtlbrd); LABEL(gl_gcsr_gtlbwr); LABEL(gl_gcsr_gtlbfill);
LABEL(gl_gcsr_gtlbclr);

static void g_ine(const char* n, char* pc, u64 c0) {
    CHECK(rt_cat(n, "INE taken by the guest"), g_ine_count - c0, 1);
    CHECK(rt_cat(n, "guest ERA"), g_ine_era, (u64)pc);
    CHECK(rt_cat(n, "guest BADI"), g_ine_badi, *(volatile u32*)pc);
}

static __attribute__((noinline)) u64 g_view(u64 arg) {
    (void)arg;
    rt_trap_hook = g_ine_hook;
    CHECK("guest: SAVE3 as the root wrote it", csrrd(CSR_SAVE3), 0x3333);
    CHECK("guest: CPUID as the root wrote it", csrrd(CSR_CPUID), 0x42);
    CHECK("guest: TID as the root wrote it", csrrd(CSR_TID), 0x77);
    CHECK("guest: rdtime's rj = guest TID", rdtime_id(), 0x77);
    csrwr(CSR_SAVE4, 0x4444);
    /* R+G fields are read-only for the guest */
    csrwr(CSR_BADI, 0x1234);
    CHECK("guest: csrwr BADI ignored", csrrd(CSR_BADI), 0xffffffffcafe0000ULL);
    csrwr(CSR_CPUID, 5);
    CHECK("guest: csrwr CPUID ignored", csrrd(CSR_CPUID), 0x42);
    csrwr(CSR_ESTAT, 0x1fff);
    CHECK("guest: csrwr ESTAT sets only IS 1:0", csrrd(CSR_ESTAT) & 0x1fff, 3);
    csrwr(CSR_ESTAT, 0);
    csrwr(CSR_TCFG, 0x1000000 | 1);
    csrwr(CSR_TVAL, 5);
    CHECK_TRUE("guest: csrwr TVAL ignored (still counting from 0x1000000)", csrrd(CSR_TVAL) > 0x100000, csrrd(CSR_TVAL));
    /* a one-shot guest timer: TI, TVAL all-ones, TICLR */
    csrwr(CSR_TCFG, 1000 | 1);
    for (int i = 0; i < 100000 && !((csrrd(CSR_ESTAT) >> IRQ_TI) & 1); ++i) {}
    CHECK("guest: one-shot timer fired (ESTAT.TI)", (csrrd(CSR_ESTAT) >> IRQ_TI) & 1, 1);
    CHECK("guest: TVAL after a one-shot expiry is all-ones", csrrd(CSR_TVAL) & 0xffffffffffffULL, 0xffffffffffffULL);
    csrwr(CSR_TICLR, 1);
    CHECK("guest: TICLR clears TI", (csrrd(CSR_ESTAT) >> IRQ_TI) & 1, 0);
    CHECK("guest: TVAL stays all-ones", csrrd(CSR_TVAL) & 0xffffffffffffULL, 0xffffffffffffULL);
    csrwr(CSR_TCFG, 0);
    /* LVZ instructions in guest mode: INE in the guest */
    u64 c0 = g_ine_count, v = 0;
    register u64 m __asm__("$t8") = 0xff;
    __asm__ volatile(".globl gl_gcsr_gcsrrd\ngl_gcsr_gcsrrd:\n\tgcsrrd %0, 0x30" : "=r"(v) : : "memory");
    g_ine("guest: gcsrrd", gl_gcsr_gcsrrd, c0);
    c0 = g_ine_count;
    __asm__ volatile(".globl gl_gcsr_gcsrwr\ngl_gcsr_gcsrwr:\n\tgcsrwr %0, 0x30" : "+r"(v) : : "memory");
    g_ine("guest: gcsrwr", gl_gcsr_gcsrwr, c0);
    c0 = g_ine_count;
    __asm__ volatile(".globl gl_gcsr_gcsrxchg\ngl_gcsr_gcsrxchg:\n\tgcsrxchg %0, %1, 0x30" : "+r"(v) : "r"(m) : "memory");
    g_ine("guest: gcsrxchg", gl_gcsr_gcsrxchg, c0);
    c0 = g_ine_count;
    __asm__ volatile(".globl gl_gcsr_gtlbflush\ngl_gcsr_gtlbflush:\n\tgtlbflush" ::: "memory");
    g_ine("guest: gtlbflush", gl_gcsr_gtlbflush, c0);
    c0 = g_ine_count;
    __asm__ volatile(".globl gl_gcsr_gtlbsrch\ngl_gcsr_gtlbsrch:\n\t.word " RT_STR(GTLBSRCH_WORD) ::: "memory");
    g_ine("guest: gtlbsrch", gl_gcsr_gtlbsrch, c0);
    c0 = g_ine_count;
    __asm__ volatile(".globl gl_gcsr_gtlbrd\ngl_gcsr_gtlbrd:\n\t.word " RT_STR(GTLBRD_WORD) ::: "memory");
    g_ine("guest: gtlbrd", gl_gcsr_gtlbrd, c0);
    c0 = g_ine_count;
    __asm__ volatile(".globl gl_gcsr_gtlbwr\ngl_gcsr_gtlbwr:\n\t.word " RT_STR(GTLBWR_WORD) ::: "memory");
    g_ine("guest: gtlbwr", gl_gcsr_gtlbwr, c0);
    c0 = g_ine_count;
    __asm__ volatile(".globl gl_gcsr_gtlbfill\ngl_gcsr_gtlbfill:\n\t.word " RT_STR(GTLBFILL_WORD) ::: "memory");
    g_ine("guest: gtlbfill", gl_gcsr_gtlbfill, c0);
    c0 = g_ine_count;
    __asm__ volatile(".globl gl_gcsr_gtlbclr\ngl_gcsr_gtlbclr:\n\t.word " RT_STR(GTLBCLR_WORD) ::: "memory");
    g_ine("guest: gtlbclr", gl_gcsr_gtlbclr, c0);
    return rdtime();
}

/* ---- guest rdtime: GCNTC + guest CNTC ---- */
static __attribute__((noinline)) u64 g_time(u64 cntc) {
    if (cntc) csrwr(CSR_CNTC, cntc);
    return rdtime();
}

/* ---- root PLV3: gcsr* and gtlb* are privileged ---- */
static u64 ustack[128];
LABEL(gl_gcsr_u_rd); LABEL(gl_gcsr_u_wr); LABEL(gl_gcsr_u_xchg); LABEL(gl_gcsr_u_flush); LABEL(gl_gcsr_u_wrw);
static u64 u_priv(u64 a) {
    register u64 m __asm__("$t8") = 0xff;
    __asm__ volatile(".globl gl_gcsr_u_rd\ngl_gcsr_u_rd:\n\tgcsrrd %0, 0x30" : "+r"(a) : : "memory");
    __asm__ volatile(".globl gl_gcsr_u_wr\ngl_gcsr_u_wr:\n\tgcsrwr %0, 0x30" : "+r"(a) : : "memory");
    __asm__ volatile(".globl gl_gcsr_u_xchg\ngl_gcsr_u_xchg:\n\tgcsrxchg %0, %1, 0x30" : "+r"(a) : "r"(m) : "memory");
    __asm__ volatile(".globl gl_gcsr_u_flush\ngl_gcsr_u_flush:\n\tgtlbflush" ::: "memory");
    __asm__ volatile(".globl gl_gcsr_u_wrw\ngl_gcsr_u_wrw:\n\t.word " RT_STR(GTLBWR_WORD) ::: "memory");
    return 0;
}
static volatile u64 ipe_count, ipe_mask;
static int ipe_hook(struct rt_frame* f) {
    char* const pcs[5] = {gl_gcsr_u_rd, gl_gcsr_u_wr, gl_gcsr_u_xchg, gl_gcsr_u_flush, gl_gcsr_u_wrw};
    if (ECODE(f->estat) != EC_IPE) return 0;
    ipe_count++;
    for (int i = 0; i < 5; ++i)
        if (f->era == (u64)pcs[i] && (f->badi & 0xffffffffULL) == *(volatile u32*)pcs[i]) ipe_mask |= 1u << i;
    return 0;
}

int main(void) {
    rt_note("hv_gcsr: the guest CSR bank from the root");
    test_bank();

    /* guest view */
    hv_vm_init(&vm, 2, 0x4000000);
    hv_boot(&vm, g_view, 0);
    gcsrwr(CSR_SAVE3, 0x3333);
    gcsrwr(CSR_CPUID, 0x42);
    gcsrwr(CSR_TID, 0x77);
    gcsrwr(CSR_BADI, 0xcafe0000ULL);
    hv_go(&vm);
    CHECK("root sees the guest's csrwr SAVE4", gcsrrd(CSR_SAVE4), 0x4444);
    CHECK("no exit for the guest's gcsr*/gtlb* (INE stays in the guest)", hv_exits_with(EC_INE), 0);

    /* TVAL written by the root */
    gcsrwr(CSR_TCFG, 0x10000000 | 1);
    gcsrwr(CSR_TVAL, 0x8000);
    u64 t = gcsrrd(CSR_TVAL);
    CHECK_TRUE("gcsrwr TVAL 0x8000 restarts the countdown there", t <= 0x8000 && t > 0x8000 - 2000, t);
    CHECK("... TCFG unchanged", gcsrrd(CSR_TCFG), 0x10000000 | 1);
    gcsrwr(CSR_TICLR, 1);
    gcsrwr(CSR_TVAL, 0);
    CHECK("gcsrwr TVAL 0: the guest timer fires at once (guest ESTAT.TI)", (gcsrrd(CSR_ESTAT) >> IRQ_TI) & 1, 1);
    CHECK("... and TVAL reads all-ones", gcsrrd(CSR_TVAL) & 0xffffffffffffULL, 0xffffffffffffULL);
    gcsrwr(CSR_TICLR, 1);
    CHECK("gcsrwr TICLR clears guest TI", (gcsrrd(CSR_ESTAT) >> IRQ_TI) & 1, 0);
    CHECK("... TVAL stays all-ones", gcsrrd(CSR_TVAL) & 0xffffffffffffULL, 0xffffffffffffULL);
    CHECK("the root timer was not involved (root ESTAT.TI)", (csrrd(CSR_ESTAT) >> IRQ_TI) & 1, 0);
    gcsrwr(CSR_TCFG, 0);

    /* GCNTC */
    const u64 off = 1ULL << 40, rcntc = 1ULL << 44, gcntc_own = 1ULL << 36;
    u64 ta = rdtime();
    csrwr(CSR_GCNTC, off);
    u64 tb = rdtime();
    CHECK_TRUE("root rdtime unaffected by GCNTC", tb - ta < 1000, tb - ta);
    CHECK("GCNTC reads back (64-bit)", csrrd(CSR_GCNTC), off);
    csrwr(CSR_CNTC, rcntc);
    hv_boot(&vm, g_time, 0);
    csrwr(CSR_GCNTC, off);                 /* hv_boot zeroed it */
    u64 t0 = rdtime() - rcntc;
    u64 g = hv_go(&vm);
    u64 t1 = rdtime() - rcntc;
    CHECK_TRUE("guest rdtime = counter + GCNTC (root CNTC not added)", g >= t0 + off && g <= t1 + off, g - off - t0);
    hv_boot(&vm, g_time, gcntc_own);
    csrwr(CSR_GCNTC, off);
    t0 = rdtime() - rcntc;
    g = hv_go(&vm);
    t1 = rdtime() - rcntc;
    CHECK_TRUE("guest rdtime = counter + GCNTC + guest CNTC", g >= t0 + off + gcntc_own && g <= t1 + off + gcntc_own,
               g - off - gcntc_own - t0);
    csrwr(CSR_CNTC, 0);
    csrwr(CSR_GCNTC, 0);

    /* root PLV3 */
    rt_trap_hook = ipe_hook;
    rt_run_user(u_priv, 0, (u64)&ustack[128], PRMD_PPLV(3));
    rt_trap_hook = 0;
    CHECK("root PLV3: gcsrrd, gcsrwr, gcsrxchg, gtlbflush, gtlbwr -> IPE each", ipe_count, 5);
    CHECK("... with ERA and BADI of each", ipe_mask, 0x1f);
    /* hvcl in root mode: INE */
    rt_trap_clear();
    u64 pc;
    AT(pc, "hvcl 0x55");
    CHECK("root hvcl: INE", rt_t.code, EC_INE);
    CHECK("root hvcl: ERA", rt_t.era, pc);
    CHECK("root hvcl: BADI", rt_t.badi & 0xffffffffULL, 0x002b8055);
    return rt_done("hv_gcsr");
}
