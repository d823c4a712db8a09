/* SPDX-License-Identifier: Apache-2.0
 * GTLBC and TRGP (lvz.md §2.2, §2.6, §5.3; docs/lvz.md), and the gtlb* instructions:
 *  - GTLBC fields read back (GMTLBSZ, USETGID, TOTI, USEVMID, TGID), reserved bits 0;
 *    TRGP is read-only;
 *  - root TLBWR/TLBFILL/TLBSRCH/TLBFLUSH use the "TGID in use": GTLBC.TGID when
 *    USETGID = 1, else GSTAT.GID when GSTAT.PVM = 1, else 0 (the root's own entries);
 *    an entry written for TGID 3 is the stage-2 entry guest 3 uses (no refill);
 *    stage-2 refill fills are tagged by GSTAT.GID when USETGID = 0;
 *  - root TLBRD sets TRGP (GTLB = 1, RID = the entry's GID; 0 for a root entry);
 *  - TOTI = 1: guest TLBSRCH/TLBRD/TLBWR/TLBFILL/TLBCLR/TLBFLUSH/INVTLB exit with GSPR;
 *    TOTI = 0: they act on the guest's own entries;
 *  - gtlbwr/gtlbrd/gtlbsrch/gtlbclr/gtlbflush/gtlbfill act on the stage-1 entries of the
 *    TGID in use through the guest CSRs (TLBR* ones when guest TLBRERA.IsTLBR = 1); the
 *    guest then translates through them. */
#include "hv.h"

static struct hv_vcpu vm;

#define S2_GPA 0x7000000ULL           /* a GPA mapped only by a TLBWR'd stage-2 entry */
#define S2_HPA_GPA 0x1200000ULL       /* ... onto the VM's page at this GPA */
#define G1_GVA 0x30000000ULL          /* a GVA mapped only by a gtlbwr'd stage-1 entry */
#define G1_GPA 0x1201000ULL
#define IDX_S2 (MTLB0 + 10)
#define IDX_ROOT (MTLB0 + 11)
#define IDX_G1 (MTLB0 + 20)
#define IDX_G1G (MTLB0 + 21)
#define FLAGS (PTE_V | PTE_D | PTE_MAT(1))

static u64 gtlbc_kvm;

static void set_tgid(unsigned use, unsigned tgid) {
    csrxchg(CSR_GTLBC, (use ? GTLBC_USETGID : 0) | GTLBC_TGID(tgid), GTLBC_USETGID | GTLBC_TGID_MASK);
}

static u64 root_found(u64 va) { return !TLBIDX_NE_OF(tlb_search(va)); }

/* ---- fields ---- */
static void test_fields(void) {
    gtlbc_kvm = csrrd(CSR_GTLBC);
    CHECK("GTLBC as hv_cpu_init left it (USETGID)", gtlbc_kvm, GTLBC_USETGID);
    csrwr(CSR_GTLBC, ~0ULL);
    CHECK("GTLBC <- ~0: GMTLBSZ, USETGID, TOTI, USEVMID, TGID; reserved 0", csrrd(CSR_GTLBC), 0xff703f);
    csrwr(CSR_GTLBC, GTLBC_GMTLBSZ(0x15) | GTLBC_TGID(0x81));
    CHECK("GTLBC.GMTLBSZ, TGID", csrrd(CSR_GTLBC), 0x810015);
    csrwr(CSR_GTLBC, gtlbc_kvm);
    u64 t = csrrd(CSR_TRGP);
    csrwr(CSR_TRGP, ~0ULL);
    CHECK("TRGP is read-only", csrrd(CSR_TRGP), t);
}

