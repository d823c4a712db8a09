/* SPDX-License-Identifier: Apache-2.0
 * GINTC and the guest's interrupt lines (lvz.md §2.4, §6.1; docs/lvz.md):
 *  - GINTC fields VIP 7:0, PIP 15:8, HC 23:16 read back (HC is storage), reserved 0;
 *  - guest ESTAT.IS[9:2] = VIP | (PIP & physical HWI lines), seen by the root's gcsrrd
 *    and the guest's csrrd; root gcsrwr cannot write IS[9:2]; PIP with no physical line
 *    asserted (this machine has no HWI source yet) contributes nothing;
 *  - a VIP bit enabled in the guest's ECFG.LIE with guest CRMD.IE = 1 is taken by the
 *    guest (Ecode 0, ERA = the next instruction), masked while its LIE bit is 0;
 *  - the root injects SWI0, SWI1, PMC (10), TI (11), IPI (12) with gcsrxchg on GCSR.ESTAT
 *    and clears them the same way; the guest takes each; its TICLR clears an injected TI;
 *  - none of this makes a root interrupt exit. */
#include "hv.h"

static struct hv_vcpu vm;

static volatile u64 g_count, g_is, g_era, g_prmd;

static int g_irq_hook(struct rt_frame* f) {
    if (ECODE(f->estat) != EC_INT) return 0;
    u64 is = ESTAT_IS(f->estat) & csrrd(CSR_ECFG) & 0x1fff;
    g_count++;
    g_is = ESTAT_IS(f->estat);
    g_era = f->era;
    g_prmd = f->prmd;
    if (!is) return 1;
    int n = 63 - __builtin_clzll(is);
    if (n <= 1) csrxchg(CSR_ESTAT, 0, 1u << n);           /* SWI: the guest clears it */
    else if (n <= 9) hv_call(HC_VIP_CLR, 1u << (n - 2), 0); /* HWI: the root clears VIP */
    else if (n == IRQ_TI) csrwr(CSR_TICLR, 1);              /* TI: the guest's TICLR */
    else hv_call(HC_EST_CLR, 1u << n, 0);                   /* PMC, IPI: the root */
    return 1;
}

LABEL(gl_gintc_after);
/* hvcl fn(a1), then the instruction at gl_gintc_after (where a pending interrupt is taken) */
static __attribute__((noinline)) void g_raise(u64 fn, u64 a1) {
    register u64 a0_ __asm__("$a0") = fn;
    register u64 a1_ __asm__("$a1") = a1;
    __asm__ volatile("hvcl 0\n.globl gl_gintc_after\ngl_gintc_after:\n\tnop" : "+r"(a0_) : "r"(a1_) : "memory");
}

static void g_expect(const char* n, u64 count0, unsigned irq) {
    CHECK(rt_cat(n, "taken once by the guest"), g_count - count0, 1);
    CHECK(rt_cat(n, "guest ESTAT.IS bit in the handler"), (g_is >> irq) & 1, 1);
    CHECK(rt_cat(n, "guest ERA = the instruction after the hvcl"), g_era, (u64)gl_gintc_after);
    CHECK(rt_cat(n, "guest PRMD.PIE"), (g_prmd >> 2) & 1, 1);
    CHECK(rt_cat(n, "cleared afterwards"), (csrrd(CSR_ESTAT) >> irq) & 1, 0);
}

