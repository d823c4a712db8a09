/* SPDX-License-Identifier: Apache-2.0
 * Two-stage translation (lvz.md §5; docs/lvz.md), one case per check group:
 *  - guest DA mode: GPA = GVA[47:0], then stage 2; guest DMW: GPA = GVA[47:0] of the
 *    window, then stage 2; guest TLB (its page table, its refill): GVA -> GPA -> HPA;
 *  - root DMWs do not apply to GPAs (a root DMW with VSEG 0 changes nothing for the guest);
 *  - stage-2 entries ignore the ASID (root ASID changed, entry written under another ASID);
 *  - the guest's page walk (LDDIR/LDPTE) reads its tables at GPAs through stage 2: a
 *    stage-2 miss there is a root refill with TLBRBADV = the GPA of the table entry and
 *    TLBRERA = the LDDIR/LDPTE (a GPA: the guest's refill handler runs in guest DA mode);
 *  - GID isolation: another GID's stage-1 entry at the same GVA and another GID's stage-2
 *    entry at the same GPA are not used; stage-2 lookups use GSTAT.GID, not GTLBC.TGID
 *    (a guest running with TGID 5 uses its GID-1 entries, not TGID 5's);
 *  - a stage-1 mapping onto a GPA without stage-2 mapping: the exit has BADV = the GPA,
 *    ERA = the GVA of the instruction; a stage-1 fault (V = 0) stays in the guest with
 *    guest BADV = the GVA. */
#include "hv.h"

static struct hv_vcpu vm;

#define DATA_GPA 0x1100000ULL          /* guest RAM page with a marker */
#define MARK 0x6e57da7aULL
#define VA_TLB 0x50000000ULL           /* guest page table: -> DATA_GPA */
#define VA_ISO 0x51000000ULL           /* guest 1: -> ISO_GPA; a GID-2 entry: -> DATA_GPA */
#define ISO_GPA 0x1102000ULL
#define ISO_S2_GPA 0x1104000ULL        /* a GID-2 stage-2 entry maps it elsewhere */
#define VA_INV 0x52000000ULL           /* guest page table: V = 0 */
#define VA_MMIO 0x53000000ULL          /* guest page table: -> the test MMIO device */
#define S2_ASID_GPA 0x7000000ULL       /* stage-2 entry written under root ASID 7 */

static volatile u64 g_trap_badv, g_trap_code, g_traps;
static int g_hook(struct rt_frame* f) {
    g_traps++;
    g_trap_code = ECODE(f->estat);
    g_trap_badv = f->badv;
    return 0;
}

LABEL(gx_mmio_ld);

