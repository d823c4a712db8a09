/* SPDX-License-Identifier: Apache-2.0
 * Shift and rotate instructions (LoongArch Reference Manual Vol 1 v1.10, §2.2.2 "Bit-shift
 * Instructions"): sll/srl/sra/rotr .w/.d and slli/srli/srai/rotri .w/.d.
 *
 * Register forms use only rk[4:0] (.W) or rk[5:0] (.D) as the shift amount, so amounts
 * >= 32 / >= 64 and garbage in the upper bits of rk are masked. .W forms operate on
 * rj[31:0] and sign-extend the 32-bit result — including SRL.W and ROTR.W, whose
 * result has bit 31 set when the shift amount is 0 and rj[31] = 1. */
#include "rt.h"

typedef uint64_t u64;

#define R2(op, a, b) ({ u64 r_; __asm__ volatile(op " %0, %1, %2" : "=r"(r_) : "r"((u64)(a)), "r"((u64)(b))); r_; })
#define RI(op, a, imm) ({ u64 r_; __asm__ volatile(op " %0, %1, " #imm : "=r"(r_) : "r"((u64)(a))); r_; })

static void test_w_reg(void) {
    /* SLL.W */
    CHECK_EQ(R2("sll.w", 1, 31), 0xffffffff80000000ULL);
    CHECK_EQ(R2("sll.w", 1, 32), 1);                              /* amount masked to 0 */
    CHECK_EQ(R2("sll.w", 1, 33), 2);
    CHECK_EQ(R2("sll.w", 0x12345678, 0xffffffffffffffe4ULL), 0x23456780); /* amount 4 */
    CHECK_EQ(R2("sll.w", 0xffffffff00000003ULL, 30), 0xffffffffc0000000ULL);
    CHECK_EQ(R2("sll.w", 0x0000000100000001ULL, 0), 1);
    CHECK_EQ(R2("sll.w", 0x00000000c0000001ULL, 1), 0xffffffff80000002ULL);
    /* SRL.W: logical on rj[31:0], result sign-extended */
    CHECK_EQ(R2("srl.w", 0x80000000, 31), 1);
    CHECK_EQ(R2("srl.w", 0x80000000, 1), 0x40000000);
    CHECK_EQ(R2("srl.w", 0x0000000080000000ULL, 0), 0xffffffff80000000ULL);
    CHECK_EQ(R2("srl.w", 0x0000000080000000ULL, 32), 0xffffffff80000000ULL);
    CHECK_EQ(R2("srl.w", 0x1234567800000010ULL, 4), 1);             /* bits 63:32 ignored */
    CHECK_EQ(R2("srl.w", 0xffffffffffffffffULL, 36), 0x0fffffff);
    /* SRA.W */
    CHECK_EQ(R2("sra.w", 0x80000000, 4), 0xfffffffff8000000ULL);
    CHECK_EQ(R2("sra.w", 0x7fffffff, 36), 0x07ffffff);
    CHECK_EQ(R2("sra.w", 0x0000000080000000ULL, 31), 0xffffffffffffffffULL);
    CHECK_EQ(R2("sra.w", 0xffffffff7fffffffULL, 30), 1);             /* rj[31] = 0 */
    CHECK_EQ(R2("sra.w", 0x00000000fffffff0ULL, 2), 0xfffffffffffffffcULL);
    /* ROTR.W */
    CHECK_EQ(R2("rotr.w", 0x12345678, 4), 0xffffffff81234567ULL);
    CHECK_EQ(R2("rotr.w", 0x12345678, 36), 0xffffffff81234567ULL);
    CHECK_EQ(R2("rotr.w", 0x12345678, 0), 0x12345678);
    CHECK_EQ(R2("rotr.w", 0xabcdef0012345678ULL, 16), 0x56781234);
    CHECK_EQ(R2("rotr.w", 0x00000001, 1), 0xffffffff80000000ULL);
    CHECK_EQ(R2("rotr.w", 0x80000000, 31), 1);
    CHECK_EQ(R2("rotr.w", 0x00000000deadbeefULL, 0xffffff00ULL), 0xffffffffdeadbeefULL);
}

static void test_d_reg(void) {
    CHECK_EQ(R2("sll.d", 1, 63), 0x8000000000000000ULL);
    CHECK_EQ(R2("sll.d", 1, 64), 1);
    CHECK_EQ(R2("sll.d", 1, 0xffffffffffffffe0ULL), 0x100000000ULL);   /* 32 */
    CHECK_EQ(R2("sll.d", 0x0123456789abcdefULL, 4), 0x123456789abcdef0ULL);
    CHECK_EQ(R2("srl.d", 0x8000000000000000ULL, 63), 1);
    CHECK_EQ(R2("srl.d", 0x8000000000000000ULL, 127), 1);
    CHECK_EQ(R2("srl.d", 0xffffffffffffffffULL, 32), 0xffffffffULL);
    CHECK_EQ(R2("srl.d", 0x0123456789abcdefULL, 0), 0x0123456789abcdefULL);
    CHECK_EQ(R2("sra.d", 0x8000000000000000ULL, 63), 0xffffffffffffffffULL);
    CHECK_EQ(R2("sra.d", 0x8000000000000000ULL, 65), 0xc000000000000000ULL);
    CHECK_EQ(R2("sra.d", 0x7fffffffffffffffULL, 62), 1);
    CHECK_EQ(R2("sra.d", 0xfffffffffffffff0ULL, 4), 0xffffffffffffffffULL);
    CHECK_EQ(R2("rotr.d", 0x0123456789abcdefULL, 8), 0xef0123456789abcdULL);
    CHECK_EQ(R2("rotr.d", 0x0123456789abcdefULL, 72), 0xef0123456789abcdULL);
    CHECK_EQ(R2("rotr.d", 0x0123456789abcdefULL, 0), 0x0123456789abcdefULL);
    CHECK_EQ(R2("rotr.d", 1, 1), 0x8000000000000000ULL);
    CHECK_EQ(R2("rotr.d", 0x0123456789abcdefULL, 32), 0x89abcdef01234567ULL);
    CHECK_EQ(R2("rotr.d", 0x8000000000000000ULL, 63), 1);
}

