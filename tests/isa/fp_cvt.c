/* SPDX-License-Identifier: Apache-2.0
 * FP conversions and moves (LoongArch Reference Manual Vol 1 v1.10, §3.2.3 "Floating-
 * Point Conversion Instructions", §3.2.4 "Floating-Point Move Instructions", §3.1.3
 * FCSR): fcvt.s.d/d.s, ffint.{s,d}.{w,l}, ftint.{w,l}.{s,d} (FCSR.RM),
 * ftint{rm,rp,rz,rne}.{w,l}.{s,d} (fixed mode, whatever FCSR.RM says), frint.{s,d},
 * movgr2fr.{w,d}, movgr2frh.w, movfr2gr.{s,d}, movfrh2gr.s, movgr2fcsr/movfcsr2gr with
 * fcsr0..3 (fcsr1 = Enables, fcsr2 = Cause + Flags, fcsr3 = RM views of fcsr0).
 *
 * Every rounding-dependent conversion is run in all four modes (RM 0 RNE, 1 RZ,
 * 2 RP, 3 RM) set with movgr2fcsr. Integer results of ftint live in FR[31:0] (.w) or
 * FR[63:0] (.l) and are read with movfr2gr.s/.d.
 *
 * UNSPECIFIED BY THE MANUAL — QEMU's values are checked (helper_ftint_*): an invalid
 * float-to-integer conversion (NaN, +-inf, out of range) gives 0 for NaN and the
 * saturated INT_MIN/INT_MAX of the target width otherwise; the invalid (V) flag is set.
 * The inexact flag of ftint is not checked: the manual's table ties it to
 * convertToInteger vs convertToIntegerExact and FCSR.Enables.I, ambiguously. */
#include "rt.h"

typedef uint64_t u64;
typedef uint32_t u32;

#define CVT_S(op, a) ((u32)({ u64 r_; __asm__ volatile("movgr2fr.d $f0, %1\n\t" op " $f2, $f0\n\tmovfr2gr.s %0, $f2" \
    : "=r"(r_) : "r"((u64)(a)) : "$f0", "$f2", "memory"); r_; }))
#define CVT_D(op, a) ({ u64 r_; __asm__ volatile("movgr2fr.d $f0, %1\n\t" op " $f2, $f0\n\tmovfr2gr.d %0, $f2" \
    : "=r"(r_) : "r"((u64)(a)) : "$f0", "$f2", "memory"); r_; })

static inline void set_fcsr(u64 v) { __asm__ volatile("movgr2fcsr $fcsr0, %0" :: "r"(v) : "memory"); }
static inline u64 get_fcsr(void) { u64 r; __asm__ volatile("movfcsr2gr %0, $fcsr0" : "=r"(r) :: "memory"); return r; }

#define FLAG_V (1ULL << 20)
#define CAUSE_V (1ULL << 28)
#define FLAG_I (1ULL << 16)
#define FLAG_O (1ULL << 18)

/* binary32 / binary64 bit patterns */
#define S_1P5 0x3fc00000u
#define S_2P5 0x40200000u
#define S_N2P5 0xc0200000u
#define S_QNAN 0x7fc00000u
#define D_1P5 0x3ff8000000000000ULL
#define D_2P5 0x4004000000000000ULL
#define D_N2P5 0xc004000000000000ULL
#define D_N0P5 0xbfe0000000000000ULL
#define D_QNAN 0x7ff8000000000000ULL
#define D_THIRD 0x3fd5555555555555ULL
#define D_NTHIRD 0xbfd5555555555555ULL
#define M1_32 0xffffffffffffffffULL               /* -1 as read by movfr2gr.s */
#define W(x) ((u32)(x))                      /* CVT_S returns FR[31:0] */