/* ---- root TLB instructions and the TGID in use ---- */
static void test_root_tags(void) {
    volatile u64* target = hv_gpa_ptr(&vm, S2_HPA_GPA);
    u64 hpa = vm.hpa + (S2_HPA_GPA - WORLD_GPA);
    set_asid(0);
    set_tgid(1, 3);
    tlb_write(IDX_S2, S2_GPA, 12, hpa | FLAGS, (hpa + 4096) | FLAGS);
    CHECK("USETGID=1 TGID=3: TLBSRCH finds the TGID-3 entry", root_found(S2_GPA), 1);
    CHECK("... at its index", tlb_search(S2_GPA) & 0xfff, IDX_S2);
    set_tgid(1, 4);
    CHECK("USETGID=1 TGID=4: TLBSRCH misses it", root_found(S2_GPA), 0);
    set_tgid(0, 3);
    csrwr(CSR_GSTAT, 0);
    CHECK("USETGID=0, PVM=0: tag 0, misses it", root_found(S2_GPA), 0);
    csrwr(CSR_GSTAT, GSTAT_PVM | GSTAT_GID(3));
    CHECK("USETGID=0, PVM=1, GSTAT.GID=3: finds it", root_found(S2_GPA), 1);
    csrwr(CSR_GSTAT, GSTAT_PVM | GSTAT_GID(4));
    CHECK("USETGID=0, PVM=1, GSTAT.GID=4: misses it", root_found(S2_GPA), 0);
    /* TLBWR with USETGID=0, PVM=1, GID=5 tags 5 */
    csrwr(CSR_GSTAT, GSTAT_PVM | GSTAT_GID(5));
    tlb_write(IDX_ROOT + 1, S2_GPA + 0x10000, 12, hpa | FLAGS, (hpa + 4096) | FLAGS);
    csrwr(CSR_GSTAT, 0);
    set_tgid(1, 5);
    CHECK("TLBWR with USETGID=0, PVM=1, GID=5: found with TGID 5", root_found(S2_GPA + 0x10000), 1);
    set_tgid(1, 4);
    CHECK("... not with TGID 4", root_found(S2_GPA + 0x10000), 0);
    invtlb(0x14, INVTLB_INFO(5, 0), 0);
    /* the root's own entry (tag 0): the root translates through it */
    set_tgid(0, 9);
    tlb_write(IDX_ROOT, S2_GPA, 12, hpa | FLAGS, (hpa + 4096) | FLAGS);
    target[0] = 0x600d5eed;
    CHECK("tag-0 entry: the root's own mapped access uses it", *(volatile u64*)S2_GPA, 0x600d5eed);
    set_tgid(1, 3);
    CHECK("root TLBRD of the TGID-3 entry", (tlb_read(IDX_S2).ehi), S2_GPA);
    CHECK("... TRGP = GTLB 1 | RID 3", csrrd(CSR_TRGP), 0x30001);
    tlb_read(IDX_ROOT);
    CHECK("root TLBRD of a root entry: TRGP = 0", csrrd(CSR_TRGP), 0);
    /* TLBFILL (MTLB: PS 14 != STLBPS) tags TGID 3; TLBFLUSH of the MTLB with TGID 3 */
    tlb_fill(S2_GPA + 0x100000, 14, hpa | FLAGS, hpa | FLAGS);
    CHECK("TLBFILL with TGID 3: found with TGID 3", root_found(S2_GPA + 0x100000), 1);
    set_tgid(1, 0);
    CHECK("... not with TGID 0", root_found(S2_GPA + 0x100000), 0);
    CHECK("TGID 0 finds the root entry", root_found(S2_GPA), 1);
    set_tgid(1, 3);
    csrwr(CSR_TLBIDX, MTLB0);
    tlbflush();
    CHECK("TLBFLUSH (MTLB) with TGID 3 removed the TGID-3 entries", root_found(S2_GPA) + root_found(S2_GPA + 0x100000), 0);
    set_tgid(1, 0);
    CHECK("... and kept the root's", root_found(S2_GPA), 1);
    invtlb(0x0, 0, 0);
    csrwr(CSR_GTLBC, gtlbc_kvm);
}

/* ---- a guest (GID 3) using what the root wrote ---- */
LABEL(gl_toti_srch); LABEL(gl_toti_rd); LABEL(gl_toti_wr); LABEL(gl_toti_fill);
LABEL(gl_toti_clr); LABEL(gl_toti_flush); LABEL(gl_toti_inv);

static __attribute__((noinline)) void g_tlb_insns(void) {
    __asm__ volatile(".globl gl_toti_srch\ngl_toti_srch:\n\ttlbsrch" ::: "memory");
    __asm__ volatile(".globl gl_toti_rd\ngl_toti_rd:\n\ttlbrd" ::: "memory");
    __asm__ volatile(".globl gl_toti_wr\ngl_toti_wr:\n\ttlbwr" ::: "memory");
    __asm__ volatile(".globl gl_toti_fill\ngl_toti_fill:\n\ttlbfill" ::: "memory");
    __asm__ volatile(".globl gl_toti_clr\ngl_toti_clr:\n\ttlbclr" ::: "memory");
    __asm__ volatile(".globl gl_toti_flush\ngl_toti_flush:\n\ttlbflush" ::: "memory");
    __asm__ volatile(".globl gl_toti_inv\ngl_toti_inv:\n\tinvtlb 0x4, $zero, $zero" ::: "memory");
}

