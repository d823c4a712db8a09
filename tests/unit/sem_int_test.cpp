// SPDX-License-Identifier: Apache-2.0
// Semantics of the LA64 base integer user-level instructions (src/cpu/sem/int_*.cpp,
// branch.cpp, mem.cpp, atomic.cpp, misc.cpp), run through the generated dispatch table.
// Expected values come from the manual (Vol. 1 v1.10) or, where it leaves a result open,
// from QEMU (cited where used); tools/specgen's encoders build the words.
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "lvzemu/decoder/decoder.h"
#include "lvzemu/gen/encode.h"
#include "support/hart_fixture.h"

namespace {

namespace enc = la::enc;
using la::cpu::Ecode;
using la::cpu::ExecResult;

constexpr uint64_t kJunk = 0xdeadbeefcafef00dull;  // rd's value before an op, to see writes
constexpr uint64_t kMin64 = 0x8000000000000000ull;
constexpr uint64_t kMinW = 0xffffffff80000000ull;  // INT32_MIN sign-extended

class SemInt : public ::testing::Test {
protected:
    la::test::HartFixture t;
    la::cpu::HartState& h = t.h;

    // rd = r4, rj = r5, rk = r6 by convention in the helpers below.
    uint64_t op3(uint32_t w, uint64_t rj, uint64_t rk) {
        h.gpr[4] = kJunk;
        h.gpr[5] = rj;
        h.gpr[6] = rk;
        EXPECT_EQ(t.exec(w), ExecResult::Next);
        return h.gpr[4];
    }
    uint64_t op2(uint32_t w, uint64_t rj) { return op3(w, rj, 0); }

