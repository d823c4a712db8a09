/* SPDX-License-Identifier: Apache-2.0
 * Branch and jump instructions (LoongArch Reference Manual Vol 1 v1.10, §2.2.4 "Branch
 * Instructions"): beq/bne/blt/bge/bltu/bgeu (offs16), beqz/bnez (offs21), b/bl (offs26),
 * jirl.
 *
 *  - `blt rj, rd, L` branches when GR[rj] < GR[rd] (signed); bltu/bgeu compare unsigned;
 *    all compare the full 64 bits.
 *  - target = PC + SignExtend(offs << 2); every conditional branch is exercised taken and
 *    not taken, forwards and backwards.
 *  - bl writes PC+4 to r1; jirl rd, rj, offs writes PC+4 to rd and jumps to
 *    GR[rj] + SignExtend(offs16 << 2), reading rj before writing rd (rd == rj case).
 *  - Far branches: a 0x48000-byte gap makes the b/bl/beqz/bnez offsets need the high
 *    offset fields (offs[25:16] in bits 9:0, offs[20:16] in bits 4:0).
 * Label addresses are taken with `la.abs` (absolute relocations). */
#include "rt.h"

typedef uint64_t u64;

/* 1 when `op a, b, label` is taken, for a forward label */
#define BRF(op, a, b) ({ u64 t_; __asm__ volatile("ori %0, $zero, 1\n\t" op " %1, %2, 1f\n\t" \
    "ori %0, $zero, 0\n1:" : "=&r"(t_) : "r"((u64)(a)), "r"((u64)(b))); t_; })
/* same for a backward label */
#define BRB(op, a, b) ({ u64 t_; __asm__ volatile("or %0, $zero, $zero\n\tb 2f\n1:\tori %0, $zero, 1\n\t" \
    "b 3f\n2:\t" op " %1, %2, 1b\n3:" : "=&r"(t_) : "r"((u64)(a)), "r"((u64)(b))); t_; })
#define BRZF(op, a) ({ u64 t_; __asm__ volatile("ori %0, $zero, 1\n\t" op " %1, 1f\n\t" \
    "ori %0, $zero, 0\n1:" : "=&r"(t_) : "r"((u64)(a))); t_; })
#define BRZB(op, a) ({ u64 t_; __asm__ volatile("or %0, $zero, $zero\n\tb 2f\n1:\tori %0, $zero, 1\n\t" \
    "b 3f\n2:\t" op " %1, 1b\n3:" : "=&r"(t_) : "r"((u64)(a))); t_; })

/* both directions must agree with the expected outcome */
#define BR(op, a, b, exp) do { CHECK_EQ(BRF(op, a, b), exp); CHECK_EQ(BRB(op, a, b), exp); } while (0)
#define BRZ(op, a, exp) do { CHECK_EQ(BRZF(op, a), exp); CHECK_EQ(BRZB(op, a), exp); } while (0)

#define MIN64 0x8000000000000000ULL
#define MAX64 0x7fffffffffffffffULL
#define M1 0xffffffffffffffffULL

