/* SPDX-License-Identifier: Apache-2.0
 * AM* atomic read-modify-write instructions (LoongArch Reference Manual Vol 1 v1.10,
 * §2.2.7.1): am{swap,add,and,or,xor,max,min}[_db].{w,d} and am{max,min}[_db].{wu,du}.
 * Operand order is `am* rd, rk, rj`: rj = address, rk = operand, rd = old value.
 *
 *  - rd receives the old memory value; for .W *and* .WU it is the word sign-extended
 *    ("Whether ending in .W or .WU, the data of a word retrieved from memory ... is
 *    sign-extended", §2.2.7.1).
 *  - memory receives swap: rk; add: old + rk; and/or/xor; max/min signed (.w/.d) or
 *    unsigned (.wu/.du); .W forms use rk[31:0] and touch only 32 bits.
 *  - _DB forms add a full barrier; single-core results are identical.
 *  - rd = r0 discards the old value but still updates memory.
 *  - rd == rj raises INE (§2.2.7.1); checked with a handler (encoded with .word, as the
 *    assembler rejects it). Misaligned addresses raise ALE (Ecode 0x9, BADV = address).
 *
 * QEMU DEVIATION (checked with the manual's outcome; -DISA_SKIP_QEMU_DEVIATIONS skips
 * it): QEMU 7.2 performs misaligned AM* accesses instead of raising ALE (its atomic
 * memory ops carry no MO_ALIGN), against "The access address of an AM* atomic access
 * instruction always requires natural alignment, and failure to meet this condition
 * will trigger a non-alignment exception" (§2.2.7.1). */
#include "rt.h"
#include "trap.h"

typedef uint64_t u64;

static volatile u64 cell[4] __attribute__((aligned(16)));

#define AM(op, addr, k) ({ u64 r_; __asm__ volatile(op " %0, %1, %2" : "=&r"(r_) \
    : "r"((u64)(k)), "r"(addr) : "memory"); r_; })

/* 64-bit: cell[1] = init; check old value and new memory; neighbours untouched */
#define T64(op, init, k, old, new) do { \
    cell[0] = cell[2] = 0x5555555555555555ULL; cell[1] = (init); \
    CHECK_EQ(AM(op, &cell[1], k), old); \
    CHECK_EQ(cell[1], new); \
    CHECK_EQ(cell[0], 0x5555555555555555ULL); \
    CHECK_EQ(cell[2], 0x5555555555555555ULL); \
} while (0)
/* 32-bit: the low word of cell[1] is the target, the high word must not change */
#define T32(op, init, k, old, new) do { \
    cell[1] = 0xdeadbeef00000000ULL | (uint32_t)(init); \
    CHECK_EQ(AM(op, &cell[1], k), old); \
    CHECK_EQ(cell[1], 0xdeadbeef00000000ULL | (uint32_t)(new)); \
} while (0)
/* 32-bit, target = the high word of cell[1] (address 4 mod 8) */
#define T32H(op, init, k, old, new) do { \
    cell[1] = ((u64)(uint32_t)(init) << 32) | 0xcafef00dULL; \
    CHECK_EQ(AM(op, (volatile uint8_t*)&cell[1] + 4, k), old); \
    CHECK_EQ(cell[1], ((u64)(uint32_t)(new) << 32) | 0xcafef00dULL); \
} while (0)

#define SX(x) ((u64)(int64_t)(int32_t)(uint32_t)(x))
#define MW 0x80000001u                      /* negative as a signed word */
#define KW 0x123456787fffffffULL            /* rk[31:0] = 0x7fffffff, garbage above */
#define MD 0x8000000000000001ULL
#define KD 0x7fffffffffffffffULL

