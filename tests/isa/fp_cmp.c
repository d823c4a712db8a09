/* SPDX-License-Identifier: Apache-2.0
 * FP compare, select, condition-flag moves and FP branches (LoongArch Reference Manual
 * Vol 1 v1.10, §3.2.2 "Floating-Point Comparison Instructions", §3.2.5 "Floating-Point
 * Branch Instructions", §3.2.4 moves): fcmp.<cond>.{s,d} for all 22 conditions,
 * fsel, movgr2cf/movcf2gr, movfr2cf/movcf2fr, bceqz/bcnez.
 *
 * fcmp.cond sets FCC[cd] = 1 when the relation between fj and fk is one of the
 * relations the condition accepts (LT, EQ, GT, UN). C* conditions are quiet: invalid
 * (V) only for a signaling NaN operand; S* conditions signal V for any NaN.
 * +0 and -0 compare equal. fsel: fd = FCC[ca] ? fk : fj. */
#include "rt.h"

typedef uint64_t u64;
typedef uint32_t u32;

static inline void set_fcsr(u64 v) { __asm__ volatile("movgr2fcsr $fcsr0, %0" :: "r"(v) : "memory"); }
static inline u64 get_fcsr(void) { u64 r; __asm__ volatile("movfcsr2gr %0, $fcsr0" : "=r"(r) :: "memory"); return r; }

#define LT 1
#define EQ 2
#define GT 4
#define UN 8

/* one comparison, result = FCC value read back with movcf2gr */
#define CMPS(op, a, b) ({ u64 r_; __asm__ volatile("movgr2fr.w $f0, %1\n\tmovgr2fr.w $f1, %2\n\t" \
    op " $fcc1, $f0, $f1\n\tmovcf2gr %0, $fcc1" : "=r"(r_) : "r"((u64)(a)), "r"((u64)(b)) \
    : "$f0", "$f1", "$fcc1", "memory"); r_; })
#define CMPD(op, a, b) ({ u64 r_; __asm__ volatile("movgr2fr.d $f0, %1\n\tmovgr2fr.d $f1, %2\n\t" \
    op " $fcc6, $f0, $f1\n\tmovcf2gr %0, $fcc6" : "=r"(r_) : "r"((u64)(a)), "r"((u64)(b)) \
    : "$f0", "$f1", "$fcc6", "memory"); r_; })

#define S_1 0x3f800000u
#define S_2 0x40000000u
#define S_N0 0x80000000u
#define S_NINF 0xff800000u
#define S_QNAN 0x7fc00000u
#define S_SNAN 0x7fa00000u
#define D_1 0x3ff0000000000000ULL
#define D_2 0x4000000000000000ULL
#define D_N0 0x8000000000000000ULL
#define D_INF 0x7ff0000000000000ULL
#define D_QNAN 0x7ff8000000000000ULL

/* The six cases: (1,2) LT, (2,1) GT, (1,1) EQ, (+0,-0) EQ, (-inf,qNaN) UN, (qNaN,1) UN.
 * Returns a bit per case, compared with what `accept` predicts. */
static int expect_bits(int accept) {
    const int rel[6] = {LT, GT, EQ, EQ, UN, UN};
    int e = 0;
    for (int i = 0; i < 6; ++i) e |= ((accept & rel[i]) != 0) << i;
    return e;
}
#define RUN_S(op) ((int)(CMPS(op, S_1, S_2) | CMPS(op, S_2, S_1) << 1 | CMPS(op, S_1, S_1) << 2 | \
    CMPS(op, 0, S_N0) << 3 | CMPS(op, S_NINF, S_QNAN) << 4 | CMPS(op, S_QNAN, S_1) << 5))
#define RUN_D(op) ((int)(CMPD(op, D_1, D_2) | CMPD(op, D_2, D_1) << 1 | CMPD(op, D_1, D_1) << 2 | \
    CMPD(op, 0, D_N0) << 3 | CMPD(op, D_INF ^ D_N0, D_QNAN) << 4 | CMPD(op, D_QNAN, D_1) << 5))
/* both widths of a quiet/signaling pair */
#define COND(c, s, accept) do { \
    set_fcsr(0); \
    CHECK_EQ(RUN_S("fcmp." c ".s"), expect_bits(accept)); \
    CHECK_EQ(RUN_D("fcmp." c ".d"), expect_bits(accept)); \
    CHECK_EQ(get_fcsr(), 0);                     /* quiet NaNs: no V for C* */ \
    CHECK_EQ(RUN_S("fcmp." s ".s"), expect_bits(accept)); \
    CHECK_EQ(get_fcsr() & (1 << 20), 1 << 20);   /* S* signal V on a quiet NaN */ \
    set_fcsr(0); \
    CHECK_EQ(RUN_D("fcmp." s ".d"), expect_bits(accept)); \
    CHECK_EQ(get_fcsr() & (1 << 20), 1 << 20); \
} while (0)

