/* SPDX-License-Identifier: Apache-2.0
 * LVZ identification and GSTAT (lvz.md §1, §2.1, §4; docs/lvz.md):
 *  - CPUCFG2.LVZ = 1, LVZ_ver = 1; reset values of GSTAT/GCFG/GTLBC/GINTC/GCNTC/TRGP and
 *    of the guest bank (CRMD = DA, ASID.ASIDBITS, PRCFG1/3 as the root's);
 *  - GSTAT fields: VM read-only (0 in root), PVM read/write, GIDBIT read-only = 8, GID
 *    read/write (8 bits), reserved bits 0;
 *  - PVM <- 0 on a root->root exception (with ERTN then staying in root), PVM <- 1 and
 *    VM = 0 on an exit from the guest (general exception and stage-2 refill);
 *  - ERTN with PVM = 1 enters the guest at ERA; through TLBRERA when IsTLBR = 1 (IsTLBR
 *    cleared); ERTN with PVM = 0 stays in root; the GID the guest runs with tags its exits. */
#include "hv.h"

static struct hv_vcpu vm;

LABEL(gl_gstat_hvcl);

static volatile u64 brk_gstat, brk_count;

static int root_brk_hook(struct rt_frame* f) {
    if (ECODE(f->estat) != EC_BRK) return 0;
    brk_gstat = csrrd(CSR_SAVE6);     /* GSTAT as the exception entry left it (start.S) */
    brk_count++;
    return 0;                         /* resume at ERA + 4 */
}

static __attribute__((noinline)) u64 g_simple(u64 arg) {
    register u64 a0 __asm__("$a0") = HC_PING;
    register u64 a1 __asm__("$a1") = arg;
    __asm__ volatile(".globl gl_gstat_hvcl\ngl_gstat_hvcl:\n\thvcl 1" : "+r"(a0) : "r"(a1) : "memory");
    return a0;
}

