/* SPDX-License-Identifier: Apache-2.0
 * Scalar FP arithmetic (LoongArch Reference Manual Vol 1 v1.10, §3.2.1 "Floating-Point
 * Arithmetic Operation Instructions", §3.1.4 exceptions, §3.1.3 FCSR):
 * fadd/fsub/fmul/fdiv, fmadd/fmsub/fnmadd/fnmsub (fused), fmax/fmin (IEEE 754-2008
 * maxNum/minNum), fmaxa/fmina (maxNumMag/minNumMag), fabs/fneg/fcopysign, fsqrt,
 * frecip, frsqrt, fscaleb, flogb, fclass, fmov; FCSR Cause/Flags after inexact,
 * underflow, overflow, divide-by-zero and invalid; an enabled exception (FPE, 0x12).
 *
 * All values are IEEE 754 binary32/binary64 bit patterns; results are IEEE 754-2008
 * results in the rounding mode selected by FCSR0.RM. Values the manual/IEEE leave open
 * and where QEMU's choice is checked (marked "QEMU"):
 *  - the default quiet NaN: 0x7fc00000 / 0x7ff8000000000000 (manual: "a QNaN");
 *  - maxNum(+0, -0) = +0 and minNum(+0, -0) = -0 (754-2008 allows either zero);
 *  - maxNumMag/minNumMag of equal magnitudes fall back to maxNum/minNum (754-2008).
 * FP is enabled with EUEN.FPE = 1 (CSR 0x2 bit 0) before any FP instruction. */
#include "rt.h"
#include "trap.h"

typedef uint64_t u64;
typedef uint32_t u32;

/* single: operands/result as bit patterns (movfr2gr.s sign-extends; cast back) */
#define S1(op, a) ((u32)({ u64 r_; __asm__ volatile("movgr2fr.w $f0, %1\n\t" op " $f2, $f0\n\tmovfr2gr.s %0, $f2" \
    : "=r"(r_) : "r"((u64)(a)) : "$f0", "$f2", "memory"); r_; }))
#define S2(op, a, b) ((u32)({ u64 r_; __asm__ volatile("movgr2fr.w $f0, %1\n\tmovgr2fr.w $f1, %2\n\t" op \
    " $f2, $f0, $f1\n\tmovfr2gr.s %0, $f2" : "=r"(r_) : "r"((u64)(a)), "r"((u64)(b)) : "$f0", "$f1", "$f2", "memory"); r_; }))
#define S3(op, a, b, c) ((u32)({ u64 r_; __asm__ volatile("movgr2fr.w $f0, %1\n\tmovgr2fr.w $f1, %2\n\t" \
    "movgr2fr.w $f3, %3\n\t" op " $f2, $f0, $f1, $f3\n\tmovfr2gr.s %0, $f2" : "=r"(r_) \
    : "r"((u64)(a)), "r"((u64)(b)), "r"((u64)(c)) : "$f0", "$f1", "$f2", "$f3", "memory"); r_; }))
#define D1(op, a) ({ u64 r_; __asm__ volatile("movgr2fr.d $f0, %1\n\t" op " $f2, $f0\n\tmovfr2gr.d %0, $f2" \
    : "=r"(r_) : "r"((u64)(a)) : "$f0", "$f2", "memory"); r_; })
#define D2(op, a, b) ({ u64 r_; __asm__ volatile("movgr2fr.d $f0, %1\n\tmovgr2fr.d $f1, %2\n\t" op \
    " $f2, $f0, $f1\n\tmovfr2gr.d %0, $f2" : "=r"(r_) : "r"((u64)(a)), "r"((u64)(b)) : "$f0", "$f1", "$f2", "memory"); r_; })
#define D3(op, a, b, c) ({ u64 r_; __asm__ volatile("movgr2fr.d $f0, %1\n\tmovgr2fr.d $f1, %2\n\t" \
    "movgr2fr.d $f3, %3\n\t" op " $f2, $f0, $f1, $f3\n\tmovfr2gr.d %0, $f2" : "=r"(r_) \
    : "r"((u64)(a)), "r"((u64)(b)), "r"((u64)(c)) : "$f0", "$f1", "$f2", "$f3", "memory"); r_; })

static inline void set_fcsr(u64 v) { __asm__ volatile("movgr2fcsr $fcsr0, %0" :: "r"(v) : "memory"); }
static inline u64 get_fcsr(void) { u64 r; __asm__ volatile("movfcsr2gr %0, $fcsr0" : "=r"(r) :: "memory"); return r; }

