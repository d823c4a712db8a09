/* SPDX-License-Identifier: Apache-2.0
 * Guests that fault on purpose and a hypervisor that survives (docs/lvz.md). Guest 1
 * (GID 1) runs one faulting scenario at a time; the hypervisor kills it from the exit,
 * checks the exit it got, then restarts it (fresh RAM, reset CSR bank, its GID's TLB
 * entries invalidated) with a healthy run that must find its memory reset; guest 2
 * (GID 2) runs between the kills and at the end, unaffected:
 *   1 load from a GPA outside its RAM (stage-2 refill, invalid entry, PIL exit)
 *   2 store to its read-only code (stage-2 D = 0: PME exit)
 *   3 `break` with GCFG.TOE = 1 (BRK exit with the guest bank untouched)
 *   4 an undefined instruction with TOE = 0: INE taken by the guest, whose EENTRY points
 *     at an unmapped GPA: the vector fetch is a PIF exit (guest ESTAT/ERA show the INE)
 *   5 an undefined instruction with TOE = 1 (INE exit)
 *   6 a runaway loop killed by the root timer (INT exit used as a watchdog)
 *   7 rt_exit(5): the guest's store to the exit register is an MMIO exit that stops it */
#include "hv.h"

static struct hv_vcpu vm1, vm2;
static u64 gcfg_kvm;

#define BAD_GPA 0x8000000ULL
#define GVA(gpa) (0x9000000000000000ULL | (gpa))

static u64 g_canary;

LABEL(gf1_ld); LABEL(gf2_st); LABEL(gf3_brk); LABEL(gf4_ine); LABEL(gf5_ine); LABEL(gf6_loop);

static __attribute__((noinline)) u64 g_faulty(u64 which) {
    u64 v = 0, a;
    g_canary = 0xdead;
    csrwr(CSR_ERA, 0x5e5e0);
    switch (which) {
    case 1:
        a = GVA(BAD_GPA + 0x40);
        __asm__ volatile(".globl gf1_ld\ngf1_ld:\n\tld.d %0, %1, 0" : "=r"(v) : "r"(a) : "memory");
        break;
    case 2:
        a = (u64)g_faulty;
        __asm__ volatile(".globl gf2_st\ngf2_st:\n\tst.w $zero, %0, 0" : : "r"(a) : "memory");
        break;
    case 3: __asm__ volatile(".globl gf3_brk\ngf3_brk:\n\tbreak 7" ::: "memory"); break;
    case 4:
        csrwr(CSR_EENTRY, GVA(BAD_GPA));
        __asm__ volatile(".globl gf4_ine\ngf4_ine:\n\t.word 0" ::: "memory");
        break;
    case 5: __asm__ volatile(".globl gf5_ine\ngf5_ine:\n\t.word 0" ::: "memory"); break;
    case 6: __asm__ volatile(".globl gf6_loop\ngf6_loop:\n\tb gf6_loop" ::: "memory"); break;
    case 7: rt_exit(5); break;
    }
    return v + 0x5afe;                   /* not reached */
}

static u64 g_healthy(u64 arg) {
    CHECK("guest: memory reset by the restart (canary 0)", g_canary, 0);
    g_canary = 0xdead;
    g_map(0x70000000, GUEST_FREE_GPA, PTE_RW);
    *(volatile u64*)0x70000000 = arg;
    CHECK("guest: page table and stage 2 work after the restart", *(volatile u64*)(GVA(GUEST_FREE_GPA)), arg);
    return arg * 2;
}

static int watchdog_hook(struct hv_vcpu* v, struct rt_frame* f) {
    if (ECODE(f->estat) == EC_INT && (f->estat & (1u << IRQ_TI))) {
        csrwr(CSR_TICLR, 1);
        hv_kill(v, "watchdog: the guest ran too long");
        return 1;
    }
    return 0;
}

/* run scenario `which` (a kill is expected), then the restarts (restart()) */
static void kill_run(const char* n, u64 which, u64 ecode, char* pc) {
    u64 st = hv_run(&vm1, g_faulty, which);
    CHECK(rt_cat(n, "guest killed with the exit's Ecode"), st, HV_ST_KILLED | ecode);
    CHECK(rt_cat(n, "guest state"), vm1.state, HV_KILLED);
    if (pc) CHECK(rt_cat(n, "root ERA = the faulting instruction"), vm1.f.era, (u64)pc);
    CHECK(rt_cat(n, "root back in root mode (GSTAT.PVM = 0)"), (csrrd(CSR_GSTAT) >> 1) & 1, 0);
    CHECK(rt_cat(n, "root CRMD: PLV0, PG"), csrrd(CSR_CRMD) & 0x1b, CRMD_PG);
    csrwr(CSR_GCFG, gcfg_kvm);
}

