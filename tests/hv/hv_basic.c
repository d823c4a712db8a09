/* SPDX-License-Identifier: Apache-2.0
 * One guest (GID 1) doing everything a small kernel does under LVZ (docs/lvz.md):
 *  - boots in guest DA mode at the root's ERA, turns on its own paging (DMWs + a 3-level
 *    page table walked by its own TLB-refill handler with LDDIR/LDPTE, at GPAs that go
 *    through stage 2);
 *  - its UART output is stores to an unmapped GPA: stage-2 refill (invalid entry), then
 *    PIS/PIL exits the hypervisor decodes from BADI (every line of the guest);
 *  - hypercalls (hvcl: HVC exits, code in BADI, result in a0);
 *  - trapped cpucfg / csrrd of a root-only CSR / iocsrrd / idle (GSPR, ERA not advanced,
 *    BADI = the word, guest CSRs untouched);
 *  - its own periodic timer interrupts (guest ESTAT.TI, no exit);
 *  - PLV3 user code mapped by its page table, with syscalls handled by the guest;
 *  - an MMIO test device reached with ld/st/ldx/stx/ldptr/stptr of every size.
 * The root checks the exits it logged; the guest checks what it sees. */
#include "hv.h"

static struct hv_vcpu vm;

#define USER_TEXT 0x10000000ULL
#define USER_DATA 0x10100000ULL
#define USER_STACK 0x10102000ULL
#define DATA_GPA GUEST_FREE_GPA
#define STACK_GPA (GUEST_FREE_GPA + 0x1000)
#define MMIO_VA(off) (0x8000000000000000ULL | (HV_MMIO_TEST + (off)))

LABEL(gl_basic_cpucfg);
LABEL(gl_basic_csrrd);
LABEL(gl_basic_iocsr);
LABEL(gl_basic_idle);
LABEL(gl_basic_hvcl);
LABEL(gl_basic_mmio_st);
LABEL(gl_basic_mmio_ld);

/* ---- guest side ---------------------------------------------------------------------- */
static u64 g_ticks, g_sys, g_sys_pplv, g_bad_traps;

static int g_hook(struct rt_frame* f) {
    u64 ec = ECODE(f->estat);
    if (ec == EC_INT && (f->estat & (1u << IRQ_TI))) {
        ++g_ticks;
        csrwr(CSR_TICLR, 1);
        return 1;                           /* resume at ERA */
    }
    if (ec == EC_SYS && (f->r[11] == 0x100 || f->r[11] == 0x101)) {
        ++g_sys;
        g_sys_pplv = f->prmd & 3;
        f->r[4] = f->r[11] == 0x100 ? f->r[4] + f->r[5] : g_ticks;
        f->era += 4;
        return 1;
    }
    ++g_bad_traps;
    return 0;
}

static __attribute__((noinline)) void g_trapped(void) {
    u64 v, w = 2;
    __asm__ volatile(".globl gl_basic_cpucfg\ngl_basic_cpucfg:\n\tcpucfg %0, %1" : "=r"(v) : "r"(w) : "memory");
    CHECK("guest: cpucfg 2 (emulated) hides LVZ (bit 10)", (v >> 10) & 1, 0);
    CHECK("guest: cpucfg 2 (emulated) keeps FP (bit 0)", v & 1, 1);
    __asm__ volatile(".globl gl_basic_csrrd\ngl_basic_csrrd:\n\tcsrrd %0, 0x50" : "=r"(v) : : "memory");
    CHECK("guest: csrrd GSTAT traps, hypervisor's value", v, HV_CSR_MARK | 0x50);
    w = 0x8;
    __asm__ volatile(".globl gl_basic_iocsr\ngl_basic_iocsr:\n\tiocsrrd.w %0, %1" : "=r"(v) : "r"(w) : "memory");
    CHECK("guest: iocsrrd.w 0x8 traps, hypervisor's value", v, HV_IOCSR_MARK | (2ULL << 32) | 8);
    __asm__ volatile(".globl gl_basic_idle\ngl_basic_idle:\n\tidle 0" ::: "memory");
    CHECK("guest: idle returned (GSPR, hypervisor no-op)", 1, 1);
    register u64 a0 __asm__("$a0") = HC_PING;
    register u64 a1 __asm__("$a1") = 99;
    __asm__ volatile(".globl gl_basic_hvcl\ngl_basic_hvcl:\n\thvcl 0x123" : "+r"(a0) : "r"(a1) : "memory");
    CHECK("guest: hvcl 0x123 HC_PING(99)", a0, 100);
}

