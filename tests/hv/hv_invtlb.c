/* SPDX-License-Identifier: Apache-2.0
 * INVTLB with LVZ (lvz.md §5.3; docs/lvz.md). Ten entries at fixed MTLB indexes:
 *   A  stage 1, GID 1, VA 0x40000000, G=0, ASID 5     F  stage 2, GID 1, GPA 0x5000000
 *   B  stage 1, GID 1, VA 0x40002000, G=1             G  stage 2, GID 1, GPA 0x5002000
 *   C  stage 1, GID 1, VA 0x40004000, G=0, ASID 6     H  stage 2, GID 2, GPA 0x5000000
 *   D  stage 1, GID 2, VA 0x40000000, G=0, ASID 5     R  root,  VA 0x5000000, G=0, ASID 5
 *   E  stage 1, GID 2, VA 0x40002000, G=1             S  root,  VA 0x6000000, G=1
 * (stage 1 written with gtlbwr under TGID = GID, stage 2 and root with tlbwr under TGID);
 * for each operation the set of entries left (bit 0 = A .. bit 9 = S) is checked:
 *  - root ops 0x9-0xE (stage 1 of the GID in rj[23:16], with G/ASID rj[9:0]/address rk),
 *    0x10-0x12 (all stage 1 / all stage 2 / both), 0x13-0x15 (of one GID), 0x16 (stage-2
 *    entry of a GID by address);
 *  - root ops 0-6 on the entries of the TGID in use (op 0: every entry of every GID);
 *  - guest ops 0, 2, 5 on the guest's own stage-1 entries only; guest ops 0x9 and 0x12
 *    (the LVZ ones) are INE in the guest (its CPU has no LVZ), with no exit. */
#include "hv.h"

static struct hv_vcpu vm;

struct ent { u64 va; unsigned gid, stage1, g, asid; };
static const struct ent ents[10] = {
    {0x40000000, 1, 1, 0, 5}, {0x40002000, 1, 1, 1, 5}, {0x40004000, 1, 1, 0, 6},
    {0x40000000, 2, 1, 0, 5}, {0x40002000, 2, 1, 1, 5},
    {0x5000000, 1, 0, 0, 0}, {0x5002000, 1, 0, 0, 0}, {0x5000000, 2, 0, 0, 0},
    {0x5000000, 0, 0, 0, 5}, {0x6000000, 0, 0, 1, 5},
};
#define IDX(i) (MTLB0 + 30 + (i))
#define ALL 0x3ffu
enum { A = 1, B = 2, C = 4, D = 8, E = 16, F = 32, G = 64, H = 128, R = 256, S = 512 };
#define LO (0x1300000ULL | PTE_V | PTE_D | PTE_MAT(1))

static void set_tgid(unsigned tgid) {
    csrxchg(CSR_GTLBC, GTLBC_USETGID | GTLBC_TGID(tgid), GTLBC_USETGID | GTLBC_TGID_MASK);
}

static void populate(void) {
    u64 gtlbc = csrrd(CSR_GTLBC), asid = csrrd(CSR_ASID);
    for (unsigned i = 0; i < 10; ++i) {
        const struct ent* e = &ents[i];
        u64 lo = LO | (e->g ? PTE_G : 0);
        set_tgid(e->gid);
        if (e->stage1) {
            gcsrwr(CSR_ASID, e->asid);
            gcsrwr(CSR_TLBEHI, e->va);
            gcsrwr(CSR_TLBELO0, lo);
            gcsrwr(CSR_TLBELO1, lo);
            gcsrwr(CSR_TLBIDX, IDX(i) | TLBIDX_PS(12));
            gtlbwr();
        } else {
            set_asid(e->asid);
            tlb_write(IDX(i), e->va, 12, lo, lo);
        }
    }
    csrwr(CSR_GTLBC, gtlbc);
    csrwr(CSR_ASID, asid);
}

