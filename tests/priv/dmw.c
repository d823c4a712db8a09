/* SPDX-License-Identifier: Apache-2.0
 * Direct-mapped windows and the DA/PG translation modes (LoongArch Reference Manual
 * Vol 1 v1.10 §5.2 virtual address space and translation modes, §5.2.1 direct-mapped
 * mode, §7.5.x DMW0-3, §7.4.1 CRMD).
 *
 *  - mapped mode (DA=0, PG=1): a VA hits DMWn when VA[63:60] = DMWn.VSEG and the
 *    DMWn.PLV<CRMD.PLV> bit is set; PA = VA[PALEN-1:0]; the windows are tried before
 *    the TLB; no hit -> the page-table path, where a VA that is not a sign extension of
 *    bit 47 raises ADEM/ADEF;
 *  - two windows with the same VSEG and different PLV bits;
 *  - DMW0/1 serve fetches and data, DMW2/3 data only (manual-only: QEMU 7.2 fetches
 *    through DMW2/3 too);
 *  - direct-address mode (DA=1, PG=0): PA = VA[47:0] whatever the DMWs and the TLB say,
 *    at any PLV, no address error;
 *  - switching CRMD between DA and PG changes the translation of the same VA;
 *  - DMWn reserved bits 59:6 read 0 (manual-only: QEMU 7.2 keeps whatever is written).
 *
 * QEMU 7.2 deviations besides those: a window is matched on VA[63:48] = DMW[63:48]
 * (fixed in QEMU 8.1), so VA bits 59:48 are checked manual-only; a DMW write does not
 * flush QEMU's translation cache (worked around in the QEMU build, see dmw_write).
 *
 * The runtime itself runs in DMW1 (0x9000..., PLV0|PLV3) and prints through DMW0. */
#include "priv.h"

static volatile u64 buf1[2048] __attribute__((aligned(16384)));
static volatile u64 buf2[2048] __attribute__((aligned(16384)));
static char ustack[8192] __attribute__((aligned(16)));
#define USP ((u64)ustack + sizeof ustack)

static u64 u_load(u64 va) { u64 v; __asm__ volatile("ld.d %0, %1, 0" : "=r"(v) : "r"(va) : "memory"); return v; }
static u64 k_load(u64 va) { return *(volatile u64*)va; }

/* QEMU 7.2 does not drop its cached translations when a DMW is written (the manual: CSR
 * conflicts are handled by the hardware); the QEMU build forces that with an ASID
 * change, which QEMU implements as a full flush and which changes nothing else here. */
static void dmw_write(int n, u64 v) {
    if (n == 2) csrwr(CSR_DMW2, v);
    else csrwr(CSR_DMW3, v);
#ifdef PRIV_SKIP_QEMU_DEVIATIONS
    u64 a = csrrd(CSR_ASID) & 0x3ff;
    set_asid(a ^ 1);
    set_asid(a);
#endif
}

