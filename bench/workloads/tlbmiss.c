/* SPDX-License-Identifier: Apache-2.0 — TLB-miss-heavy: paging on, Linux's page-table
 * layout (16 KiB pages, 3 levels: PGD bits 46:36, PMD bits 35:25, PTE bits 24:14, PWCL/PWCH
 * as Linux sets them) and Linux's refill handler at TLBRENTRY (tlbmiss_refill.S: LDDIR,
 * LDPTE, TLBFILL). The loop does a read-modify-write in each of 65536 pages (1 GiB of
 * virtual space mapped onto 8 MiB of RAM) in a strided order: 32768 page pairs against a
 * 2048-entry STLB (8 ways x 256 sets), so every load refills (QEMU's -d int log: 1.1 M
 * refills for 1.1 M touches) and the store after it hits. Kernel code, data and the tables
 * are reached through DMW1; the table pointers are 0x9000... virtual addresses, as in
 * Linux (LDDIR/LDPTE use their physical bits). */
#include "common.h"
#include "priv_rt/priv.h"

/* -DPS=12 gives Linux's 4 KiB 3-level layout (39-bit VA); lvzemu runs it, but QEMU 7.2 then
 * prints another checksum: its softmmu page is 16 KiB (TARGET_PAGE_BITS 14) and it installs
 * a 4 KiB page's translation for the whole 16 KiB around it. */
#ifndef PS
#define PS 14
#endif
#define PAGE (1ULL << PS)
#define PTRS (PAGE / 8)                   /* 2048 entries per table */
#define DIR1_SHIFT (PS + (PS - 3))        /* 25 */
#define PGD_SHIFT (PS + 2 * (PS - 3))     /* 36 */
#define VBASE 0x0000004000000000ULL       /* 256 GiB: PGD slot 4 */
#define VPAGES 65536ULL                   /* 1 GiB of virtual space */
#define FRAMES 512ULL                     /* 8 MiB of RAM behind it */
#define STRIDE 40503ULL                   /* odd: visits every page once per 65536 steps */
#define TOUCHES 1100000ULL

static uint64_t pgd[PTRS] __attribute__((aligned(PAGE)));
static uint64_t pmd[PTRS] __attribute__((aligned(PAGE)));
static uint64_t pte[VPAGES] __attribute__((aligned(PAGE)));   /* 32 PTE tables */
static uint64_t frames[FRAMES * PTRS] __attribute__((aligned(PAGE)));

extern char tlbmiss_refill[];

static uint64_t touch(uint64_t n) {
    uint64_t sum = 0, p = 0;
    for (uint64_t i = 0; i < n; i++) {
        p = (p + STRIDE) & (VPAGES - 1);
        volatile uint64_t* a = (volatile uint64_t*)(VBASE + (p << PS) + ((i * 8) & (PAGE - 8)));
        uint64_t v = *a;
        *a = v + i;
        sum = sum * 31 + v;
    }
    return sum;
}

int main(void) {
    for (uint64_t i = 0; i < FRAMES * PTRS; i++) frames[i] = i * 0x9e3779b97f4a7c15ull;
    pgd[(VBASE >> PGD_SHIFT) & (PTRS - 1)] = (uint64_t)pmd;
    for (uint64_t t = 0; t < VPAGES / PTRS; t++)
        pmd[((VBASE >> DIR1_SHIFT) & (PTRS - 1)) + t] = (uint64_t)&pte[t * PTRS];
    for (uint64_t p = 0; p < VPAGES; p++)   /* a user page: PLV3, cached, writable, dirty */
        pte[p] = (PA(frames) + ((p * 7) % FRAMES) * PAGE) | PTE_V | PTE_D | PTE_PLV(3) |
                 PTE_MAT_CC | PTE_P | PTE_W;

    priv_mmu_init();
    csrwr(CSR_PWCL, PS | (PS - 3) << 5 | DIR1_SHIFT << 10 | (PS - 3) << 15); /* no Dir2 */
    csrwr(CSR_PWCH, PGD_SHIFT | (PS - 3) << 6);                                /* Dir3 = PGD */
    csrwr(CSR_STLBPS, PS);
    csrwr(CSR_TLBREHI, PS);
    csrwr(CSR_PGDL, (uint64_t)pgd);
    csrwr(CSR_PGDH, (uint64_t)pgd);
    csrwr(CSR_TLBRENTRY, PA(tlbmiss_refill));

    priv_paging_on();
    uint64_t sum = touch(TOUCHES);
    priv_paging_off();

    for (uint64_t i = 0; i < FRAMES * PTRS; i += 7) sum = sum * 31 + frames[i];
    return bench_done("tlbmiss", sum);
}