static u64 g_main(u64 arg) {
    (void)arg;
    rt_trap_hook = g_hook;
    /* DMW and DA */
    CHECK("guest: DMW1 GVA -> GPA -> HPA", *(volatile u64*)(0x9000000000000000ULL | DATA_GPA), MARK);
    CHECK("guest: DMW0 GVA -> GPA -> HPA", *(volatile u64*)(0x8000000000000000ULL | DATA_GPA), MARK);
    u64 crmd = csrwr(CSR_CRMD, CRMD_DA);
    u64 da = *(volatile u64*)DATA_GPA;
    u64 da_hi = *(volatile u64*)(0xabcd000000000000ULL | DATA_GPA);
    csrwr(CSR_CRMD, crmd);
    CHECK("guest: DA mode, GPA = GVA", da, MARK);
    CHECK("guest: DA mode, GPA = GVA[47:0]", da_hi, MARK);
    /* the stage-2 entry the root wrote under ASID 7 */
    CHECK("guest: stage-2 entry written under root ASID 7 (root ASID now 0)",
          *(volatile u64*)(0x9000000000000000ULL | S2_ASID_GPA), 0xa51d);
    /* the guest's own page table */
    g_map(VA_TLB, DATA_GPA, PTE_RW);
    u64 w0 = rt_walk_log.count;
    CHECK("guest: stage-1 TLB GVA -> GPA -> HPA", *(volatile u64*)VA_TLB, MARK);
    CHECK("guest: ... through its own refill", rt_walk_log.count - w0, 1);
    CHECK("guest: ... TLBRBADV = the GVA", walk_find_badv(&rt_walk_log, VA_TLB).badv, VA_TLB);
    /* the walk itself through stage 2: the root drops this GID's stage-2 entries first */
    /* pool pages: 0 invalid PT, 1 invalid Dir1, 2 top, 3 Dir1 and 4 PT of VA_TLB; two more
     * PTs (5, 6), then the Dir1 (7) and PT (8) of the walk below: top, Dir1 and PT are in
     * three different stage-2 page pairs (the pool is 8 KiB aligned) */
    g_map(VA_TLB + 0x200000, DATA_GPA, PTE_RW);
    g_map(VA_TLB + 0x400000, DATA_GPA, PTE_RW);
    g_map(0x40000000ULL + VA_TLB, DATA_GPA, PTE_RW); /* another Dir2 slot: new Dir1 + PT */
    hv_call(HC_FLUSH_S2, 0, 0);
    CHECK("guest: walk through stage 2 after the flush", *(volatile u64*)(0x40000000ULL + VA_TLB), MARK);
    hv_call(HC_TEST, 1, 0x40000000ULL + VA_TLB);   /* the root checks its refill log now */
    /* the root wrote a GID-2 stage-1 entry at VA_ISO and a GID-2 stage-2 entry at ISO_S2_GPA */
    hv_call(HC_TEST, 2, 0);
    g_map(VA_ISO, ISO_GPA, PTE_RW);
    w0 = rt_walk_log.count;
    CHECK("guest 1: VA_ISO through its own mapping (not GID 2's entry)", *(volatile u64*)VA_ISO, 0x150);
    CHECK("guest 1: ... after its own refill", rt_walk_log.count - w0, 1);
    CHECK("guest 1: GPA through its own stage 2 (not GID 2's entry)",
          *(volatile u64*)(0x9000000000000000ULL | ISO_S2_GPA), 0x152);
    hv_call(HC_TEST, 6, 0);
    /* root DMW with VSEG 0 (set by the root before the run) */
    CHECK("guest: a root DMW on VSEG 0 does not translate its GPA", *(volatile u64*)(0x9000000000000000ULL | (DATA_GPA + 8)), 0x9e5);
    /* root ASID changed: stage-2 entries still hit */
    hv_call(HC_TEST, 3, 0);
    u64 s0 = hv_call(HC_TEST, 4, 0);
    CHECK("guest: after the root changed its ASID", *(volatile u64*)VA_TLB, MARK);
    CHECK("guest: ... no new stage-2 refill", hv_call(HC_TEST, 4, 0) - s0, 0);
    hv_call(HC_TEST, 5, 0);
    /* stage-1 fault: to the guest, BADV = GVA */
    g_map(VA_INV, DATA_GPA, PTE_MAT(1));
    u64 t0 = g_traps;
    (void)*(volatile u64*)(VA_INV + 0x30);
    CHECK("guest: stage-1 V=0: PIL taken by the guest", g_traps - t0, 1);
    CHECK("guest: ... Ecode", g_trap_code, EC_PIL);
    CHECK("guest: ... guest BADV = the GVA", g_trap_badv, VA_INV + 0x30);
    /* stage 1 onto an unmapped GPA (the MMIO device): exit with BADV = GPA */
    g_map(VA_MMIO, HV_MMIO_TEST & ~0xfffULL, PTE_RW);
    u64 v, a = VA_MMIO + (HV_MMIO_TEST & 0xfff) + 8;
    __asm__ volatile(".globl gx_mmio_ld\ngx_mmio_ld:\n\tld.d %0, %1, 0" : "=r"(v) : "r"(a) : "memory");
    CHECK("guest: MMIO through its page table", v, 0xd00d);
    CHECK("guest: no fault reached the guest for it", g_traps - t0, 1);
    return 0;
}

static u64 s2_at(u64 era) { return walk_find_era(&hv_s2_log, era).badv; }