static void test_windows(void) {
    const u64 WA = 0xa000000000000000ULL, WB = 0xb000000000000000ULL;
    u64 v;
    buf1[1] = 0xd1;
    buf2[1] = 0xd2;
    dmw_write(2, WA | 0x1);                         /* VSEG a, PLV0, MAT SUC */
    dmw_write(3, 0);
    rt_paging_on();
    rt_trap_clear();
    v = k_load(WA | PA(&buf1[1]));
    CHECK("DMW2 (a, PLV0): load at PLV0", v, 0xd1);
    *(volatile u64*)(WA | PA(&buf1[2])) = 0x5a;
    CHECK("DMW2: store at PLV0 reaches the same memory", buf1[2], 0x5a);
    CHECK("DMW2: no exception", rt_t.count, 0);
    if (MANUAL_ONLY("DMW hit on VA[63:60] only (QEMU 7.2 compares VA[63:48])")) {
        v = k_load(WA | 0x0ff0000000000000ULL | PA(&buf1[1]));
        CHECK("DMW2: VA bits 59:48 ignored (PA = VA[47:0])", v, 0xd1);
        CHECK("DMW2: VA bits 59:48 ignored: no exception", rt_t.count, 0);
    }

    v = rt_run_user(u_load, WA | PA(&buf1[1]), USP, PRMD_PPLV(3));
    CHECK("DMW2 without PLV3: load at PLV3 -> ADEM", rt_t.code, EC_ADE);
    CHECK("  EsubCode ADEM", ESUBCODE(rt_t.estat), 1);
    CHECK("  BADV", rt_t.badv, WA | PA(&buf1[1]));
    rt_trap_clear();
    dmw_write(3, WA | 0x8 | 0x10);                  /* second window, same VSEG, PLV3, CC */
    v = rt_run_user(u_load, WA | PA(&buf1[1]), USP, PRMD_PPLV(3));
    CHECK("DMW3 (a, PLV3): load at PLV3 through the second window", v, 0xd1);
    CHECK("DMW3 (a, PLV3): no exception", rt_t.count, 0);
    dmw_write(3, 0);

    rt_trap_clear();
    (void)k_load(WB | PA(&buf1[1]));
    CHECK("VSEG b: no window -> ADEM", rt_t.code, EC_ADE);
    CHECK("  BADV", rt_t.badv, WB | PA(&buf1[1]));

    /* windows come before the TLB: DMW3 with VSEG 0 shadows a TLB mapping of a low VA */
    const u64 X = PA(buf1);
    tlb_write(tlb_stlb_entries(), X, 14, PA(buf2) | PTE_V | PTE_D | PTE_MAT(1), PA(buf2) | PTE_V | PTE_D | PTE_MAT(1));
    v = k_load(X + 8);
    CHECK("low VA, no window: TLB mapping", v, 0xd2);
    dmw_write(3, 0x0000000000000011ULL);            /* VSEG 0, PLV0, CC */
    v = k_load(X + 8);
    CHECK("low VA, DMW3 VSEG 0: the window wins over the TLB", v, 0xd1);
    dmw_write(3, 0);
    v = k_load(X + 8);
    CHECK("DMW3 cleared: TLB mapping again", v, 0xd2);

    /* DA <-> PG on the same VA */
    rt_paging_off();
    v = k_load(X + 8);
    CHECK("DA mode: the same VA is physical", v, 0xd1);
    rt_paging_on();
    v = k_load(X + 8);
    CHECK("PG mode again: TLB mapping", v, 0xd2);
    rt_paging_off();
    CHECK("CRMD DA=1 PG=0 DATF=DATM=1 reads back", csrrd(CSR_CRMD) & 0x1ff, CRMD_DA | CRMD_DATF(1) | CRMD_DATM(1));

    /* DA mode ignores the DMWs, at PLV3 too; no address error */
    rt_trap_clear();
    v = rt_run_user(u_load, WA | PA(&buf1[1]), USP, PRMD_PPLV(3));
    CHECK("DA mode, PLV3, VSEG a (window is PLV0 only): physical", v, 0xd1);
    v = rt_run_user(u_load, WB | 0x0001000000000000ULL | PA(&buf1[1]), USP, PRMD_PPLV(3));
    CHECK("DA mode, PLV3, VSEG b | bit 48: physical", v, 0xd1);
    CHECK("DA mode: no exception", rt_t.count, 0);
    invtlb(0, 0, 0);
    dmw_write(2, 0);
}

/* a code page reached through DMW2 (data-only window in the manual) */
__asm__(".pushsection .text.ret42, \"ax\"\n.balign 64\n.globl ret42\nret42:\n"
        "  ori $a0, $zero, 42\n  jirl $zero, $ra, 0\n.popsection\n");
extern char ret42[];

static void test_fetch(void) {
    const u64 WA = 0xa000000000000000ULL;
    if (!MANUAL_ONLY("DMW2/3 serve no instruction fetch")) return;
    dmw_write(2, WA | 0x11);
    rt_paging_on();
    rt_trap_clear();
    u64 target = WA | PA(ret42);
    __asm__ volatile("la.abs $t0, 2f\n\tla.abs $t1, rt_resume\n\tst.d $t0, $t1, 0\n\t"
                     "jirl $ra, %0, 0\n2:" : : "r"(target) : "$t0", "$t1", "$ra", "$a0", "memory");
    rt_paging_off();
    CHECK("fetch through DMW2: ADEF", rt_t.code, EC_ADE);
    CHECK("  EsubCode ADEF", ESUBCODE(rt_t.estat), 0);
    CHECK("  ERA", rt_t.era, target);
    CHECK("  BADV", rt_t.badv, target);
    dmw_write(2, 0);
}

static void test_fields(void) {
    if (!MANUAL_ONLY("DMW reserved bits read 0")) return;
    u64 old = csrwr(CSR_DMW2, ~0ULL);
    CHECK("DMW2 = ~0 reads VSEG | MAT | PLV0-3", csrrd(CSR_DMW2), 0xf00000000000003fULL);
    dmw_write(2, old);
}

int main(void) {
    test_windows();
    test_fetch();
    test_fields();
    return rt_done("dmw");
}
