/* SPDX-License-Identifier: Apache-2.0
 * Guest-TLB-miss heavy code under LVZ (lvzemu only: QEMU has no LVZ): tlbmiss.c run as a
 * guest of the tests/hv hypervisor (tests/hv/rt). The guest (GID 1) builds Linux's
 * 3-level page tables for 16 KiB pages in its own RAM (GPAs), points its guest TLBRENTRY
 * at Linux's refill handler (tlbmiss_refill.S, the same words as the bare-metal run), and
 * does the same 1.1 M strided read-modify-writes over 1 GiB of virtual space (65536 pages
 * onto 8 MiB): every load is a guest TLB refill (LDDIR/LDPTE at GPAs, TLBFILL of a
 * stage-1 entry). Every GPA (table entries, frames, code, stack) goes through stage 2,
 * which the root fills on demand: its refill handler (hv_tlbr_entry: counts and logs the
 * refill, then LDDIR/LDPTE over the VM's GPA -> HPA table, 4 KiB pages) runs on the first
 * touch of a page and again whenever a guest TLBFILL has evicted the stage-2 entry (one
 * TLB array: stage-1 and stage-2 entries share the STLB).
 *
 *   -DLVZ_SETUP   no touches: everything else (bench/run_bench.py subtracts it).
 *
 * Self-checks: the checksum is the one bare-metal tlbmiss prints (same data, same walk;
 * tlbmiss's is the one QEMU prints too), the guest stopped normally. Prints
 * "lvz_gtlbmiss touches T stage2-refills S (touch phase) stage2-total A checksum X". */
#include "hv.h"

#ifdef LVZ_SETUP
#define TOUCHES 0ULL
#define EXPECTED 0x07d38c114e811696ULL   /* the frames alone (a Python replica) */
#else
#define TOUCHES 1100000ULL
#define EXPECTED 0x13d4c8d3561b50f4ULL   /* bench_tlbmiss.elf's checksum (lvzemu and QEMU) */
#endif

/* tlbmiss.c's layout and walk, unchanged */
#define PS 14
#define PAGE (1ULL << PS)
#define PTRS (PAGE / 8)                   /* 2048 entries per table */
#define DIR1_SHIFT (PS + (PS - 3))        /* 25 */
#define PGD_SHIFT (PS + 2 * (PS - 3))     /* 36 */
#define VBASE 0x0000004000000000ULL       /* 256 GiB: PGD slot 4 */
#define VPAGES 65536ULL                   /* 1 GiB of virtual space */
#define FRAMES 512ULL                     /* 8 MiB of RAM behind it */
#define STRIDE 40503ULL                   /* odd: visits every page once per 65536 steps */
#define PTE_P (1ULL << 7)                 /* Linux's software bits: present, writable */
#define PTE_W (1ULL << 8)

/* The guest's RAM for it: GPA 32 MiB .. 42 MiB (pgd 16 KiB, pmd 16 KiB, 32 PTE tables
 * 512 KiB, frames 8 MiB), stage-2 mapped onto HPA 128 MiB. Reached through the guest's
 * DMW1 (0x9000...), as a Linux kernel reaches its memory. */
#define G_RAM_GPA 0x2000000ULL
#define G_RAM_HPA 0x8000000ULL
#define G_RAM_SIZE 0xa00000ULL
#define G_VA(gpa) (0x9000000000000000ULL | (gpa))
#define S2_POOL_PAGES 64
#define S2_POOL ((u64(*)[512])0x9000000007000000ULL) /* root: HPA 112 MiB */

static struct hv_vcpu vm;
extern char tlbmiss_refill[];

/* ---- guest ----------------------------------------------------------------------------- */
static u64* const pgd = (u64*)G_VA(G_RAM_GPA);
static u64* const pmd = (u64*)G_VA(G_RAM_GPA + PAGE);
static u64* const pte = (u64*)G_VA(G_RAM_GPA + 2 * PAGE);                 /* VPAGES entries */
static u64* const frames = (u64*)G_VA(G_RAM_GPA + 2 * PAGE + VPAGES * 8); /* 16 KiB aligned */

static __attribute__((noinline)) u64 touch(u64 n) {
    u64 sum = 0, p = 0;
    for (u64 i = 0; i < n; i++) {
        p = (p + STRIDE) & (VPAGES - 1);
        volatile u64* a = (volatile u64*)(VBASE + (p << PS) + ((i * 8) & (PAGE - 8)));
        u64 v = *a;
        *a = v + i;
        sum = sum * 31 + v;
    }
    return sum;
}

