/* SPDX-License-Identifier: Apache-2.0
 * Integer arithmetic / logic / immediate-building instructions (LoongArch Reference
 * Manual Vol 1 v1.10, §2.2.1 "Arithmetic Operation Instructions"): add/sub .w/.d,
 * addi.w/.d, addu16i.d, alsl.w/.wu/.d, lu12i.w, lu32i.d, lu52i.d, pcaddi, pcaddu12i,
 * pcaddu18i, pcalau12i, slt/sltu/slti/sltui, and/or/nor/xor/andn/orn, andi/ori/xori,
 * maskeqz/masknez (§2.2.3), plus writes to r0.
 *
 * Expected values come from the manual's pseudo-code. Every .W result is the 32-bit
 * result sign-extended to 64 bits on LA64 (§2.2.1), which is why many inputs carry
 * garbage in bits 63:32. PC-relative results are compared with label addresses
 * materialised by `la.abs` (lu12i.w/ori/lu32i.d/lu52i.d with absolute relocations),
 * so they do not depend on the PC-relative instructions under test. */
#include "rt.h"

typedef uint64_t u64;

#define R2(op, a, b) ({ u64 r_; __asm__ volatile(op " %0, %1, %2" : "=r"(r_) : "r"((u64)(a)), "r"((u64)(b))); r_; })
#define RI(op, a, imm) ({ u64 r_; __asm__ volatile(op " %0, %1, " #imm : "=r"(r_) : "r"((u64)(a))); r_; })
#define ALSL(op, a, b, sa) ({ u64 r_; __asm__ volatile(op " %0, %1, %2, " #sa : "=r"(r_) : "r"((u64)(a)), "r"((u64)(b))); r_; })
#define LUI(op, imm) ({ u64 r_; __asm__ volatile(op " %0, " #imm : "=r"(r_)); r_; })
/* lu32i.d reads rd[31:0] */
#define LU32I(init, imm) ({ u64 r_ = (init); __asm__ volatile("lu32i.d %0, " #imm : "+r"(r_)); r_; })
/* PC-relative op at label 1; returns (result - address of the instruction) */
#define PCREL(op, imm) ({ u64 r_, pc_; __asm__ volatile("1: " op " %0, " #imm "\n\tla.abs %1, 1b" : "=&r"(r_), "=&r"(pc_)); r_ - pc_; })
#define PCREL_ABS(op, imm, pcvar) ({ u64 r_; __asm__ volatile("1: " op " %0, " #imm "\n\tla.abs %1, 1b" : "=&r"(r_), "=&r"(pcvar)); r_; })

static void test_add_sub(void) {
    /* ADD.W: 32-bit sum, sign-extended */
    CHECK_EQ(R2("add.w", 0x7fffffff, 1), 0xffffffff80000000ULL);
    CHECK_EQ(R2("add.w", 0xffffffff, 1), 0);
    CHECK_EQ(R2("add.w", 0x123456789ULL, 1), 0x2345678aULL);      /* bits 63:32 ignored */
    CHECK_EQ(R2("add.w", 0xdead0000fffffff0ULL, 0xbeef000000000001ULL), 0xfffffffffffffff1ULL);
    CHECK_EQ(R2("add.d", 0xffffffffffffffffULL, 1), 0);
    CHECK_EQ(R2("add.d", 0x7fffffffffffffffULL, 1), 0x8000000000000000ULL);
    CHECK_EQ(R2("add.d", 0x00000000ffffffffULL, 1), 0x100000000ULL);
    /* SUB.W / SUB.D */
    CHECK_EQ(R2("sub.w", 0x80000000, 1), 0x7fffffff);
    CHECK_EQ(R2("sub.w", 0, 1), 0xffffffffffffffffULL);
    CHECK_EQ(R2("sub.w", 0x100000000ULL, 0), 0);
    CHECK_EQ(R2("sub.w", 0x7fffffff, 0xffffffffffffffffULL), 0xffffffff80000000ULL);
    CHECK_EQ(R2("sub.d", 0, 1), 0xffffffffffffffffULL);
    CHECK_EQ(R2("sub.d", 0x8000000000000000ULL, 1), 0x7fffffffffffffffULL);
    CHECK_EQ(R2("sub.d", 0x100000000ULL, 1), 0xffffffffULL);
    /* ADDI.W / ADDI.D: si12 sign-extended */
    CHECK_EQ(RI("addi.w", 0x7fffffff, 1), 0xffffffff80000000ULL);
    CHECK_EQ(RI("addi.w", 0, -2048), 0xfffffffffffff800ULL);
    CHECK_EQ(RI("addi.w", 0, 2047), 0x7ff);
    CHECK_EQ(RI("addi.w", 0xabcdef0012345678ULL, 0), 0x12345678);
    CHECK_EQ(RI("addi.w", 0x00000000ffffffffULL, 0), 0xffffffffffffffffULL);
    CHECK_EQ(RI("addi.d", 0, -2048), 0xfffffffffffff800ULL);
    CHECK_EQ(RI("addi.d", 0x7ffffffffffff801ULL, 2047), 0x8000000000000000ULL);
    CHECK_EQ(RI("addi.d", 0x00000000ffffffffULL, 1), 0x100000000ULL);
    /* ADDU16I.D: rj + SignExtend(si16 << 16) */
    CHECK_EQ(RI("addu16i.d", 0x1000, 32767), 0x7fff1000ULL);
    CHECK_EQ(RI("addu16i.d", 0x1000, -1), 0xffffffffffff1000ULL);
    CHECK_EQ(RI("addu16i.d", 0x7fffffffULL, 1), 0x8000ffffULL); /* no 32-bit wrap */
    CHECK_EQ(RI("addu16i.d", 0, -32768), 0xffffffff80000000ULL);
}