static unsigned survivors(void) {
    u64 gtlbc = csrrd(CSR_GTLBC), asid = csrrd(CSR_ASID);
    unsigned m = 0;
    for (unsigned i = 0; i < 10; ++i) {
        set_tgid(ents[i].gid);
        if (ents[i].stage1) {
            gcsrwr(CSR_TLBIDX, IDX(i));
            gtlbrd();
            if (!TLBIDX_NE_OF(gcsrrd(CSR_TLBIDX)) && gcsrrd(CSR_TLBEHI) == ents[i].va) m |= 1u << i;
        } else {
            struct tlb_entry t = tlb_read(IDX(i));
            if (!TLBIDX_NE_OF(t.idx) && t.ehi == ents[i].va) m |= 1u << i;
        }
    }
    csrwr(CSR_GTLBC, gtlbc);
    csrwr(CSR_ASID, asid);
    return m;
}

#define OP(name, op, rj, rk, gone)                                                         \
    do {                                                                                   \
        populate();                                                                        \
        invtlb(op, rj, rk);                                                                \
        CHECK(name ": entries left", survivors(), ALL & ~(unsigned)(gone));              \
    } while (0)

static void test_lvz_ops(void) {
    populate();
    CHECK("all ten entries written", survivors(), ALL);
    OP("invtlb 0x9 (stage 1 of GID 1)", 0x9, INVTLB_INFO(1, 0), 0, A | B | C);
    OP("invtlb 0x9 (stage 1 of GID 2)", 0x9, INVTLB_INFO(2, 0), 0, D | E);
    OP("invtlb 0xa (G=1, GID 1)", 0xa, INVTLB_INFO(1, 0), 0, B);
    OP("invtlb 0xb (G=0, GID 1)", 0xb, INVTLB_INFO(1, 0), 0, A | C);
    OP("invtlb 0xc (G=0, GID 1, ASID 5)", 0xc, INVTLB_INFO(1, 5), 0, A);
    OP("invtlb 0xc (G=0, GID 1, ASID 6)", 0xc, INVTLB_INFO(1, 6), 0, C);
    OP("invtlb 0xd (G=0, GID 1, ASID 5, 0x40000000)", 0xd, INVTLB_INFO(1, 5), 0x40000000, A);
    OP("invtlb 0xd (G=0, GID 1, ASID 5, 0x40004000: ASID 6 there)", 0xd, INVTLB_INFO(1, 5), 0x40004000, 0);
    OP("invtlb 0xe (G=1, GID 1, 0x40002000)", 0xe, INVTLB_INFO(1, 5), 0x40002000, B);
    OP("invtlb 0xe (GID 1, ASID 5, 0x40004000: G=0 ASID 6 there)", 0xe, INVTLB_INFO(1, 5), 0x40004000, 0);
    OP("invtlb 0x10 (all stage 1)", 0x10, 0, 0, A | B | C | D | E);
    OP("invtlb 0x11 (all stage 2)", 0x11, 0, 0, F | G | H);
    OP("invtlb 0x12 (all stage 1 and 2)", 0x12, 0, 0, A | B | C | D | E | F | G | H);
    OP("invtlb 0x13 (stage 1 of GID 2)", 0x13, INVTLB_INFO(2, 0), 0, D | E);
    OP("invtlb 0x14 (stage 2 of GID 1)", 0x14, INVTLB_INFO(1, 0), 0, F | G);
    OP("invtlb 0x15 (stage 1 and 2 of GID 1)", 0x15, INVTLB_INFO(1, 0), 0, A | B | C | F | G);
    OP("invtlb 0x16 (stage 2, GID 1, 0x5002000)", 0x16, INVTLB_INFO(1, 0), 0x5002000, G);
    OP("invtlb 0x16 (stage 2, GID 2, 0x5000000)", 0x16, INVTLB_INFO(2, 0), 0x5000000, H);
    OP("invtlb 0x16 (stage 2, GID 1, 0x5001fff: same page pair)", 0x16, INVTLB_INFO(1, 0), 0x5001fff, F);
}

