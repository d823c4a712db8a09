/* SPDX-License-Identifier: Apache-2.0 — exception-heavy: a PLV3 user loop (mapped through
 * a TLB entry, paging on) does SYSCALL on every iteration, BREAK on every 8th and a load
 * from a non-canonical address (ADEM) on every 16th; each exception enters the kernel
 * through its own vector (ECFG.VS = 7, as Linux), does a few instructions of work on the
 * user's a0 and returns with ERTN to ERA + 4 (exceptions_entry.S). */
#include "common.h"
#include "priv_rt/priv.h"

#define ITERATIONS 6000000ULL
#define USER_VA 0x400000ULL               /* the user page (16 KiB, PLV3, read-only) */

extern char exc_vectors[], user_loop[], user_loop_end[];
uint64_t run_user(uint64_t user_pc, uint64_t n, uint64_t acc);

int main(void) {
    if (user_loop_end - user_loop > 16384) return 2;
    priv_mmu_init();
    /* first MTLB entry, 16 KiB pages: even page = the user code, odd page invalid */
    csrwr(CSR_TLBEHI, USER_VA);
    csrwr(CSR_TLBELO0, PA(user_loop) | PTE_V | PTE_PLV(3) | PTE_MAT_CC);
    csrwr(CSR_TLBELO1, 0);
    csrwr(CSR_TLBIDX, priv_stlb_entries() | 14ULL << 24);
    priv_tlbwr();
    csrwr(CSR_EENTRY, (uint64_t)exc_vectors);
    csrwr(CSR_ECFG, 7ULL << 16);           /* VS = 7: 512 bytes per vector, no interrupts */

    priv_paging_on();
    uint64_t acc = run_user(USER_VA, ITERATIONS, 0x123456789abcdefULL);
    priv_paging_off();
    csrwr(CSR_ECFG, 0);                    /* rt_exit's power-off path needs VS = 0 */
    return bench_done("exceptions", acc);
}