static u64 hc(struct hv_vcpu* v, u64 a1, u64 a2) {
    switch (a1) {
    case 1: {
        /* expected entries of the guest's walk for a2: its tables are at GPAs */
        volatile struct pt* gp = HV_GUEST_VAR(v, g_pt);
        u64 top = PA(gp->top);
        u64 e2 = top + ((a2 >> 30) & 0x1ff) * 8;
        u64 d1 = *hv_gpa_ptr(v, e2) & ~0xfffULL;
        u64 e1 = d1 + ((a2 >> 21) & 0x1ff) * 8;
        u64 pt = *hv_gpa_ptr(v, e1) & ~0xfffULL;
        u64 e0 = pt + (((a2 >> 12) & 0x1ff) & ~1ULL) * 8;
        CHECK("guest LDDIR level 2 missed stage 2: TLBRBADV = GPA of the Dir2 entry", s2_at(PA(rt_walk_lddir2)), e2);
        CHECK("guest LDDIR level 1 missed stage 2: TLBRBADV = GPA of the Dir1 entry", s2_at(PA(rt_walk_lddir1)), e1);
        CHECK("guest LDPTE missed stage 2: TLBRBADV = GPA of the PTE pair", s2_at(PA(rt_walk_ldpte0)), e0);
        struct rt_walk_rec r = walk_find_era(&hv_s2_log, PA(rt_walk_lddir2));
        CHECK("... root refill during the guest's refill: TLBRERA.IsTLBR", r.era & 1, 1);
        CHECK("... GSTAT.PVM", (r.gstat >> 1) & 1, 1);
        CHECK("... root TLBRPRMD = the root's PLV0 / IE 1", r.prmd & 7, PRMD_PIE);
        break;
    }
    case 2: {
        u64 gtlbc = csrrd(CSR_GTLBC);
        *hv_gpa_ptr(v, DATA_GPA) = MARK;
        *hv_gpa_ptr(v, ISO_GPA) = 0x150;
        *hv_gpa_ptr(v, ISO_S2_GPA) = 0x152;
        *hv_gpa_ptr(v, ISO_S2_GPA + 0x1000) = 0x153;
        csrxchg(CSR_GTLBC, GTLBC_TGID(2), GTLBC_TGID_MASK);
        gcsrwr(CSR_ASID, 0);
        gcsrwr(CSR_TLBEHI, VA_ISO);
        gcsrwr(CSR_TLBELO0, DATA_GPA | PTE_RW | PTE_G);
        gcsrwr(CSR_TLBELO1, DATA_GPA | PTE_RW | PTE_G);
        gcsrwr(CSR_TLBIDX, (MTLB0 + 3) | TLBIDX_PS(12));
        gtlbwr();                                         /* GID 2 stage 1: VA_ISO -> DATA_GPA */
        u64 other = v->hpa + (ISO_S2_GPA + 0x1000 - WORLD_GPA);
        tlb_write(MTLB0 + 4, ISO_S2_GPA, 12, other | PTE_RW, other | PTE_RW);   /* GID 2 stage 2 */
        csrwr(CSR_GTLBC, gtlbc);
        break;
    }
    case 3: set_asid(0x55); break;
    case 4: return hv_s2_log.count;
    case 5: set_asid(0); break;
    case 6: {
        CHECK("guest 1's access to ISO_S2_GPA: its own stage-2 refill", walk_find_badv(&hv_s2_log, ISO_S2_GPA).badv, ISO_S2_GPA);
        u64 gtlbc = csrrd(CSR_GTLBC);
        csrxchg(CSR_GTLBC, GTLBC_TGID(2), GTLBC_TGID_MASK);
        CHECK("... the GID-2 stage-2 entry is still there", tlb_search(ISO_S2_GPA) & 0x80000fffULL, MTLB0 + 4);
        gcsrwr(CSR_TLBEHI, VA_ISO);
        gtlbsrch();
        CHECK("... and the GID-2 stage-1 entry", gcsrrd(CSR_TLBIDX) & 0x80000fffULL, MTLB0 + 3);
        csrwr(CSR_GTLBC, gtlbc);
        break;
    }
    }
    return 0;
}