static void test_conditions(void) {
    COND("caf", "saf", 0);
    COND("clt", "slt", LT);
    COND("ceq", "seq", EQ);
    COND("cle", "sle", LT | EQ);
    COND("cun", "sun", UN);
    COND("cult", "sult", UN | LT);
    COND("cueq", "sueq", UN | EQ);
    COND("cule", "sule", UN | LT | EQ);
    COND("cne", "sne", LT | GT);
    COND("cor", "sor", LT | EQ | GT);
    COND("cune", "sune", UN | LT | GT);
    set_fcsr(0);
    /* a signaling NaN makes even the quiet compares signal V (and compare unordered) */
    CHECK_EQ(CMPS("fcmp.ceq.s", S_SNAN, S_1), 0);
    CHECK_EQ(get_fcsr(), (1u << 28) | (1u << 20));
    set_fcsr(0);
    CHECK_EQ(CMPS("fcmp.cun.s", S_1, S_SNAN), 1);
    CHECK_EQ(get_fcsr() & (1 << 20), 1 << 20);
    set_fcsr(0);
    /* infinities are ordered */
    CHECK_EQ(CMPD("fcmp.clt.d", D_INF ^ D_N0, D_INF), 1);
    CHECK_EQ(CMPD("fcmp.ceq.d", D_INF, D_INF), 1);
    CHECK_EQ(get_fcsr(), 0);
}

static void test_fcc(void) {
    u64 r0, r7, v;
    /* movgr2cf takes bit 0; each fcc is independent */
    __asm__ volatile("movgr2cf $fcc0, %2\n\tmovgr2cf $fcc7, %3\n\tmovcf2gr %0, $fcc0\n\tmovcf2gr %1, $fcc7"
                     : "=&r"(r0), "=&r"(r7) : "r"(0xfffffffffffffffeULL), "r"(3ULL) : "$fcc0", "$fcc7");
    CHECK_EQ(r0, 0);
    CHECK_EQ(r7, 1);
    /* movfr2cf takes FR[fj][0]; movcf2fr writes FR[fd][0] */
    __asm__ volatile("movgr2fr.d $f3, %1\n\tmovfr2cf $fcc2, $f3\n\tmovgr2fr.d $f4, $zero\n\t"
                     "movcf2fr $f4, $fcc2\n\tmovfr2gr.d %0, $f4"
                     : "=r"(v) : "r"(0x8000000000000001ULL) : "$f3", "$f4", "$fcc2");
    CHECK_EQ(v & 1, 1);
    __asm__ volatile("movgr2fr.d $f3, %1\n\tmovfr2cf $fcc3, $f3\n\tmovcf2fr $f4, $fcc3\n\tmovfr2gr.d %0, $f4"
                     : "=r"(v) : "r"(0x7ffffffffffffffeULL) : "$f3", "$f4", "$fcc3");
    CHECK_EQ(v & 1, 0);
    /* a compare writes only its own cd */
    __asm__ volatile("movgr2cf $fcc4, %3\n\tmovgr2cf $fcc5, $zero\n\tmovgr2fr.w $f0, %4\n\t"
                     "fcmp.ceq.s $fcc5, $f0, $f0\n\tmovcf2gr %0, $fcc4\n\tmovcf2gr %1, $fcc5\n\t"
                     "fcmp.cne.s $fcc4, $f0, $f0\n\tmovcf2gr %2, $fcc4"
                     : "=&r"(r0), "=&r"(r7), "=&r"(v) : "r"(1ULL), "r"((u64)S_2) : "$f0", "$fcc4", "$fcc5");
    CHECK_EQ(r0, 1);
    CHECK_EQ(r7, 1);
    CHECK_EQ(v, 0);
}