static void test_cond(void) {
    BR("beq", 5, 5, 1);
    BR("beq", 5, 6, 0);
    BR("beq", 0x100000000ULL, 0, 0);              /* 64-bit compare */
    BR("beq", M1, M1, 1);
    BR("bne", 5, 5, 0);
    BR("bne", 5, 6, 1);
    BR("bne", 0x100000000ULL, 0, 1);
    BR("blt", M1, 0, 1);                          /* -1 < 0 */
    BR("blt", 0, M1, 0);
    BR("blt", 5, 5, 0);
    BR("blt", MIN64, MAX64, 1);
    BR("blt", MAX64, MIN64, 0);
    BR("blt", 0x80000000ULL, 0x7fffffffULL, 0);   /* not a 32-bit compare */
    BR("blt", (u64)-2, (u64)-1, 1);
    BR("bge", 5, 5, 1);
    BR("bge", M1, 0, 0);
    BR("bge", 0, M1, 1);
    BR("bge", MIN64, MIN64, 1);
    BR("bge", MIN64, MAX64, 0);
    BR("bge", MAX64, MIN64, 1);
    BR("bltu", M1, 0, 0);
    BR("bltu", 0, M1, 1);
    BR("bltu", 5, 5, 0);
    BR("bltu", MAX64, MIN64, 1);
    BR("bltu", MIN64, MAX64, 0);
    BR("bltu", 0xffffffffULL, 0x100000000ULL, 1);
    BR("bgeu", 5, 5, 1);
    BR("bgeu", M1, 0, 1);
    BR("bgeu", 0, M1, 0);
    BR("bgeu", MIN64, MAX64, 1);
    BR("bgeu", MAX64, MIN64, 0);
    BRZ("beqz", 0, 1);
    BRZ("beqz", 1, 0);
    BRZ("beqz", 0x100000000ULL, 0);
    BRZ("beqz", MIN64, 0);
    BRZ("bnez", 0, 0);
    BRZ("bnez", 0x100000000ULL, 1);
    BRZ("bnez", MIN64, 1);
    BRZ("bnez", M1, 1);
    /* same register on both sides */
    u64 t, x = 0x1234;
    __asm__ volatile("ori %0, $zero, 1\n\tbeq %1, %1, 1f\n\tori %0, $zero, 0\n1:" : "=&r"(t) : "r"(x));
    CHECK_EQ(t, 1);
    __asm__ volatile("ori %0, $zero, 1\n\tblt %1, %1, 1f\n\tori %0, $zero, 0\n1:" : "=&r"(t) : "r"(x));
    CHECK_EQ(t, 0);
    __asm__ volatile("ori %0, $zero, 1\n\tbgeu %1, %1, 1f\n\tori %0, $zero, 0\n1:" : "=&r"(t) : "r"(x));
    CHECK_EQ(t, 1);
    /* r0 as an operand */
    __asm__ volatile("ori %0, $zero, 1\n\tbge $zero, $zero, 1f\n\tori %0, $zero, 0\n1:" : "=&r"(t));
    CHECK_EQ(t, 1);
    __asm__ volatile("ori %0, $zero, 1\n\tblt %1, $zero, 1f\n\tori %0, $zero, 0\n1:" : "=&r"(t) : "r"(M1));
    CHECK_EQ(t, 1);
}

static void test_loop(void) {
    /* a backward bnez loop: 10 iterations */
    u64 n = 10, acc = 0;
    __asm__ volatile("1:\taddi.d %1, %1, 3\n\taddi.d %0, %0, -1\n\tbnez %0, 1b" : "+r"(n), "+r"(acc));
    CHECK_EQ(acc, 30);
    CHECK_EQ(n, 0);
    /* a backward bltu loop counting up */
    u64 i = 0, lim = 7;
    __asm__ volatile("1:\taddi.d %0, %0, 1\n\tbltu %0, %1, 1b" : "+r"(i) : "r"(lim));
    CHECK_EQ(i, 7);
}

static void test_b_bl(void) {
    u64 t, ra, lbl;
    /* b forward / backward */
    __asm__ volatile("ori %0, $zero, 1\n\tb 1f\n\tori %0, $zero, 0\n1:" : "=&r"(t));
    CHECK_EQ(t, 1);
    __asm__ volatile("or %0, $zero, $zero\n\tb 2f\n1:\taddi.d %0, %0, 1\n\tb 3f\n2:\tb 1b\n\t"
                     "ori %0, $zero, 0x100\n3:" : "=&r"(t));
    CHECK_EQ(t, 1);
    /* bl forward: r1 = PC + 4 */
    __asm__ volatile("bl 1f\n1:\tmove %0, $ra\n\tla.abs %1, 1b" : "=r"(ra), "=r"(lbl) :: "$ra");
    CHECK_EQ(ra, lbl);
    /* bl backward */
    __asm__ volatile("or %2, $zero, $zero\n\tb 2f\n1:\tmove %0, $ra\n\tori %2, $zero, 1\n\tb 3f\n"
                     "2:\tbl 1b\n4:\tori %2, $zero, 0x55\n3:\tla.abs %1, 4b"
                     : "=&r"(ra), "=&r"(lbl), "=&r"(t) :: "$ra");
    CHECK_EQ(t, 1);
    CHECK_EQ(ra, lbl);
}