static void test_alsl(void) {
    /* ALSL.W: SignExtend(((rj[31:0] << sa) + rk[31:0])[31:0]); sa written as sa2+1 */
    CHECK_EQ(ALSL("alsl.w", 0x40000000, 0, 1), 0xffffffff80000000ULL);
    CHECK_EQ(ALSL("alsl.w", 3, 5, 4), 53);
    CHECK_EQ(ALSL("alsl.w", 0xffffffff00000001ULL, 0xffffffff00000002ULL, 2), 6);
    CHECK_EQ(ALSL("alsl.w", 0x10000000, 0x7fffffff, 3), 0xffffffffffffffffULL);
    /* ALSL.WU: same 32-bit sum, zero-extended */
    CHECK_EQ(ALSL("alsl.wu", 0x40000000, 0, 1), 0x80000000ULL);
    CHECK_EQ(ALSL("alsl.wu", 0xffffffff, 0xffffffff, 1), 0xfffffffdULL);
    CHECK_EQ(ALSL("alsl.wu", 0x123456789ULL, 0, 4), 0x34567890ULL);
    /* ALSL.D */
    CHECK_EQ(ALSL("alsl.d", 0x123, 5, 4), 0x1235);
    CHECK_EQ(ALSL("alsl.d", 0x8000000000000001ULL, 1, 1), 3);
    CHECK_EQ(ALSL("alsl.d", 0x40000000, 0, 2), 0x100000000ULL);
    CHECK_EQ(ALSL("alsl.d", 0xffffffffffffffffULL, 0, 3), 0xfffffffffffffff8ULL);
}

static void test_lui(void) {
    /* LU12I.W: SignExtend({si20, 12'b0}) */
    CHECK_EQ(LUI("lu12i.w", 0x12345), 0x12345000ULL);
    CHECK_EQ(LUI("lu12i.w", -524288), 0xffffffff80000000ULL);   /* si20 = 0x80000 */
    CHECK_EQ(LUI("lu12i.w", -1), 0xfffffffffffff000ULL);
    CHECK_EQ(LUI("lu12i.w", 524287), 0x7ffff000ULL);
    /* LU32I.D: rd = {SignExtend(si20, 32), rd[31:0]} */
    CHECK_EQ(LU32I(0x12345678, -4661), 0xffffedcb12345678ULL);   /* si20 = 0xfedcb */
    CHECK_EQ(LU32I(0x12345678, 0x12345), 0x0001234512345678ULL);
    CHECK_EQ(LU32I(0xaaaaaaaa87654321ULL, 0), 0x0000000087654321ULL);
    CHECK_EQ(LU32I(0, -1), 0xffffffff00000000ULL);
    CHECK_EQ(LU32I(0xffffffff80000000ULL, 524287), 0x0007ffff80000000ULL);
    /* LU52I.D: rd = {si12, rj[51:0]} */
    CHECK_EQ(RI("lu52i.d", 0x0123456789abcdefULL, -19), 0xfed3456789abcdefULL); /* si12 = 0xfed */
    CHECK_EQ(RI("lu52i.d", 0xffffffffffffffffULL, 0), 0x000fffffffffffffULL);
    CHECK_EQ(RI("lu52i.d", 0, 2047), 0x7ff0000000000000ULL);
    CHECK_EQ(RI("lu52i.d", 0, -2048), 0x8000000000000000ULL);
    /* the usual 4-instruction 64-bit constant sequence */
    u64 k;
    __asm__ volatile("lu12i.w %0, -69906\n\tori %0, %0, 0x9ab\n\tlu32i.d %0, 0x45678\n\t"
                     "lu52i.d %0, %0, 0x123" : "=r"(k));  /* lu12i 0xeeeee */
    CHECK_EQ(k, 0x12345678eeeee9abULL);
}