static __attribute__((noinline)) void g_mmio(void) {
    volatile u64* d = (volatile u64*)MMIO_VA(0);
    u64 v, base = MMIO_VA(0);
    u64 x = 0x8899aabbccddeeffULL;
    __asm__ volatile(".globl gl_basic_mmio_st\ngl_basic_mmio_st:\n\tst.d %0, %1, 0" : : "r"(x), "r"(base) : "memory");
    __asm__ volatile(".globl gl_basic_mmio_ld\ngl_basic_mmio_ld:\n\tld.d %0, %1, 0" : "=r"(v) : "r"(base) : "memory");
    CHECK("guest: MMIO st.d / ld.d", v, x);
    __asm__ volatile("ld.w %0, %1, 4" : "=r"(v) : "r"(base) : "memory");
    CHECK("guest: MMIO ld.w sign-extends", v, 0xffffffff8899aabbULL);
    __asm__ volatile("ld.wu %0, %1, 4" : "=r"(v) : "r"(base) : "memory");
    CHECK("guest: MMIO ld.wu", v, 0x8899aabbULL);
    __asm__ volatile("ld.b %0, %1, 1" : "=r"(v) : "r"(base) : "memory");
    CHECK("guest: MMIO ld.b", v, 0xffffffffffffffeeULL);
    __asm__ volatile("ld.hu %0, %1, 2" : "=r"(v) : "r"(base) : "memory");
    CHECK("guest: MMIO ld.hu", v, 0xccddULL);
    u64 idx = 8, y = 0x1234;
    __asm__ volatile("stx.h %0, %1, %2" : : "r"(y), "r"(base), "r"(idx) : "memory");
    __asm__ volatile("ldx.d %0, %1, %2" : "=r"(v) : "r"(base), "r"(idx) : "memory");
    CHECK("guest: MMIO stx.h / ldx.d", v, 0x1234);
    y = 0x55;
    __asm__ volatile("st.b %0, %1, 9" : : "r"(y), "r"(base) : "memory");
    __asm__ volatile("ldx.hu %0, %1, %2" : "=r"(v) : "r"(base), "r"(idx) : "memory");
    CHECK("guest: MMIO st.b / ldx.hu", v, 0x5534);
    y = 0x0102030405060708ULL;
    __asm__ volatile("stptr.d %0, %1, 16" : : "r"(y), "r"(base) : "memory");
    __asm__ volatile("ldptr.w %0, %1, 20" : "=r"(v) : "r"(base) : "memory");
    CHECK("guest: MMIO stptr.d / ldptr.w", v, 0x01020304);
    __asm__ volatile("stx.w %0, %1, %2" : : "r"(y), "r"(base), "r"(idx) : "memory");
    v = d[1];
    CHECK("guest: MMIO stx.w / C load", v, 0x05060708);
}