int main(void) {
    rt_note("hv_gstat: LVZ identification, GSTAT, guest entry and exit");

    /* identification and reset values (read by hv_cpu_init before it wrote anything) */
    CHECK("CPUCFG2.LVZ (bit 10)", (hv_reset.cpucfg2 >> 10) & 1, 1);
    CHECK("CPUCFG2.LVZ_ver (bits 13:11)", (hv_reset.cpucfg2 >> 11) & 7, 1);
    CHECK("reset GSTAT (GIDBIT = 8, the rest 0)", hv_reset.gstat, 0x80);
    CHECK("reset GCFG (MATP_GUEST|MATP_ROOT, GCIP ALL|HIT|SECURE)", hv_reset.gcfg, 0x70003);
    CHECK("reset GTLBC", hv_reset.gtlbc, 0);
    CHECK("reset GINTC", hv_reset.gintc, 0);
    CHECK("reset GCNTC", hv_reset.gcntc, 0);
    CHECK("reset TRGP", hv_reset.trgp, 0);
    CHECK("reset guest CRMD (DA, PLV0)", hv_reset.g_crmd, 0x8);
    CHECK("reset guest ASID (ASIDBITS = 10)", hv_reset.g_asid, 0xa0000);
    CHECK("guest PRCFG1 = root PRCFG1", hv_reset.g_prcfg1, csrrd(CSR_PRCFG1));
    CHECK("guest PRCFG3 = root PRCFG3", hv_reset.g_prcfg3, csrrd(CSR_PRCFG3));

    /* fields */
    u64 g0 = csrrd(CSR_GSTAT);
    csrwr(CSR_GSTAT, ~0ULL);
    CHECK("GSTAT <- ~0: VM stays 0, PVM 1, GIDBIT 8, GID 0xff, reserved 0", csrrd(CSR_GSTAT), 0xff0082);
    csrwr(CSR_GSTAT, 0);
    CHECK("GSTAT <- 0: GIDBIT stays 8", csrrd(CSR_GSTAT), 0x80);
    csrwr(CSR_GSTAT, GSTAT_GID(0x5a) | 0x3f0);
    CHECK("GSTAT <- GID 0x5a, GIDBIT bits 0x3f: GIDBIT read-only", csrrd(CSR_GSTAT), 0x5a0080);
    csrxchg(CSR_GSTAT, GSTAT_GID(0xa5), GSTAT_GID(0xff));
    CHECK("GSTAT.GID by csrxchg", GSTAT_GID_OF(csrrd(CSR_GSTAT)), 0xa5);
    CHECK("GSTAT.VM in root", csrrd(CSR_GSTAT) & GSTAT_VM, 0);
    csrwr(CSR_GSTAT, g0);

    /* PVM on a root->root exception: the entry writes 0 (the mode it came from), so the
     * handler's ERTN stays in root */
    rt_trap_clear();
    rt_trap_hook = root_brk_hook;
    csrxchg(CSR_GSTAT, GSTAT_PVM | GSTAT_GID(7), GSTAT_PVM | GSTAT_GID(0xff));
    CHECK("GSTAT.PVM set by csrxchg in root", (csrrd(CSR_GSTAT) >> 1) & 1, 1);
    __asm__ volatile("break 0x11" ::: "memory");
    rt_trap_hook = 0;
    CHECK("root BRK taken once, ERTN back in root", brk_count, 1);
    CHECK("root->root exception: GSTAT.PVM <- 0 at entry", (brk_gstat >> 1) & 1, 0);
    CHECK("root->root exception: GSTAT.VM 0, GID kept", brk_gstat & 0xff0001, GSTAT_GID(7));
    CHECK("after the handler's ERTN: PVM still 0", (csrrd(CSR_GSTAT) >> 1) & 1, 0);
    csrwr(CSR_GSTAT, 0);

    /* ERTN with PVM = 1 through ERA: the guest runs with GSTAT.GID; exits set PVM = 1 */
    hv_vm_init(&vm, 0x42, 0x4000000);
    u64 st = hv_run(&vm, g_simple, 100);
    CHECK("ERTN (ERA) with PVM = 1 entered the guest, which stopped with HC_EXIT", st, 101);
    struct hv_exit_rec e = hv_exit_at((u64)gl_gstat_hvcl);
    CHECK("exit from the guest: GSTAT.PVM = 1", (e.gstat >> 1) & 1, 1);
    CHECK("exit from the guest: GSTAT.VM = 0", e.gstat & 1, 0);
    CHECK("exit from the guest: GSTAT.GID = the guest's", GSTAT_GID_OF(e.gstat), 0x42);
    CHECK("exit from the guest: GSTAT.GIDBIT", GSTAT_GIDBIT(e.gstat), 8);
    struct rt_walk_rec s = walk_find_badv(&hv_s2_log, PA(g_start));
    CHECK("the guest's first fetch: stage-2 refill at its GPA", s.badv, PA(g_start));
    CHECK("the guest's first fetch: TLBRERA = g_start | IsTLBR", s.era, (u64)g_start | 1);
    CHECK("stage-2 refill: GSTAT.PVM = 1, VM = 0, GID", s.gstat & 0xff0003, GSTAT_PVM | GSTAT_GID(0x42));
    CHECK("back in root code after the run: PVM = 0", (csrrd(CSR_GSTAT) >> 1) & 1, 0);

    /* ERTN with PVM = 1 through TLBRERA (IsTLBR = 1): enters the guest at TLBRERA.PC */
    hv_boot(&vm, g_simple, 200);
    hv_vms[0] = &vm;
    hv_nvms = 1;
    hv_cur = &vm;
    vm.state = HV_RUNNING;
    vm.f.gstat = GSTAT_PVM | GSTAT_GID(0x42);
    csrxchg(CSR_GTLBC, GTLBC_TGID(0x42), GTLBC_TGID_MASK);
    csrwr(CSR_PGDL, pt_root(&vm.s2));
    hv_enter_tlbr(&vm.f);
    CHECK("ERTN (TLBRERA) with PVM = 1 entered the guest at TLBRERA", vm.status, 201);
    CHECK("that ERTN cleared TLBRERA.IsTLBR", csrrd(CSR_TLBRERA) & 1, 0);
    e = hv_exit_at((u64)gl_gstat_hvcl);
    CHECK("the guest entered through TLBRERA reached its hvcl", ECODE(e.estat), EC_HVC);
    CHECK("...with root PRMD.PIE from TLBRPRMD (root IE was 1 in the guest)", e.prmd & 7, PRMD_PIE);
    hv_nvms = 0;

    return rt_done("hv_gstat");
}