static void test_jirl(void) {
    u64 link, lbl, t, tgt;
    /* jirl ra, rj, 0: call and link */
    __asm__ volatile("la.abs %2, 2f\n\tor %3, $zero, $zero\n\tjirl $ra, %2, 0\n1:\tb 3f\n"
                     "2:\tori %3, $zero, 1\n\tmove %0, $ra\n3:\tla.abs %1, 1b"
                     : "=&r"(link), "=&r"(lbl), "=&r"(tgt), "=&r"(t) :: "$ra");
    CHECK_EQ(t, 1);
    CHECK_EQ(link, lbl);
    /* rd == rj: the target comes from the old rj, then rd = PC + 4 */
    __asm__ volatile("la.abs %0, 2f\n\tor %2, $zero, $zero\n\tjirl %0, %0, 0\n1:\tb 3f\n"
                     "2:\tori %2, $zero, 1\n3:\tla.abs %1, 1b" : "=&r"(link), "=&r"(lbl), "=&r"(t));
    CHECK_EQ(t, 1);
    CHECK_EQ(link, lbl);
    /* rd = r0: no link written; positive offset */
    __asm__ volatile("la.abs %1, 2f\n\taddi.d %1, %1, -8\n\tor %0, $zero, $zero\n\tjirl $zero, %1, 8\n\t"
                     "b 3f\n2:\tori %0, $zero, 1\n3:" : "=&r"(t), "=&r"(tgt));
    CHECK_EQ(t, 1);
    /* negative offset */
    __asm__ volatile("la.abs %1, 2f\n\taddi.d %1, %1, 16\n\tor %0, $zero, $zero\n\tjirl $zero, %1, -16\n\t"
                     "b 3f\n2:\tori %0, $zero, 1\n3:" : "=&r"(t), "=&r"(tgt));
    CHECK_EQ(t, 1);
    /* extreme offsets: +131068 and -131072 bytes (offs16 = 0x7fff / 0x8000) */
    __asm__ volatile("la.abs %1, 2f\n\tli.d %0, 131068\n\tsub.d %1, %1, %0\n\tor %0, $zero, $zero\n\t"
                     "jirl $zero, %1, 131068\n\tb 3f\n2:\tori %0, $zero, 1\n3:" : "=&r"(t), "=&r"(tgt));
    CHECK_EQ(t, 1);
    __asm__ volatile("la.abs %1, 2f\n\tli.d %0, 131072\n\tadd.d %1, %1, %0\n\tor %0, $zero, $zero\n\t"
                     "jirl $zero, %1, -131072\n\tb 3f\n2:\tori %0, $zero, 1\n3:" : "=&r"(t), "=&r"(tgt));
    CHECK_EQ(t, 1);
    /* a backward jirl into a function-like block that returns with jirl $zero, $ra, 0 */
    __asm__ volatile("b 2f\n1:\taddi.d %0, %0, 5\n\tjirl $zero, $ra, 0\n2:\tori %0, $zero, 1\n\t"
                     "la.abs %1, 1b\n\tjirl $ra, %1, 0\n\taddi.d %0, %0, 10" : "=&r"(t), "=&r"(tgt) :: "$ra");
    CHECK_EQ(t, 16);
}

/* Far branches: returns a bitmask of the checkpoints reached, in order-checked form. */
u64 far_branches(void);
__asm__(
    ".pushsection .text\n"
    ".balign 4\n"
    "far_branches:\n"
    "  move $t8, $ra\n"
    "  or $a0, $zero, $zero\n"
    "  b .Lfar_fwd\n"                 /* forward b over the gap */
    "  ori $a0, $a0, 0x100\n"         /* must be skipped */
    ".Lfar_back:\n"
    "  ori $a0, $a0, 2\n"
    "  bl .Lfar_fn\n"                 /* forward bl over the gap */
    ".Lfar_ret:\n"
    "  ori $a0, $a0, 8\n"
    "  bnez $a0, .Lfar_fwd2\n"        /* forward bnez over the gap */
    "  ori $a0, $a0, 0x200\n"
    ".Lfar_done:\n"
    "  jirl $zero, $t8, 0\n"
    "  .skip 0x48000\n"
    ".Lfar_fwd:\n"
    "  ori $a0, $a0, 1\n"
    "  beqz $zero, .Lfar_back\n"      /* backward beqz over the gap */
    "  ori $a0, $a0, 0x400\n"
    ".Lfar_fn:\n"
    "  la.abs $t0, .Lfar_ret\n"
    "  bne $t0, $ra, .Lfar_bad\n"
    "  ori $a0, $a0, 4\n"
    "  jirl $zero, $ra, 0\n"
    ".Lfar_bad:\n"
    "  ori $a0, $a0, 0x800\n"
    "  jirl $zero, $ra, 0\n"
    ".Lfar_fwd2:\n"
    "  ori $a0, $a0, 0x10\n"
    "  b .Lfar_done\n"                /* backward b over the gap */
    ".popsection\n");

int main(void) {
    test_cond();
    test_loop();
    test_b_bl();
    test_jirl();
    CHECK_EQ(far_branches(), 0x1f);
    return rt_done("branch");
}