static void test_root_ops(void) {
    u64 gtlbc = csrrd(CSR_GTLBC);
    set_tgid(0);
    OP("root invtlb 0 (TGID 0): every entry of every GID and stage", 0, 0, 0, ALL);
    set_tgid(1);
    OP("root invtlb 0 (TGID 1): every entry", 0, 0, 0, ALL);
    set_tgid(0);
    OP("root invtlb 1 (TGID 0): the root's entries", 1, 0, 0, R | S);
    set_tgid(1);
    OP("root invtlb 1 (TGID 1): GID 1's stage-2 entries", 1, 0, 0, F | G);
    set_tgid(0);
    OP("root invtlb 2 (TGID 0): root G=1", 2, 0, 0, S);
    OP("root invtlb 3 (TGID 0): root G=0", 3, 0, 0, R);
    OP("root invtlb 4 (TGID 0, ASID 5): root G=0 ASID 5", 4, 5, 0, R);
    OP("root invtlb 5 (TGID 0, ASID 5, 0x5000000): only the root's", 5, 5, 0x5000000, R);
    OP("root invtlb 6 (TGID 0, ASID 7, 0x6000000): root G=1", 6, 7, 0x6000000, S);
    set_tgid(1);
    OP("root invtlb 3 (TGID 1): GID 1's G=0 stage-2 entries", 3, 0, 0, F | G);
    set_tgid(2);
    OP("root invtlb 2 (TGID 2): nothing (no G=1 stage-2 entry)", 2, 0, 0, 0);
    csrwr(CSR_GTLBC, 0);
    csrwr(CSR_GSTAT, GSTAT_PVM | GSTAT_GID(2));
    OP("root invtlb 3 (USETGID 0, PVM 1, GID 2): GID 2's stage 2", 3, 0, 0, H);
    csrwr(CSR_GSTAT, 0);
    csrwr(CSR_GTLBC, gtlbc);
}

/* ---- guest INVTLB 0-6: its own stage-1 entries ---- */
static u64 hc(struct hv_vcpu* v, u64 a1, u64 a2) {
    (void)v;
    (void)a2;
    if (a1 == 1) populate();
    return survivors();
}
static u64 g_inv(u64 which) {
    hv_call(HC_TEST, 1, 0);
    if (which == 0) invtlb(0, 0, 0);
    else if (which == 2) invtlb(2, 0, 0);
    else invtlb(5, 5, 0x40000000);
    return hv_call(HC_TEST, 2, 0);
}

/* ---- guest INVTLB 0x9 / 0x12: INE in the guest ---- */
LABEL(gi_inv9); LABEL(gi_inv12);
static volatile u64 g_ine, g_ine_era;
static int g_ine_hook(struct rt_frame* f) {
    if (ECODE(f->estat) != EC_INE) return 0;
    g_ine++;
    g_ine_era = f->era;
    return 0;
}
static u64 g_inv_lvz(u64 arg) {
    (void)arg;
    rt_trap_hook = g_ine_hook;
    hv_call(HC_TEST, 1, 0);
    __asm__ volatile(".globl gi_inv9\ngi_inv9:\n\tinvtlb 0x9, $zero, $zero" ::: "memory");
    CHECK("guest invtlb 0x9: INE in the guest", g_ine, 1);
    CHECK("guest invtlb 0x9: guest ERA", g_ine_era, (u64)gi_inv9);
    __asm__ volatile(".globl gi_inv12\ngi_inv12:\n\tinvtlb 0x12, $zero, $zero" ::: "memory");
    CHECK("guest invtlb 0x12: INE in the guest", g_ine, 2);
    return hv_call(HC_TEST, 2, 0);
}

int main(void) {
    rt_note("hv_invtlb: INVTLB ops 0-6 and 0x9-0x16 with GID-tagged entries");
    hv_vm_init(&vm, 1, 0x4000000);
    test_lvz_ops();
    test_root_ops();
    hv_hc_hook = hc;
    CHECK("guest (GID 1) invtlb 0: only its own stage-1 entries", hv_run(&vm, g_inv, 0), ALL & ~(unsigned)(A | B | C));
    CHECK("guest (GID 1) invtlb 2: its G=1 stage-1 entry", hv_run(&vm, g_inv, 2), ALL & ~(unsigned)B);
    CHECK("guest (GID 1) invtlb 5 (ASID 5, 0x40000000): its entry A only", hv_run(&vm, g_inv, 5), ALL & ~(unsigned)A);
    CHECK("guest invtlb 0x9 / 0x12 removed nothing", hv_run(&vm, g_inv_lvz, 0), ALL);
    CHECK("guest invtlb 0x9 / 0x12: no exit but HC_TEST / HC_EXIT", hv_exits_with(EC_HVC), hv_nlog);
    hv_hc_hook = 0;
    invtlb(0, 0, 0);
    return rt_done("hv_invtlb");
}
