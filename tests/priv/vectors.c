/* SPDX-License-Identifier: Apache-2.0
 * Exception and interrupt entry spacing, ECFG.VS (LoongArch Reference Manual Vol 1 v1.10
 * §6.2.3 interrupt entry, §6.3.2 exception entry, §7.4.5 ECFG).
 *
 * With VS != 0 a general exception enters at EENTRY | (code << (VS + 2)): code = Ecode
 * for exceptions, 64 + the interrupt number for interrupts (SWI0 = 64 ... TI = 75,
 * IPI = 76). The English manual's formula reads "2^(VS+2) * (ecode + 64)" for every
 * case; QEMU and Linux use Ecode for exceptions and 64 + IntNum for interrupts, and so
 * does this test (../shared/reference/la64-privileged.md §4.3 [resolved]). The TLB
 * refill entry (TLBRENTRY) does not depend on VS. With VS = 0 everything enters at
 * EENTRY (the runtime's own handler: every other program).
 *
 * Three tables (VS = 1, 3, 7: 8-, 32- and 512-byte slots), each slot a branch to a stub
 * that records the slot number in the trap frame (rt_frame.vec); the runtime's handler
 * does the rest. Tables are 64 KiB aligned so that OR and ADD give the same entry.
 *
 * QEMU 7.2: writing ESTAT.IS[1:0] does not raise the interrupt request, so the QEMU build
 * keeps an expired, masked timer interrupt pending to get SWIs taken (see exceptions.c). */
#include "priv.h"

#define NSLOTS 77 /* 0..76: Ecodes and 64 + IntNum up to IPI */

/* slot vi: `b stub_vi`, encoded by hand (B: 0x50000000 | offs[15:0] << 10 | offs[25:16],
 * offs in words) because the assembler will not resolve label arithmetic for B */
#define VTABLE(name, spacing)                                                         \
    ".pushsection .text.vtab_" #name ", \"ax\"\n"                                     \
    ".balign 65536\n.globl " #name "\n" #name ":\n"                                   \
    ".set s0, ((" RT_STR(NSLOTS) " * " #spacing " + 31) / 32) * 32\n"                 \
    ".set vi, 0\n.rept " RT_STR(NSLOTS) "\n"                                          \
    "  .set d, (s0 + vi * 32 - vi * " #spacing ") >> 2\n"                             \
    "  .word 0x50000000 | ((d & 0xffff) << 10) | ((d >> 16) & 0x3ff)\n"              \
    "  .balign " #spacing "\n  .set vi, vi + 1\n.endr\n"                             \
    ".balign 32\n"                                                                    \
    ".set vi, 0\n.rept " RT_STR(NSLOTS) "\n"                                          \
    "  csrwr $sp, 0x31\n  csrrd $sp, 0x32\n  addi.d $sp, $sp, -" RT_STR(FRAME_SIZE) "\n" \
    "  st.d $t0, $sp, 96\n  ori $t0, $zero, vi\n  b rt_trap_save\n"                   \
    "  .balign 32\n  .set vi, vi + 1\n.endr\n.popsection\n"

__asm__(VTABLE(vtab_vs1, 8));
__asm__(VTABLE(vtab_vs3, 32));
__asm__(VTABLE(vtab_vs7, 512));
extern char vtab_vs1[], vtab_vs3[], vtab_vs7[];

static char ustack[8192] __attribute__((aligned(16)));
#define USP ((u64)ustack + sizeof ustack)
static volatile u64 u_pc;
static u64 u_ipe(u64 a) { u64 pc; AT(pc, "csrrd $zero, 0x0"); u_pc = pc; return a; }


static int hook(struct rt_frame* f) {
    u64 e = f->estat;
    if (ECODE(e) == EC_INT || f->vec >= 64) {
        if (f->vec == 64 + IRQ_TI || (e & csrrd(CSR_ECFG) & (1ULL << IRQ_TI))) {
            csrwr(CSR_TICLR, 1);
            csrxchg(CSR_ECFG, 0, 1ULL << IRQ_TI);
        }
        u64 p = e & csrrd(CSR_ECFG) & 3;               /* acknowledge the SWI taken */
        if (p & 2) csrxchg(CSR_ESTAT, 0, 2);
        else if (p & 1) csrxchg(CSR_ESTAT, 0, 1);
        return 1;                                      /* resume at ERA */
    }
    return 0;                                          /* ERA + 4 */
}

static void check_entry(const char* what, u64 vs, u64 code, u64 era) {
    CHECK(rt_cat(what, "entered once"), rt_t.count, 1);
    if (era) CHECK(rt_cat(what, "ERA"), rt_t.era, era);
    CHECK(rt_cat(what, "slot"), rt_t.vec, code);
    CHECK(rt_cat(what, "entry offset"), rt_t.vec << (vs + 2), code << (vs + 2));
    rt_trap_clear();
}

