/* SPDX-License-Identifier: Apache-2.0
 * PLV3 user code entered by ERTN, making system calls back to PLV0, and LL/SC across
 * exception returns (LoongArch Reference Manual Vol 1 v1.10 §1.3 privilege levels,
 * §4.2.6.1 ERTN, §2.2.7.4 LL/SC, §7.4.17 LLBCTL, §7.4.3 MISC.DRDTL3).
 *
 *  - a user program (PLV3, IE = 1) calls a small syscall table (a7 = number, a0/a1 =
 *    arguments, a0 = result): every syscall enters with PRMD.PPLV = 3, PIE = 1, ERA = the
 *    syscall; all other user registers survive; a store-conditional loop works at PLV3;
 *  - lazy FPU: with EUEN.FPE = 0 the first FP instruction at PLV3 raises FPD; the kernel
 *    sets EUEN.FPE and returns to the same instruction, which then completes;
 *  - RDTIME is allowed at PLV3 (MISC.DRDTL3 = 0);
 *  - LL/SC: any ERTN with LLBCTL.KLO = 0 clears LLBit, so an SC after a syscall, an
 *    interrupt or a TLB refill between LL and SC fails and stores nothing; with KLO = 1
 *    the ERTN keeps LLBit and clears KLO; LLBCTL.WCLLB clears LLBit, ROLLB reads it.
 *
 * QEMU 7.2 deviations (manual-only): LLBCTL is ignored (KLO, WCLLB, ROLLB); MISC is
 * read-only (MISC.DRDTL3 cannot be set). */
#include "priv.h"

static char ustack[16384] __attribute__((aligned(16)));
#define USP ((u64)ustack + sizeof ustack)

enum { SYS_ADD = 1, SYS_PUTC = 2, SYS_GETPLV = 3, SYS_KLO = 4 };
static volatile u64 nsys, bad_entry, fpd_count, last_sys_era;

static int kernel(struct rt_frame* f) {
    u64 ec = ECODE(f->estat);
    if (ec == EC_FPD && (f->prmd & 3) == 3) {          /* lazy FPU: enable, retry */
        fpd_count++;
        csrwr(CSR_EUEN, 1);
        return 1;
    }
    if (ec != EC_SYS) return 0;
    nsys++;
    if ((f->prmd & 7) != (PRMD_PPLV(3) | PRMD_PIE)) bad_entry++;
    if ((f->crmd & 7) != 0) bad_entry++;
    last_sys_era = f->era;
    switch (f->r[11]) {
    case SYS_ADD: f->r[4] = f->r[4] + f->r[5]; break;
    case SYS_PUTC: rt_putc((char)f->r[4]); f->r[4] = 0; break;
    case SYS_GETPLV: f->r[4] = f->prmd & 3; break;
    case SYS_KLO: csrwr(CSR_LLBCTL, 4); f->r[4] = 0; break;   /* keep LLBit over this ERTN */
    default: f->r[4] = (u64)-1; break;
    }
    f->era += 4;
    return 1;
}

static inline u64 sys2(u64 n, u64 a, u64 b) {
    register u64 a0 __asm__("$a0") = a;
    register u64 a1 __asm__("$a1") = b;
    register u64 a7 __asm__("$a7") = n;
    __asm__ volatile("syscall 0" : "+r"(a0) : "r"(a1), "r"(a7) : "memory");
    return a0;
}

static volatile u64 counter __attribute__((aligned(8)));
static volatile u64 u_res[8];

