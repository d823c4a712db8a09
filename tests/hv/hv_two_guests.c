/* SPDX-License-Identifier: Apache-2.0
 * Two guests, GID 1 and GID 2, time-sliced on one hart by the root timer (docs/lvz.md):
 *  - each has its own RAM behind the same GPAs (stage 2 per GID: same GVA, same GPA,
 *    different HPA), its own stage-1 mapping of one GVA onto different GPAs, its own
 *    guest timer and CSR bank (saved and restored by the hypervisor at every switch:
 *    gcsrrd/gcsrwr of the whole bank, TCFG/TVAL/ESTAT in KVM's order);
 *  - the root timer's INT exits switch between them; `idle` (GSPR) yields;
 *  - each checks, over many slices, that its memory, its stage-1 translation, its
 *    SAVE0 and its timer ticks are its own; guest 2 checks that it does not see guest
 *    1's write to the same GVA/GPA and guest 1 that guest 2's write did not reach it;
 *  - the root checks both HPA copies and that its own copy was never written. */
#include "hv.h"

static struct hv_vcpu vm1, vm2;

#define UVA 0x60000000ULL
#define OWN_GPA(id) (0x1100000ULL + ((id) - 1) * 0x1000)
#define ROUNDS 60

static u64 g_pattern[1024];
static volatile u64 g_secret, g_ticks;
static u64 sched_ticks;

static int g_tick_hook(struct rt_frame* f) {
    if (ECODE(f->estat) == EC_INT && (f->estat & (1u << IRQ_TI))) {
        ++g_ticks;
        csrwr(CSR_TICLR, 1);
        return 1;
    }
    return 0;
}

static void g_wait_flag(u64 flag) {
    while (!hv_call(HC_QUERY, flag, 0)) __asm__ volatile("idle 0" ::: "memory");
}

static u64 g_two(u64 id) {
    u64 bad = 0;
    rt_trap_hook = g_tick_hook;
    CHECK("guest: HC_GID is my id", hv_call(HC_GID, 0, 0), id);
    csrwr(CSR_SAVE0, 0x5a0e0000 | id);
    for (unsigned i = 0; i < 1024; ++i) g_pattern[i] = (id << 32) | i;
    g_secret = 0x1111 * id;
    *(volatile u64*)(0x9000000000000000ULL | OWN_GPA(id)) = 0xa000 + id;
    g_map(UVA, OWN_GPA(id), PTE_RW);
    /* own periodic timer */
    csrxchg(CSR_ECFG, 1u << IRQ_TI, 0x1fff);
    csrwr(CSR_TCFG, (7000 + 1000 * id) | 3);
    csrxchg(CSR_CRMD, CRMD_IE, CRMD_IE);
    for (unsigned r = 0; r < ROUNDS; ++r) {
        for (unsigned i = 0; i < 1024; ++i) bad += g_pattern[i] != ((id << 32) | i);
        bad += g_secret != 0x1111 * id;
        bad += *(volatile u64*)UVA != 0xa000 + id;
        bad += (csrrd(CSR_SAVE0) & 0xffffffff) != (0x5a0e0000 | id);
        if (r == ROUNDS / 2) {
            if (id == 1) {
                g_secret = 0x5ec1;                 /* same GVA/GPA in guest 2 */
                hv_call(HC_MARK, 0, 1);
                g_wait_flag(1);
                CHECK("guest 1: guest 2's write to the same GVA/GPA did not reach me", g_secret, 0x5ec1);
            } else {
                g_wait_flag(0);
                CHECK("guest 2: I do not see guest 1's write (same GVA/GPA)", g_secret, 0x1111 * 2);
                g_secret = 0x5ec2;
                hv_call(HC_MARK, 1, 1);
            }
            g_secret = 0x1111 * id;
        }
    }
    csrxchg(CSR_CRMD, 0, CRMD_IE);
    csrwr(CSR_TCFG, 0);
    CHECK("guest: memory, stage-1 translation and SAVE0 stayed mine in every round", bad, 0);
    CHECK_TRUE("guest: my own timer ticked (>= 3)", g_ticks >= 3, g_ticks);
    return 0x700 + id;
}

static int sched_hook(struct hv_vcpu* v, struct rt_frame* f) {
    (void)v;
    if (ECODE(f->estat) == EC_INT && (f->estat & (1u << IRQ_TI))) {
        csrwr(CSR_TICLR, 1);
        ++sched_ticks;
        hv_yield();
        return 1;
    }
    if (ECODE(f->estat) == EC_GSPR && (f->badi & 0xffff8000) == 0x06488000) {   /* idle */
        f->era += 4;
        hv_yield();
        return 1;
    }
    return 0;
}

int main(void) {
    rt_note("hv_two_guests: GID 1 and GID 2 time-sliced by the root timer");
    hv_vm_init(&vm1, 1, 0x4000000);
    hv_vm_init(&vm2, 2, 0x4400000);
    hv_boot(&vm1, g_two, 1);
    hv_boot(&vm2, g_two, 2);
    hv_shared[0] = hv_shared[1] = 0;
    struct hv_vcpu* vs[2] = {&vm1, &vm2};
    hv_exit_hook = sched_hook;
    csrwr(CSR_ECFG, 1u << IRQ_TI);
    csrwr(CSR_TCFG, 40000 | 3);                  /* root timer: periodic time slices */
    hv_run_multi(vs, 2);
    csrwr(CSR_TCFG, 0);
    csrwr(CSR_TICLR, 1);
    csrwr(CSR_ECFG, 0);
    hv_exit_hook = 0;
    CHECK("guest 1 finished", vm1.state, HV_DONE);
    CHECK("guest 1 result", vm1.status, 0x701);
    CHECK("guest 2 finished", vm2.state, HV_DONE);
    CHECK("guest 2 result", vm2.status, 0x702);
    CHECK_TRUE("root timer slices (>= 6)", sched_ticks >= 6, sched_ticks);
    CHECK_TRUE("guest 1 ran in several slices (>= 3)", vm1.slices >= 3, vm1.slices);
    CHECK_TRUE("guest 2 ran in several slices (>= 3)", vm2.slices >= 3, vm2.slices);
    CHECK("guest 1's g_secret at its HPA", *HV_GUEST_VAR(&vm1, g_secret), 0x1111);
    CHECK("guest 2's g_secret at its HPA", *HV_GUEST_VAR(&vm2, g_secret), 0x2222);
    CHECK("guest 1's page behind OWN_GPA(1)", *hv_gpa_ptr(&vm1, OWN_GPA(1)), 0xa001);
    CHECK("guest 2's page behind OWN_GPA(2)", *hv_gpa_ptr(&vm2, OWN_GPA(2)), 0xa002);
    CHECK("guest 2 never wrote OWN_GPA(1) in its RAM", *hv_gpa_ptr(&vm2, OWN_GPA(1)), 0);
    CHECK("the root's own copy of g_secret (HPA = GPA) untouched", g_secret, 0);
    CHECK("the root's own copy of g_pattern untouched", g_pattern[5], 0);
    return rt_done("hv_two_guests");
}