static void test_fsel(void) {
    u64 r;
    /* fd = FCC[ca] ? fk : fj */
    __asm__ volatile("movgr2fr.d $f0, %1\n\tmovgr2fr.d $f1, %2\n\tmovgr2cf $fcc3, $zero\n\t"
                     "fsel $f2, $f0, $f1, $fcc3\n\tmovfr2gr.d %0, $f2"
                     : "=r"(r) : "r"(0x1111111111111111ULL), "r"(0x2222222222222222ULL) : "$f0", "$f1", "$f2", "$fcc3");
    CHECK_EQ(r, 0x1111111111111111ULL);
    __asm__ volatile("movgr2fr.d $f0, %1\n\tmovgr2fr.d $f1, %2\n\tori $t0, $zero, 1\n\tmovgr2cf $fcc3, $t0\n\t"
                     "fsel $f2, $f0, $f1, $fcc3\n\tmovfr2gr.d %0, $f2"
                     : "=r"(r) : "r"(0x1111111111111111ULL), "r"(0x2222222222222222ULL) : "$t0", "$f0", "$f1", "$f2", "$fcc3");
    CHECK_EQ(r, 0x2222222222222222ULL);
    /* select on a compare result: max(a, b) via clt + fsel, NaN bit patterns pass through */
    __asm__ volatile("movgr2fr.d $f0, %1\n\tmovgr2fr.d $f1, %2\n\tfcmp.clt.d $fcc0, $f0, $f1\n\t"
                     "fsel $f2, $f0, $f1, $fcc0\n\tmovfr2gr.d %0, $f2"
                     : "=r"(r) : "r"(D_1), "r"(D_2) : "$f0", "$f1", "$f2", "$fcc0");
    CHECK_EQ(r, D_2);
    __asm__ volatile("movgr2fr.d $f0, %1\n\tmovgr2fr.d $f1, %2\n\tfcmp.clt.d $fcc0, $f0, $f1\n\t"
                     "fsel $f2, $f0, $f1, $fcc0\n\tmovfr2gr.d %0, $f2"
                     : "=r"(r) : "r"(0x7ff8000000001234ULL), "r"(D_2) : "$f0", "$f1", "$f2", "$fcc0");
    CHECK_EQ(r, 0x7ff8000000001234ULL);                 /* unordered: fj selected */
}

/* 1 when `op $fccN, label` is taken */
#define BCF(op, val) ({ u64 t_; __asm__ volatile("movgr2cf $fcc2, %1\n\tori %0, $zero, 1\n\t" op " $fcc2, 1f\n\t" \
    "ori %0, $zero, 0\n1:" : "=&r"(t_) : "r"((u64)(val)) : "$fcc2"); t_; })
#define BCB(op, val) ({ u64 t_; __asm__ volatile("movgr2cf $fcc2, %1\n\tor %0, $zero, $zero\n\tb 2f\n" \
    "1:\tori %0, $zero, 1\n\tb 3f\n2:\t" op " $fcc2, 1b\n3:" : "=&r"(t_) : "r"((u64)(val)) : "$fcc2"); t_; })

static void test_branches(void) {
    CHECK_EQ(BCF("bceqz", 0), 1);
    CHECK_EQ(BCF("bceqz", 1), 0);
    CHECK_EQ(BCF("bcnez", 0), 0);
    CHECK_EQ(BCF("bcnez", 1), 1);
    CHECK_EQ(BCB("bceqz", 0), 1);
    CHECK_EQ(BCB("bceqz", 1), 0);
    CHECK_EQ(BCB("bcnez", 0), 0);
    CHECK_EQ(BCB("bcnez", 1), 1);
    /* branch on a compare */
    u64 t;
    __asm__ volatile("movgr2fr.w $f0, %1\n\tmovgr2fr.w $f1, %2\n\tfcmp.cult.s $fcc7, $f0, $f1\n\t"
                     "ori %0, $zero, 1\n\tbcnez $fcc7, 1f\n\tori %0, $zero, 0\n1:"
                     : "=&r"(t) : "r"((u64)S_QNAN), "r"((u64)S_1) : "$f0", "$f1", "$fcc7");
    CHECK_EQ(t, 1);
    /* fcc in a loop: count down with a float compare (3 iterations) */
    u64 n = 0;
    __asm__ volatile("movgr2fr.w $f0, %1\n\tmovgr2fr.w $f1, %2\n\tmovgr2fr.w $f3, %3\n"
                     "1:\taddi.d %0, %0, 1\n\tfsub.s $f0, $f0, $f3\n\tfcmp.clt.s $fcc1, $f1, $f0\n\tbcnez $fcc1, 1b"
                     : "+r"(n) : "r"((u64)0x40400000u), "r"(0ULL), "r"((u64)S_1) : "$f0", "$f1", "$f3", "$fcc1");
    CHECK_EQ(n, 3);
}

int main(void) {
    u64 v = 1;
    __asm__ volatile("csrwr %0, 0x2" : "+r"(v));         /* EUEN.FPE = 1 */
    test_conditions();
    test_fcc();
    test_fsel();
    test_branches();
    return rt_done("fp_cmp");
}
