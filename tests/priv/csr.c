/* SPDX-License-Identifier: Apache-2.0
 * CSR access rules (LoongArch Reference Manual Vol 1 v1.10 §7.1 "characteristics of
 * accessing CSRs", §4.2.1 CSRRD/CSRWR/CSRXCHG, the field tables of chapter 7).
 *
 *  - CSRWR returns the old value; CSRXCHG writes only the bits set in the mask register;
 *  - undefined CSR numbers: no exception, a write changes nothing visible;
 *  - 32-bit CSRs read sign-extended (TLBIDX with NE = 1), bits 63:32 of a write ignored;
 *  - field masks: R / R0 fields ignore writes (ECFG, PRMD, TLBIDX, TLBEHI sign
 *    extension, TLBELO, ASID, PGDL, EENTRY, TLBRENTRY, STLBPS, TCFG, TICLR, LLBCTL);
 *  - read-only CSRs (CPUID, BADI, PGD, PRCFG1-3, TVAL) ignore writes, no exception;
 *  - PRCFG1: SAVENum >= 1 with that many SAVE registers holding 64 bits, VSMax >= 7 (the
 *    ECFG.VS range the other programs use).
 *
 * QEMU 7.2 deviates in most of these (manual-only checks): CSRWR/CSRXCHG to the CSRs it
 * marks read-only (CPUID, BADI, PGD, PRCFG1-3, TVAL, and MISC, which the manual makes
 * RW) raise INE; most CSRs keep every bit written (no R0 / R fields); 32-bit CSRs are
 * not sign-extended; PRCFG1/PRCFG2 read 0. */
#include "priv.h"

#define RW_CHECK(name, csr, wr, expect)                                    \
    do {                                                                   \
        u64 old_ = csrwr(csr, (wr));                                       \
        u64 got_ = csrrd(csr);                                             \
        csrwr(csr, old_);                                                  \
        CHECK(name, got_, (expect));                                       \
    } while (0)

/* a write to a read-only CSR: no exception, value unchanged */
#define RO_CHECK(name, csr)                                                \
    do {                                                                   \
        u64 before_ = csrrd(csr);                                          \
        rt_trap_clear();                                                   \
        csrwr(csr, before_ ^ 0x5a5a5a5aULL);                               \
        CHECK(rt_cat(name, "write: no exception"), rt_t.count, 0);         \
        CHECK(rt_cat(name, "write ignored"), csrrd(csr), before_);         \
    } while (0)

static void test_access(void) {
    csrwr(CSR_SAVE0, 0x1111222233334444ULL);
    u64 old = csrwr(CSR_SAVE0, 0x5555666677778888ULL);
    CHECK("CSRWR returns the old value", old, 0x1111222233334444ULL);
    CHECK("CSRWR wrote", csrrd(CSR_SAVE0), 0x5555666677778888ULL);
    old = csrxchg(CSR_SAVE0, 0xffffffff00000000ULL, 0xff000000ff000000ULL);
    CHECK("CSRXCHG returns the old value", old, 0x5555666677778888ULL);
    CHECK("CSRXCHG writes only the masked bits", csrrd(CSR_SAVE0), 0xff55666600778888ULL);
    /* undefined CSR numbers */
    rt_trap_clear();
    u64 a = csrrd(0x25), b;
    csrwr(0x25, 0x1234);
    b = csrrd(0x25);
    (void)csrrd(0x7ff);
    csrwr(0x7ff, ~0ULL);
    csrxchg(0x3ff, ~0ULL, ~0ULL);
    CHECK("undefined CSRs 0x25/0x3ff/0x7ff: no exception", rt_t.count, 0);
    CHECK("undefined CSR 0x25: a write changes nothing", b, a);
    /* PRCFG1 and the SAVE registers */
    u64 p1 = csrrd(CSR_PRCFG1);
    if (MANUAL_ONLY("PRCFG1 (QEMU 7.2 reads 0)")) {
        CHECK_TRUE("PRCFG1.SAVENum >= 1", (p1 & 0xf) >= 1, p1);
        CHECK_TRUE("PRCFG1.VSMax >= 7", ((p1 >> 12) & 7) >= 7, p1);
    }
    u64 nsave = (p1 & 0xf) ? (p1 & 0xf) : 8;
    if (nsave > 8) nsave = 8;
    u64 bad = 0;
#define SAVE_RT(n) if (n < nsave) { csrwr(CSR_SAVE0 + n, 0xa5a5000000000000ULL + n); }
#define SAVE_CK(n) if (n < nsave) { bad += csrrd(CSR_SAVE0 + n) != 0xa5a5000000000000ULL + n; }
    SAVE_RT(0) SAVE_RT(1) SAVE_RT(2) SAVE_RT(3) SAVE_RT(4) SAVE_RT(5) SAVE_RT(6) SAVE_RT(7)
    SAVE_CK(0) SAVE_CK(1) SAVE_CK(2) SAVE_CK(3) SAVE_CK(4) SAVE_CK(5) SAVE_CK(6) SAVE_CK(7)
    CHECK("SAVE0..SAVEn-1 hold 64-bit values", bad, 0);
    csrwr(CSR_SAVE2, 0);                               /* runtime: per-hart trap stack */
    extern char rt_trap_stack0_top[];
    csrwr(CSR_SAVE2, (u64)rt_trap_stack0_top);
}