static void test_pcrel(void) {
    /* PCADDI: PC + SignExtend(si20 << 2) */
    CHECK_EQ(PCREL("pcaddi", 0), 0);
    CHECK_EQ(PCREL("pcaddi", 3), 12);
    CHECK_EQ(PCREL("pcaddi", -1), (u64)-4);
    CHECK_EQ(PCREL("pcaddi", 524287), 0x1ffffcULL);
    CHECK_EQ(PCREL("pcaddi", -524288), (u64)-0x200000LL);
    /* PCADDU12I: PC + SignExtend(si20 << 12) */
    CHECK_EQ(PCREL("pcaddu12i", 1), 0x1000);
    CHECK_EQ(PCREL("pcaddu12i", -1), (u64)-0x1000LL);
    CHECK_EQ(PCREL("pcaddu12i", -524288), (u64)-0x80000000LL);
    CHECK_EQ(PCREL("pcaddu12i", 524287), 0x7ffff000ULL);
    /* PCADDU18I: PC + SignExtend(si20 << 18) */
    CHECK_EQ(PCREL("pcaddu18i", 1), 0x40000);
    CHECK_EQ(PCREL("pcaddu18i", -2), (u64)-0x80000LL);
    CHECK_EQ(PCREL("pcaddu18i", -524288), (u64)-0x2000000000LL);
    CHECK_EQ(PCREL("pcaddu18i", 524287), 0x1ffffc0000ULL);
    /* PCALAU12I: (PC + SignExtend(si20 << 12)) with bits 11:0 cleared */
    u64 pc, r;
    r = PCREL_ABS("pcalau12i", 0, pc);
    CHECK_EQ(r, pc & ~0xfffULL);
    r = PCREL_ABS("pcalau12i", 1, pc);
    CHECK_EQ(r, (pc + 0x1000) & ~0xfffULL);
    r = PCREL_ABS("pcalau12i", -3, pc);
    CHECK_EQ(r, (pc - 0x3000) & ~0xfffULL);
    r = PCREL_ABS("pcalau12i", -524288, pc);
    CHECK_EQ(r, (pc - 0x80000000ULL) & ~0xfffULL);
}

static void test_compare(void) {
    CHECK_EQ(R2("slt", 0xffffffffffffffffULL, 0), 1);         /* -1 < 0 signed */
    CHECK_EQ(R2("slt", 0, 0xffffffffffffffffULL), 0);
    CHECK_EQ(R2("slt", 5, 5), 0);
    CHECK_EQ(R2("slt", 0x8000000000000000ULL, 0x7fffffffffffffffULL), 1);
    CHECK_EQ(R2("slt", 0x80000000ULL, 0x7fffffffULL), 0);     /* full 64-bit compare */
    CHECK_EQ(R2("sltu", 0xffffffffffffffffULL, 0), 0);
    CHECK_EQ(R2("sltu", 0, 0xffffffffffffffffULL), 1);
    CHECK_EQ(R2("sltu", 0x7fffffffffffffffULL, 0x8000000000000000ULL), 1);
    CHECK_EQ(R2("sltu", 7, 7), 0);
    /* SLTI: signed compare with SignExtend(si12) */
    CHECK_EQ(RI("slti", (u64)-5, -4), 1);
    CHECK_EQ(RI("slti", (u64)-4, -4), 0);
    CHECK_EQ(RI("slti", 2047, 2047), 0);
    CHECK_EQ(RI("slti", 0x8000000000000000ULL, -2048), 1);
    CHECK_EQ(RI("slti", 0x7fffffffffffffffULL, 0), 0);
    /* SLTUI: unsigned compare, but the immediate is still sign-extended (§2.2.1.6) */
    CHECK_EQ(RI("sltui", 5, -1), 1);                          /* 5 < 0xffff...ffff */
    CHECK_EQ(RI("sltui", 0xfffffffffffff800ULL, -2048), 0);
    CHECK_EQ(RI("sltui", 0xfffffffffffff7ffULL, -2048), 1);
    CHECK_EQ(RI("sltui", 0x800, 2047), 0);
    CHECK_EQ(RI("sltui", 0, 1), 1);
    CHECK_EQ(RI("sltui", 0, 0), 0);
}