static void test_w(void) {
    T32("amswap.w", MW, KW, SX(MW), 0x7fffffff);
    T32("amadd.w", MW, KW, SX(MW), 0x00000000);
    T32("amand.w", MW, KW, SX(MW), 0x00000001);
    T32("amor.w", MW, KW, SX(MW), 0xffffffff);
    T32("amxor.w", MW, KW, SX(MW), 0xfffffffe);
    T32("ammax.w", MW, KW, SX(MW), 0x7fffffff);          /* signed: 0x7fffffff > -0x7fffffff */
    T32("ammin.w", MW, KW, SX(MW), MW);
    T32("ammax.w", 5, 0xfffffffffffffffbULL, 5, 5);       /* 5 > -5 */
    T32("ammin.w", 5, 0xfffffffffffffffbULL, 5, 0xfffffffb);
    T32("amadd.w", 0x7fffffff, 1, 0x7fffffff, 0x80000000);
    T32("amswap_db.w", 0x11111111, 0x22222222, 0x11111111, 0x22222222);
    T32("amadd_db.w", 0xfffffff0, 0x20, SX(0xfffffff0), 0x10);
    T32("amand_db.w", 0xf0f0f0f0, 0x0ff00ff0, SX(0xf0f0f0f0), 0x00f000f0);
    T32("amor_db.w", 0x0f0f0000, 0x0000f0f0, 0x0f0f0000, 0x0f0ff0f0);
    T32("amxor_db.w", 0xaaaaaaaa, 0xffffffff, SX(0xaaaaaaaa), 0x55555555);
    T32("ammax_db.w", 0xfffffffe, 0xffffffff, SX(0xfffffffe), 0xffffffff);  /* -2 vs -1 */
    T32("ammin_db.w", 0xfffffffe, 0xffffffff, SX(0xfffffffe), 0xfffffffe);
    /* unsigned forms whose old value has bit 31 clear (no extension question) */
    T32("ammax.wu", 0x7fffffff, 0x80000000, 0x7fffffff, 0x80000000);
    T32("ammin.wu", 0x7fffffff, 0x80000000, 0x7fffffff, 0x7fffffff);
    T32("ammax_db.wu", 0x00000001, 0xffffffff, 1, 0xffffffff);
    T32("ammin_db.wu", 0x00000001, 0xffffffff, 1, 1);
    /* high word of a doubleword */
    T32H("amadd.w", 0xffffffff, 2, SX(0xffffffff), 1);
    T32H("amswap.w", 0x12345678, 0x9abcdef0, 0x12345678, 0x9abcdef0);
    /* .WU: the old word is still returned sign-extended */
    T32("ammax.wu", MW, KW, SX(MW), MW);                  /* unsigned: 0x80000001 > 0x7fffffff */
    T32("ammin.wu", MW, KW, SX(MW), 0x7fffffff);
    T32("ammax_db.wu", 0xfffffff0, 0x10, SX(0xfffffff0), 0xfffffff0);
    T32("ammin_db.wu", 0xfffffff0, 0x10, SX(0xfffffff0), 0x10);
}

static void test_d(void) {
    T64("amswap.d", MD, KD, MD, KD);
    T64("amadd.d", MD, KD, MD, 0);
    T64("amand.d", MD, KD, MD, 1);
    T64("amor.d", MD, KD, MD, 0xffffffffffffffffULL);
    T64("amxor.d", MD, KD, MD, 0xfffffffffffffffeULL);
    T64("ammax.d", MD, KD, MD, KD);
    T64("ammin.d", MD, KD, MD, MD);
    T64("ammax.du", MD, KD, MD, MD);
    T64("ammin.du", MD, KD, MD, KD);
    T64("amadd.d", 0x00000000ffffffffULL, 1, 0xffffffffULL, 0x100000000ULL);   /* 64-bit carry */
    T64("amswap_db.d", 0x0123456789abcdefULL, 0xfedcba9876543210ULL, 0x0123456789abcdefULL, 0xfedcba9876543210ULL);
    T64("amadd_db.d", 0xfffffffffffffff0ULL, 0x20, 0xfffffffffffffff0ULL, 0x10);
    T64("amand_db.d", 0xff00ff00ff00ff00ULL, 0x0ff00ff00ff00ff0ULL, 0xff00ff00ff00ff00ULL, 0x0f000f000f000f00ULL);
    T64("amor_db.d", 0xff00000000000000ULL, 0xffULL, 0xff00000000000000ULL, 0xff000000000000ffULL);
    T64("amxor_db.d", 0xaaaaaaaaaaaaaaaaULL, 0xffffffff00000000ULL, 0xaaaaaaaaaaaaaaaaULL, 0x55555555aaaaaaaaULL);
    T64("ammax_db.d", 0xfffffffffffffffeULL, 1, 0xfffffffffffffffeULL, 1);
    T64("ammin_db.d", 0xfffffffffffffffeULL, 1, 0xfffffffffffffffeULL, 0xfffffffffffffffeULL);
    T64("ammax_db.du", 0xfffffffffffffffeULL, 1, 0xfffffffffffffffeULL, 0xfffffffffffffffeULL);
    T64("ammin_db.du", 0xfffffffffffffffeULL, 1, 0xfffffffffffffffeULL, 1);
    T64("ammax.d", 0x100000000ULL, 0xffffffffULL, 0x100000000ULL, 0x100000000ULL);
    T64("ammin.du", 0x100000000ULL, 0xffffffffULL, 0x100000000ULL, 0xffffffffULL);
}