/* ---- stage-2 lookups by GSTAT.GID, whatever GTLBC.TGID says ---- */
#define TG_GPA 0x1105000ULL
static __attribute__((noinline)) u64 g_tgid(u64 arg) {
    (void)arg;
    return *(volatile u64*)(0x9000000000000000ULL | TG_GPA);
}
static int watchdog(struct hv_vcpu* v, struct rt_frame* f) {
    if (ECODE(f->estat) == EC_INT && (f->estat & (1u << IRQ_TI))) {
        csrwr(CSR_TICLR, 1);
        hv_kill(v, "watchdog");
        return 1;
    }
    return 0;
}
static void test_lookup_gid(void) {
    hv_boot(&vm, g_tgid, 0);
    *hv_gpa_ptr(&vm, TG_GPA) = 0x1d1;
    *hv_gpa_ptr(&vm, TG_GPA + 0x2000) = 0xbad;
    CHECK("GID 1, TGID 1: the guest reads its page (and fills every stage-2 entry it needs)", hv_go(&vm), 0x1d1);
    /* the same run again with TGID 5 and a TGID-5 entry for TG_GPA onto another page;
     * nothing is flushed, so every page the run touches has its GID-1 entry already */
    hv_no_flush = 1;
    hv_keep_tgid = 1;
    hv_boot(&vm, g_tgid, 0);
    *hv_gpa_ptr(&vm, TG_GPA) = 0x1d1;
    *hv_gpa_ptr(&vm, TG_GPA + 0x2000) = 0xbad;
    u64 gtlbc = csrrd(CSR_GTLBC);
    csrxchg(CSR_GTLBC, GTLBC_USETGID | GTLBC_TGID(5), GTLBC_USETGID | GTLBC_TGID_MASK);
    u64 other = vm.hpa + (TG_GPA + 0x2000 - WORLD_GPA);
    tlb_write(MTLB0 + 6, TG_GPA, 12, other | PTE_RW, other | PTE_RW);
    hv_exit_hook = watchdog;
    csrwr(CSR_ECFG, 1u << IRQ_TI);
    csrwr(CSR_TCFG, 3000000 | 1);
    u64 st = hv_go(&vm);
    csrwr(CSR_TCFG, 0);
    csrwr(CSR_TICLR, 1);
    csrwr(CSR_ECFG, 0);
    hv_exit_hook = 0;
    hv_no_flush = 0;
    hv_keep_tgid = 0;
    csrwr(CSR_GTLBC, gtlbc);
    CHECK("GID 1 running with TGID 5: stage 2 uses GID 1's entry, not TGID 5's", st, 0x1d1);
    invtlb(0x14, INVTLB_INFO(5, 0), 0);
}

int main(void) {
    rt_note("hv_xlate: two-stage translation cases");
    hv_vm_init(&vm, 1, 0x4000000);
    hv_boot(&vm, g_main, 0);
    *hv_gpa_ptr(&vm, DATA_GPA) = MARK;
    *hv_gpa_ptr(&vm, DATA_GPA + 8) = 0x9e5;
    *(volatile u64*)(0x9000000000000000ULL | (DATA_GPA + 8)) = 0x1e5;   /* HPA = GPA: the root's */
    vm.mmio[1] = 0xd00d;
    /* a stage-2 entry for GID 1 written under root ASID 7 (G = 0) */
    u64 hpa = vm.hpa + 0x200000;
    *(volatile u64*)(0x9000000000000000ULL | hpa) = 0xa51d;
    set_asid(7);
    csrxchg(CSR_GTLBC, GTLBC_TGID(1), GTLBC_TGID_MASK);
    tlb_write(MTLB0 + 5, S2_ASID_GPA, 12, hpa | PTE_RW, hpa | PTE_RW);
    set_asid(0);
    /* a root DMW on VSEG 0, PLV0 | PLV3, cached */
    csrwr(CSR_DMW2, 0x19);
    hv_hc_hook = hc;
    u64 st = hv_go(&vm);
    hv_hc_hook = 0;
    csrwr(CSR_DMW2, 0);
    CHECK("guest ran to the end", st, 0);
    struct hv_exit_rec e = hv_exit_at((u64)gx_mmio_ld);
    CHECK("stage 1 onto an unmapped GPA: exit Ecode PIL", ECODE(e.estat), EC_PIL);
    CHECK("... root BADV = the GPA", e.badv, HV_MMIO_TEST + 8);
    CHECK("... root ERA = the GVA of the load", e.era, (u64)gx_mmio_ld);
    invtlb(0, 0, 0);
    test_lookup_gid();
    return rt_done("hv_xlate");
}