static void test_fcvt(void) {
    set_fcsr(0);
    CHECK_EQ(CVT_D("fcvt.d.s", S_1P5), D_1P5);
    CHECK_EQ(CVT_D("fcvt.d.s", 0x00000001u), 0x36a0000000000000ULL);  /* 2^-149 exactly */
    CHECK_EQ(CVT_D("fcvt.d.s", 0xff800000u), 0xfff0000000000000ULL);
    CHECK_EQ(CVT_S("fcvt.s.d", D_1P5), S_1P5);
    CHECK_EQ(get_fcsr(), 0);
    /* 1/3 and -1/3 narrowed in each mode */
    set_fcsr(0x000); CHECK_EQ(CVT_S("fcvt.s.d", D_THIRD), 0x3eaaaaabu); CHECK_EQ(CVT_S("fcvt.s.d", D_NTHIRD), 0xbeaaaaabu);
    set_fcsr(0x100); CHECK_EQ(CVT_S("fcvt.s.d", D_THIRD), 0x3eaaaaaau); CHECK_EQ(CVT_S("fcvt.s.d", D_NTHIRD), 0xbeaaaaaau);
    set_fcsr(0x200); CHECK_EQ(CVT_S("fcvt.s.d", D_THIRD), 0x3eaaaaabu); CHECK_EQ(CVT_S("fcvt.s.d", D_NTHIRD), 0xbeaaaaaau);
    set_fcsr(0x300); CHECK_EQ(CVT_S("fcvt.s.d", D_THIRD), 0x3eaaaaaau); CHECK_EQ(CVT_S("fcvt.s.d", D_NTHIRD), 0xbeaaaaabu);
    /* overflow when narrowing: +inf in RNE, with O and I */
    set_fcsr(0);
    CHECK_EQ(CVT_S("fcvt.s.d", 0x7e37e43c8800759cULL), 0x7f800000u);   /* 1e300 */
    CHECK_EQ(get_fcsr() & (FLAG_O | FLAG_I), FLAG_O | FLAG_I);
    set_fcsr(0x100);
    CHECK_EQ(CVT_S("fcvt.s.d", 0x7e37e43c8800759cULL), 0x7f7fffffu);   /* RZ: MAX */
    /* signaling NaN is quieted with V */
    set_fcsr(0);
    u32 n = CVT_S("fcvt.s.d", 0x7ff4000000000000ULL);
    CHECK_EQ((n & 0x7fc00000u) == 0x7fc00000u, 1);
    CHECK_EQ(get_fcsr(), CAUSE_V | FLAG_V);
    set_fcsr(0);
}

static void test_ffint(void) {
    set_fcsr(0);
    CHECK_EQ(CVT_S("ffint.s.w", (u32)-3), 0xc0400000u);
    CHECK_EQ(CVT_S("ffint.s.w", 0xabcdef0000000007ULL), 0x40e00000u);   /* only bits 31:0 */
    CHECK_EQ(CVT_D("ffint.d.w", 0x80000000u), 0xc1e0000000000000ULL);   /* -2^31 */
    CHECK_EQ(CVT_D("ffint.d.w", 0x7fffffffu), 0x41dfffffffc00000ULL);
    CHECK_EQ(CVT_D("ffint.d.l", (u64)-1), 0xbff0000000000000ULL);
    CHECK_EQ(CVT_D("ffint.d.l", 0x8000000000000000ULL), 0xc3e0000000000000ULL);
    CHECK_EQ(CVT_S("ffint.s.l", 0x0000000100000000ULL), 0x4f800000u);  /* 2^32 */
    CHECK_EQ(get_fcsr(), 0);
    /* 2^24 + 1 (binary32) and 2^53 + 1 (binary64) are not representable */
    const u64 i24 = 0x1000001, n24 = (u64)-0x1000001LL, i53 = 0x20000000000001ULL;
    set_fcsr(0x000);
    CHECK_EQ(CVT_S("ffint.s.w", i24), 0x4b800000u);
    CHECK_EQ(CVT_S("ffint.s.l", n24), 0xcb800000u);
    CHECK_EQ(CVT_D("ffint.d.l", i53), 0x4340000000000000ULL);
    CHECK_EQ(get_fcsr() & FLAG_I, FLAG_I);
    set_fcsr(0x100);
    CHECK_EQ(CVT_S("ffint.s.w", i24), 0x4b800000u);
    CHECK_EQ(CVT_S("ffint.s.l", n24), 0xcb800000u);
    CHECK_EQ(CVT_D("ffint.d.l", i53), 0x4340000000000000ULL);
    set_fcsr(0x200);
    CHECK_EQ(CVT_S("ffint.s.w", i24), 0x4b800001u);
    CHECK_EQ(CVT_S("ffint.s.l", n24), 0xcb800000u);
    CHECK_EQ(CVT_D("ffint.d.l", i53), 0x4340000000000001ULL);
    set_fcsr(0x300);
    CHECK_EQ(CVT_S("ffint.s.w", i24), 0x4b800000u);
    CHECK_EQ(CVT_S("ffint.s.l", n24), 0xcb800001u);
    CHECK_EQ(CVT_D("ffint.d.l", i53), 0x4340000000000000ULL);
    set_fcsr(0);
}