/* FCSR0 fields */
#define RM_RNE 0x000
#define RM_RZ 0x100
#define RM_RP 0x200
#define RM_RM 0x300
#define FI 0x01
#define FU 0x02
#define FO 0x04
#define FZ 0x08
#define FV 0x10
#define CAUSE(x) ((u64)(x) << 24)
#define FLAGS(x) ((u64)(x) << 16)

/* binary32 */
#define S_0 0x00000000u
#define S_N0 0x80000000u
#define S_HALF 0x3f000000u
#define S_1 0x3f800000u
#define S_1P5 0x3fc00000u
#define S_2 0x40000000u
#define S_3 0x40400000u
#define S_4 0x40800000u
#define S_N1 0xbf800000u
#define S_N2 0xc0000000u
#define S_N3 0xc0400000u
#define S_INF 0x7f800000u
#define S_NINF 0xff800000u
#define S_QNAN 0x7fc00000u
#define S_SNAN 0x7fa00000u
#define S_MAX 0x7f7fffffu
#define S_MINN 0x00800000u            /* smallest normal 2^-126 */
#define S_DEN 0x00000001u             /* smallest subnormal */
/* binary64 */
#define D_0 0x0000000000000000ULL
#define D_N0 0x8000000000000000ULL
#define D_HALF 0x3fe0000000000000ULL
#define D_1 0x3ff0000000000000ULL
#define D_1P5 0x3ff8000000000000ULL
#define D_2 0x4000000000000000ULL
#define D_3 0x4008000000000000ULL
#define D_4 0x4010000000000000ULL
#define D_N1 0xbff0000000000000ULL
#define D_N3 0xc008000000000000ULL
#define D_INF 0x7ff0000000000000ULL
#define D_NINF 0xfff0000000000000ULL
#define D_QNAN 0x7ff8000000000000ULL
#define D_SNAN 0x7ff4000000000000ULL
#define D_MAX 0x7fefffffffffffffULL

