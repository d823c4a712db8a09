/* SPDX-License-Identifier: Apache-2.0
 * Multiply and divide (LoongArch Reference Manual Vol 1 v1.10, §2.2.1.11-§2.2.1.13):
 * mul.w/d, mulh.w/wu/d/du, mulw.d.w/wu, div/mod .w/.wu/.d/.du.
 *
 * .W products/quotients/remainders are computed on bits 31:0 and sign-extended
 * (including MULH.WU, DIV.WU, MOD.WU). The .W divide inputs are kept sign-extended:
 * without CPUCFG2.DIV32 the manual leaves other inputs undefined.
 *
 * UNSPECIFIED BY THE MANUAL — expected values are what QEMU (target/loongarch,
 * trans_arith.c.inc: prep_divisor_d/prep_divisor_du replace the divisor by 1) produces:
 *   - division by zero ("the result can be any value, but no exception", §2.2.1.13): quotient = dividend (the .W forms
 *     give the dividend's bits 31:0 sign-extended; .WU likewise), remainder = 0;
 *   - INT64_MIN / -1: quotient INT64_MIN, remainder 0;
 *     INT32_MIN / -1 (.W): quotient 0x80000000 sign-extended, remainder 0. */
#include "rt.h"

typedef uint64_t u64;

#define R2(op, a, b) ({ u64 r_; __asm__ volatile(op " %0, %1, %2" : "=r"(r_) : "r"((u64)(a)), "r"((u64)(b))); r_; })

#define I64_MIN 0x8000000000000000ULL
#define M1 0xffffffffffffffffULL
#define S32(x) ((u64)(int64_t)(int32_t)(uint32_t)(x))   /* sign-extend a 32-bit constant */

static void test_mul(void) {
    CHECK_EQ(R2("mul.w", 0x10000, 0x8000), 0xffffffff80000000ULL);
    CHECK_EQ(R2("mul.w", (u64)-3, 7), (u64)-21);
    CHECK_EQ(R2("mul.w", 0xffffffff00000003ULL, 0x1234567800000005ULL), 15); /* bits 63:32 ignored */
    CHECK_EQ(R2("mul.w", 0x12345678, 0x9abcdef), 0xffffffffe242d208ULL);
    CHECK_EQ(R2("mul.w", 0x7fffffff, 0x7fffffff), 1);
    CHECK_EQ(R2("mul.d", 0x100000000ULL, 0x100000000ULL), 0);
    CHECK_EQ(R2("mul.d", (u64)-3, 7), (u64)-21);
    CHECK_EQ(R2("mul.d", 0x0123456789abcdefULL, 0xfedcba9876543210ULL), 0x2236d88fe5618cf0ULL);
    CHECK_EQ(R2("mul.d", I64_MIN, M1), I64_MIN);
    /* MULH.W: high word of the signed 64-bit product of rj[31:0]*rk[31:0] */
    CHECK_EQ(R2("mulh.w", 0x80000000, 0x80000000), 0x40000000);
    CHECK_EQ(R2("mulh.w", S32(0x80000000), S32(0x80000000)), 0x40000000);
    CHECK_EQ(R2("mulh.w", M1, 1), M1);
    CHECK_EQ(R2("mulh.w", 0x7fffffff, 0x7fffffff), 0x3fffffff);
    CHECK_EQ(R2("mulh.w", 0x7fffffff, S32(0x80000000)), S32(0xc0000000));
    CHECK_EQ(R2("mulh.w", 0xaaaaaaaa00000002ULL, 0x40000000), 0);
    /* MULH.WU: unsigned, high word sign-extended */
    CHECK_EQ(R2("mulh.wu", 0xffffffff, 0xffffffff), 0xfffffffffffffffeULL);
    CHECK_EQ(R2("mulh.wu", M1, 2), 1);
    CHECK_EQ(R2("mulh.wu", 0x80000000, 2), 1);
    CHECK_EQ(R2("mulh.wu", 0x12345678, 0x10), 1);
    /* MULH.D / MULH.DU */
    CHECK_EQ(R2("mulh.d", M1, M1), 0);
    CHECK_EQ(R2("mulh.d", I64_MIN, 2), M1);
    CHECK_EQ(R2("mulh.d", I64_MIN, I64_MIN), 0x4000000000000000ULL);
    CHECK_EQ(R2("mulh.d", 0x0123456789abcdefULL, 0xfedcba9876543210ULL), 0xfffeb49923cc0953ULL);
    CHECK_EQ(R2("mulh.du", M1, M1), 0xfffffffffffffffeULL);
    CHECK_EQ(R2("mulh.du", I64_MIN, 2), 1);
    CHECK_EQ(R2("mulh.du", 0x0123456789abcdefULL, 0xfedcba9876543210ULL), 0x0121fa00ad77d742ULL);
    /* MULW.D.W / MULW.D.WU: full 64-bit product of the low words */
    CHECK_EQ(R2("mulw.d.w", 0x80000000, 0x80000000), 0x4000000000000000ULL);
    CHECK_EQ(R2("mulw.d.w", M1, 5), (u64)-5);
    CHECK_EQ(R2("mulw.d.w", 0x1234567800000002ULL, 0xffffffff00000003ULL), 6);
    CHECK_EQ(R2("mulw.d.w", 0x7fffffff, S32(0x80000000)), 0xc000000080000000ULL);
    CHECK_EQ(R2("mulw.d.wu", 0xffffffff, 0xffffffff), 0xfffffffe00000001ULL);
    CHECK_EQ(R2("mulw.d.wu", M1, 2), 0x1fffffffeULL);
    CHECK_EQ(R2("mulw.d.wu", 0x80000000, 0x80000000), 0x4000000000000000ULL);
}