/* ftint.{w,l}.{s,d} of 2.5, -2.5 and 1.5 in one FCSR.RM mode */
#define FTINT_MODE(rm, p25, n25, p15) do { \
    set_fcsr((rm) << 8); \
    CHECK_EQ(CVT_S("ftint.w.s", S_2P5), W(p25)); \
    CHECK_EQ(CVT_S("ftint.w.s", S_N2P5), W(n25)); \
    CHECK_EQ(CVT_S("ftint.w.s", S_1P5), W(p15)); \
    CHECK_EQ(CVT_S("ftint.w.d", D_2P5), W(p25)); \
    CHECK_EQ(CVT_S("ftint.w.d", D_N2P5), W(n25)); \
    CHECK_EQ(CVT_D("ftint.l.s", S_N2P5), (u64)(int64_t)(n25)); \
    CHECK_EQ(CVT_D("ftint.l.d", D_2P5), (u64)(int64_t)(p25)); \
    CHECK_EQ(CVT_D("ftint.l.d", D_1P5), (u64)(int64_t)(p15)); \
    CHECK_EQ(get_fcsr() & FLAG_V, 0); \
} while (0)

static void test_ftint(void) {
    FTINT_MODE(0, 2, -2, 2);            /* RNE: ties to even */
    FTINT_MODE(1, 2, -2, 1);            /* RZ */
    FTINT_MODE(2, 3, -2, 2);            /* RP */
    FTINT_MODE(3, 2, -3, 1);            /* RM */
    /* fixed-mode forms ignore FCSR.RM: run them with RM = RP and RM = RM */
    for (u64 rm = 2; rm <= 3; ++rm) {
        set_fcsr(rm << 8);
        CHECK_EQ(CVT_S("ftintrm.w.s", S_2P5), 2);
        CHECK_EQ(CVT_S("ftintrm.w.d", D_N2P5), W(-3));
        CHECK_EQ(CVT_D("ftintrm.l.s", S_N2P5), (u64)-3);
        CHECK_EQ(CVT_D("ftintrm.l.d", D_N0P5), (u64)-1);
        CHECK_EQ(CVT_S("ftintrp.w.s", S_2P5), 3);
        CHECK_EQ(CVT_S("ftintrp.w.d", D_N2P5), W(-2));
        CHECK_EQ(CVT_D("ftintrp.l.s", S_1P5), 2);
        CHECK_EQ(CVT_D("ftintrp.l.d", D_N0P5), 0);
        CHECK_EQ(CVT_S("ftintrz.w.s", S_N2P5), W(-2));
        CHECK_EQ(CVT_S("ftintrz.w.d", D_2P5), 2);
        CHECK_EQ(CVT_D("ftintrz.l.s", S_1P5), 1);
        CHECK_EQ(CVT_D("ftintrz.l.d", D_N2P5), (u64)-2);
        CHECK_EQ(CVT_S("ftintrne.w.s", S_2P5), 2);
        CHECK_EQ(CVT_S("ftintrne.w.d", D_1P5), 2);
        CHECK_EQ(CVT_D("ftintrne.l.s", S_N2P5), (u64)-2);
        CHECK_EQ(CVT_D("ftintrne.l.d", 0x4006000000000000ULL), 3);   /* 2.75 */
        CHECK_EQ((get_fcsr() >> 8) & 3, rm);                          /* RM untouched */
    }
    /* large exact values */
    set_fcsr(0);
    CHECK_EQ(CVT_D("ftint.l.d", 0x43d0000000000000ULL), 0x4000000000000000ULL);   /* 2^62 */
    CHECK_EQ(CVT_S("ftint.w.d", 0xc1e0000000000000ULL), W(0x80000000));         /* -2^31 */
    CHECK_EQ(CVT_S("ftintrz.w.s", 0x4effffffu), 0x7fffff80);                        /* 2^31 - 128 */
    CHECK_EQ(get_fcsr() & FLAG_V, 0);
    /* invalid conversions (QEMU values, see top) */
    set_fcsr(0);
    CHECK_EQ(CVT_S("ftint.w.d", 0x41e6000000000000ULL), 0x7fffffff);     /* 1.375 * 2^31 > INT_MAX */
    CHECK_EQ(get_fcsr() & (CAUSE_V | FLAG_V), CAUSE_V | FLAG_V);
    set_fcsr(0);
    CHECK_EQ(CVT_S("ftintrz.w.s", 0xcf000001u), W(0x80000000));          /* < INT_MIN */
    CHECK_EQ(get_fcsr() & FLAG_V, FLAG_V);
    set_fcsr(0);
    CHECK_EQ(CVT_D("ftint.l.d", 0x43e0000000000000ULL), 0x7fffffffffffffffULL);  /* 2^63 */
    CHECK_EQ(CVT_D("ftintrm.l.s", 0xff800000u), 0x8000000000000000ULL);          /* -inf */
    CHECK_EQ(CVT_S("ftintrp.w.s", 0x7f800000u), 0x7fffffff);                      /* +inf */
    CHECK_EQ(get_fcsr() & FLAG_V, FLAG_V);
    set_fcsr(0);
    CHECK_EQ(CVT_S("ftint.w.s", S_QNAN), 0);
    CHECK_EQ(CVT_D("ftintrne.l.d", D_QNAN), 0);
    CHECK_EQ(CVT_D("ftintrz.l.s", 0xffc00000u), 0);
    CHECK_EQ(get_fcsr() & FLAG_V, FLAG_V);
    set_fcsr(0);
}