static void test_basic(void) {
    set_fcsr(RM_RNE);
    CHECK_EQ(S2("fadd.s", S_1, S_2), S_3);
    CHECK_EQ(S2("fsub.s", S_1, S_2), S_N1);
    CHECK_EQ(S2("fmul.s", S_3, S_HALF), S_1P5);
    CHECK_EQ(S2("fdiv.s", S_3, S_2), S_1P5);
    CHECK_EQ(S2("fadd.s", S_1, S_N1), S_0);               /* x - x = +0 in RNE */
    CHECK_EQ(D2("fadd.d", D_1, D_2), D_3);
    CHECK_EQ(D2("fsub.d", D_1, D_2), D_N1);
    CHECK_EQ(D2("fmul.d", D_3, D_HALF), D_1P5);
    CHECK_EQ(D2("fdiv.d", D_3, D_2), D_1P5);
    CHECK_EQ(D2("fmul.d", D_N1, D_0), D_N0);
    CHECK_EQ(S1("fsqrt.s", S_4), S_2);
    CHECK_EQ(D1("fsqrt.d", D_4), D_2);
    CHECK_EQ(D1("fsqrt.d", D_2), 0x3ff6a09e667f3bcdULL);  /* sqrt(2), RNE */
    CHECK_EQ(S1("fsqrt.s", S_2), 0x3fb504f3u);
    CHECK_EQ(D1("fsqrt.d", D_N0), D_N0);                  /* sqrt(-0) = -0 */
    CHECK_EQ(S1("frecip.s", S_2), S_HALF);
    CHECK_EQ(D1("frecip.d", D_HALF), D_2);
    CHECK_EQ(S1("frsqrt.s", S_4), S_HALF);
    CHECK_EQ(D1("frsqrt.d", 0x4030000000000000ULL), 0x3fd0000000000000ULL);   /* 1/sqrt(16) */
    /* fused multiply-add family: fj * fk (+/-) fa */
    CHECK_EQ(S3("fmadd.s", S_2, S_3, S_1), 0x40e00000u);  /*  7 */
    CHECK_EQ(S3("fmsub.s", S_2, S_3, S_1), 0x40a00000u);  /*  5 */
    CHECK_EQ(S3("fnmadd.s", S_2, S_3, S_1), 0xc0e00000u); /* -7 */
    CHECK_EQ(S3("fnmsub.s", S_2, S_3, S_1), 0xc0a00000u); /* -5 */
    CHECK_EQ(D3("fmadd.d", D_2, D_3, D_1), 0x401c000000000000ULL);
    CHECK_EQ(D3("fmsub.d", D_2, D_3, D_1), 0x4014000000000000ULL);
    CHECK_EQ(D3("fnmadd.d", D_2, D_3, D_1), 0xc01c000000000000ULL);
    CHECK_EQ(D3("fnmsub.d", D_2, D_3, D_1), 0xc014000000000000ULL);
    /* single rounding: (1 + 2^-52)(1 - 2^-52) - 1 = -2^-104 exactly (unfused: 0) */
    CHECK_EQ(D3("fmadd.d", 0x3ff0000000000001ULL, 0x3feffffffffffffeULL, D_N1), 0xb970000000000000ULL);
    /* (1 + 2^-12)^2 - 1 = 2^-11 + 2^-24 exactly (unfused: the product rounds to
     * 1 + 2^-11 and the result is 2^-11 = 0x3a000000) */
    CHECK_EQ(S3("fmsub.s", 0x3f800800u, 0x3f800800u, S_1), 0x3a000400u);
    /* abs / neg / copysign are bit operations, NaN payloads included */
    CHECK_EQ(S1("fabs.s", S_N3), S_3);
    CHECK_EQ(S1("fneg.s", S_3), S_N3);
    CHECK_EQ(S1("fneg.s", S_QNAN), 0xffc00000u);
    CHECK_EQ(S1("fabs.s", 0xffc00001u), 0x7fc00001u);
    CHECK_EQ(D1("fabs.d", D_N0), D_0);
    CHECK_EQ(D1("fneg.d", D_0), D_N0);
    CHECK_EQ(S2("fcopysign.s", S_3, S_N0), S_N3);
    CHECK_EQ(S2("fcopysign.s", S_N3, S_1), S_3);
    CHECK_EQ(D2("fcopysign.d", D_1, D_NINF), D_N1);
    CHECK_EQ(S1("fmov.s", 0x12345678u), 0x12345678u);
    CHECK_EQ(D1("fmov.d", 0x0123456789abcdefULL), 0x0123456789abcdefULL);
    /* scaleb: fj * 2^N with N the integer in fk; logb: unbiased exponent */
    CHECK_EQ(S2("fscaleb.s", S_1P5, 3), 0x41400000u);     /* 12.0 */
    CHECK_EQ(S2("fscaleb.s", S_1, 0xfffffffeu), 0x3e800000u);  /* 2^-2 */
    CHECK_EQ(D2("fscaleb.d", D_1, (u64)-1), D_HALF);
    CHECK_EQ(D2("fscaleb.d", D_3, 10), 0x40a8000000000000ULL); /* 3072 */
    CHECK_EQ(S1("flogb.s", 0x41000000u), S_3);             /* logb(8) = 3 */
    CHECK_EQ(S1("flogb.s", S_HALF), S_N1);
    CHECK_EQ(D1("flogb.d", 0x4090000000000000ULL), 0x4024000000000000ULL);  /* logb(1024) = 10 */
    CHECK_EQ(D1("flogb.d", D_1P5), D_0);
}