static u64 g_main(u64 arg) {
    (void)arg;
    rt_trap_hook = g_irq_hook;
    /* the root set VIP = 0xa5 before the run (LIE = 0: nothing taken) */
    CHECK("guest: csrrd ESTAT.IS[9:2] = GINTC.VIP", (csrrd(CSR_ESTAT) >> 2) & 0xff, 0xa5);
    hv_call(HC_VIP_CLR, 0xff, 0);
    CHECK("guest: after VIP = 0, ESTAT.IS[9:2]", (csrrd(CSR_ESTAT) >> 2) & 0xff, 0);
    csrxchg(CSR_CRMD, CRMD_IE, CRMD_IE);

    /* VIP: each HWI line enabled in LIE is taken */
    static const char* const hwi[8] = {"guest: VIP HWI0:", "guest: VIP HWI1:", "guest: VIP HWI2:", "guest: VIP HWI3:",
                                       "guest: VIP HWI4:", "guest: VIP HWI5:", "guest: VIP HWI6:", "guest: VIP HWI7:"};
    for (unsigned i = 0; i < 8; ++i) {
        u64 c0 = g_count;
        csrxchg(CSR_ECFG, 1u << (2 + i), 0x1fff);
        g_raise(HC_VIP_SET, 1u << i);
        g_expect(hwi[i], c0, 2 + i);
    }
    /* masked by LIE, then taken when enabled */
    u64 c0 = g_count;
    csrxchg(CSR_ECFG, 0, 0x1fff);
    g_raise(HC_VIP_SET, 1u << 6);
    CHECK("guest: VIP HWI6 with its LIE bit 0: not taken", g_count - c0, 0);
    CHECK("guest: ... but pending in ESTAT.IS", (csrrd(CSR_ESTAT) >> 8) & 1, 1);
    csrxchg(CSR_ECFG, 1u << 8, 0x1fff);
    __asm__ volatile("nop" ::: "memory");
    CHECK("guest: taken once LIE enables it", g_count - c0, 1);
    /* VIP with guest CRMD.IE = 0: pending, not taken */
    csrxchg(CSR_CRMD, 0, CRMD_IE);
    c0 = g_count;
    g_raise(HC_VIP_SET, 1u << 6);
    CHECK("guest: VIP with CRMD.IE = 0: not taken", g_count - c0, 0);
    csrxchg(CSR_CRMD, CRMD_IE, CRMD_IE);
    __asm__ volatile("nop" ::: "memory");
    CHECK("guest: taken when CRMD.IE = 1", g_count - c0, 1);

    /* root injection through GCSR.ESTAT */
    static const unsigned inj[5] = {IRQ_SWI0, IRQ_SWI1, IRQ_PMI, IRQ_TI, IRQ_IPI};
    static const char* const injn[5] = {"guest: injected SWI0:", "guest: injected SWI1:", "guest: injected PMC:",
                                        "guest: injected TI:", "guest: injected IPI:"};
    for (unsigned k = 0; k < 5; ++k) {
        c0 = g_count;
        csrxchg(CSR_ECFG, 1u << inj[k], 0x1fff);
        g_raise(HC_EST_SET, 1u << inj[k]);
        g_expect(injn[k], c0, inj[k]);
    }
    /* injected bits with LIE = 0 are visible and cleared by the root */
    csrxchg(CSR_ECFG, 0, 0x1fff);
    hv_call(HC_EST_SET, (1u << IRQ_IPI) | (1u << IRQ_SWI1), 0);
    CHECK("guest: injected IPI and SWI1 pending (LIE 0)", csrrd(CSR_ESTAT) & 0x1002, 0x1002);
    hv_call(HC_EST_CLR, (1u << IRQ_IPI) | (1u << IRQ_SWI1), 0);
    CHECK("guest: ... cleared by the root", csrrd(CSR_ESTAT) & 0x1fff, 0);
    /* the guest sets its own SWI1 */
    c0 = g_count;
    csrxchg(CSR_ECFG, 1u << IRQ_SWI1, 0x1fff);
    csrxchg(CSR_ESTAT, 2, 2);
    __asm__ volatile("nop" ::: "memory");
    CHECK("guest: its own SWI1 taken", g_count - c0, 1);
    csrxchg(CSR_CRMD, 0, CRMD_IE);
    return g_count;
}

int main(void) {
    rt_note("hv_gintc: GINTC, guest ESTAT.IS composition, injection");
    csrwr(CSR_GINTC, ~0ULL);
    CHECK("GINTC <- ~0: VIP, PIP, HC; reserved 0", csrrd(CSR_GINTC), 0xffffff);
    csrwr(CSR_GINTC, GINTC_HC(0x5a));
    CHECK("GINTC.HC is storage", csrrd(CSR_GINTC), GINTC_HC(0x5a));
    csrwr(CSR_GINTC, 0);

    /* composition, seen from the root */
    CHECK("root ESTAT.IS[9:2]: no physical HWI line is asserted on this machine", (csrrd(CSR_ESTAT) >> 2) & 0xff, 0);
    csrwr(CSR_GINTC, GINTC_VIP(0x3c));
    CHECK("gcsrrd ESTAT.IS[9:2] = VIP", (gcsrrd(CSR_ESTAT) >> 2) & 0xff, 0x3c);
    gcsrxchg(CSR_ESTAT, 0, 0x3fc);
    CHECK("gcsrxchg cannot clear IS[9:2] (VIP drives them)", (gcsrrd(CSR_ESTAT) >> 2) & 0xff, 0x3c);
    csrwr(CSR_GINTC, 0);
    gcsrxchg(CSR_ESTAT, 0x3fc, 0x3fc);
    CHECK("gcsrxchg cannot set IS[9:2]", (gcsrrd(CSR_ESTAT) >> 2) & 0xff, 0);
    csrwr(CSR_GINTC, GINTC_PIP(0xff));
    CHECK("PIP = 0xff with no physical line: IS[9:2] = 0", (gcsrrd(CSR_ESTAT) >> 2) & 0xff, 0);
    csrwr(CSR_GINTC, GINTC_PIP(0xff) | GINTC_VIP(0x81));
    CHECK("PIP = 0xff, VIP = 0x81: IS[9:2] = VIP", (gcsrrd(CSR_ESTAT) >> 2) & 0xff, 0x81);
    csrwr(CSR_GINTC, 0);
    gcsrxchg(CSR_ESTAT, 0x1c03, 0x1c03);
    CHECK("gcsrxchg sets IS 0, 1, 10, 11, 12", gcsrrd(CSR_ESTAT) & 0x1fff, 0x1c03);
    gcsrxchg(CSR_ESTAT, 0, 0x1c03);
    CHECK("gcsrxchg clears them", gcsrrd(CSR_ESTAT) & 0x1fff, 0);

    /* a guest taking them */
    hv_vm_init(&vm, 1, 0x4000000);
    hv_boot(&vm, g_main, 0);
    csrwr(CSR_GINTC, GINTC_VIP(0xa5));
    u64 n = hv_go(&vm);
    CHECK("the guest took 8 VIP + 2 + 5 injected + its own SWI1 interrupts", n, 16);
    CHECK("no root interrupt exit", hv_exits_with(EC_INT), 0);
    CHECK("GINTC.VIP cleared by the guest's hypercalls", csrrd(CSR_GINTC) & 0xff, 0);
    return rt_done("hv_gintc");
}