static void restart(const char* n, u64 which) {
    u64 r = hv_run(&vm1, g_healthy, which + 100);
    CHECK(rt_cat(n, "then the restarted guest runs to the end"), r, (which + 100) * 2);
    r = hv_run(&vm2, g_healthy, which + 200);
    CHECK(rt_cat(n, "and guest 2 still runs"), r, (which + 200) * 2);
}

int main(void) {
    rt_note("hv_fault: faulting guests, a surviving hypervisor");
    gcfg_kvm = csrrd(CSR_GCFG);
    hv_vm_init(&vm1, 1, 0x4000000);
    hv_vm_init(&vm2, 2, 0x4400000);

    kill_run("1 unmapped GPA:", 1, EC_PIL, gf1_ld);
    CHECK("1 unmapped GPA: root BADV = the GPA", hv_exit_at((u64)gf1_ld).badv, BAD_GPA + 0x40);
    CHECK("1 unmapped GPA: a stage-2 refill came first", walk_find_badv(&hv_s2_log, BAD_GPA).badv, BAD_GPA + 0x40);
    restart("1 unmapped GPA:", 1);

    kill_run("2 store to its code:", 2, EC_PME, gf2_st);
    CHECK("2 store to its code: root BADV = the GPA", hv_exit_at((u64)gf2_st).badv, PA(g_faulty));
    restart("2 store to its code:", 2);

    csrwr(CSR_GCFG, gcfg_kvm | GCFG_TOE);
    kill_run("3 break with TOE:", 3, EC_BRK, gf3_brk);
    CHECK("3 break with TOE: guest ERA untouched", hv_exit_at((u64)gf3_brk).g_era, 0x5e5e0);
    restart("3 break with TOE:", 3);

    kill_run("4 INE, guest vector at an unmapped GPA:", 4, EC_PIF, 0);
    struct hv_exit_rec e = hv_exit_at(GVA(BAD_GPA));
    CHECK("4: root ERA = the guest's vector", e.era, GVA(BAD_GPA));
    CHECK("4: root BADV = its GPA", e.badv, BAD_GPA);
    CHECK("4: guest ESTAT.Ecode = INE (the guest took it)", ECODE(e.g_estat), EC_INE);
    CHECK("4: guest ERA = the undefined word", e.g_era, (u64)gf4_ine);
    CHECK("4: guest CRMD.PLV/IE = 0 (in its handler)", e.g_crmd & 7, 0);
    restart("4 INE, guest vector at an unmapped GPA:", 4);

    csrwr(CSR_GCFG, gcfg_kvm | GCFG_TOE);
    kill_run("5 INE with TOE:", 5, EC_INE, gf5_ine);
    CHECK("5 INE with TOE: root BADI = the word", hv_exit_at((u64)gf5_ine).badi, 0);
    restart("5 INE with TOE:", 5);

    hv_exit_hook = watchdog_hook;
    hv_boot(&vm1, g_faulty, 6);
    csrwr(CSR_ECFG, 1u << IRQ_TI);
    csrwr(CSR_TCFG, 100000 | 1);
    u64 st = hv_go(&vm1);
    csrwr(CSR_ECFG, 0);
    csrwr(CSR_TCFG, 0);
    hv_exit_hook = 0;
    CHECK("6 runaway: killed by the root timer", st, HV_ST_KILLED | EC_INT);
    CHECK("6 runaway: root ERA in its loop", vm1.f.era, (u64)gf6_loop);
    CHECK("6 runaway: restarted", hv_run(&vm1, g_healthy, 6), 12);

    st = hv_run(&vm1, g_faulty, 7);
    CHECK("7 rt_exit(5): stopped by its exit-register store (code 5)", st, 0xe0000005ULL);
    CHECK("7 rt_exit(5): restarted", hv_run(&vm1, g_healthy, 7), 14);

    CHECK("guest 2 at the end", hv_run(&vm2, g_healthy, 9), 18);
    return rt_done("hv_fault");
}