static u64 guest_main(u64 arg) {
    rt_note("guest: hello through the emulated UART");
    CHECK("guest: argument from the vCPU frame", arg, 0x1234);
    CHECK("guest: CRMD (paging on, PLV0)", csrrd(CSR_CRMD) & 0x1f, CRMD_PG);
    rt_trap_hook = g_hook;

    /* hypercalls and trapped instructions */
    CHECK("guest: HC_PING(41)", hv_call(HC_PING, 41, 0), 42);
    CHECK("guest: HC_GID", hv_call(HC_GID, 0, 0), 1);
    g_trapped();
    CHECK("guest: no exception reached the guest for trapped instructions", g_bad_traps, 0);

    /* own timer */
    csrwr(CSR_TCFG, 20000 | 3);                           /* periodic, En */
    csrxchg(CSR_ECFG, 1u << IRQ_TI, 0x1fff);
    csrxchg(CSR_CRMD, CRMD_IE, CRMD_IE);
    for (u64 i = 0; i < 2000000 && g_ticks < 3; ++i) __asm__ volatile("" ::: "memory");
    csrxchg(CSR_CRMD, 0, CRMD_IE);
    CHECK_TRUE("guest: own timer interrupts taken (>= 3)", g_ticks >= 3, g_ticks);
    csrwr(CSR_TCFG, 0);
    csrwr(CSR_TICLR, 1);
    CHECK("guest: TI pending after TCFG = 0, TICLR", (csrrd(CSR_ESTAT) >> IRQ_TI) & 1, 0);
    csrwr(CSR_TCFG, 20000 | 3);                           /* keep ticking in user mode */

    /* user mode through its page table */
    g_map(USER_TEXT, PA(g_user_prog), PTE_V | PTE_MAT(1) | PTE_PLV(3));
    g_map(USER_DATA, DATA_GPA, PTE_V | PTE_D | PTE_MAT(1) | PTE_PLV(3));
    g_map(USER_STACK, STACK_GPA, PTE_V | PTE_D | PTE_MAT(1) | PTE_PLV(3));
    volatile u64* kdata = (volatile u64*)(0x9000000000000000ULL | DATA_GPA);
    kdata[0] = 41;
    u64 refills0 = rt_walk_log.count;
    u64 r = rt_run_user((u64(*)(u64))USER_TEXT, USER_DATA, USER_STACK + 0x1000,
                        PRMD_PPLV(3) | PRMD_PIE);
    csrwr(CSR_TCFG, 0);
    hv_call(HC_TEST, 1, 0);                               /* root checks its refill log now */
    CHECK("guest: user program result (data[0] + 1)", r, 42);
    CHECK("guest: user store reached the page", kdata[0], 42);
    CHECK("guest: syscall 0x100 result (7 + 35)", kdata[1], 42);
    CHECK("guest: syscalls handled by the guest", g_sys, 2);
    CHECK("guest: syscall came from PLV3", g_sys_pplv, 3);
    CHECK_TRUE("guest: own TLB refills for the user pages (>= 2)", rt_walk_log.count - refills0 >= 2,
               rt_walk_log.count - refills0);
    struct rt_walk_rec wr = walk_find_badv(&rt_walk_log, USER_TEXT);
    CHECK("guest: refill of the user fetch: TLBRERA", wr.era, USER_TEXT | 1);
    CHECK("guest: refill of the user fetch: TLBRPRMD.PPLV", wr.prmd & 3, 3);
    CHECK("guest: refill handler ran with DA=1 PG=0 PLV0 IE0", wr.crmd & 0x1f, CRMD_DA);
    wr = walk_find_badv(&rt_walk_log, USER_DATA);
    CHECK("guest: refill of the user load: TLBRBADV", wr.badv, USER_DATA);
    CHECK("guest: refill of the user load: TLBREHI.VPPN", wr.ehi & ~0x1fffULL, USER_DATA);

    /* MMIO test device */
    g_mmio();
    CHECK("guest: no unexpected guest exceptions", g_bad_traps, 0);
    return arg + 1;
}