static void test_div_w(void) {
    CHECK_EQ(R2("div.w", 7, (u64)-2), (u64)-3);               /* truncation toward zero */
    CHECK_EQ(R2("mod.w", 7, (u64)-2), 1);
    CHECK_EQ(R2("div.w", (u64)-7, 2), (u64)-3);
    CHECK_EQ(R2("mod.w", (u64)-7, 2), (u64)-1);                /* sign of the dividend */
    CHECK_EQ(R2("div.w", (u64)-7, (u64)-2), 3);
    CHECK_EQ(R2("mod.w", (u64)-7, (u64)-2), (u64)-1);
    CHECK_EQ(R2("div.w", 0x7fffffff, 1), 0x7fffffff);
    CHECK_EQ(R2("div.w", S32(0x80000000), 2), S32(0xc0000000));
    CHECK_EQ(R2("mod.w", 100, 7), 2);
    /* DIV.WU / MOD.WU: unsigned on bits 31:0, result sign-extended */
    CHECK_EQ(R2("div.wu", M1, 2), 0x7fffffff);                 /* 0xffffffff / 2 */
    CHECK_EQ(R2("div.wu", S32(0xfffffffe), M1), 0);
    CHECK_EQ(R2("mod.wu", S32(0xfffffffe), M1), S32(0xfffffffe));
    CHECK_EQ(R2("div.wu", M1, 1), M1);                          /* 0xffffffff sign-extended */
    CHECK_EQ(R2("mod.wu", M1, 10), 5);                          /* 4294967295 % 10 */
    CHECK_EQ(R2("div.wu", S32(0x80000000), 0x10), 0x08000000);
    /* unspecified cases — QEMU values (see header) */
    CHECK_EQ(R2("div.w", S32(0x80000000), M1), S32(0x80000000));
    CHECK_EQ(R2("mod.w", S32(0x80000000), M1), 0);
    CHECK_EQ(R2("div.w", 1234, 0), 1234);
    CHECK_EQ(R2("mod.w", 1234, 0), 0);
    CHECK_EQ(R2("div.w", (u64)-5, 0), (u64)-5);
    CHECK_EQ(R2("mod.w", (u64)-5, 0), 0);
    CHECK_EQ(R2("div.wu", M1, 0), M1);
    CHECK_EQ(R2("mod.wu", M1, 0), 0);
    CHECK_EQ(R2("div.wu", 77, 0x0000000000000000ULL), 77);
    CHECK_EQ(R2("mod.wu", 77, 0), 0);
}

static void test_div_d(void) {
    CHECK_EQ(R2("div.d", 7, (u64)-2), (u64)-3);
    CHECK_EQ(R2("mod.d", 7, (u64)-2), 1);
    CHECK_EQ(R2("div.d", (u64)-7, 2), (u64)-3);
    CHECK_EQ(R2("mod.d", (u64)-7, 2), (u64)-1);
    CHECK_EQ(R2("div.d", 0x7fffffffffffffffULL, 0x100000000ULL), 0x7fffffffULL);
    CHECK_EQ(R2("mod.d", 0x7fffffffffffffffULL, 0x100000000ULL), 0xffffffffULL);
    CHECK_EQ(R2("div.d", I64_MIN, 2), 0xc000000000000000ULL);
    CHECK_EQ(R2("mod.d", 0x0123456789abcdefULL, 0x10000), 0xcdef);
    CHECK_EQ(R2("div.du", M1, 2), 0x7fffffffffffffffULL);
    CHECK_EQ(R2("mod.du", M1, 10), 5);                          /* 18446744073709551615 % 10 */
    CHECK_EQ(R2("div.du", I64_MIN, M1), 0);
    CHECK_EQ(R2("mod.du", I64_MIN, M1), I64_MIN);
    CHECK_EQ(R2("div.du", M1, 0x100000000ULL), 0xffffffffULL);
    CHECK_EQ(R2("div.du", 0x0123456789abcdefULL, 0x1000), 0x0000123456789abcULL);
    /* unspecified cases — QEMU values (see header) */
    CHECK_EQ(R2("div.d", I64_MIN, M1), I64_MIN);
    CHECK_EQ(R2("mod.d", I64_MIN, M1), 0);
    CHECK_EQ(R2("div.d", 0x0123456789abcdefULL, 0), 0x0123456789abcdefULL);
    CHECK_EQ(R2("mod.d", 0x0123456789abcdefULL, 0), 0);
    CHECK_EQ(R2("div.du", M1, 0), M1);
    CHECK_EQ(R2("mod.du", M1, 0), 0);
    CHECK_EQ(R2("div.du", 42, 0), 42);
    CHECK_EQ(R2("mod.du", 42, 0), 0);
}

int main(void) {
    test_mul();
    test_div_w();
    test_div_d();
    return rt_done("muldiv");
}