static u64 g_small(u64 arg) { return arg + 1; }

static u64 g_main(u64 arg) {
    (void)arg;
    /* the TLBWR'd stage-2 entry: GPA S2_GPA reaches the VM's page S2_HPA_GPA */
    volatile u64* p = (volatile u64*)(0x9000000000000000ULL | S2_GPA);
    CHECK("guest: GPA mapped by the root's TGID-3 TLBWR entry", p[0], 0x600d5eed);
    /* gtlb*: the root writes stage-1 entries for this guest now */
    hv_call(HC_TEST, 1, 0);
    u64 w0 = rt_walk_log.count;
    CHECK("guest: GVA mapped by the root's gtlbwr", *(volatile u64*)G1_GVA, 0x5717);
    CHECK("guest: ... odd page of the pair", *(volatile u64*)(G1_GVA + 0x1000), 0x5718);
    CHECK("guest: no refill of its own for it", rt_walk_log.count - w0, 0);
    CHECK("guest: its TLBSRCH finds the gtlbwr'd entry", tlb_search(G1_GVA) & 0x8000ffffULL, IDX_G1);
    hv_call(HC_TEST, 2, 0);          /* gtlbclr / gtlbflush / gtlbfill checks in the root */
    /* TOTI */
    hv_call(HC_TEST, 3, 0);          /* TOTI = 1 */
    csrwr(CSR_TLBIDX, MTLB0 + 40);
    g_tlb_insns();
    hv_call(HC_TEST, 4, 0);          /* TOTI = 0 */
    csrwr(CSR_TLBEHI, 0x31000000);
    csrwr(CSR_TLBELO0, G1_GPA | FLAGS);
    csrwr(CSR_TLBELO1, 0);
    csrwr(CSR_TLBIDX, (MTLB0 + 40) | TLBIDX_PS(12));
    g_tlb_insns();                   /* TOTI = 0: no exits (they act on its own entries) */
    /* TOTI = 0: its own TLBWR makes a translation */
    u64 w1 = rt_walk_log.count;
    tlb_write(MTLB0 + 41, 0x32000000, 12, G1_GPA | FLAGS, G1_GPA | FLAGS);
    CHECK("guest TOTI=0: its own TLBWR'd entry translates", *(volatile u64*)0x32000000, 0x5717);
    CHECK("guest TOTI=0: ... without a refill", rt_walk_log.count - w1, 0);
    return 0x77;
}

static u64 gtlb_read_ehi(unsigned idx) {
    gcsrwr(CSR_TLBIDX, idx);
    gtlbrd();
    return TLBIDX_NE_OF(gcsrrd(CSR_TLBIDX)) ? 1 : gcsrrd(CSR_TLBEHI);
}

