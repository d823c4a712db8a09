/* SPDX-License-Identifier: Apache-2.0
 * tests/hv runtime, guest part: what g_start (start.S) calls around the program's guest
 * function. Runs in guest mode with the guest CSR bank; its variables are the guest's. */
#include "hv.h"

struct pt g_pt;
/* 8 KiB aligned: pool pages 2k and 2k+1 share one stage-2 page pair (hv_xlate relies on it) */
static u64 g_pt_pool[16][512] __attribute__((aligned(8192)));

/* In guest DA mode (GVA = GPA): the stage-1 page table (3 levels, 4 KiB pages, the same
 * PWCL as the root's), the walk refill handler, STLBPS 12, then paging on (DMW0/DMW1 were
 * set by rt_cpu_init). */
void g_world_init(void) {
    csrwr(CSR_PWCL, RT_PWCL_VALUE);
    csrwr(CSR_PWCH, 0);
    csrwr(CSR_STLBPS, 12);
    set_asid(0);
    pt_init(&g_pt, g_pt_pool, 16);
    csrwr(CSR_PGDL, pt_root(&g_pt));
    csrwr(CSR_PGDH, pt_root(&g_pt));
    csrwr(CSR_TLBRENTRY, PA(rt_tlbr_walk_entry));
    rt_paging_on();
}

void g_map(u64 va, u64 gpa, u64 flags) { pt_map(&g_pt, va, gpa, flags); }

void g_exit(u64 status) {
    hv_call(HC_EXIT, status, (u64)rt_failures);
    for (;;) {}
}