static void test_logic(void) {
    const u64 a = 0xff00ff00f0f0ccccULL, b = 0x0ff00ff0ff00aaaaULL;
    CHECK_EQ(R2("and", a, b), 0x0f000f00f0008888ULL);
    CHECK_EQ(R2("or", a, b), 0xfff0fff0fff0eeeeULL);
    CHECK_EQ(R2("xor", a, b), 0xf0f0f0f00ff06666ULL);
    CHECK_EQ(R2("nor", a, b), 0x000f000f000f1111ULL);
    CHECK_EQ(R2("andn", a, b), 0xf000f00000f04444ULL);       /* rj & ~rk */
    CHECK_EQ(R2("orn", a, b), 0xff0fff0ff0ffddddULL);        /* rj | ~rk */
    /* ANDI/ORI/XORI: ui12 zero-extended */
    CHECK_EQ(RI("andi", 0xffffffffffffffffULL, 0xfff), 0xfff);
    CHECK_EQ(RI("andi", 0x1234, 0x0f0), 0x030);
    CHECK_EQ(RI("ori", 0, 0x800), 0x800);
    CHECK_EQ(RI("ori", 0x8000000000000000ULL, 0xfff), 0x8000000000000fffULL);
    CHECK_EQ(RI("xori", 0xffffffffffffffffULL, 0x800), 0xfffffffffffff7ffULL);
    CHECK_EQ(RI("xori", 0x5a5, 0xfff), 0xa5a);
    /* MASKEQZ: rk == 0 ? 0 : rj;  MASKNEZ: rk != 0 ? 0 : rj (§2.2.3.11) */
    CHECK_EQ(R2("maskeqz", 0x123456789abcdef0ULL, 0), 0);
    CHECK_EQ(R2("maskeqz", 0x123456789abcdef0ULL, 0x100000000ULL), 0x123456789abcdef0ULL);
    CHECK_EQ(R2("maskeqz", 0x123456789abcdef0ULL, 0x8000000000000000ULL), 0x123456789abcdef0ULL);
    CHECK_EQ(R2("masknez", 0x123456789abcdef0ULL, 0), 0x123456789abcdef0ULL);
    CHECK_EQ(R2("masknez", 0x123456789abcdef0ULL, 1), 0);
    CHECK_EQ(R2("masknez", 0x123456789abcdef0ULL, 0x100000000ULL), 0);
}

static void test_r0_and_aliasing(void) {
    u64 z, x;
    /* writes to r0 are discarded */
    __asm__ volatile("addi.d $zero, $zero, 5\n\tlu12i.w $zero, 1\n\tor %0, $zero, $zero" : "=r"(z));
    CHECK_EQ(z, 0);
    __asm__ volatile("ori $r0, $r0, 0x7ff\n\tpcaddi $r0, 1\n\tadd.d %0, $r0, $r0" : "=r"(z));
    CHECK_EQ(z, 0);
    /* rd == rj == rk */
    x = 0x40000001;
    __asm__ volatile("add.w %0, %0, %0" : "+r"(x));
    CHECK_EQ(x, 0xffffffff80000002ULL);
    x = 0x1234;
    __asm__ volatile("sub.d %0, %0, %0" : "+r"(x));
    CHECK_EQ(x, 0);
    x = 3;
    __asm__ volatile("alsl.d %0, %0, %0, 2" : "+r"(x));     /* (3 << 2) + 3 */
    CHECK_EQ(x, 15);
}

int main(void) {
    test_add_sub();
    test_alsl();
    test_lui();
    test_pcrel();
    test_compare();
    test_logic();
    test_r0_and_aliasing();
    return rt_done("int_arith");
}