static void test_rounding(void) {
    /* 1/3 in every rounding mode */
    set_fcsr(RM_RNE);
    CHECK_EQ(S2("fdiv.s", S_1, S_3), 0x3eaaaaabu);
    CHECK_EQ(D2("fdiv.d", D_1, D_3), 0x3fd5555555555555ULL);
    set_fcsr(RM_RZ);
    CHECK_EQ(S2("fdiv.s", S_1, S_3), 0x3eaaaaaau);
    CHECK_EQ(S2("fdiv.s", S_N1, S_3), 0xbeaaaaaau);
    CHECK_EQ(D2("fdiv.d", D_1, D_3), 0x3fd5555555555555ULL);
    set_fcsr(RM_RP);
    CHECK_EQ(S2("fdiv.s", S_1, S_3), 0x3eaaaaabu);
    CHECK_EQ(S2("fdiv.s", S_N1, S_3), 0xbeaaaaaau);
    CHECK_EQ(D2("fdiv.d", D_1, D_3), 0x3fd5555555555556ULL);
    set_fcsr(RM_RM);
    CHECK_EQ(S2("fdiv.s", S_1, S_3), 0x3eaaaaaau);
    CHECK_EQ(S2("fdiv.s", S_N1, S_3), 0xbeaaaaabu);
    CHECK_EQ(D2("fdiv.d", D_N1, D_3), 0xbfd5555555555556ULL);
    /* 1 + 2^-24 is a tie in binary32: RNE -> 1.0 (even), RP -> 1 + 2^-23 */
    set_fcsr(RM_RNE);
    CHECK_EQ(S2("fadd.s", S_1, 0x33800000u), S_1);
    CHECK_EQ(S2("fadd.s", 0x3f800001u, 0x33800000u), 0x3f800002u);   /* tie to even, up */
    set_fcsr(RM_RP);
    CHECK_EQ(S2("fadd.s", S_1, 0x33800000u), 0x3f800001u);
    set_fcsr(RM_RM);
    CHECK_EQ(S2("fadd.s", S_N1, 0xb3800000u), 0xbf800001u);
    CHECK_EQ(S2("fadd.s", S_1, S_N1), S_N0);                         /* x - x = -0 in RM */
    set_fcsr(RM_RZ);
    CHECK_EQ(S2("fadd.s", S_N1, 0xb3800000u), S_N1);
    CHECK_EQ(D2("fadd.d", D_1, 0x3ca0000000000000ULL), D_1);          /* 1 + 2^-53, RZ */
    /* overflow result depends on the mode (§3.1.4 default results) */
    set_fcsr(RM_RNE);
    CHECK_EQ(S2("fmul.s", S_MAX, S_2), S_INF);
    set_fcsr(RM_RZ);
    CHECK_EQ(S2("fmul.s", S_MAX, S_2), S_MAX);
    CHECK_EQ(D2("fmul.d", D_MAX, D_2), D_MAX);
    set_fcsr(RM_RP);
    CHECK_EQ(S2("fmul.s", S_MAX | 0x80000000u, S_2), S_MAX | 0x80000000u);
    set_fcsr(RM_RM);
    CHECK_EQ(S2("fmul.s", S_MAX, S_2), S_MAX);
    CHECK_EQ(S2("fmul.s", S_MAX | 0x80000000u, S_2), S_NINF);
    set_fcsr(RM_RNE);
}

static void test_minmax(void) {
    set_fcsr(0);
    CHECK_EQ(S2("fmax.s", S_1, S_2), S_2);
    CHECK_EQ(S2("fmax.s", S_N1, S_N2), S_N1);
    CHECK_EQ(S2("fmin.s", S_1, S_2), S_1);
    CHECK_EQ(S2("fmin.s", S_N1, S_N2), S_N2);
    CHECK_EQ(S2("fmax.s", S_NINF, S_N3), S_N3);
    CHECK_EQ(S2("fmin.s", S_INF, S_3), S_3);
    /* maxNum/minNum: a quiet NaN loses against a number, on either side */
    CHECK_EQ(S2("fmax.s", S_QNAN, S_1), S_1);
    CHECK_EQ(S2("fmax.s", S_1, S_QNAN), S_1);
    CHECK_EQ(S2("fmin.s", S_QNAN, S_N3), S_N3);
    CHECK_EQ(D2("fmax.d", D_QNAN, D_N3), D_N3);
    CHECK_EQ(D2("fmin.d", D_3, D_QNAN), D_3);
    CHECK_EQ(get_fcsr(), 0);                               /* quiet NaNs: no invalid */
    CHECK_EQ(S2("fmax.s", S_QNAN, S_QNAN), S_QNAN);
    CHECK_EQ(D2("fmax.d", D_1, D_3), D_3);
    CHECK_EQ(D2("fmin.d", D_1, D_3), D_1);
    /* signed zeros (QEMU: +0 is the larger) */
    CHECK_EQ(S2("fmax.s", S_0, S_N0), S_0);
    CHECK_EQ(S2("fmax.s", S_N0, S_0), S_0);
    CHECK_EQ(S2("fmin.s", S_0, S_N0), S_N0);
    CHECK_EQ(D2("fmin.d", D_N0, D_0), D_N0);
    /* magnitude forms */
    CHECK_EQ(S2("fmaxa.s", S_N3, S_2), S_N3);
    CHECK_EQ(S2("fmina.s", S_N3, S_2), S_2);
    CHECK_EQ(S2("fmaxa.s", S_1, S_N2), S_N2);
    CHECK_EQ(S2("fmina.s", S_1, S_N2), S_1);
    CHECK_EQ(D2("fmaxa.d", D_N3, D_2), D_N3);
    CHECK_EQ(D2("fmina.d", D_N3, D_2), D_2);
    CHECK_EQ(S2("fmaxa.s", S_2, S_N2), S_2);               /* equal magnitude: maxNum */
    CHECK_EQ(S2("fmina.s", S_2, S_N2), S_N2);              /* equal magnitude: minNum */
    CHECK_EQ(S2("fmaxa.s", S_QNAN, S_N3), S_N3);
    CHECK_EQ(D2("fmina.d", D_QNAN, D_N3), D_N3);
    /* a signaling NaN operand: invalid, quiet NaN result (754-2008 maxNum) */
    set_fcsr(0);
    u32 r = S2("fmax.s", S_SNAN, S_1);
    CHECK_EQ((r & 0x7fc00000u) == 0x7fc00000u, 1);
    CHECK_EQ(get_fcsr() & FLAGS(FV), FLAGS(FV));
    set_fcsr(0);
}

