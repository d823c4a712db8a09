/* SPDX-License-Identifier: Apache-2.0
 * Hypercall round trips under LVZ (lvzemu only: QEMU has no LVZ). The tests/hv hypervisor
 * (tests/hv/rt) boots one guest (GID 1) whose function makes N hypercalls in a loop, each
 * an HVC exit to the root and an ERTN back into the guest.
 *
 *   default        the root's exit handler is minimal (lvz_hypercall.S: lvz_hvc_entry at
 *                  EENTRY): ERA += 4, ERTN. 4 guest (hvcl, add.d, addi.d, bnez) + 7 root
 *                  instructions per round trip; 10 retired (the trapping hvcl is not).
 *   -DLVZ_HC_FULL  the runtime's own exit path, as a hypervisor written in C has it
 *                  (hv_exit_entry saves the 31 GPRs and the exit CSRs into the vCPU frame,
 *                  hv_exit_c logs the exit with 5 gcsrrd, dispatches HC_PING, sets
 *                  GTLBC.TGID and PGDL for the vCPU, hv_resume restores and ERTNs); the
 *                  guest checks every result.
 *   -DLVZ_SETUP    N = 0: everything but the loop (bench/run_bench.py subtracts it).
 *
 * Self-checks: the guest's sum over the loop (an ERA advanced wrongly would change it or
 * never end), the number of exits the runtime counted (full path), the guest stopped
 * normally. Prints "lvz_hypercall round-trips N checksum X" and PASS/FAIL. */
#include "hv.h"

#ifdef LVZ_SETUP
#define ROUND_TRIPS 0ULL
#elif defined(LVZ_HC_FULL)
#define ROUND_TRIPS 2000000ULL
#else
#define ROUND_TRIPS 10000000ULL
#endif

#ifdef LVZ_HC_FULL
#define NAME "lvz_hypercall_c"
#else
#define NAME "lvz_hypercall"
#endif

static struct hv_vcpu vm;
extern char lvz_hvc_entry[];
u64 lvz_hvc_loop(u64 n);

/* ---- guest ----------------------------------------------------------------------------- */
#ifdef LVZ_HC_FULL
static u64 guest_main(u64 n) {
    u64 acc = 0, bad = 0;
    for (u64 k = n; k; --k) {
        u64 r = hv_call(HC_PING, k, 0);   /* k + 1 */
        bad += r != k + 1;
        acc += r;
    }
    return bad ? ~0ULL : acc;
}
#else
static u64 guest_main(u64 n) { return lvz_hvc_loop(n); }
#endif

/* ---- root ------------------------------------------------------------------------------ */
int main(void) {
    const u64 n = ROUND_TRIPS;
    hv_vm_init(&vm, 1, 0x4000000);
#ifndef LVZ_HC_FULL
    csrwr(CSR_EENTRY, (u64)lvz_hvc_entry);
#endif
    u64 sum = hv_run(&vm, guest_main, n);
#ifndef LVZ_HC_FULL
    csrwr(CSR_EENTRY, (u64)hv_exit_entry);
    CHECK("guest loop sum n(n+1)/2", sum, n * (n + 1) / 2);
#else
    CHECK("guest: every HC_PING result right, sum n(n+1)/2 + n", sum, n * (n + 1) / 2 + n);
    /* + the HC_EXIT; the guest prints nothing */
    CHECK("exits the runtime handled: n hypercalls + HC_EXIT", vm.exits, n + 1);
#endif
    CHECK("guest state", vm.state, HV_DONE);
    CHECK("guest's failed checks", vm.guest_failures, 0);
    rt_puts(NAME " round-trips ");
    rt_putdec(n);
    rt_puts(" checksum ");
    rt_puthex(sum);
    rt_putc('\n');
    return rt_done(NAME);
}