static u64 guest_main(u64 touches) {
    for (u64 i = 0; i < FRAMES * PTRS; i++) frames[i] = i * 0x9e3779b97f4a7c15ull;
    for (u64 i = 0; i < PTRS; i++) pgd[i] = pmd[i] = 0;
    pgd[(VBASE >> PGD_SHIFT) & (PTRS - 1)] = (u64)pmd;
    for (u64 t = 0; t < VPAGES / PTRS; t++)
        pmd[((VBASE >> DIR1_SHIFT) & (PTRS - 1)) + t] = (u64)&pte[t * PTRS];
    for (u64 p = 0; p < VPAGES; p++)   /* a user page: PLV3, cached, writable, dirty */
        pte[p] = (PA(frames) + ((p * 7) % FRAMES) * PAGE) | PTE_V | PTE_D | PTE_PLV(3) |
                 PTE_MAT(1) | PTE_P | PTE_W;

    /* the guest's own MMU (its CSR bank; paging is on, the kernel runs through DMW1) */
    invtlb(0, 0, 0);                   /* its own stage-1 entries */
    set_asid(0);
    csrwr(CSR_PWCL, PS | (PS - 3) << 5 | DIR1_SHIFT << 10 | (PS - 3) << 15); /* no Dir2 */
    csrwr(CSR_PWCH, PGD_SHIFT | (PS - 3) << 6);                                /* Dir3 = PGD */
    csrwr(CSR_STLBPS, PS);
    csrwr(CSR_TLBREHI, PS);
    csrwr(CSR_PGDL, (u64)pgd);
    csrwr(CSR_PGDH, (u64)pgd);
    csrwr(CSR_TLBRENTRY, PA(tlbmiss_refill));

    u64 s2_before = hv_call(HC_TEST, 1, 0);   /* the root's stage-2 refill count */
    u64 sum = touch(touches);
    u64 s2_after = hv_call(HC_TEST, 1, 0);
    hv_call(HC_TEST, 2, s2_after - s2_before);

    for (u64 i = 0; i < FRAMES * PTRS; i += 7) sum = sum * 31 + frames[i];
    return sum;
}

/* ---- root ------------------------------------------------------------------------------ */
static u64 s2_touch_phase;

static u64 hc_hook(struct hv_vcpu* v, u64 a1, u64 a2) {
    (void)v;
    if (a1 == 1) return hv_s2_log.count;
    if (a1 == 2) s2_touch_phase = a2;
    return 0;
}

int main(void) {
    hv_vm_init(&vm, 1, 0x4000000);
    /* a bigger stage-2 table than the runtime's 16 pages: the shared image read-only, the
     * guest's world RAM and G_RAM read-write (4 KiB pages, GPA -> HPA) */
    pt_init(&vm.s2, S2_POOL, S2_POOL_PAGES);
    pt_map_range(&vm.s2, PA(__shared_start), PA(__shared_start),
                 (u64)(__shared_end - __shared_start), PTE_RO);
    pt_map_range(&vm.s2, WORLD_GPA, vm.hpa, GUEST_PRIV_SIZE, PTE_RW);
    pt_map_range(&vm.s2, G_RAM_GPA, G_RAM_HPA, G_RAM_SIZE, PTE_RW);
    hv_hc_hook = hc_hook;

    u64 s2_0 = hv_s2_log.count;
    u64 sum = hv_run(&vm, guest_main, TOUCHES);
    u64 s2_total = hv_s2_log.count - s2_0;
    CHECK("checksum = bare-metal tlbmiss's (LVZ_SETUP: the frames')", sum, EXPECTED);
    CHECK("guest state", vm.state, HV_DONE);
    CHECK("guest's failed checks", vm.guest_failures, 0);
    CHECK_TRUE("stage-2 refills happened (first touches at least)", s2_total > 0, s2_total);
    rt_puts("lvz_gtlbmiss touches ");
    rt_putdec(TOUCHES);
    rt_puts(" stage2-refills ");
    rt_putdec(s2_touch_phase);
    rt_puts(" stage2-total ");
    rt_putdec(s2_total);
    rt_puts(" checksum ");
    rt_puthex(sum);
    rt_putc('\n');
    return rt_done("lvz_gtlbmiss");
}