static void test_w_imm(void) {
    CHECK_EQ(RI("slli.w", 1, 31), 0xffffffff80000000ULL);
    CHECK_EQ(RI("slli.w", 0xffffffff12345678ULL, 0), 0x12345678);
    CHECK_EQ(RI("slli.w", 0x12345678, 8), 0x34567800);
    CHECK_EQ(RI("slli.w", 0x00000000ffffffffULL, 0), 0xffffffffffffffffULL);
    CHECK_EQ(RI("srli.w", 0x80000000, 31), 1);
    CHECK_EQ(RI("srli.w", 0x0000000080000000ULL, 0), 0xffffffff80000000ULL);
    CHECK_EQ(RI("srli.w", 0xffffffff00000000ULL, 1), 0);
    CHECK_EQ(RI("srli.w", 0xfffffffff0000000ULL, 4), 0x0f000000);
    CHECK_EQ(RI("srai.w", 0x80000000, 31), 0xffffffffffffffffULL);
    CHECK_EQ(RI("srai.w", 0x80000000, 0), 0xffffffff80000000ULL);
    CHECK_EQ(RI("srai.w", 0x0000000070000000ULL, 28), 7);
    CHECK_EQ(RI("srai.w", 0x00000000f0000000ULL, 28), 0xffffffffffffffffULL);
    CHECK_EQ(RI("rotri.w", 0x12345678, 4), 0xffffffff81234567ULL);
    CHECK_EQ(RI("rotri.w", 0x12345678, 0), 0x12345678);
    CHECK_EQ(RI("rotri.w", 0x12345678, 31), 0x2468acf0);
    CHECK_EQ(RI("rotri.w", 0xffffffff00000001ULL, 1), 0xffffffff80000000ULL);
}

static void test_d_imm(void) {
    CHECK_EQ(RI("slli.d", 1, 63), 0x8000000000000000ULL);
    CHECK_EQ(RI("slli.d", 1, 32), 0x100000000ULL);
    CHECK_EQ(RI("slli.d", 0x0123456789abcdefULL, 0), 0x0123456789abcdefULL);
    CHECK_EQ(RI("slli.d", 0xffffffffffffffffULL, 40), 0xffffff0000000000ULL);
    CHECK_EQ(RI("srli.d", 0x8000000000000000ULL, 63), 1);
    CHECK_EQ(RI("srli.d", 0xffffffffffffffffULL, 33), 0x7fffffffULL);
    CHECK_EQ(RI("srli.d", 0x0123456789abcdefULL, 0), 0x0123456789abcdefULL);
    CHECK_EQ(RI("srai.d", 0x8000000000000000ULL, 63), 0xffffffffffffffffULL);
    CHECK_EQ(RI("srai.d", 0x8000000000000000ULL, 32), 0xffffffff80000000ULL);
    CHECK_EQ(RI("srai.d", 0x4000000000000000ULL, 62), 1);
    CHECK_EQ(RI("rotri.d", 0x0123456789abcdefULL, 8), 0xef0123456789abcdULL);
    CHECK_EQ(RI("rotri.d", 0x0123456789abcdefULL, 63), 0x02468acf13579bdeULL);
    CHECK_EQ(RI("rotri.d", 0x0123456789abcdefULL, 0), 0x0123456789abcdefULL);
    CHECK_EQ(RI("rotri.d", 0x0123456789abcdefULL, 36), 0x789abcdef0123456ULL);
}

static void test_aliasing(void) {
    u64 x = 5;
    __asm__ volatile("sll.d %0, %0, %0" : "+r"(x));       /* 5 << 5 */
    CHECK_EQ(x, 160);
    x = 0x80000004;
    __asm__ volatile("sra.w %0, %0, %0" : "+r"(x));       /* amount = rk[4:0] = 4 */
    CHECK_EQ(x, 0xfffffffff8000000ULL);
    x = 0x43;
    __asm__ volatile("rotr.d %0, %0, %0" : "+r"(x));      /* amount = 0x43 & 63 = 3 */
    CHECK_EQ(x, 0x6000000000000008ULL);
}

int main(void) {
    test_w_reg();
    test_d_reg();
    test_w_imm();
    test_d_imm();
    test_aliasing();
    return rt_done("shift");
}