static void test_fields(void) {
    /* fields every implementation agrees on, QEMU included */
    RW_CHECK("STLBPS = 14", CSR_STLBPS, 14, 14);
    RW_CHECK("PWCL round trip", CSR_PWCL, 0x1645e56e, 0x1645e56e);
    RW_CHECK("TLBRSAVE 64 bits", CSR_TLBRSAVE, 0x8000000000000001ULL, 0x8000000000000001ULL);
    CHECK("TICLR reads 0", csrrd(CSR_TICLR), 0);
    CHECK("ASID.ASIDBITS = 10", (csrrd(CSR_ASID) >> 16) & 0xff, 10);
    if (!MANUAL_ONLY("R/R0 CSR fields ignore writes")) return;
    RW_CHECK("ECFG = ~0: LIE 12:0, VS 18:16", CSR_ECFG, ~0ULL, 0x71fffULL);
    RW_CHECK("PRMD = ~0: PPLV, PIE, PWE", CSR_PRMD, ~0ULL, 0xfULL);
    RW_CHECK("TLBEHI = bit 47 | 0x1fff: sign-extended VPPN", CSR_TLBEHI, 0x0000800000001fffULL, 0xffff800000000000ULL);
    RW_CHECK("TLBEHI = 0x00007ff...: bits 63:48 follow bit 47", CSR_TLBEHI, 0xffff7fffffffe000ULL, 0x00007fffffffe000ULL);
    RW_CHECK("TLBELO0 = ~0: R0 bits 11:7, 60:48", CSR_TLBELO0, ~0ULL, 0xe000fffffffff07fULL);
    RW_CHECK("ASID = ~0: ASID 9:0, ASIDBITS", CSR_ASID, ~0ULL, 0x000a03ffULL);
    RW_CHECK("PGDL = ~0: bits 11:0 read 0", CSR_PGDL, ~0ULL, ~0xfffULL);
    RW_CHECK("TLBRENTRY = ~0: PPN 47:12", CSR_TLBRENTRY, ~0ULL, 0x0000fffffffff000ULL);
    RW_CHECK("STLBPS = ~0: PS 5:0", CSR_STLBPS, ~0ULL, 0x3fULL);
    RW_CHECK("LLBCTL = KLO: reads KLO", CSR_LLBCTL, 4, 4);
    RW_CHECK("TICLR = ~0: reads 0", CSR_TICLR, ~0ULL, 0);
    {   /* EENTRY: restore before anything can trap */
        u64 o = csrwr(CSR_EENTRY, ~0ULL), g = csrrd(CSR_EENTRY);
        csrwr(CSR_EENTRY, o);
        CHECK("EENTRY = ~0: bits 11:0 read 0", g, ~0xfffULL);
    }
    u64 n = ((csrrd(CSR_PRCFG1) >> 4) & 0xff) + 1;
    RW_CHECK("TCFG = ~0 & ~3: InitVal n-1:2", CSR_TCFG, ~3ULL, (n >= 64 ? ~0ULL : (1ULL << n) - 1) & ~3ULL);
    /* 32-bit CSRs: sign-extended reads, bits 63:32 of writes ignored */
    RW_CHECK("TLBIDX = NE | PS 12 | 5: read sign-extended", CSR_TLBIDX, TLBIDX_NE | TLBIDX_PS(12) | 5, 0xffffffff8c000005ULL);
    RW_CHECK("TLBIDX: R0 bits 23:16 and 30", CSR_TLBIDX, 0x40ff0000ULL | TLBIDX_PS(12), TLBIDX_PS(12));
    RW_CHECK("32-bit CSR STLBPS: bits 63:32 of a write ignored", CSR_STLBPS, 0xffffffff0000000cULL, 0xcULL);
    /* read-only CSRs */
    RO_CHECK("CPUID", CSR_CPUID);
    RO_CHECK("BADI", CSR_BADI);
    RO_CHECK("PRCFG1", CSR_PRCFG1);
    RO_CHECK("PRCFG2", CSR_PRCFG2);
    RO_CHECK("PRCFG3", CSR_PRCFG3);
    RO_CHECK("PGD", CSR_PGD);
    rt_trap_clear();
    u64 m = csrwr(CSR_MISC, 0);
    CHECK("MISC is writable: no exception", rt_t.count, 0);
    (void)m;
}

int main(void) {
    test_access();
    test_fields();
    return rt_done("csr");
}