/* ---- root side ------------------------------------------------------------------------ */
static u64 hc_hook(struct hv_vcpu* v, u64 a1, u64 a2) {
    (void)a2;
    if (a1 == 1) {
        /* the user program's first fetch missed stage 2 (its page was never touched) */
        struct rt_walk_rec s = walk_find_badv(&hv_s2_log, PA(g_user_prog));
        CHECK("stage-2 refill for the guest's PLV3 fetch: TLBRBADV = GPA", s.badv, PA(g_user_prog));
        CHECK("stage-2 refill for the guest's PLV3 fetch: TLBRERA = GVA | IsTLBR", s.era, USER_TEXT | 1);
        CHECK("stage-2 refill: TLBRPRMD = root PLV0, IE 1", s.prmd & 7, PRMD_PIE);
        CHECK("stage-2 refill: root handler CRMD DA=1 PG=0 PLV0 IE0", s.crmd & 0x1f, CRMD_DA);
        CHECK("stage-2 refill: GSTAT.PVM = 1, VM = 0, GID", s.gstat & 0xff0003, GSTAT_PVM | GSTAT_GID(1));
        CHECK("stage-2 refill: TLBREHI.VPPN = GPA", s.ehi & ~0x1fffULL, PA(g_user_prog) & ~0x1fffULL);
        (void)v;
    }
    return 0;
}

static void check_exit(const char* n, u64 pc, u64 ecode, int badi) {
    struct hv_exit_rec e = hv_exit_at(pc);
    CHECK(rt_cat(n, "exit logged"), e.n != 0, 1);
    CHECK(rt_cat(n, "root ESTAT.Ecode"), ECODE(e.estat), ecode);
    CHECK(rt_cat(n, "root ESTAT.EsubCode"), ESUBCODE(e.estat), 0);
    if (badi) CHECK(rt_cat(n, "root BADI = the word"), e.badi, *(volatile u32*)pc);
    CHECK(rt_cat(n, "GSTAT: PVM=1 VM=0 GID=1"), e.gstat & 0xff0003, GSTAT_PVM | GSTAT_GID(1));
    CHECK(rt_cat(n, "root PRMD: PPLV0 PIE1 (root mode at the exit)"), e.prmd & 7, PRMD_PIE);
    CHECK(rt_cat(n, "root CRMD in the handler: PLV0 IE0"), e.crmd & 7, 0);
    CHECK(rt_cat(n, "guest CRMD untouched (PG, PLV0)"), e.g_crmd & 0x1f, CRMD_PG);
}

int main(void) {
    rt_note("hv_basic: one guest, GID 1");
    hv_vm_init(&vm, 1, 0x4000000);
    hv_hc_hook = hc_hook;
    u64 st = hv_run(&vm, guest_main, 0x1234);
    CHECK("guest stopped with HC_EXIT(arg + 1)", st, 0x1235);
    CHECK("guest state", vm.state, HV_DONE);
    CHECK("guest's failed checks", vm.guest_failures, 0);

    check_exit("cpucfg:", (u64)gl_basic_cpucfg, EC_GSPR, 1);
    check_exit("csrrd GSTAT:", (u64)gl_basic_csrrd, EC_GSPR, 1);
    check_exit("iocsrrd.w:", (u64)gl_basic_iocsr, EC_GSPR, 1);
    check_exit("idle:", (u64)gl_basic_idle, EC_GSPR, 1);
    check_exit("hvcl 0x123:", (u64)gl_basic_hvcl, EC_HVC, 1);
    CHECK("hvcl 0x123: code in BADI[14:0]", hv_exit_at((u64)gl_basic_hvcl).badi & 0x7fff, 0x123);
    check_exit("MMIO st.d:", (u64)gl_basic_mmio_st, EC_PIS, 1);
    CHECK("MMIO st.d: root BADV = GPA", hv_exit_at((u64)gl_basic_mmio_st).badv, HV_MMIO_TEST);
    check_exit("MMIO ld.d:", (u64)gl_basic_mmio_ld, EC_PIL, 1);
    CHECK("MMIO ld.d: root BADV = GPA", hv_exit_at((u64)gl_basic_mmio_ld).badv, HV_MMIO_TEST);
    CHECK("no root interrupt exits (the guest timer is the guest's)", hv_exits_with(EC_INT), 0);
    CHECK("GSTAT.PVM back to 0 in root code", (csrrd(CSR_GSTAT) >> 1) & 1, 0);
    CHECK("GSTAT.VM in root code", csrrd(CSR_GSTAT) & 1, 0);
    return rt_done("hv_basic");
}