static u64 hc(struct hv_vcpu* v, u64 a1, u64 a2) {
    (void)a2;
    u64 gpa_page = G1_GPA;
    switch (a1) {
    case 1:
        *hv_gpa_ptr(v, G1_GPA) = 0x5717;
        *hv_gpa_ptr(v, G1_GPA + 0x1000) = 0x5718;
        gcsrwr(CSR_ASID, 0);
        gcsrwr(CSR_TLBEHI, G1_GVA);
        gcsrwr(CSR_TLBELO0, gpa_page | FLAGS);
        gcsrwr(CSR_TLBELO1, (gpa_page + 0x1000) | FLAGS);
        gcsrwr(CSR_TLBIDX, IDX_G1 | TLBIDX_PS(12));
        gtlbwr();
        /* a global one too (for gtlbclr) */
        gcsrwr(CSR_TLBEHI, G1_GVA + 0x100000);
        gcsrwr(CSR_TLBELO0, gpa_page | FLAGS | PTE_G);
        gcsrwr(CSR_TLBELO1, gpa_page | FLAGS | PTE_G);
        gcsrwr(CSR_TLBIDX, IDX_G1G | TLBIDX_PS(12));
        gtlbwr();
        /* gtlbrd */
        gcsrwr(CSR_TLBEHI, 0);
        gcsrwr(CSR_TLBELO0, 0);
        gcsrwr(CSR_TLBIDX, IDX_G1);
        gtlbrd();
        CHECK("gtlbrd: guest TLBEHI", gcsrrd(CSR_TLBEHI), G1_GVA);
        CHECK("gtlbrd: guest TLBELO0", gcsrrd(CSR_TLBELO0), gpa_page | FLAGS);
        CHECK("gtlbrd: guest TLBELO1", gcsrrd(CSR_TLBELO1), (gpa_page + 0x1000) | FLAGS);
        CHECK("gtlbrd: guest TLBIDX (PS 12, NE 0)", gcsrrd(CSR_TLBIDX) & 0xbf000fffULL, IDX_G1 | TLBIDX_PS(12));
        /* gtlbsrch with the TGID in use (3), then 4 */
        gcsrwr(CSR_TLBEHI, G1_GVA);
        gcsrwr(CSR_TLBIDX, 0);
        gtlbsrch();
        CHECK("gtlbsrch (TGID 3): guest TLBIDX = the entry", gcsrrd(CSR_TLBIDX) & 0x80000fffULL, IDX_G1);
        csrxchg(CSR_GTLBC, GTLBC_TGID(4), GTLBC_TGID_MASK);
        gtlbsrch();
        CHECK("gtlbsrch (TGID 4): NE", TLBIDX_NE_OF(gcsrrd(CSR_TLBIDX)), 1);
        csrxchg(CSR_GTLBC, GTLBC_TGID(3), GTLBC_TGID_MASK);
        CHECK("root TLBSRCH does not see the stage-1 entry", root_found(G1_GVA), 0);
        break;
    case 2:
        /* gtlbclr of the MTLB: G=0 entries with the guest ASID go, G=1 stay */
        gcsrwr(CSR_ASID, 0);
        gcsrwr(CSR_TLBIDX, MTLB0);
        gtlbclr();
        CHECK("gtlbclr (MTLB): the G=0 entry is gone", gtlb_read_ehi(IDX_G1), 1);
        CHECK("gtlbclr (MTLB): the G=1 entry stays", gtlb_read_ehi(IDX_G1G), G1_GVA + 0x100000);
        gcsrwr(CSR_TLBIDX, MTLB0);
        gtlbflush();
        CHECK("gtlbflush (MTLB): the G=1 entry is gone", gtlb_read_ehi(IDX_G1G), 1);
        CHECK("gtlbflush left the TLBWR'd stage-2 entry", root_found(S2_GPA), 1);
        /* gtlbfill: PS 12 = guest STLBPS -> an STLB slot of the VA's set */
        gcsrwr(CSR_TLBEHI, G1_GVA + 0x200000);
        gcsrwr(CSR_TLBELO0, gpa_page | FLAGS);
        gcsrwr(CSR_TLBELO1, gpa_page | FLAGS);
        gcsrwr(CSR_TLBIDX, TLBIDX_PS(12));
        gtlbfill();
        gcsrwr(CSR_TLBIDX, 0x123);
        gtlbsrch();
        {
            u64 idx = gcsrrd(CSR_TLBIDX);
            CHECK("gtlbfill (PS = STLBPS): found by gtlbsrch", TLBIDX_NE_OF(idx), 0);
            CHECK("gtlbfill: in the STLB set of the VA", (idx & 0xfff) % 256, ((G1_GVA + 0x200000) >> 13) & 0xff);
        }
        /* gtlbfill with guest TLBRERA.IsTLBR = 1: from the guest TLBREHI/TLBRELO0/1 */
        gcsrwr(CSR_TLBRERA, 1);
        gcsrwr(CSR_TLBREHI, (G1_GVA + 0x400000) | 12);
        gcsrwr(CSR_TLBRELO0, gpa_page | FLAGS);
        gcsrwr(CSR_TLBRELO1, gpa_page | FLAGS);
        gcsrwr(CSR_TLBEHI, G1_GVA + 0x600000);
        gtlbfill();
        gcsrwr(CSR_TLBRERA, 0);
        gcsrwr(CSR_TLBEHI, G1_GVA + 0x400000);
        gtlbsrch();
        CHECK("gtlbfill with guest IsTLBR=1 used guest TLBREHI", TLBIDX_NE_OF(gcsrrd(CSR_TLBIDX)), 0);
        gcsrwr(CSR_TLBEHI, G1_GVA + 0x600000);
        gtlbsrch();
        CHECK("... not guest TLBEHI", TLBIDX_NE_OF(gcsrrd(CSR_TLBIDX)), 1);
        break;
    case 3: csrxchg(CSR_GTLBC, GTLBC_TOTI, GTLBC_TOTI); break;
    case 4: csrxchg(CSR_GTLBC, 0, GTLBC_TOTI); break;
    }
    return 0;
}