static void test_fclass(void) {
    /* bit 0 sNaN, 1 qNaN, 2..5 negative inf/normal/subnormal/zero, 6..9 positive */
    CHECK_EQ(S1("fclass.s", S_SNAN), 1u << 0);
    CHECK_EQ(S1("fclass.s", S_QNAN), 1u << 1);
    CHECK_EQ(S1("fclass.s", 0xffc00000u), 1u << 1);
    CHECK_EQ(S1("fclass.s", S_NINF), 1u << 2);
    CHECK_EQ(S1("fclass.s", S_N3), 1u << 3);
    CHECK_EQ(S1("fclass.s", 0x80000001u), 1u << 4);
    CHECK_EQ(S1("fclass.s", S_N0), 1u << 5);
    CHECK_EQ(S1("fclass.s", S_INF), 1u << 6);
    CHECK_EQ(S1("fclass.s", S_MINN), 1u << 7);
    CHECK_EQ(S1("fclass.s", 0x007fffffu), 1u << 8);
    CHECK_EQ(S1("fclass.s", S_0), 1u << 9);
    CHECK_EQ(D1("fclass.d", D_SNAN), 1u << 0);
    CHECK_EQ(D1("fclass.d", D_QNAN), 1u << 1);
    CHECK_EQ(D1("fclass.d", D_NINF), 1u << 2);
    CHECK_EQ(D1("fclass.d", D_N1), 1u << 3);
    CHECK_EQ(D1("fclass.d", 0x800fffffffffffffULL), 1u << 4);
    CHECK_EQ(D1("fclass.d", D_N0), 1u << 5);
    CHECK_EQ(D1("fclass.d", D_INF), 1u << 6);
    CHECK_EQ(D1("fclass.d", D_MAX), 1u << 7);
    CHECK_EQ(D1("fclass.d", 0x0000000000000001ULL), 1u << 8);
    CHECK_EQ(D1("fclass.d", D_0), 1u << 9);
}

