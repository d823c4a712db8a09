/* SPDX-License-Identifier: Apache-2.0
 * LL/SC (LoongArch Reference Manual Vol 1 v1.10, §2.2.7.4 "LL.{W/D}, SC.{W/D}" and
 * §7.4.17 LLBCTL).
 *
 *  - ll.{w,d} rd, rj, si14: load (ll.w sign-extends) from rj + (si14 << 2), record the
 *    address, LLbit = 1.
 *  - sc.{w,d} rd, rj, si14: if LLbit = 1 store rd (sc.w: rd[31:0]) and rd = 1, else no
 *    store and rd = 0 (rd = the LLbit SC saw).
 *  - LLbit is cleared by ERTN when LLBCTL.KLO = 0 (and KLO is one-shot: ERTN with KLO = 1
 *    keeps LLbit and clears KLO), and by writing 1 to LLBCTL.WCLLB (bit 1). LLBCTL.ROLLB
 *    (bit 0) reads LLbit.
 *  - Whether SC itself clears LLbit is not stated by the manual, so "sc after a
 *    successful sc" is not tested.
 *
 * QEMU DEVIATIONS (checked with the manual's value; -DISA_SKIP_QEMU_DEVIATIONS skips
 * them): QEMU 7.2 models LLbit as a reservation address and ignores LLBCTL: writing
 * WCLLB = 1 does not clear the reservation (an ll; csrwr LLBCTL; sc sequence succeeds),
 * ROLLB does not read back LLbit, and ERTN always clears the reservation regardless of
 * KLO (helper_ertn sets lladdr = 1 unconditionally). */
#include "rt.h"
#include "trap.h"

typedef uint64_t u64;

static volatile u64 mem[4] __attribute__((aligned(16)));
static volatile u64 far[0x2000] __attribute__((aligned(16)));   /* 64 KiB: large si14 */

#define LLBCTL_READ() ({ u64 r_; __asm__ volatile("csrrd %0, 0x60" : "=r"(r_) :: "memory"); r_; })
static inline void llbit_clear(void) {
    u64 v = 2;                                     /* WCLLB = 1, KLO = 0 */
    __asm__ volatile("csrwr %0, 0x60" : "+r"(v) :: "memory");
}

static void test_success(void) {
    u64 v, ok;
    /* ll.w / sc.w: sign-extended load, 32-bit store, flag 1 */
    mem[0] = 0xaaaaaaaa80000000ULL;
    __asm__ volatile("ll.w %0, %2, 0\n\tori %1, $zero, 0\n\tlu12i.w %1, 0x12345\n\tori %1, %1, 0x678\n\t"
                     "lu32i.d %1, -1\n\tsc.w %1, %2, 0"
                     : "=&r"(v), "=&r"(ok) : "r"(mem) : "memory");
    CHECK_EQ(v, 0xffffffff80000000ULL);
    CHECK_EQ(ok, 1);
    CHECK_EQ(mem[0], 0xaaaaaaaa12345678ULL);       /* only rd[31:0] stored */
    /* ll.d / sc.d */
    mem[1] = 0x0123456789abcdefULL;
    ok = 0xfedcba9876543210ULL;
    __asm__ volatile("ll.d %0, %2, 0\n\tsc.d %1, %2, 0" : "=&r"(v), "+&r"(ok) : "r"(&mem[1]) : "memory");
    CHECK_EQ(v, 0x0123456789abcdefULL);
    CHECK_EQ(ok, 1);
    CHECK_EQ(mem[1], 0xfedcba9876543210ULL);
    /* scaled offsets: si14 << 2 */
    mem[2] = 7;
    ok = 8;
    __asm__ volatile("ll.d %0, %2, 16\n\tsc.d %1, %2, 16" : "=&r"(v), "+&r"(ok) : "r"(mem) : "memory");
    CHECK_EQ(v, 7);
    CHECK_EQ(ok, 1);
    CHECK_EQ(mem[2], 8);
    mem[3] = 0x00000005ffffffffULL;
    ok = 0x11;
    __asm__ volatile("ll.w %0, %2, -4\n\tsc.w %1, %2, -4" : "=&r"(v), "+&r"(ok) : "r"((volatile uint8_t*)&mem[3] + 8) : "memory");
    CHECK_EQ(v, 5);                                /* high word of mem[3] */
    CHECK_EQ(ok, 1);
    CHECK_EQ(mem[3], 0x00000011ffffffffULL);
    far[0x1fff] = 0x55;
    ok = 0x66;
    __asm__ volatile("ll.d %0, %2, 32760\n\tsc.d %1, %2, 32760" : "=&r"(v), "+&r"(ok)
                     : "r"((volatile uint8_t*)&far[0x1fff] - 32760) : "memory");
    CHECK_EQ(v, 0x55);
    CHECK_EQ(ok, 1);
    CHECK_EQ(far[0x1fff], 0x66);
    far[0] = 0x77;
    ok = 0x88;
    __asm__ volatile("ll.w %0, %2, -32768\n\tsc.w %1, %2, -32768" : "=&r"(v), "+&r"(ok)
                     : "r"((volatile uint8_t*)&far[0] + 32768) : "memory");
    CHECK_EQ(v, 0x77);
    CHECK_EQ(ok, 1);
    CHECK_EQ(far[0], 0x88);
}