static u64 exits_at(char* pc) {
    u64 n = 0;
    for (u64 k = 0; k < HV_LOG_SIZE && k < hv_nlog; ++k) n += hv_log[k].era == (u64)pc;
    return n;
}

static void check_toti(const char* n, char* pc, int traps) {
    struct hv_exit_rec e = hv_exit_at((u64)pc);
    if (traps) {
        CHECK(rt_cat(n, "TOTI=1: GSPR exit"), ECODE(e.estat), EC_GSPR);
        CHECK(rt_cat(n, "TOTI=1: BADI"), e.badi, *(volatile u32*)pc);
    } else {
        CHECK(rt_cat(n, "no exit"), e.n, 0);
    }
}

int main(void) {
    rt_note("hv_gtlbc: GTLBC, TRGP, TGID tagging, TOTI, gtlb*");
    hv_vm_init(&vm, 3, 0x4000000);
    test_fields();
    test_root_tags();

    hv_hc_hook = hc;
    hv_boot(&vm, g_main, 0);
    /* hv_boot flushed GID 3's entries: write the stage-2 entry again */
    u64 hpa = vm.hpa + (S2_HPA_GPA - WORLD_GPA);
    set_tgid(1, 3);
    tlb_write(IDX_S2, S2_GPA, 12, hpa | FLAGS, (hpa + 4096) | FLAGS);
    *hv_gpa_ptr(&vm, S2_HPA_GPA) = 0x600d5eed;
    u64 st = hv_go(&vm);
    CHECK("guest GID 3 ran to the end", st, 0x77);
    CHECK("no stage-2 refill for the TLBWR'd GPA", walk_find_badv(&hv_s2_log, S2_GPA).badv, 0);
    check_toti("tlbsrch:", gl_toti_srch, 1);
    check_toti("tlbrd:", gl_toti_rd, 1);
    check_toti("tlbwr:", gl_toti_wr, 1);
    check_toti("tlbfill:", gl_toti_fill, 1);
    check_toti("tlbclr:", gl_toti_clr, 1);
    check_toti("tlbflush:", gl_toti_flush, 1);
    check_toti("invtlb 4:", gl_toti_inv, 1);
    /* the second call of g_tlb_insns ran with TOTI = 0: one exit per label in all */
    CHECK("TOTI=0: tlbsrch, tlbrd, tlbwr, tlbfill, tlbclr, tlbflush, invtlb did not exit",
          exits_at(gl_toti_srch) + exits_at(gl_toti_rd) + exits_at(gl_toti_wr) + exits_at(gl_toti_fill) +
              exits_at(gl_toti_clr) + exits_at(gl_toti_flush) + exits_at(gl_toti_inv), 7);
    hv_hc_hook = 0;

    /* stage-2 refill fills with USETGID = 0 are tagged with GSTAT.GID */
    hv_keep_tgid = 1;
    csrwr(CSR_GTLBC, 0);
    st = hv_run(&vm, g_small, 5);
    CHECK("USETGID=0 TGID=0: the guest runs (refills tagged by GSTAT.GID)", st, 6);
    hv_keep_tgid = 0;
    csrwr(CSR_GTLBC, gtlbc_kvm);
    set_tgid(1, 3);
    CHECK("USETGID=0: stage-2 refill fills tagged GSTAT.GID (3): found with TGID 3",
          root_found(PA(g_start)), 1);
    set_tgid(1, 0);
    CHECK("... not as root entries", root_found(PA(g_start)), 0);
    csrwr(CSR_GTLBC, gtlbc_kvm);
    return rt_done("hv_gtlbc");
}