static void test_frint(void) {
    /* frint: round to an integral value in FCSR.RM, result stays floating-point */
    set_fcsr(0x000);
    CHECK_EQ(CVT_S("frint.s", S_2P5), 0x40000000u);      /* 2.0 */
    CHECK_EQ(CVT_S("frint.s", S_N2P5), 0xc0000000u);
    CHECK_EQ(CVT_D("frint.d", D_1P5), 0x4000000000000000ULL);
    CHECK_EQ(CVT_D("frint.d", D_N0P5), 0x8000000000000000ULL);   /* -0.5 -> -0 */
    set_fcsr(0x100);
    CHECK_EQ(CVT_S("frint.s", S_N2P5), 0xc0000000u);
    CHECK_EQ(CVT_D("frint.d", D_2P5), 0x4000000000000000ULL);
    set_fcsr(0x200);
    CHECK_EQ(CVT_S("frint.s", S_2P5), 0x40400000u);      /* 3.0 */
    CHECK_EQ(CVT_D("frint.d", D_N2P5), 0xc000000000000000ULL);
    CHECK_EQ(CVT_D("frint.d", D_N0P5), 0x8000000000000000ULL);   /* -0 */
    set_fcsr(0x300);
    CHECK_EQ(CVT_S("frint.s", S_2P5), 0x40000000u);
    CHECK_EQ(CVT_D("frint.d", D_N2P5), 0xc008000000000000ULL);   /* -3.0 */
    set_fcsr(0);
    CHECK_EQ(CVT_D("frint.d", 0x7e37e43c8800759cULL), 0x7e37e43c8800759cULL);  /* already integral */
    CHECK_EQ(CVT_S("frint.s", 0xff800000u), 0xff800000u);
}