    void expect_trap(uint32_t w, Ecode e) {
        EXPECT_EQ(t.exec(w), ExecResult::Trap);
        EXPECT_EQ(h.exc.ecode, e);
    }
    void expect_trap_badv(uint32_t w, Ecode e, uint64_t badv) {
        expect_trap(w, e);
        EXPECT_TRUE(h.exc.has_badv);
        EXPECT_EQ(h.exc.badv, badv);
    }
};

// Every non-privileged base instruction, including the ISA v1.1 atomics, has semantics
// (break/syscall live in system.cpp; dbcl is the debug-mode entry, not user-level).
TEST(SemIntCoverage, EveryUserLevelBaseInstructionIsImplemented) {
    using namespace la::decoder;
    constexpr uint32_t kUserExts =
        kExtBase | kExtCrc | kExtLam | kExtLamcas | kExtLamBh | kExtLlacqScrel | kExtScq;
    unsigned n = 0;
    for (unsigned op = 1; op < kNumOpcodes; ++op) {
        const InsnInfo& i = info(static_cast<Opcode>(op));
        if ((i.ext & ~kUserExts) != 0 || (i.attrs & kAttrPriv) != 0 ||
            std::string(i.name) == "dbcl")
            continue;
        EXPECT_NE(la::gen::kSemTable[op], &la::gen::sem_unimplemented) << i.name;
        ++n;
    }
    EXPECT_EQ(n, 224u);  // the 222 of this suite + break + syscall
}

// --- arithmetic and logic ----------------------------------------------------------------

TEST_F(SemInt, R0IgnoresWrites) {
    h.gpr[5] = 7;
    h.gpr[6] = 9;  // r6 + 0xf7 = 0x100
    h.gpr[7] = 0x100;
    t.write(0x100, 8, 0x1234);
    for (const uint32_t w : {enc::add_d(0, 5, 6), enc::lu12i_w(0, 1), enc::ld_d(0, 6, 0xf7),
                             enc::pcaddi(0, 1), enc::amswap_d(0, 5, 7), enc::sltui(0, 0, -1)}) {
        EXPECT_EQ(t.exec(w), ExecResult::Next) << std::hex << w;
        EXPECT_EQ(h.gpr[0], 0u) << std::hex << w;
    }
}

TEST_F(SemInt, WordOpsUseLowBitsAndSignExtend) {
    EXPECT_EQ(op3(enc::add_w(4, 5, 6), 0x7fffffff, 1), kMinW);
    EXPECT_EQ(op3(enc::add_w(4, 5, 6), 0x1234567800000001ull, 1), 2u);
    EXPECT_EQ(op3(enc::sub_w(4, 5, 6), 0, 1), ~0ull);
    EXPECT_EQ(op2(enc::addi_w(4, 5, 1), 0x7fffffff), kMinW);
    EXPECT_EQ(op2(enc::addi_d(4, 5, -2048), 0), static_cast<uint64_t>(-2048));
    EXPECT_EQ(op3(enc::add_d(4, 5, 6), ~0ull, 2), 1u);
    EXPECT_EQ(op2(enc::addu16i_d(4, 5, -1), 0x10000), 0u);
}

TEST_F(SemInt, DestinationEqualToSource) {
    h.gpr[5] = 10;
    EXPECT_EQ(t.exec(enc::addi_d(5, 5, -3)), ExecResult::Next);
    EXPECT_EQ(h.gpr[5], 7u);
    EXPECT_EQ(t.exec(enc::mul_d(5, 5, 5)), ExecResult::Next);
    EXPECT_EQ(h.gpr[5], 49u);
}

TEST_F(SemInt, AlslShiftsBySa2PlusOne) {
    EXPECT_EQ(op3(enc::alsl_d(4, 5, 6, 1), 3, 1), 7u);
    EXPECT_EQ(op3(enc::alsl_d(4, 5, 6, 4), 3, 1), 49u);
    EXPECT_EQ(op3(enc::alsl_w(4, 5, 6, 2), 0x20000000, 0), kMinW);
    EXPECT_EQ(op3(enc::alsl_wu(4, 5, 6, 2), 0x20000000, 0), 0x80000000u);
    EXPECT_EQ(op3(enc::alsl_wu(4, 5, 6, 1), 0x80000000, 5), 5u);
}

TEST_F(SemInt, ConstantBuilding) {
    h.gpr[4] = kJunk;
    ASSERT_EQ(t.exec(enc::lu12i_w(4, 0x12345)), ExecResult::Next);
    EXPECT_EQ(h.gpr[4], 0x12345000u);
    ASSERT_EQ(t.exec(enc::ori(4, 4, 0x678)), ExecResult::Next);
    ASSERT_EQ(t.exec(enc::lu32i_d(4, 0x9abcd)), ExecResult::Next);  // si20 negative
    EXPECT_EQ(h.gpr[4], 0xfff9abcd12345678ull);
    ASSERT_EQ(t.exec(enc::lu52i_d(4, 4, 0x123)), ExecResult::Next);
    EXPECT_EQ(h.gpr[4], 0x1239abcd12345678ull);
    ASSERT_EQ(t.exec(enc::lu12i_w(4, -0x80000)), ExecResult::Next);
    EXPECT_EQ(h.gpr[4], kMinW);
}

TEST_F(SemInt, PcRelative) {
    h.pc = 0x12345678;
    EXPECT_EQ(op2(enc::pcaddi(4, -1), 0), 0x12345674u);
    h.pc = 0x12345678;
    EXPECT_EQ(op2(enc::pcaddu12i(4, -1), 0), 0x12344678u);
    h.pc = 0x12345678;
    EXPECT_EQ(op2(enc::pcaddu18i(4, 1), 0), 0x12385678u);
    h.pc = 0x12345678;
    EXPECT_EQ(op2(enc::pcalau12i(4, 1), 0), 0x12346000u);
}

TEST_F(SemInt, Comparisons) {
    EXPECT_EQ(op3(enc::slt(4, 5, 6), ~0ull, 1), 1u);
    EXPECT_EQ(op3(enc::sltu(4, 5, 6), ~0ull, 1), 0u);
    EXPECT_EQ(op2(enc::slti(4, 5, -1), static_cast<uint64_t>(-2)), 1u);
    // sltui sign-extends the immediate, then compares unsigned (§2.2.1.6).
    EXPECT_EQ(op2(enc::sltui(4, 5, -1), 5), 1u);
    EXPECT_EQ(op2(enc::sltui(4, 5, 1), 0), 1u);
    EXPECT_EQ(op2(enc::sltui(4, 5, 1), 1), 0u);
}

TEST_F(SemInt, Logic) {
    EXPECT_EQ(op3(enc::and_(4, 5, 6), 0xff00, 0x0ff0), 0x0f00u);
    EXPECT_EQ(op3(enc::or_(4, 5, 6), 0xff00, 0x0ff0), 0xfff0u);
    EXPECT_EQ(op3(enc::xor_(4, 5, 6), 0xff00, 0x0ff0), 0xf0f0u);
    EXPECT_EQ(op3(enc::nor(4, 5, 6), 0xff00, 0x0ff0), ~0xfff0ull);
    EXPECT_EQ(op3(enc::andn(4, 5, 6), 0xff00, 0x0ff0), 0xf000u);
    EXPECT_EQ(op3(enc::orn(4, 5, 6), 0, 0x0ff0), ~0x0ff0ull);
    EXPECT_EQ(op2(enc::andi(4, 5, 0xfff), ~0ull), 0xfffu);  // zero-extended immediate
    EXPECT_EQ(op2(enc::ori(4, 5, 0x800), 0), 0x800u);
    EXPECT_EQ(op2(enc::xori(4, 5, 0xfff), 0xf0f), 0x0f0u);
}

TEST_F(SemInt, Shifts) {
    EXPECT_EQ(op3(enc::sll_w(4, 5, 6), 1, 31), kMinW);
    EXPECT_EQ(op3(enc::sll_w(4, 5, 6), 1, 33), 2u);  // rk[4:0]
    EXPECT_EQ(op3(enc::srl_w(4, 5, 6), 0x80000000, 0), kMinW);
    EXPECT_EQ(op3(enc::srl_w(4, 5, 6), 0xffffffff80000000ull, 4), 0x08000000u);
    EXPECT_EQ(op3(enc::sra_w(4, 5, 6), 0x80000000, 4), 0xfffffffff8000000ull);
    EXPECT_EQ(op3(enc::rotr_w(4, 5, 6), 0x00000001, 1), kMinW);
    EXPECT_EQ(op3(enc::sll_d(4, 5, 6), 1, 64 + 63), kMin64);  // rk[5:0]
    EXPECT_EQ(op3(enc::srl_d(4, 5, 6), kMin64, 63), 1u);
    EXPECT_EQ(op3(enc::sra_d(4, 5, 6), kMin64, 63), ~0ull);
    EXPECT_EQ(op3(enc::rotr_d(4, 5, 6), 1, 1), kMin64);
    EXPECT_EQ(op2(enc::slli_w(4, 5, 16), 0x8000), kMinW);
    EXPECT_EQ(op2(enc::srli_w(4, 5, 0), 0x80000000), kMinW);
    EXPECT_EQ(op2(enc::srai_w(4, 5, 31), 0x80000000), ~0ull);
    EXPECT_EQ(op2(enc::rotri_w(4, 5, 4), 0x12345678), 0xffffffff81234567ull);
    EXPECT_EQ(op2(enc::slli_d(4, 5, 63), 1), kMin64);
    EXPECT_EQ(op2(enc::srli_d(4, 5, 60), kMin64), 8u);
    EXPECT_EQ(op2(enc::srai_d(4, 5, 60), kMin64), ~7ull);
    EXPECT_EQ(op2(enc::rotri_d(4, 5, 8), 0x1122334455667788ull), 0x8811223344556677ull);
}

// --- bit manipulation --------------------------------------------------------------------

TEST_F(SemInt, CountsAndExtends) {
    EXPECT_EQ(op2(enc::clz_w(4, 5), 0xffffffff00000000ull), 32u);
    EXPECT_EQ(op2(enc::clo_w(4, 5), 0x00000000ffffffffull), 32u);
    EXPECT_EQ(op2(enc::cto_w(4, 5), 0x7), 3u);
    EXPECT_EQ(op2(enc::ctz_w(4, 5), 0x100000000ull), 32u);
    EXPECT_EQ(op2(enc::clz_d(4, 5), 1), 63u);
    EXPECT_EQ(op2(enc::clo_d(4, 5), ~0ull), 64u);
    EXPECT_EQ(op2(enc::cto_d(4, 5), ~0ull), 64u);
    EXPECT_EQ(op2(enc::ctz_d(4, 5), 0), 64u);
    EXPECT_EQ(op2(enc::ext_w_b(4, 5), 0x1280), 0xffffffffffffff80ull);
    EXPECT_EQ(op2(enc::ext_w_h(4, 5), 0x12348000), 0xffffffffffff8000ull);
}

TEST_F(SemInt, Bytepick) {
    const uint64_t rj = 0x44332211, rk = 0x88776655;
    EXPECT_EQ(op3(enc::bytepick_w(4, 5, 6, 0), rj, rk), 0xffffffff88776655ull);
    EXPECT_EQ(op3(enc::bytepick_w(4, 5, 6, 1), rj, rk), 0x77665544u);
    EXPECT_EQ(op3(enc::bytepick_w(4, 5, 6, 2), rj, rk), 0x66554433u);
    EXPECT_EQ(op3(enc::bytepick_w(4, 5, 6, 3), rj, rk), 0x55443322u);
    const uint64_t dj = 0x8877665544332211ull, dk = 0xffeeddccbbaa9988ull;
    EXPECT_EQ(op3(enc::bytepick_d(4, 5, 6, 0), dj, dk), dk);
    EXPECT_EQ(op3(enc::bytepick_d(4, 5, 6, 3), dj, dk), 0xccbbaa9988887766ull);
    EXPECT_EQ(op3(enc::bytepick_d(4, 5, 6, 7), dj, dk), 0x8888776655443322ull);
}

TEST_F(SemInt, ByteAndBitReversal) {
    const uint64_t v = 0x1122334455667788ull;
    EXPECT_EQ(op2(enc::revb_2h(4, 5), 0x11223344), 0x22114433u);
    EXPECT_EQ(op2(enc::revb_2h(4, 5), 0x00800000), kMinW);
    EXPECT_EQ(op2(enc::revb_4h(4, 5), v), 0x2211443366558877ull);
    EXPECT_EQ(op2(enc::revb_2w(4, 5), v), 0x4433221188776655ull);
    EXPECT_EQ(op2(enc::revb_d(4, 5), v), 0x8877665544332211ull);
    EXPECT_EQ(op2(enc::revh_2w(4, 5), v), 0x3344112277885566ull);
    EXPECT_EQ(op2(enc::revh_d(4, 5), v), 0x7788556633441122ull);
    EXPECT_EQ(op2(enc::bitrev_4b(4, 5), 0x01020380), 0xffffffff8040c001ull);
    EXPECT_EQ(op2(enc::bitrev_8b(4, 5), 0x0100000000000001ull), 0x8000000000000080ull);
    EXPECT_EQ(op2(enc::bitrev_w(4, 5), 1), kMinW);
    EXPECT_EQ(op2(enc::bitrev_d(4, 5), 0x3), 0xc000000000000000ull);
}

TEST_F(SemInt, BitStrings) {
    h.gpr[4] = 0x12345678;
    h.gpr[5] = 0xab;
    ASSERT_EQ(t.exec(enc::bstrins_w(4, 5, 15, 8)), ExecResult::Next);
    EXPECT_EQ(h.gpr[4], 0x1234ab78u);
    h.gpr[4] = 0;
    h.gpr[5] = 1;
    ASSERT_EQ(t.exec(enc::bstrins_w(4, 5, 31, 31)), ExecResult::Next);
    EXPECT_EQ(h.gpr[4], kMinW);
    h.gpr[4] = 0x12345678;
    h.gpr[5] = 0xdeadbeef;
    ASSERT_EQ(t.exec(enc::bstrins_d(4, 5, 63, 32)), ExecResult::Next);
    EXPECT_EQ(h.gpr[4], 0xdeadbeef12345678ull);
    EXPECT_EQ(op2(enc::bstrpick_w(4, 5, 31, 0), 0x80000000), kMinW);
    EXPECT_EQ(op2(enc::bstrpick_w(4, 5, 31, 1), 0x80000000), 0x40000000u);
    EXPECT_EQ(op2(enc::bstrpick_d(4, 5, 63, 60), 0xf000000000000000ull), 0xfu);
    EXPECT_EQ(op2(enc::bstrpick_d(4, 5, 63, 0), kJunk), kJunk);
    EXPECT_EQ(op3(enc::maskeqz(4, 5, 6), 7, 0), 0u);
    EXPECT_EQ(op3(enc::maskeqz(4, 5, 6), 7, 2), 7u);
    EXPECT_EQ(op3(enc::masknez(4, 5, 6), 7, 0), 7u);
    EXPECT_EQ(op3(enc::masknez(4, 5, 6), 7, 2), 0u);
}

// msb < lsb: INE, as QEMU (trans_bit.c.inc); the manual leaves it open.
TEST_F(SemInt, BitStringWithMsbBelowLsbIsIne) {
    h.gpr[4] = kJunk;
    expect_trap(enc::bstrins_w(4, 5, 3, 4), Ecode::INE);
    expect_trap(enc::bstrpick_w(4, 5, 0, 1), Ecode::INE);
    expect_trap(enc::bstrins_d(4, 5, 31, 32), Ecode::INE);
    expect_trap(enc::bstrpick_d(4, 5, 62, 63), Ecode::INE);
    EXPECT_EQ(h.gpr[4], kJunk);
}

// --- multiply and divide -----------------------------------------------------------------

TEST_F(SemInt, Multiply) {
    EXPECT_EQ(op3(enc::mul_w(4, 5, 6), 0x40000000, 2), kMinW);
    EXPECT_EQ(op3(enc::mul_w(4, 5, 6), 0x10000, 0x10000), 0u);
    EXPECT_EQ(op3(enc::mulh_w(4, 5, 6), 0xffffffff, 1), ~0ull);  // -1 * 1
    EXPECT_EQ(op3(enc::mulh_wu(4, 5, 6), 0xffffffff, 0xffffffff), 0xfffffffffffffffeull);
    EXPECT_EQ(op3(enc::mul_d(4, 5, 6), kMin64, 2), 0u);
    EXPECT_EQ(op3(enc::mulh_d(4, 5, 6), kMin64, ~0ull), 0u);  // 2^63: high word 0
    EXPECT_EQ(op3(enc::mulh_d(4, 5, 6), ~0ull, 1), ~0ull);
    EXPECT_EQ(op3(enc::mulh_du(4, 5, 6), ~0ull, ~0ull), 0xfffffffffffffffeull);
    EXPECT_EQ(op3(enc::mulw_d_w(4, 5, 6), 0xabcdef00ffffffffull, 5), static_cast<uint64_t>(-5));
    EXPECT_EQ(op3(enc::mulw_d_wu(4, 5, 6), 0xabcdef00ffffffffull, 2), 0x1fffffffeull);
}

TEST_F(SemInt, DivideOrdinary) {
    EXPECT_EQ(op3(enc::div_w(4, 5, 6), 7, static_cast<uint64_t>(-2)), static_cast<uint64_t>(-3));
    EXPECT_EQ(op3(enc::mod_w(4, 5, 6), 7, static_cast<uint64_t>(-2)), 1u);
    EXPECT_EQ(op3(enc::mod_w(4, 5, 6), static_cast<uint64_t>(-7), 2), ~0ull);
    EXPECT_EQ(op3(enc::div_w(4, 5, 6), 0xdeadbeef00000064ull, 0x123400000000000aull), 10u);
    EXPECT_EQ(op3(enc::div_wu(4, 5, 6), 0xffffffff, 1), ~0ull);  // quotient sign-extended
    EXPECT_EQ(op3(enc::mod_wu(4, 5, 6), 0xffffffff, 0x10), 0xfu);
    EXPECT_EQ(op3(enc::div_d(4, 5, 6), static_cast<uint64_t>(-9), 2), static_cast<uint64_t>(-4));
    EXPECT_EQ(op3(enc::mod_d(4, 5, 6), static_cast<uint64_t>(-9), 2), ~0ull);
    EXPECT_EQ(op3(enc::div_du(4, 5, 6), ~0ull, 2), ~0ull >> 1);
    EXPECT_EQ(op3(enc::mod_du(4, 5, 6), ~0ull, 10), 5u);
}

// Results the manual leaves open (§2.2.1.13), as QEMU gives them (trans_arith.c.inc:
// the divisor is replaced by 1): x / 0 = x, x % 0 = 0, INT_MIN / -1 = INT_MIN, % = 0.
TEST_F(SemInt, DivideByZeroAndOverflowAsQemu) {
    const uint64_t x = 0x1234567880000000ull;
    EXPECT_EQ(op3(enc::div_w(4, 5, 6), x, 0), kMinW);
    EXPECT_EQ(op3(enc::mod_w(4, 5, 6), x, 0), 0u);
    EXPECT_EQ(op3(enc::div_wu(4, 5, 6), x, 0), kMinW);
    EXPECT_EQ(op3(enc::mod_wu(4, 5, 6), x, 0), 0u);
    EXPECT_EQ(op3(enc::div_d(4, 5, 6), x, 0), x);
    EXPECT_EQ(op3(enc::mod_d(4, 5, 6), x, 0), 0u);
    EXPECT_EQ(op3(enc::div_du(4, 5, 6), x, 0), x);
    EXPECT_EQ(op3(enc::mod_du(4, 5, 6), x, 0), 0u);
    EXPECT_EQ(op3(enc::div_w(4, 5, 6), 0x80000000, 0xffffffff), kMinW);
    EXPECT_EQ(op3(enc::mod_w(4, 5, 6), 0x80000000, 0xffffffff), 0u);
    EXPECT_EQ(op3(enc::div_d(4, 5, 6), kMin64, ~0ull), kMin64);
    EXPECT_EQ(op3(enc::mod_d(4, 5, 6), kMin64, ~0ull), 0u);
}

// --- branches ----------------------------------------------------------------------------

TEST_F(SemInt, ConditionalBranches) {
    struct Case {
        uint32_t w;
        uint64_t rj, rd;
        int64_t offs;
        bool taken;
    };
    const uint64_t m1 = ~0ull;
    const Case cases[] = {
        {enc::beq(5, 6, -8), 3, 3, -8, true},
        {enc::beq(5, 6, -8), 3, 4, -8, false},
        {enc::bne(5, 6, -8), 3, 4, -8, true},
        {enc::bne(5, 6, -8), 3, 3, -8, false},
        {enc::blt(5, 6, -8), m1, 1, -8, true},
        {enc::bltu(5, 6, -8), m1, 1, -8, false},
        {enc::bge(5, 6, -8), 1, m1, -8, true},
        {enc::bgeu(5, 6, -8), 1, m1, -8, false},
        {enc::bge(5, 6, 8), 2, 2, 8, true},
        {enc::bltu(5, 6, 0x1fffc), 1, m1, 0x1fffc, true},
        {enc::beqz(5, -0x400000), 0, 0, -0x400000, true},
        {enc::bnez(5, 0xffffc), 0, 0, 0xffffc, false},
        {enc::bnez(5, 0xffffc), 8, 0, 0xffffc, true},
    };
    for (const Case& c : cases) {
        h.pc = 0x8000000;
        h.gpr[5] = c.rj;
        h.gpr[6] = c.rd;
        EXPECT_EQ(t.exec(c.w), c.taken ? ExecResult::Jumped : ExecResult::Next) << std::hex << c.w;
        EXPECT_EQ(h.pc, c.taken ? 0x8000000 + c.offs : 0x8000004) << std::hex << c.w;
    }
}

TEST_F(SemInt, UnconditionalJumps) {
    h.pc = 0x10000000;
    EXPECT_EQ(t.exec(enc::b(-0x8000000)), ExecResult::Jumped);
    EXPECT_EQ(h.pc, 0x8000000u);
    h.gpr[1] = kJunk;
    EXPECT_EQ(t.exec(enc::bl(0x7fffffc)), ExecResult::Jumped);
    EXPECT_EQ(h.pc, 0x8000000u + 0x7fffffc);
    EXPECT_EQ(h.gpr[1], 0x8000004u);
}

TEST_F(SemInt, JirlReadsRjBeforeWritingRd) {
    h.pc = 0x3000;
    h.gpr[1] = 0x2000;
    EXPECT_EQ(t.exec(enc::jirl(1, 1, 8)), ExecResult::Jumped);
    EXPECT_EQ(h.pc, 0x2008u);
    EXPECT_EQ(h.gpr[1], 0x3004u);
    EXPECT_EQ(t.exec(enc::jirl(0, 1, -4)), ExecResult::Jumped);  // `jr` form: r0 stays 0
    EXPECT_EQ(h.pc, 0x3000u);
    EXPECT_EQ(h.gpr[0], 0u);
}

// --- loads and stores --------------------------------------------------------------------

TEST_F(SemInt, LoadsExtend) {
    t.write(0x100, 8, 0x8081828384858687ull);
    EXPECT_EQ(op2(enc::ld_b(4, 5, 0), 0x100), 0xffffffffffffff87ull);
    EXPECT_EQ(op2(enc::ld_bu(4, 5, 0), 0x100), 0x87u);
    EXPECT_EQ(op2(enc::ld_h(4, 5, 0), 0x100), 0xffffffffffff8687ull);
    EXPECT_EQ(op2(enc::ld_hu(4, 5, 0), 0x100), 0x8687u);
    EXPECT_EQ(op2(enc::ld_w(4, 5, 0), 0x100), 0xffffffff84858687ull);
    EXPECT_EQ(op2(enc::ld_wu(4, 5, 0), 0x100), 0x84858687u);
    EXPECT_EQ(op2(enc::ld_d(4, 5, -16), 0x110), 0x8081828384858687ull);
    EXPECT_EQ(op3(enc::ldx_w(4, 5, 6), 0x80, 0x84), 0xffffffff80818283ull);
    EXPECT_EQ(op3(enc::ldx_bu(4, 5, 6), 0x200, static_cast<uint64_t>(-0x100)), 0x87u);
    EXPECT_EQ(op3(enc::ldx_hu(4, 5, 6), 0x100, 6), 0x8081u);
    EXPECT_EQ(op3(enc::ldx_wu(4, 5, 6), 0x100, 4), 0x80818283u);
    EXPECT_EQ(op3(enc::ldx_b(4, 5, 6), 0x100, 7), 0xffffffffffffff80ull);
    EXPECT_EQ(op3(enc::ldx_h(4, 5, 6), 0x100, 6), 0xffffffffffff8081ull);
    EXPECT_EQ(op3(enc::ldx_d(4, 5, 6), 0x100, 0), 0x8081828384858687ull);
    EXPECT_EQ(op2(enc::ldptr_w(4, 5, 4), 0xfc), 0xffffffff84858687ull);
    EXPECT_EQ(op2(enc::ldptr_d(4, 5, 0x100), 0), 0x8081828384858687ull);
    h.gpr[5] = 0x100;  // rd == rj
    ASSERT_EQ(t.exec(enc::ld_d(5, 5, 0)), ExecResult::Next);
    EXPECT_EQ(h.gpr[5], 0x8081828384858687ull);
}

TEST_F(SemInt, StoresWriteLowBytes) {
    const uint64_t v = 0x1122334455667788ull, fill = 0xa5a5a5a5a5a5a5a5ull;
    struct Case {
        uint32_t w;
        unsigned size;
    };
    const Case cases[] = {{enc::st_b(6, 5, 0x10), 1},    {enc::st_h(6, 5, 0x10), 2},
                          {enc::st_w(6, 5, 0x10), 4},    {enc::st_d(6, 5, 0x10), 8},
                          {enc::stx_b(6, 5, 7), 1},      {enc::stx_h(6, 5, 7), 2},
                          {enc::stx_w(6, 5, 7), 4},      {enc::stx_d(6, 5, 7), 8},
                          {enc::stptr_w(6, 5, 0x10), 4}, {enc::stptr_d(6, 5, 0x10), 8}};
    for (const Case& c : cases) {
        t.write(0x400, 8, fill);
        t.write(0x408, 8, fill);
        h.gpr[5] = 0x3f0;  // + 0x10 from the immediate or from r7
        h.gpr[7] = 0x10;
        h.gpr[6] = v;
        ASSERT_EQ(t.exec(c.w), ExecResult::Next) << std::hex << c.w;
        const uint64_t mask = c.size == 8 ? ~0ull : (1ull << (8 * c.size)) - 1;
        EXPECT_EQ(t.read(0x400, 8), (fill & ~mask) | (v & mask)) << std::hex << c.w;
        EXPECT_EQ(t.read(0x408, 8), fill) << std::hex << c.w;
    }
}

TEST_F(SemInt, UnalignedOrdinaryAccessUnlessAlcl) {
    t.write(0x100, 8, 0x8877665544332211ull);
    EXPECT_EQ(op2(enc::ld_w(4, 5, 1), 0x100), 0x55443322u);
    h.csr[0x3] = 1ull << 12;  // MISC.ALCL0: alignment checks at PLV0 (§2.1.8)
    h.gpr[4] = kJunk;
    expect_trap_badv(enc::ld_w(4, 5, 1), Ecode::ALE, 0x101);
    expect_trap_badv(enc::st_h(4, 5, 3), Ecode::ALE, 0x103);
    EXPECT_EQ(h.gpr[4], kJunk);
    EXPECT_EQ(op2(enc::ld_b(4, 5, 1), 0x100), 0x22u);
    EXPECT_EQ(op2(enc::ld_w(4, 5, 4), 0x100), 0xffffffff88776655ull);
}

TEST_F(SemInt, FaultingAccessLeavesRdAndPc) {
    h.gpr[4] = kJunk;
    h.gpr[5] = 0x200000000ull;  // outside the fixture's RAM: ADEM
    expect_trap_badv(enc::ld_d(4, 5, 8), Ecode::ADE, 0x200000008ull);
    EXPECT_EQ(h.gpr[4], kJunk);
    EXPECT_EQ(h.pc, 0x1000u);
    expect_trap(enc::st_w(4, 5, 0), Ecode::ADE);
    // Prefetches never fault (§2.2.5.4).
    EXPECT_EQ(t.exec(enc::preld(0, 5, 0)), ExecResult::Next);
    EXPECT_EQ(t.exec(enc::preldx(8, 5, 5)), ExecResult::Next);
}

TEST_F(SemInt, BoundCheckedAccesses) {
    t.write(0x200, 8, 0x00000000fffffffeull);
    EXPECT_EQ(op3(enc::ldgt_w(4, 5, 6), 0x200, 0x100), ~1ull);
    EXPECT_EQ(op3(enc::ldle_d(4, 5, 6), 0x200, 0x200), 0xfffffffeu);
    EXPECT_EQ(op3(enc::ldgt_b(4, 5, 6), 0x200, 0x1ff), 0xfffffffffffffffeull);
    EXPECT_EQ(op3(enc::ldle_h(4, 5, 6), 0x200, 0x300), 0xfffffffffffffffeull);
    h.gpr[4] = kJunk;
    h.gpr[5] = 0x200;
    h.gpr[6] = 0x200;
    expect_trap_badv(enc::ldgt_d(4, 5, 6), Ecode::BCE, h.pc);  // BADV = PC (mem.cpp)
    h.gpr[6] = 0x1f8;
    expect_trap_badv(enc::ldle_w(4, 5, 6), Ecode::BCE, h.pc);  // BADV = PC (mem.cpp)
    EXPECT_EQ(h.gpr[4], kJunk);
    // Stores: written only when the bound holds.
    h.gpr[4] = 0x55;
    expect_trap_badv(enc::stle_b(4, 5, 6), Ecode::BCE, h.pc);  // BADV = PC (mem.cpp)
    EXPECT_EQ(t.read(0x200, 1), 0xfeu);
    EXPECT_EQ(t.exec(enc::stgt_b(4, 5, 6)), ExecResult::Next);
    EXPECT_EQ(t.read(0x200, 1), 0x55u);
    EXPECT_EQ(t.exec(enc::stgt_h(4, 5, 6)), ExecResult::Next);
    EXPECT_EQ(t.exec(enc::stgt_w(4, 5, 6)), ExecResult::Next);
    EXPECT_EQ(t.exec(enc::stgt_d(4, 5, 6)), ExecResult::Next);
    EXPECT_EQ(t.read(0x200, 8), 0x55u);
    h.gpr[6] = 0x200;
    EXPECT_EQ(t.exec(enc::stle_h(4, 5, 6)), ExecResult::Next);
    EXPECT_EQ(t.exec(enc::stle_w(4, 5, 6)), ExecResult::Next);
    EXPECT_EQ(t.exec(enc::stle_d(4, 5, 6)), ExecResult::Next);
    // Signed comparison (§2.2.10.3): 0x200 > -1. (QEMU compares unsigned.)
    EXPECT_EQ(op3(enc::ldgt_b(4, 5, 6), 0x200, ~0ull), 0x55u);
}

// Natural alignment is required, and ALE comes before BCE (§6.3.2).
TEST_F(SemInt, BoundCheckedAccessesNeedAlignment) {
    h.gpr[5] = 0x202;
    h.gpr[6] = 0x1000;  // the bound check would fail too
    expect_trap_badv(enc::ldgt_w(4, 5, 6), Ecode::ALE, 0x202);
    expect_trap_badv(enc::stgt_d(4, 5, 6), Ecode::ALE, 0x202);
    h.gpr[5] = 0x201;
    expect_trap_badv(enc::ldle_h(4, 5, 6), Ecode::ALE, 0x201);
    EXPECT_EQ(t.exec(enc::ldle_b(4, 5, 6)), ExecResult::Next);
}

TEST_F(SemInt, BoundAssertions) {
    h.gpr[5] = 5;
    h.gpr[6] = 5;
    EXPECT_EQ(t.exec(enc::asrtle_d(5, 6)), ExecResult::Next);
    expect_trap_badv(enc::asrtgt_d(5, 6), Ecode::BCE, h.pc);  // BADV = PC (mem.cpp)
    h.gpr[5] = ~0ull;  // -1 <= 5 as signed numbers
    EXPECT_EQ(t.exec(enc::asrtle_d(5, 6)), ExecResult::Next);
    expect_trap_badv(enc::asrtgt_d(5, 6), Ecode::BCE, h.pc);  // BADV = PC (mem.cpp)
    h.gpr[5] = 6;
    expect_trap_badv(enc::asrtle_d(5, 6), Ecode::BCE, h.pc);  // BADV = PC (mem.cpp)
    EXPECT_EQ(t.exec(enc::asrtgt_d(5, 6)), ExecResult::Next);
}

// --- atomics -----------------------------------------------------------------------------

TEST_F(SemInt, AmoOperations) {
    struct Case {
        uint32_t w;
        unsigned size;
        uint64_t mem, rk, new_mem, rd;
    };
    const Case cases[] = {
        {enc::amswap_w(4, 6, 5), 4, 0x80000000, 0x12345678, 0x12345678, kMinW},
        {enc::amswap_db_d(4, 6, 5), 8, 1, 2, 2, 1},
        {enc::amadd_w(4, 6, 5), 4, 0xffffffff, 1, 0, ~0ull},
        {enc::amadd_db_d(4, 6, 5), 8, ~0ull, 2, 1, ~0ull},
        {enc::amand_w(4, 6, 5), 4, 0xf0f0, 0xff00, 0xf000, 0xf0f0},
        {enc::amor_d(4, 6, 5), 8, 0xf0f0, 0xff00, 0xfff0, 0xf0f0},
        {enc::amxor_db_w(4, 6, 5), 4, 0xf0f0, 0xff00, 0x0ff0, 0xf0f0},
        {enc::ammax_w(4, 6, 5), 4, 0xffffffff, 1, 1, ~0ull},
        {enc::ammax_wu(4, 6, 5), 4, 0xffffffff, 1, 0xffffffff, ~0ull},  // old value sign-extended
        {enc::ammin_w(4, 6, 5), 4, 0xffffffff, 1, 0xffffffff, ~0ull},
        {enc::ammin_db_wu(4, 6, 5), 4, 0xffffffff, 1, 1, ~0ull},
        {enc::ammax_d(4, 6, 5), 8, kMin64, 1, 1, kMin64},
        {enc::ammax_db_du(4, 6, 5), 8, kMin64, 1, kMin64, kMin64},
        {enc::ammin_du(4, 6, 5), 8, kMin64, 1, 1, kMin64},
        {enc::ammin_db_d(4, 6, 5), 8, kMin64, 1, kMin64, kMin64},
        {enc::amadd_h(4, 6, 5), 2, 0xffff, 1, 0, ~0ull},
        {enc::amswap_db_b(4, 6, 5), 1, 0x80, 0x1234, 0x34, 0xffffffffffffff80ull},
        {enc::amadd_db_b(4, 6, 5), 1, 0x7f, 1, 0x80, 0x7f},
        {enc::amswap_h(4, 6, 5), 2, 0x8000, 0x1234, 0x1234, 0xffffffffffff8000ull},
    };
    const uint64_t a = 0x300, fill = 0xa5a5a5a5a5a5a5a5ull;
    for (const Case& c : cases) {
        const std::string name = la::decoder::info(la::decoder::decode(c.w)).name;
        const uint64_t mask = c.size == 8 ? ~0ull : (1ull << (8 * c.size)) - 1;
        t.write(a, 8, fill);
        t.write(a, c.size, c.mem);
        EXPECT_EQ(op3(c.w, a, c.rk), c.rd) << name;
        EXPECT_EQ(t.read(a, 8), (fill & ~mask) | (c.new_mem & mask)) << name;
    }
}

TEST_F(SemInt, AtomicsNeedNaturalAlignment) {
    h.gpr[5] = 0x302;
    expect_trap_badv(enc::amswap_w(4, 6, 5), Ecode::ALE, 0x302);
    expect_trap_badv(enc::amadd_db_d(4, 6, 5), Ecode::ALE, 0x302);
    expect_trap_badv(enc::amcas_w(4, 6, 5), Ecode::ALE, 0x302);
    expect_trap_badv(enc::ll_w(4, 5, 0), Ecode::ALE, 0x302);
    expect_trap_badv(enc::sc_d(4, 5, 0), Ecode::ALE, 0x302);
    expect_trap_badv(enc::llacq_d(4, 5), Ecode::ALE, 0x302);
    h.gpr[5] = 0x301;
    expect_trap_badv(enc::amadd_h(4, 6, 5), Ecode::ALE, 0x301);
    expect_trap_badv(enc::amcas_h(4, 6, 5), Ecode::ALE, 0x301);
    EXPECT_EQ(t.exec(enc::amswap_b(4, 6, 5)), ExecResult::Next);
    h.gpr[5] = 0x308;  // 8-aligned is not enough for SC.Q
    h.llbit = 1;
    expect_trap_badv(enc::sc_q(4, 6, 5), Ecode::ALE, 0x308);
    EXPECT_EQ(h.llbit, 1u);
}

// rd == rj: INE for the W/D forms (§2.2.7.1), allowed for AM{SWAP,ADD}.{B,H} (§2.2.7.2).
// rd == rk: unspecified; INE unless rd is r0, as QEMU (trans_atomic.c.inc, gen_am).
TEST_F(SemInt, AmoRegisterOverlap) {
    t.write(0x300, 8, 5);
    h.gpr[4] = 0x300;
    h.gpr[5] = 0x300;
    h.gpr[6] = 1;
    expect_trap(enc::amadd_w(4, 6, 4), Ecode::INE);
    expect_trap(enc::amswap_db_d(4, 6, 4), Ecode::INE);
    expect_trap(enc::amadd_w(6, 6, 5), Ecode::INE);
    expect_trap(enc::amadd_h(6, 6, 5), Ecode::INE);
    expect_trap(enc::amadd_d(0, 6, 0), Ecode::INE);
    EXPECT_EQ(t.read(0x300, 8), 5u);
    EXPECT_EQ(t.exec(enc::amadd_d(0, 0, 5)), ExecResult::Next);  // rd == rk == r0
    EXPECT_EQ(t.exec(enc::amadd_b(4, 6, 4)), ExecResult::Next);  // rd == rj allowed
    EXPECT_EQ(h.gpr[4], 5u);
    EXPECT_EQ(t.read(0x300, 8), 6u);
    h.gpr[4] = 0x300;
    EXPECT_EQ(t.exec(enc::amcas_w(4, 6, 4)), ExecResult::Next);  // no restriction for AMCAS
    EXPECT_EQ(h.gpr[4], 6u);
}

TEST_F(SemInt, CompareAndSwap) {
    t.write(0x300, 8, 0x1122334480000005ull);
    h.gpr[4] = 0xdeadbeef80000005ull;  // only bits 31:0 are compared (§2.2.7.3)
    h.gpr[5] = 0x300;
    h.gpr[6] = 0x77;
    ASSERT_EQ(t.exec(enc::amcas_w(4, 6, 5)), ExecResult::Next);
    EXPECT_EQ(h.gpr[4], 0xffffffff80000005ull);
    EXPECT_EQ(t.read(0x300, 8), 0x1122334400000077ull);
    h.gpr[4] = 0x78;  // mismatch: no store, old value returned
    ASSERT_EQ(t.exec(enc::amcas_db_w(4, 6, 5)), ExecResult::Next);
    EXPECT_EQ(h.gpr[4], 0x77u);
    EXPECT_EQ(t.read(0x300, 8), 0x1122334400000077ull);
    h.gpr[4] = 0x77;
    h.gpr[6] = 0x80;
    ASSERT_EQ(t.exec(enc::amcas_b(4, 6, 5)), ExecResult::Next);
    EXPECT_EQ(t.read(0x300, 1), 0x80u);
    h.gpr[4] = 0xff80;  // .b compares bits 7:0 only
    h.gpr[6] = 1;
    ASSERT_EQ(t.exec(enc::amcas_db_b(4, 6, 5)), ExecResult::Next);
    EXPECT_EQ(h.gpr[4], 0xffffffffffffff80ull);
    EXPECT_EQ(t.read(0x300, 1), 1u);
    h.gpr[4] = 0x1122334400000001ull;
    h.gpr[6] = kJunk;
    ASSERT_EQ(t.exec(enc::amcas_d(4, 6, 5)), ExecResult::Next);
    EXPECT_EQ(t.read(0x300, 8), kJunk);
    h.gpr[4] = 0x1;
    ASSERT_EQ(t.exec(enc::amcas_h(4, 6, 5)), ExecResult::Next);
    EXPECT_EQ(h.gpr[4], 0xfffffffffffff00dull);
    ASSERT_EQ(t.exec(enc::amcas_db_h(4, 6, 5)), ExecResult::Next);
    ASSERT_EQ(t.exec(enc::amcas_db_d(4, 6, 5)), ExecResult::Next);
    EXPECT_EQ(h.gpr[4], kJunk);
}

TEST_F(SemInt, LoadLinkedStoreConditional) {
    t.write(0x400, 8, 0x80000001);
    h.gpr[5] = 0x3f0;
    ASSERT_EQ(t.exec(enc::ll_w(4, 5, 0x10)), ExecResult::Next);
    EXPECT_EQ(h.gpr[4], 0xffffffff80000001ull);
    EXPECT_EQ(h.llbit, 1u);
    EXPECT_EQ(h.lladdr, 0x400u);
    h.gpr[4] = 0x42;
    ASSERT_EQ(t.exec(enc::sc_w(4, 5, 0x10)), ExecResult::Next);
    EXPECT_EQ(h.gpr[4], 1u);
    EXPECT_EQ(h.llbit, 0u);
    EXPECT_EQ(t.read(0x400, 8), 0x42u);
    h.gpr[4] = 0x43;  // LLBit now 0: SC fails and stores nothing
    ASSERT_EQ(t.exec(enc::sc_w(4, 5, 0x10)), ExecResult::Next);
    EXPECT_EQ(h.gpr[4], 0u);
    EXPECT_EQ(t.read(0x400, 8), 0x42u);

    h.gpr[5] = 0x400;
    ASSERT_EQ(t.exec(enc::llacq_d(4, 5)), ExecResult::Next);
    EXPECT_EQ(h.gpr[4], 0x42u);
    h.gpr[4] = kJunk;
    ASSERT_EQ(t.exec(enc::screl_d(4, 5)), ExecResult::Next);
    EXPECT_EQ(h.gpr[4], 1u);
    EXPECT_EQ(t.read(0x400, 8), kJunk);
    ASSERT_EQ(t.exec(enc::ll_d(6, 5, 0)), ExecResult::Next);
    h.llbit = 0;  // e.g. cleared by ERTN or LLBCTL.WCLLB
    h.gpr[4] = 7;
    ASSERT_EQ(t.exec(enc::sc_d(4, 5, 0)), ExecResult::Next);
    EXPECT_EQ(h.gpr[4], 0u);
    EXPECT_EQ(t.read(0x400, 8), kJunk);
    ASSERT_EQ(t.exec(enc::llacq_w(4, 5)), ExecResult::Next);
    ASSERT_EQ(t.exec(enc::screl_w(4, 5)), ExecResult::Next);
    EXPECT_EQ(h.gpr[4], 1u);
}

TEST_F(SemInt, StoreConditionalQuad) {
    h.gpr[5] = 0x500;
    ASSERT_EQ(t.exec(enc::ll_d(4, 5, 0)), ExecResult::Next);
    h.gpr[4] = 0x1111111111111111ull;
    h.gpr[6] = 0x2222222222222222ull;
    ASSERT_EQ(t.exec(enc::sc_q(4, 6, 5)), ExecResult::Next);
    EXPECT_EQ(h.gpr[4], 1u);
    EXPECT_EQ(t.read(0x500, 8), 0x1111111111111111ull);  // rd is the low doubleword
    EXPECT_EQ(t.read(0x508, 8), 0x2222222222222222ull);
    h.gpr[4] = 3;
    ASSERT_EQ(t.exec(enc::sc_q(4, 6, 5)), ExecResult::Next);
    EXPECT_EQ(h.gpr[4], 0u);
    EXPECT_EQ(t.read(0x500, 8), 0x1111111111111111ull);
}

TEST_F(SemInt, StoreConditionalFaultKeepsState) {
    h.gpr[5] = 0x200000000ull;
    h.gpr[4] = kJunk;
    h.llbit = 1;
    expect_trap(enc::sc_w(4, 5, 0), Ecode::ADE);
    EXPECT_EQ(h.gpr[4], kJunk);
    EXPECT_EQ(h.llbit, 1u);
}

// --- CRC, counters, CPUCFG, barriers ------------------------------------------------------

// The standard check values of "123456789" (CRC-32 0xCBF43926, CRC-32C 0xE3069283): the
// instructions are the bare update step, so software supplies the ~0 pre/post inversion.
// The message is in rj, the running checksum in rk.
TEST_F(SemInt, CrcCheckValues) {
    const char msg[] = "123456789";
    for (const bool castagnoli : {false, true}) {
        h.gpr[4] = 0xffffffff;
        for (int i = 0; i < 9; ++i) {
            h.gpr[5] = static_cast<uint8_t>(msg[i]) | 0xabcdef00u;  // only bits 7:0 count
            ASSERT_EQ(t.exec(castagnoli ? enc::crcc_w_b_w(4, 5, 4) : enc::crc_w_b_w(4, 5, 4)),
                      ExecResult::Next);
        }
        EXPECT_EQ(~h.gpr[4] & 0xffffffffu, castagnoli ? 0xE3069283u : 0xCBF43926u);
        // The same with one doubleword step, then a byte.
        uint64_t first8 = 0;
        std::memcpy(&first8, msg, 8);
        h.gpr[4] = 0xffffffff;
        h.gpr[5] = first8;
        ASSERT_EQ(t.exec(castagnoli ? enc::crcc_w_d_w(4, 5, 4) : enc::crc_w_d_w(4, 5, 4)),
                  ExecResult::Next);
        h.gpr[5] = '9';
        ASSERT_EQ(t.exec(castagnoli ? enc::crcc_w_b_w(4, 5, 4) : enc::crc_w_b_w(4, 5, 4)),
                  ExecResult::Next);
        EXPECT_EQ(~h.gpr[4] & 0xffffffffu, castagnoli ? 0xE3069283u : 0xCBF43926u);
    }
}

TEST_F(SemInt, CrcWidthsAndSignExtension) {
    // A halfword step equals two byte steps; a word step two halfword steps.
    for (const bool c : {false, true}) {
        const uint64_t m = 0x89abcdef, s = 0x12345678;
        const uint64_t b1 = op3(c ? enc::crcc_w_b_w(4, 5, 6) : enc::crc_w_b_w(4, 5, 6), m, s);
        const uint64_t b2 = op3(c ? enc::crcc_w_b_w(4, 5, 6) : enc::crc_w_b_w(4, 5, 6), m >> 8, b1);
        EXPECT_EQ(op3(c ? enc::crcc_w_h_w(4, 5, 6) : enc::crc_w_h_w(4, 5, 6), m, s), b2);
        const uint64_t h1 = op3(c ? enc::crcc_w_h_w(4, 5, 6) : enc::crc_w_h_w(4, 5, 6), m, s);
        const uint64_t h2 =
            op3(c ? enc::crcc_w_h_w(4, 5, 6) : enc::crc_w_h_w(4, 5, 6), m >> 16, h1);
        const uint64_t w = op3(c ? enc::crcc_w_w_w(4, 5, 6) : enc::crc_w_w_w(4, 5, 6), m, s);
        EXPECT_EQ(w, h2);
        EXPECT_EQ(w, static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(w))));
    }
    EXPECT_EQ(op3(enc::crc_w_w_w(4, 5, 6), 0, 0), 0u);
}