static void test_flags(void) {
    /* Cause = exceptions of the last operation, Flags accumulate (Enables = 0) */
    set_fcsr(0);
    CHECK_EQ(S2("fdiv.s", S_1, S_3), 0x3eaaaaabu);
    CHECK_EQ(get_fcsr(), CAUSE(FI) | FLAGS(FI));
    CHECK_EQ(S2("fadd.s", S_1, S_1), S_2);                  /* exact: Cause cleared */
    CHECK_EQ(get_fcsr(), FLAGS(FI));
    set_fcsr(0);
    CHECK_EQ(S2("fmul.s", S_MAX, S_2), S_INF);              /* overflow implies inexact */
    CHECK_EQ(get_fcsr(), CAUSE(FO | FI) | FLAGS(FO | FI));
    set_fcsr(0);
    CHECK_EQ(S2("fdiv.s", S_N1, S_0), S_NINF);              /* divide by zero */
    CHECK_EQ(get_fcsr(), CAUSE(FZ) | FLAGS(FZ));
    set_fcsr(0);
    CHECK_EQ(S1("frecip.s", S_0), S_INF);
    CHECK_EQ(get_fcsr(), CAUSE(FZ) | FLAGS(FZ));
    set_fcsr(0);
    CHECK_EQ(S1("flogb.s", S_0), S_NINF);                   /* logB(0): divideByZero (754) */
    CHECK_EQ(get_fcsr(), CAUSE(FZ) | FLAGS(FZ));
    set_fcsr(0);
    CHECK_EQ(S2("fdiv.s", S_0, S_0), S_QNAN);               /* invalid, default NaN (QEMU) */
    CHECK_EQ(get_fcsr(), CAUSE(FV) | FLAGS(FV));
    set_fcsr(0);
    CHECK_EQ(D1("fsqrt.d", D_N1), D_QNAN);
    CHECK_EQ(get_fcsr(), CAUSE(FV) | FLAGS(FV));
    set_fcsr(0);
    CHECK_EQ(D2("fsub.d", D_INF, D_INF), D_QNAN);
    CHECK_EQ(get_fcsr(), CAUSE(FV) | FLAGS(FV));
    set_fcsr(0);
    CHECK_EQ(D3("fmadd.d", D_INF, D_0, D_1), D_QNAN);       /* inf * 0 */
    CHECK_EQ(get_fcsr(), CAUSE(FV) | FLAGS(FV));
    set_fcsr(0);
    CHECK_EQ(S2("fadd.s", S_SNAN, S_1), S_QNAN | 0x00200000u);   /* sNaN quieted, payload kept */
    CHECK_EQ(get_fcsr(), CAUSE(FV) | FLAGS(FV));
    set_fcsr(0);
    CHECK_EQ(S2("fadd.s", S_QNAN, S_1), S_QNAN);            /* quiet NaN: no exception */
    CHECK_EQ(get_fcsr(), 0);
    /* underflow: tiny and inexact -> U and I; tiny but exact -> nothing (§3.1.4) */
    set_fcsr(0);
    CHECK_EQ(S2("fmul.s", 0x00800001u, S_HALF), 0x00400000u);    /* RNE: tie to even */
    CHECK_EQ(get_fcsr(), CAUSE(FU | FI) | FLAGS(FU | FI));
    set_fcsr(0);
    CHECK_EQ(S2("fmul.s", S_MINN, S_HALF), 0x00400000u);         /* exact subnormal */
    CHECK_EQ(get_fcsr(), 0);
    set_fcsr(0);
    CHECK_EQ(D2("fmul.d", 0x0010000000000000ULL, 0x0010000000000000ULL), D_0);  /* 2^-2044 -> 0 */
    CHECK_EQ(get_fcsr(), CAUSE(FU | FI) | FLAGS(FU | FI));
    /* Flags accumulate across operations */
    set_fcsr(0);
    (void)S2("fdiv.s", S_1, S_0);
    (void)S2("fdiv.s", S_0, S_0);
    (void)S2("fdiv.s", S_1, S_3);
    CHECK_EQ(get_fcsr(), CAUSE(FI) | FLAGS(FZ | FV | FI));
    set_fcsr(0);
}

static void test_fpe(void) {
    /* Enables.V = 1: 0/0 raises FPE (Ecode 0x12, EsubCode 0), fd is not written,
     * Cause records V, Flags are not updated (§3.1.4) */
    trap_install();
    u64 pc, r;
    set_fcsr(FV);
    __asm__ volatile("movgr2fr.w $f0, %2\n\tmovgr2fr.w $f2, %3\n\tla.abs %1, 1f\n"
                     "1:\tfdiv.s $f2, $f0, $f0\n\tmovfr2gr.s %0, $f2"
                     : "=r"(r), "=&r"(pc) : "r"((u64)S_0), "r"(0x12345678ULL) : "$f0", "$f2", "memory");
    u64 fcsr = get_fcsr();
    set_fcsr(0);
    CHECK_EQ(trap.count, 1);
    CHECK_EQ(TRAP_ECODE(trap.estat), 0x12);
    CHECK_EQ(TRAP_ESUBCODE(trap.estat), 0);
    CHECK_EQ(trap.era, pc);
    CHECK_EQ(r, 0x12345678);
    CHECK_EQ(fcsr, CAUSE(FV) | FV);
    trap_clear();
    /* Enables.Z = 1 but the operation only raises I: no trap, Flags.I set */
    set_fcsr(FZ);
    CHECK_EQ(S2("fdiv.s", S_1, S_3), 0x3eaaaaabu);
    CHECK_EQ(get_fcsr(), FZ | CAUSE(FI) | FLAGS(FI));
    CHECK_EQ(trap.count, 0);
    set_fcsr(0);
}

int main(void) {
    u64 v = 1;
    __asm__ volatile("csrwr %0, 0x2" : "+r"(v));           /* EUEN.FPE = 1 */
    test_basic();
    test_rounding();
    test_minmax();
    test_fclass();
    test_flags();
    test_fpe();
    return rt_done("fp_arith");
}