static void test_moves(void) {
    u64 d, h, l;
    __asm__ volatile("movgr2fr.d $f5, %3\n\tmovgr2frh.w $f5, %4\n\tmovfr2gr.d %0, $f5\n\t"
                     "movfrh2gr.s %1, $f5\n\tmovfr2gr.s %2, $f5"
                     : "=&r"(d), "=&r"(h), "=&r"(l) : "r"(0x1122334455667788ULL), "r"(0x00000000aabbccddULL)
                     : "$f5");
    CHECK_EQ(d, 0xaabbccdd55667788ULL);        /* movgr2frh.w keeps bits 31:0 */
    CHECK_EQ(h, 0xffffffffaabbccddULL);        /* movfrh2gr.s sign-extends bits 63:32 */
    CHECK_EQ(l, 0x55667788);
    __asm__ volatile("movgr2fr.w $f6, %2\n\tmovfr2gr.s %0, $f6\n\tmovgr2frh.w $f6, %3\n\tmovfr2gr.s %1, $f6"
                     : "=&r"(l), "=&r"(h) : "r"(0x12345678deadbeefULL), "r"(0x7fffffffULL) : "$f6");
    CHECK_EQ(l, 0xffffffffdeadbeefULL);        /* only bits 31:0 are moved */
    CHECK_EQ(h, 0xffffffffdeadbeefULL);        /* low word unchanged by movgr2frh.w */
    __asm__ volatile("movgr2fr.d $f7, %1\n\tfmov.d $f8, $f7\n\tmovfr2gr.d %0, $f8" : "=r"(d)
                     : "r"(0xfedcba9876543210ULL) : "$f7", "$f8");
    CHECK_EQ(d, 0xfedcba9876543210ULL);
}

static void test_fcsr(void) {
    u64 r;
    /* FCSR0 fields: Enables 4:0, RM 9:8, Flags 20:16, Cause 28:24. (What the bits
     * outside these fields read is not stated; QEMU 7.2 keeps whatever was written.) */
    set_fcsr(0x1f1f0300);
    CHECK_EQ(get_fcsr(), 0x1f1f0300);
    set_fcsr(0x00030100 | 0x00120000);
    __asm__ volatile("movfcsr2gr %0, $fcsr3" : "=r"(r));
    CHECK_EQ(r, 0x100);                                  /* fcsr3: RM only */
    __asm__ volatile("movfcsr2gr %0, $fcsr2" : "=r"(r));
    CHECK_EQ(r, 0x00130000);                             /* fcsr2: Cause + Flags */
    /* writing a view changes only its field of fcsr0 */
    __asm__ volatile("movgr2fcsr $fcsr3, %0" :: "r"(0xffffffffULL));
    CHECK_EQ(get_fcsr(), 0x00130300);
    __asm__ volatile("movgr2fcsr $fcsr2, %0" :: "r"(0x01000000ULL));
    CHECK_EQ(get_fcsr(), 0x01000300);
    __asm__ volatile("movgr2fcsr $fcsr1, %0" :: "r"(0xffffff00ULL));
    CHECK_EQ(get_fcsr(), 0x01000300);                    /* Enables = 0 from 0xffffff00 */
    __asm__ volatile("movfcsr2gr %0, $fcsr1" : "=r"(r));
    CHECK_EQ(r, 0);
    set_fcsr(0);
}

int main(void) {
    u64 v = 1;
    __asm__ volatile("csrwr %0, 0x2" : "+r"(v));         /* EUEN.FPE = 1 */
    test_fcvt();
    test_ffint();
    test_ftint();
    test_frint();
    test_moves();
    test_fcsr();
    return rt_done("fp_cvt");
}