/* the user program */
static u64 user_main(u64 arg) {
    u_res[0] = sys2(SYS_ADD, arg, 5);
    u_res[1] = sys2(SYS_GETPLV, 0, 0);
    const char* s = "hello from PLV3\n";
    for (const char* p = s; *p; ++p) sys2(SYS_PUTC, (u64)*p, 0);
    /* registers survive a syscall: s0..s8, t0..t8 hold patterns across it */
    u64 bad;
    __asm__ volatile(
        "li.d $s0, 0x1010\n\tli.d $s8, 0x1818\n\tli.d $t0, 0x2020\n\tli.d $t8, 0x2828\n\t"
        "li.d $fp, 0x3030\n\tli.d $ra, 0x4040\n\tmove $t7, $sp\n\t"
        "li.d $a7, 1\n\tli.d $a0, 1\n\tli.d $a1, 2\n\tsyscall 0\n\t"
        "li.d %0, 0\n\t"
        "li.d $a1, 0x1010\n\tbeq $s0, $a1, 1f\n\taddi.d %0, %0, 1\n1:\t"
        "li.d $a1, 0x1818\n\tbeq $s8, $a1, 1f\n\taddi.d %0, %0, 1\n1:\t"
        "li.d $a1, 0x2020\n\tbeq $t0, $a1, 1f\n\taddi.d %0, %0, 1\n1:\t"
        "li.d $a1, 0x2828\n\tbeq $t8, $a1, 1f\n\taddi.d %0, %0, 1\n1:\t"
        "li.d $a1, 0x3030\n\tbeq $fp, $a1, 1f\n\taddi.d %0, %0, 1\n1:\t"
        "li.d $a1, 0x4040\n\tbeq $ra, $a1, 1f\n\taddi.d %0, %0, 1\n1:\t"
        "beq $t7, $sp, 1f\n\taddi.d %0, %0, 1\n1:\t"
        "li.d $a1, 3\n\tbeq $a0, $a1, 1f\n\taddi.d %0, %0, 1\n1:"
        : "=&r"(bad)
        : : "$s0", "$s8", "$t0", "$t8", "$fp", "$ra", "$t7", "$a0", "$a1", "$a7", "memory");
    u_res[2] = bad;
    /* LL/SC loop at PLV3 */
    for (int i = 0; i < 100; ++i) {
        u64 ok;
        do {
            u64 v;
            __asm__ volatile("ll.d %0, %2, 0\n\taddi.d %0, %0, 1\n\tsc.d %0, %2, 0\n\tmove %1, %0"
                             : "=&r"(v), "=r"(ok) : "r"(&counter) : "memory");
        } while (!ok);
    }
    /* FP (lazy enable) */
    double x = (double)arg;
    __asm__ volatile("fadd.d %0, %0, %0" : "+f"(x));
    u_res[3] = (u64)x;
    /* RDTIME at PLV3 */
    u_res[4] = rdtime() != 0;
    return 0x600d;
}

static void test_user(void) {
    rt_trap_hook = kernel;
    csrwr(CSR_ECFG, 0);
    csrwr(CSR_EUEN, 0);
    counter = 0;
    nsys = bad_entry = fpd_count = 0;
    u64 r = rt_run_user(user_main, 20, USP, PRMD_PPLV(3) | PRMD_PIE);
    CHECK("user program returned", r, 0x600d);
    CHECK("SYS_ADD", u_res[0], 25);
    CHECK("SYS_GETPLV: the caller's PLV", u_res[1], 3);
    CHECK("syscalls made", nsys, 2 + 16 + 1);
    CHECK("every syscall entered with PPLV 3, PIE 1, handler PLV0 IE0", bad_entry, 0);
    CHECK("user registers survive a syscall (mismatches)", u_res[2], 0);
    CHECK("LL/SC loop at PLV3: 100 increments", counter, 100);
    CHECK("lazy FPU: one FPD from PLV3", fpd_count, 1);
    CHECK("lazy FPU: the FP instruction completed after the retry", u_res[3], 40);
    CHECK("RDTIME at PLV3", u_res[4], 1);
    CHECK("back at PLV0 with IE = 0", csrrd(CSR_CRMD) & 7, 0);
    csrwr(CSR_EUEN, 0);
    if (MANUAL_ONLY("MISC.DRDTL3 (MISC is read-only in QEMU)")) {
        csrwr(CSR_MISC, 1ULL << 7);
        rt_trap_clear();
        rt_run_user((u64(*)(u64))rdtime, 0, USP, PRMD_PPLV(3));
        csrwr(CSR_MISC, 0);
        CHECK("MISC.DRDTL3 = 1: RDTIME at PLV3 -> IPE", rt_t.code, EC_IPE);
    }
    rt_trap_hook = 0;
}

/* --- LL/SC across ERTN -------------------------------------------------------------------- */
static volatile u64 cell __attribute__((aligned(8)));

/* ll.d, then `between` (an instruction string), then sc.d: the SC flag */
#define LL_X_SC(between, res)                                                          \
    __asm__ volatile("ll.d $t0, %1, 0\n\t" between "\n\tori $t0, $zero, 0x55\n\t"       \
                     "sc.d $t0, %1, 0\n\tmove %0, $t0"                                \
                     : "=r"(res) : "r"(&cell) : "$t0", "$a0", "$a1", "$a7", "memory")

static volatile u64 nint;
static int int_hook(struct rt_frame* f) {
    if (ECODE(f->estat) == EC_INT) {
        nint++;
        csrwr(CSR_TICLR, 1);
        return 1;
    }
    return kernel(f);
}