TEST_F(SemInt, StableCounterReads) {
    h.retired = 0x8000000180000000ull;
    h.csr[0x43] = 0x10;  // CNTC is added to the readout (§7.6.4)
    h.csr[0x40] = 7;     // TID
    h.gpr[5] = kJunk;
    EXPECT_EQ(op2(enc::rdtime_d(4, 5), 0), 0x8000000180000010ull);
    EXPECT_EQ(h.gpr[5], 7u);
    h.retired = 0x8000000180000000ull;  // each executed instruction advances it
    EXPECT_EQ(op2(enc::rdtimel_w(4, 5), 0), 0xffffffff80000010ull);
    h.retired = 0x8000000180000000ull;
    EXPECT_EQ(op2(enc::rdtimeh_w(4, 5), 0), 0xffffffff80000001ull);
    EXPECT_EQ(t.exec(enc::rdtime_d(5, 5)), ExecResult::Next);  // rj is written last
    EXPECT_EQ(h.gpr[5], 7u);
    EXPECT_EQ(t.exec(enc::rdtime_d(0, 0)), ExecResult::Next);
    EXPECT_EQ(h.gpr[0], 0u);
}

TEST_F(SemInt, StableCounterDisabledByMiscDrdtl) {
    h.csr[0x3] = 1u << 7;                                      // MISC.DRDTL3
    EXPECT_EQ(t.exec(enc::rdtime_d(4, 5)), ExecResult::Next);  // PLV0 is never disabled
    h.csr[0x0] = (h.csr[0x0] & ~3ull) | 3;                     // CRMD.PLV = 3
    h.gpr[4] = kJunk;
    expect_trap(enc::rdtimel_w(4, 5), Ecode::IPE);
    EXPECT_EQ(h.gpr[4], kJunk);
    h.csr[0x3] = 1u << 5;  // DRDTL1 only
    EXPECT_EQ(t.exec(enc::rdtimeh_w(4, 5)), ExecResult::Next);
}

TEST_F(SemInt, Cpucfg) {
    h.cpucfg[1] = 0x80000001u;
    h.cpucfg[31] = 0x1234;
    EXPECT_EQ(op2(enc::cpucfg(4, 5), 1), 0xffffffff80000001ull);  // sign-extended (§2.2.10.5)
    EXPECT_EQ(op2(enc::cpucfg(4, 5), 31), 0x1234u);
    EXPECT_EQ(op2(enc::cpucfg(4, 5), 32), 0u);
    EXPECT_EQ(op2(enc::cpucfg(4, 5), 0x8000000000000001ull), 0u);
}

TEST_F(SemInt, BarriersAreNoOps) {
    EXPECT_EQ(t.exec(enc::dbar(0)), ExecResult::Next);
    EXPECT_EQ(t.exec(enc::dbar(0x700)), ExecResult::Next);
    EXPECT_EQ(t.exec(enc::ibar(0)), ExecResult::Next);
    EXPECT_EQ(h.pc, 0x100cu);
}

}  // namespace