static void run_table(const char* name, char* table, u64 vs) {
    u64 pc;
    rt_note(name);
    csrwr(CSR_EENTRY, (u64)table);
    csrwr(CSR_ECFG, vs << 16);
    CHECK(rt_cat(name, "ECFG.VS reads back"), (csrrd(CSR_ECFG) >> 16) & 7, vs);
    rt_trap_clear();

    AT(pc, "syscall 0");
    check_entry(rt_cat(name, "SYS"), vs, EC_SYS, pc);
    AT(pc, "break 0");
    check_entry(rt_cat(name, "BRK"), vs, EC_BRK, pc);
    AT(pc, ".word 0");
    check_entry(rt_cat(name, "INE"), vs, EC_INE, pc);
    csrwr(CSR_EUEN, 0);
    AT(pc, "movgr2fr.d $f0, $zero");
    check_entry(rt_cat(name, "FPD"), vs, EC_FPD, pc);
    rt_run_user(u_ipe, 0, USP, PRMD_PPLV(3));
    check_entry(rt_cat(name, "IPE at PLV3"), vs, EC_IPE, u_pc);
    csrwr(CSR_EUEN, 1);
    __asm__ volatile("ori $t0, $zero, 8\n\tmovgr2fcsr $fcsr0, $t0\n\tmovgr2fr.d $f1, $zero\n\t"
                     "fdiv.d $f2, $f1, $f1\n\tmovgr2fcsr $fcsr0, $zero"  /* 0/0: V, not Z */
                     : : : "$t0", "$f1", "$f2", "memory");
    CHECK(rt_cat(name, "0/0 with only Enables.Z: no exception"), rt_t.count, 0);
    __asm__ volatile("ori $t0, $zero, 0x10\n\tmovgr2fcsr $fcsr0, $t0\n\tmovgr2fr.d $f1, $zero\n\t"
                     "fdiv.d $f2, $f1, $f1\n\tmovgr2fcsr $fcsr0, $zero"
                     : : : "$t0", "$f1", "$f2", "memory");
    check_entry(rt_cat(name, "FPE"), vs, EC_FPE, 0);
    csrwr(CSR_EUEN, 0);

    /* interrupts: 64 + IntNum */
#ifdef PRIV_SKIP_QEMU_DEVIATIONS
    csrwr(CSR_TCFG, 4 | 1);                            /* see the header */
    while (!(csrrd(CSR_ESTAT) & (1ULL << IRQ_TI))) {}
#endif
    csrxchg(CSR_ECFG, 1ULL << IRQ_SWI0, 0x1fff);
    csrxchg(CSR_ESTAT, 1, 3);
    csrxchg(CSR_CRMD, CRMD_IE, CRMD_IE);
    for (volatile int i = 0; i < 100; ++i) {}
    csrxchg(CSR_CRMD, 0, CRMD_IE);
    check_entry(rt_cat(name, "SWI0"), vs, 64 + IRQ_SWI0, 0);
    csrxchg(CSR_ECFG, 1ULL << IRQ_SWI1, 0x1fff);
    csrxchg(CSR_ESTAT, 2, 3);
    csrxchg(CSR_CRMD, CRMD_IE, CRMD_IE);
    for (volatile int i = 0; i < 100; ++i) {}
    csrxchg(CSR_CRMD, 0, CRMD_IE);
    check_entry(rt_cat(name, "SWI1"), vs, 64 + IRQ_SWI1, 0);
    /* timer: one-shot, wait for TI, then enable it */
    csrwr(CSR_TICLR, 1);
    csrwr(CSR_TCFG, 0x100 | 1);
    while (!(csrrd(CSR_ESTAT) & (1ULL << IRQ_TI))) {}
    csrxchg(CSR_ECFG, 1ULL << IRQ_TI, 0x1fff);
    csrxchg(CSR_CRMD, CRMD_IE, CRMD_IE);
    for (volatile int i = 0; i < 100; ++i) {}
    csrxchg(CSR_CRMD, 0, CRMD_IE);
    check_entry(rt_cat(name, "TI"), vs, 64 + IRQ_TI, 0);
    csrxchg(CSR_ECFG, 0, 0x1fff);
}

/* refill with VS != 0 still enters at TLBRENTRY */
static int refill(struct rt_frame* f) {
    u64 base = f->badv & ~0x1fffULL;                   /* identity-map the 4 KiB pair */
    tlbr_fill(12, base | PTE_V | PTE_D | PTE_MAT(1), (base + 0x1000) | PTE_V | PTE_D | PTE_MAT(1));
    return 1;
}

int main(void) {
    rt_trap_hook = hook;
    run_table("VS=1 (8-byte slots)", vtab_vs1, 1);
    run_table("VS=3 (32-byte slots)", vtab_vs3, 3);
    run_table("VS=7 (512-byte slots)", vtab_vs7, 7);

    /* TLB refill: unaffected by VS */
    rt_tlbr_hook = refill;
    rt_tlbr_clear();
    static volatile u64 cell = 77;
    rt_paging_on();
    u64 v = *(volatile u64*)(PA(&cell));               /* low VA: not in a DMW -> refill */
    rt_paging_off();
    CHECK("VS=7: TLB refill entered TLBRENTRY", rt_r.count, 1);
    CHECK("VS=7: refill not seen at EENTRY", rt_t.count, 0);
    CHECK("VS=7: load after refill", v, 77);
    invtlb(0, 0, 0);

    csrwr(CSR_ECFG, 0);
    csrwr(CSR_EENTRY, (u64)rt_trap_entry);
    return rt_done("vectors");
}