static void test_loop(void) {
    /* the usual retry loop: atomic increment 100 times */
    mem[0] = 1000;
    for (int i = 0; i < 100; ++i) {
        u64 t;
        __asm__ volatile("1:\tll.d %0, %1, 0\n\taddi.d %0, %0, 3\n\tsc.d %0, %1, 0\n\tbeqz %0, 1b"
                         : "=&r"(t) : "r"(mem) : "memory");
    }
    CHECK_EQ(mem[0], 1300);
}

static void test_failure(void) {
    u64 v, ok;
    /* sc without a preceding ll (LLbit cleared through LLBCTL.WCLLB) */
    mem[0] = 0x1111;
    llbit_clear();
    ok = 0x2222;
    __asm__ volatile("sc.d %0, %1, 0" : "+r"(ok) : "r"(mem) : "memory");
    CHECK_EQ(ok, 0);
    CHECK_EQ(mem[0], 0x1111);
    ok = 0x3333;
    __asm__ volatile("sc.w %0, %1, 0" : "+r"(ok) : "r"(mem) : "memory");
    CHECK_EQ(ok, 0);
    CHECK_EQ(mem[0], 0x1111);
    /* ll, then an exception + ERTN (KLO = 0), then sc */
    trap_install();
    ok = 0x5555;
    __asm__ volatile("ll.d %0, %2, 0\n\tsyscall 0\n\tsc.d %1, %2, 0" : "=&r"(v), "+&r"(ok) : "r"(mem) : "memory");
    CHECK_EQ(trap.count, 1);
    CHECK_EQ(TRAP_ECODE(trap.estat), 0xB);
    CHECK_EQ(v, 0x1111);
    CHECK_EQ(ok, 0);
    CHECK_EQ(mem[0], 0x1111);
    trap_clear();
    /* after a failure, a fresh ll/sc pair works again */
    ok = 0x6666;
    __asm__ volatile("ll.d %0, %2, 0\n\tsc.d %1, %2, 0" : "=&r"(v), "+&r"(ok) : "r"(mem) : "memory");
    CHECK_EQ(ok, 1);
    CHECK_EQ(mem[0], 0x6666);
}

static void test_llbctl(void) {
#ifndef ISA_SKIP_QEMU_DEVIATIONS
    u64 v, ok;
    /* ll, then WCLLB, then sc: fails */
    mem[0] = 0x1111;
    ok = 0x4444;
    __asm__ volatile("ll.d %0, %2, 0\n\tori %0, $zero, 2\n\tcsrwr %0, 0x60\n\tsc.d %1, %2, 0"
                     : "=&r"(v), "+&r"(ok) : "r"(mem) : "memory");
    CHECK_EQ(ok, 0);
    CHECK_EQ(mem[0], 0x1111);
    /* ROLLB (bit 0) reads LLbit */
    llbit_clear();
    CHECK_EQ(LLBCTL_READ() & 1, 0);
    __asm__ volatile("ll.d %0, %1, 0" : "=r"(v) : "r"(mem) : "memory");
    CHECK_EQ(LLBCTL_READ() & 1, 1);
    llbit_clear();
    CHECK_EQ(LLBCTL_READ() & 1, 0);
    /* KLO (bit 2) = 1: the next ERTN keeps LLbit and clears KLO */
    mem[0] = 0x10;
    ok = 0x20;
    u64 klo = 4;
    __asm__ volatile("ll.d %0, %3, 0\n\tcsrwr %2, 0x60\n\tsyscall 0\n\tsc.d %1, %3, 0"
                     : "=&r"(v), "+&r"(ok), "+&r"(klo) : "r"(mem) : "memory");
    CHECK_EQ(trap.count, 1);
    CHECK_EQ(ok, 1);
    CHECK_EQ(mem[0], 0x20);
    CHECK_EQ(LLBCTL_READ() & 4, 0);                 /* KLO cleared by that ERTN */
    trap_clear();
    /* ... and the following ERTN clears LLbit again */
    ok = 0x30;
    __asm__ volatile("ll.d %0, %2, 0\n\tsyscall 0\n\tsc.d %1, %2, 0" : "=&r"(v), "+&r"(ok) : "r"(mem) : "memory");
    CHECK_EQ(trap.count, 1);
    CHECK_EQ(ok, 0);
    CHECK_EQ(mem[0], 0x20);
    trap_clear();
#endif
}

int main(void) {
    test_success();
    test_loop();
    test_failure();
    test_llbctl();
    return rt_done("llsc");
}