static int refill_hook(struct rt_frame* f) {
    tlbr_fill(14, (PA(f->badv) & ~0x3fffULL) | PTE_V | PTE_D | PTE_MAT(1), (PA(f->badv) & ~0x3fffULL) | PTE_V | PTE_D | PTE_MAT(1));
    return 1;
}

static void test_llsc(void) {
    u64 ok;
    rt_trap_hook = int_hook;
    cell = 1;
    LL_X_SC("nop", ok);
    CHECK("LL; SC: succeeds", ok, 1);
    CHECK("LL; SC: stored", cell, 0x55);
    cell = 1;
    LL_X_SC("li.d $a7, 9\n\tsyscall 0", ok);
    CHECK("LL; syscall (ERTN, KLO=0); SC: fails", ok, 0);
    CHECK("LL; syscall; SC: nothing stored", cell, 1);
    /* an interrupt between LL and SC: the timer, pending and enabled, taken when IE = 1 */
    csrwr(CSR_TICLR, 1);
    csrwr(CSR_ECFG, 1ULL << IRQ_TI);
    csrwr(CSR_TCFG, 4 | 1);
    while (!(csrrd(CSR_ESTAT) & (1ULL << IRQ_TI))) {}
    nint = 0;
    LL_X_SC("ori $a0, $zero, 4\n\tori $a1, $zero, 4\n\tcsrxchg $a1, $a0, 0x0\n\tnop\n\tnop\n\t"
            "csrxchg $zero, $a0, 0x0", ok);
    CHECK("LL; interrupt; SC: the interrupt was taken", nint, 1);
    CHECK("LL; interrupt; SC: fails", ok, 0);
    CHECK("LL; interrupt; SC: nothing stored", cell, 1);
    csrwr(CSR_ECFG, 0);
    csrwr(CSR_TCFG, 0);
    /* a TLB refill between LL and SC: its ERTN clears LLBit too */
    rt_tlbr_hook = refill_hook;
    rt_tlbr_clear();
    rt_paging_on();
    __asm__ volatile("" ::: "memory");
    {
        register u64 va __asm__("$a1") = PA(&cell);    /* low VA: not in a DMW -> refill */
        __asm__ volatile("ll.d $t0, %1, 0\n\tld.d $t1, %2, 0\n\tori $t0, $zero, 0x55\n\t"
                         "sc.d $t0, %1, 0\n\tmove %0, $t0"
                         : "=r"(ok) : "r"(&cell), "r"(va) : "$t0", "$t1", "memory");
    }
    rt_paging_off();
    invtlb(0, 0, 0);
    CHECK("LL; TLB refill; SC: one refill", rt_r.count, 1);
    CHECK("LL; TLB refill; SC: fails", ok, 0);
    CHECK("LL; TLB refill; SC: nothing stored", cell, 1);
    rt_tlbr_hook = 0;

    if (MANUAL_ONLY("LLBCTL (KLO, WCLLB, ROLLB)")) {
        cell = 1;
        LL_X_SC("li.d $a7, 4\n\tsyscall 0", ok);       /* the handler sets KLO */
        CHECK("LL; syscall with LLBCTL.KLO = 1; SC: succeeds", ok, 1);
        CHECK("LL; syscall with KLO; SC: stored", cell, 0x55);
        CHECK("KLO cleared by that ERTN", (csrrd(CSR_LLBCTL) >> 2) & 1, 0);
        cell = 1;
        LL_X_SC("li.d $a7, 9\n\tsyscall 0", ok);       /* KLO was one-shot */
        CHECK("next syscall without KLO: SC fails", ok, 0);
        u64 r1, r2;
        __asm__ volatile("ll.d $t0, %2, 0\n\tcsrrd %0, 0x60\n\tori $t0, $zero, 2\n\tcsrwr $t0, 0x60\n\t"
                         "csrrd %1, 0x60\n\tori $t0, $zero, 0x77\n\tsc.d $t0, %2, 0"
                         : "=&r"(r1), "=&r"(r2) : "r"(&cell) : "$t0", "memory");
        CHECK("LLBCTL.ROLLB after LL", r1 & 1, 1);
        CHECK("LLBCTL.ROLLB after WCLLB", r2 & 1, 0);
        CHECK("SC after WCLLB: nothing stored", cell, 1);
    }
    rt_trap_hook = 0;
}

int main(void) {
    test_user();
    test_llsc();
    return rt_done("user");
}