static void test_special(void) {
    /* rd = r0: old value discarded, memory updated */
    cell[1] = 40;
    __asm__ volatile("amadd_db.d $zero, %0, %1" :: "r"(2ULL), "r"(&cell[1]) : "memory");
    CHECK_EQ(cell[1], 42);
    cell[1] = 0xffffffff00000007ULL;
    __asm__ volatile("amor.w $zero, %0, %1" :: "r"(8ULL), "r"(&cell[1]) : "memory");
    CHECK_EQ(cell[1], 0xffffffff0000000fULL);
    /* rk = r0 */
    cell[1] = 0x1234;
    CHECK_EQ(AM("amswap.d", &cell[1], 0), 0x1234);
    CHECK_EQ(cell[1], 0);
    /* a fetch-and-add loop */
    cell[1] = 0;
    u64 sum = 0;
    for (int i = 1; i <= 10; ++i) sum += AM("amadd_db.d", &cell[1], i);
    CHECK_EQ(cell[1], 55);
    CHECK_EQ(sum, 0 + 1 + 3 + 6 + 10 + 15 + 21 + 28 + 36 + 45);

    trap_install();
    /* rd == rj: INE (0xD); `amswap.w $t0, $t1, $t0` = 0x38600000 | 13 << 10 | 12 << 5 | 12 */
    u64 pc;
    cell[1] = 0x77;
    __asm__ volatile("la.abs %0, 1f\n\tmove $t0, %1\n\tmove $t1, $zero\n1:\t.word 0x3860358c"
                     : "=&r"(pc) : "r"(&cell[1]) : "$t0", "$t1", "memory");
    CHECK_EQ(trap.count, 1);
    CHECK_EQ(TRAP_ECODE(trap.estat), 0xD);
    CHECK_EQ(trap.era, pc);
    CHECK_EQ(cell[1], 0x77);
    trap_clear();
#ifndef ISA_SKIP_QEMU_DEVIATIONS
    /* misaligned: ALE (0x9), BADV = the address (§7.4.8), memory unchanged */
    volatile uint8_t* mis = (volatile uint8_t*)&cell[1] + 4;
    u64 r = 0x99;
    cell[1] = 0;
    __asm__ volatile("la.abs %1, 1f\n1:\tamadd.d %0, %2, %3" : "+&r"(r), "=&r"(pc)
                     : "r"(1ULL), "r"(mis) : "memory");
    CHECK_EQ(trap.count, 1);
    CHECK_EQ(TRAP_ECODE(trap.estat), 0x9);
    CHECK_EQ(trap.era, pc);
    CHECK_EQ(trap.badv, (u64)mis);
    CHECK_EQ(r, 0x99);
    CHECK_EQ(cell[1], 0);
    trap_clear();
    __asm__ volatile("la.abs %1, 1f\n1:\tamswap_db.w %0, %2, %3" : "+&r"(r), "=&r"(pc)
                     : "r"(1ULL), "r"(mis + 1) : "memory");
    CHECK_EQ(trap.count, 1);
    CHECK_EQ(TRAP_ECODE(trap.estat), 0x9);
    CHECK_EQ(trap.era, pc);
    CHECK_EQ(trap.badv, (u64)(mis + 1));
    CHECK_EQ(cell[1], 0);
    trap_clear();
#endif
}

int main(void) {
    test_w();
    test_d();
    test_special();
    return rt_done("atomics");
}
