// SPDX-License-Identifier: Apache-2.0
// Semantics of the scalar FP instructions (src/cpu/sem/fp_*.cpp), run through the generated
// dispatch table. Expected values follow IEEE 754-2008 and the manual (Vol. 1 v1.10 §3);
// where those leave a choice (NaN payloads, bits 63:32 of single results, ftint of NaN,
// flogb of negatives) they follow QEMU 7.2, as the golden vectors at the end do: those
// were recorded from qemu-loongarch64 by tests/unit/fp_qemu/gen_vectors.py.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <string>

#include "lvzemu/decoder/decoder.h"
#include "lvzemu/gen/encode.h"
#include "support/hart_fixture.h"

namespace {

namespace enc = la::enc;
using la::cpu::Ecode;
using la::cpu::ExecResult;

constexpr uint64_t kJunk = 0xdeadbeefcafef00dull;  // fd before an op, to see (non-)writes
constexpr uint64_t kBox = 0xffffffff00000000ull;   // NaN-boxing of single results
// FCSR0 fields: flag bits V Z O U I = 16 8 4 2 1, Flags at 20:16, Cause at 28:24.
constexpr uint32_t V = 16, Z = 8, O = 4, U = 2, I = 1;
constexpr unsigned kRne = 0, kRz = 1, kRp = 2, kRm = 3;

constexpr uint64_t d(double x) { return std::bit_cast<uint64_t>(x); }
constexpr uint32_t s(float x) { return std::bit_cast<uint32_t>(x); }

constexpr uint64_t kDQnan = 0x7ff8000000000000ull, kDInf = 0x7ff0000000000000ull;
constexpr uint64_t kDMax = 0x7fefffffffffffffull, kDMinNorm = 0x0010000000000000ull;
constexpr uint64_t kDSign = 0x8000000000000000ull;
constexpr uint32_t kSQnan = 0x7fc00000u, kSInf = 0x7f800000u, kSSign = 0x80000000u;

class SemFp : public ::testing::Test {
protected:
    la::test::HartFixture t;
    la::cpu::HartState& h = t.h;

    // fd = f0, fj = f1, fk = f2, fa = f3 by convention.
    void rm(unsigned m) { h.fcsr0 = (h.fcsr0 & ~0x300u) | (m << 8); }
    uint32_t cause() const { return (h.fcsr0 >> 24) & 0x1f; }
    uint32_t flags() const { return (h.fcsr0 >> 16) & 0x1f; }

    uint64_t run(uint32_t w, uint64_t fj, uint64_t fk = 0, uint64_t fa = 0) {
        h.vr[0][0] = kJunk;
        h.vr[1][0] = fj;
        h.vr[2][0] = fk;
        h.vr[3][0] = fa;
        EXPECT_EQ(t.exec(w), ExecResult::Next) << std::hex << w;
        return h.vr[0][0];
    }
    // Single operands get junk in bits 63:32, which every instruction must ignore.
    uint64_t run_s(uint32_t w, uint32_t fj, uint32_t fk = 0, uint32_t fa = 0) {
        return run(w, 0x0123456700000000ull | fj, 0x89abcdef00000000ull | fk, 0x5555555500000000ull | fa);
    }
    void expect_fpe(uint32_t w, uint64_t fj, uint64_t fk = 0, uint64_t fa = 0) {
        h.vr[0][0] = kJunk;
        h.vr[1][0] = fj;
        h.vr[2][0] = fk;
        h.vr[3][0] = fa;
        EXPECT_EQ(t.exec(w), ExecResult::Trap) << std::hex << w;
        EXPECT_EQ(h.exc.ecode, Ecode::FPE);
        EXPECT_EQ(h.exc.esubcode, la::cpu::kSubFPE);
        EXPECT_EQ(h.vr[0][0], kJunk) << "destination written despite FPE";
    }
    bool cmp(uint32_t w, uint64_t fj, uint64_t fk) {
        h.fcc[5] = 7;  // neither 0 nor 1: shows whether the compare wrote it
        run(w, fj, fk);
        EXPECT_LE(h.fcc[5], 1);
        return h.fcc[5] == 1;
    }
};

// Every basic FP instruction of spec/insns/fp.tbl has semantics.
TEST(SemFpCoverage, EveryScalarFpInstructionIsImplemented) {
    using namespace la::decoder;
    unsigned n = 0;
    for (unsigned op = 1; op < kNumOpcodes; ++op) {
        const InsnInfo& i = info(static_cast<Opcode>(op));
        if ((i.ext & (kExtFpSp | kExtFpDp | kExtFrecipe)) == 0 || (i.ext & (kExtLsx | kExtLasx)) != 0)
            continue;
        EXPECT_NE(la::gen::kSemTable[op], &la::gen::sem_unimplemented) << i.name;
        ++n;
    }
    EXPECT_EQ(n, 151u);
}

// --- rounding modes, flags, Cause vs Flags ---------------------------------------------

TEST_F(SemFp, AddRoundsInEveryMode) {
    // 1 + 2^-53 is a tie between 1 and 1 + 2^-52; -(...) mirrors it.
    const uint64_t a = d(1.0), b = d(0x1p-53), up = d(1.0 + 0x1p-52);
    const uint32_t w = enc::fadd_d(0, 1, 2);
    rm(kRne); EXPECT_EQ(run(w, a, b), a); EXPECT_EQ(cause(), I);
    rm(kRz);  EXPECT_EQ(run(w, a, b), a);
    rm(kRp);  EXPECT_EQ(run(w, a, b), up);
    rm(kRm);  EXPECT_EQ(run(w, a, b), a);
    rm(kRp);  EXPECT_EQ(run(w, a | kDSign, b | kDSign), a | kDSign);
    rm(kRm);  EXPECT_EQ(run(w, a | kDSign, b | kDSign), up | kDSign);
    // ties to even: 1 + 3*2^-53 rounds up to 1 + 2^-51
    rm(kRne); EXPECT_EQ(run(w, d(1.0 + 0x1p-52), b), d(1.0 + 0x1p-51));
    // single precision: 1/3 in each mode
    const uint32_t wd = enc::fdiv_s(0, 1, 2);
    rm(kRne); EXPECT_EQ(run_s(wd, s(1.0f), s(3.0f)), kBox | 0x3eaaaaabu);
    rm(kRz);  EXPECT_EQ(run_s(wd, s(1.0f), s(3.0f)), kBox | 0x3eaaaaaau);
    rm(kRp);  EXPECT_EQ(run_s(wd, s(1.0f), s(3.0f)), kBox | 0x3eaaaaabu);
    rm(kRm);  EXPECT_EQ(run_s(wd, s(-1.0f), s(3.0f)), kBox | 0xbeaaaaabu);
}

TEST_F(SemFp, CauseIsPerOperationFlagsAccumulate) {
    const uint32_t w = enc::fdiv_d(0, 1, 2);
    EXPECT_EQ(run(w, d(1.0), d(3.0)), d(1.0 / 3.0));
    EXPECT_EQ(cause(), I);
    EXPECT_EQ(flags(), I);
    EXPECT_EQ(run(w, d(1.0), 0), kDInf);
    EXPECT_EQ(cause(), Z);
    EXPECT_EQ(flags(), Z | I);
    EXPECT_EQ(run(w, d(6.0), d(3.0)), d(2.0));
    EXPECT_EQ(cause(), 0u);  // an exact operation clears Cause
    EXPECT_EQ(flags(), Z | I);
    // moves and sign operations are no arithmetic: Cause stays
    h.fcsr0 |= V << 24;
    run(enc::fneg_d(0, 1), d(1.0));
    run(enc::fmov_d(0, 1), kDQnan | 1);
    EXPECT_EQ(cause(), V);
}

TEST_F(SemFp, OverflowDependsOnModeAndSign) {
    const uint32_t w = enc::fmul_d(0, 1, 2);
    rm(kRne); EXPECT_EQ(run(w, kDMax, d(2.0)), kDInf);
    EXPECT_EQ(cause(), O | I);
    rm(kRz); EXPECT_EQ(run(w, kDMax, d(2.0)), kDMax);
    rm(kRp); EXPECT_EQ(run(w, kDMax, d(-2.0)), kDMax | kDSign);
    rm(kRm); EXPECT_EQ(run(w, kDMax, d(-2.0)), kDInf | kDSign);
    rm(kRm); EXPECT_EQ(run(w, kDMax, d(2.0)), kDMax);
    rm(kRne); EXPECT_EQ(run_s(enc::fadd_s(0, 1, 2), 0x7f7fffffu, 0x7f7fffffu), kBox | kSInf);
    EXPECT_EQ(cause(), O | I);
}

TEST_F(SemFp, UnderflowIsTinyAfterRoundingAndInexact) {
    const uint32_t w = enc::fmul_d(0, 1, 2);
    // Exact subnormal result: no underflow (and no inexact).
    EXPECT_EQ(run(w, kDMinNorm, d(0.5)), 0x0008000000000000ull);
    EXPECT_EQ(cause(), 0u);
    // Inexact subnormal result: U and I.
    EXPECT_EQ(run(w, 1, d(0.5)), 0u);  // 2^-1075 ties to even 0
    EXPECT_EQ(cause(), U | I);
    rm(kRp);
    EXPECT_EQ(run(w, 1, d(0.5)), 1u);  // rounds up to the smallest subnormal
    EXPECT_EQ(cause(), U | I);
    // (2^-1022)(1 - 2^-53) is exact at 53 bits, so still below 2^-1022 after rounding to
    // full precision: tiny, and the subnormal rounding (a tie, to even 2^-1022) inexact.
    rm(kRne);
    EXPECT_EQ(run(w, kDMinNorm, d(1.0 - 0x1p-53)), kDMinNorm);
    EXPECT_EQ(cause(), U | I);
    // (2^-1022)(1 - 2^-60) rounds to 2^-1022 at full precision: not tiny after rounding,
    // inexact only (before-rounding detection would raise U as well).
    const uint64_t a = 0x0010000000400000ull;  // 2^-1022 (1 + 2^-30)
    EXPECT_EQ(run(w, a, d(1.0 - 0x1p-30)), kDMinNorm);
    EXPECT_EQ(cause(), I);
    // ... while in RZ it stays below 2^-1022: tiny, U | I.
    rm(kRz);
    EXPECT_EQ(run(w, a, d(1.0 - 0x1p-30)), kDMinNorm - 1);
    EXPECT_EQ(cause(), U | I);
}

TEST_F(SemFp, SubnormalsAreNotFlushed) {
    EXPECT_EQ(run_s(enc::fadd_s(0, 1, 2), 1, 2), kBox | 3);
    EXPECT_EQ(cause(), 0u);
    EXPECT_EQ(run(enc::fsub_d(0, 1, 2), kDMinNorm, 1), kDMinNorm - 1);
    EXPECT_EQ(run(enc::fdiv_d(0, 1, 2), 1, d(0.25)), 4u);
    EXPECT_EQ(run(enc::fsqrt_d(0, 1), 4), 0x1e70000000000000ull);  // sqrt(2^-1072) = 2^-536
}

TEST_F(SemFp, SignedZeros) {
    const uint32_t add = enc::fadd_d(0, 1, 2), sub = enc::fsub_d(0, 1, 2);
    EXPECT_EQ(run(add, kDSign, 0), 0u);
    EXPECT_EQ(run(add, kDSign, kDSign), kDSign);
    EXPECT_EQ(run(sub, d(1.5), d(1.5)), 0u);
    rm(kRm);
    EXPECT_EQ(run(sub, d(1.5), d(1.5)), kDSign);  // exact cancellation is -0 in RM
    EXPECT_EQ(run(add, kDSign, 0), kDSign);
    rm(kRne);
    EXPECT_EQ(run(enc::fmul_d(0, 1, 2), kDSign, d(3.0)), kDSign);
    EXPECT_EQ(run(enc::fdiv_d(0, 1, 2), d(1.0), kDSign), kDInf | kDSign);
    EXPECT_EQ(run(enc::fsqrt_d(0, 1), kDSign), kDSign);
    EXPECT_EQ(cause(), 0u);
}

// --- NaNs ------------------------------------------------------------------------------

TEST_F(SemFp, NaNPropagationAndDefaultNaN) {
    const uint32_t w = enc::fadd_d(0, 1, 2);
    // invalid operations produce the default NaN 0x7ff8000000000000 (positive)
    EXPECT_EQ(run(w, kDInf, kDInf | kDSign), kDQnan);
    EXPECT_EQ(cause(), V);
    EXPECT_EQ(run(enc::fmul_d(0, 1, 2), kDInf, 0), kDQnan);
    EXPECT_EQ(run_s(enc::fdiv_s(0, 1, 2), 0, 0), kBox | kSQnan);
    EXPECT_EQ(run(enc::fsqrt_d(0, 1), d(-1.0)), kDQnan);
    // a quiet NaN passes with payload and sign, no exception
    EXPECT_EQ(run(w, 0xfff8000000000123ull, d(1.0)), 0xfff8000000000123ull);
    EXPECT_EQ(cause(), 0u);
    // two quiet NaNs: the first operand's
    EXPECT_EQ(run(w, 0x7ff8000000000001ull, 0xfff8000000000002ull), 0x7ff8000000000001ull);
    // a signalling NaN wins over a quiet one, is quietened, and raises invalid
    EXPECT_EQ(run(w, 0xfff8000000000123ull, 0x7ff0000000000456ull), 0x7ff8000000000456ull);
    EXPECT_EQ(cause(), V);
    EXPECT_EQ(run(w, 0x7ff0000000000001ull, 0xfff0000000000002ull), 0x7ff8000000000001ull);  // both: a
    EXPECT_EQ(run_s(enc::fmul_s(0, 1, 2), 0xff800001u, s(2.0f)), kBox | 0xffc00001u);
    EXPECT_EQ(cause(), V);
    // fsub does not negate a NaN operand
    EXPECT_EQ(run(enc::fsub_d(0, 1, 2), d(1.0), 0x7ff8000000000009ull), 0x7ff8000000000009ull);
}

// --- FPE -------------------------------------------------------------------------------

TEST_F(SemFp, EnabledExceptionTrapsWithoutWritingOrFlagging) {
    h.fcsr0 = V;  // Enables.V
    expect_fpe(enc::fdiv_d(0, 1, 2), 0, 0);
    EXPECT_EQ(cause(), V);
    EXPECT_EQ(flags(), 0u);
    // a disabled exception of the same operation only sets flags
    h.fcsr0 = Z;
    EXPECT_EQ(run(enc::fdiv_d(0, 1, 2), 0, 0), kDQnan);
    EXPECT_EQ(flags(), V);
    // inexact enabled: 1/3 traps, 1/4 does not (Cause cleared)
    h.fcsr0 = I;
    expect_fpe(enc::fdiv_s(0, 1, 2), s(1.0f), s(3.0f));
    EXPECT_EQ(cause(), I);
    EXPECT_EQ(run_s(enc::fdiv_s(0, 1, 2), s(1.0f), s(4.0f)), kBox | s(0.25f));
    EXPECT_EQ(cause(), 0u);
    // overflow enabled: O|I in Cause, trap
    h.fcsr0 = O;
    expect_fpe(enc::fmul_d(0, 1, 2), kDMax, d(2.0));
    EXPECT_EQ(cause(), O | I);
    // an exact subnormal result does not raise U even when U is enabled (QEMU softfloat
    // raises underflow only together with inexact; the manual would trap here)
    h.fcsr0 = U;
    EXPECT_EQ(run(enc::fmul_d(0, 1, 2), kDMinNorm, d(0.5)), 0x0008000000000000ull);
    // compares trap too and leave the FCC alone
    h.fcsr0 = V;
    h.fcc[2] = 1;
    h.vr[1][0] = kDQnan;
    h.vr[2][0] = 0;
    EXPECT_EQ(t.exec(enc::fcmp_slt_d(2, 1, 2)), ExecResult::Trap);
    EXPECT_EQ(h.exc.ecode, Ecode::FPE);
    EXPECT_EQ(h.fcc[2], 1);
    // ftint: an enabled invalid keeps fd
    expect_fpe(enc::ftint_l_d(0, 1), kDInf);
}

// --- compares --------------------------------------------------------------------------

TEST_F(SemFp, CompareConditions) {
    struct C { uint32_t (*w)(int64_t, int64_t, int64_t); bool lt, eq, gt, un; };
    const C conds[] = {
        {enc::fcmp_caf_d, 0, 0, 0, 0}, {enc::fcmp_clt_d, 1, 0, 0, 0}, {enc::fcmp_ceq_d, 0, 1, 0, 0},
        {enc::fcmp_cle_d, 1, 1, 0, 0}, {enc::fcmp_cun_d, 0, 0, 0, 1}, {enc::fcmp_cult_d, 1, 0, 0, 1},
        {enc::fcmp_cueq_d, 0, 1, 0, 1}, {enc::fcmp_cule_d, 1, 1, 0, 1}, {enc::fcmp_cne_d, 1, 0, 1, 0},
        {enc::fcmp_cor_d, 1, 1, 1, 0}, {enc::fcmp_cune_d, 1, 0, 1, 1},
        {enc::fcmp_saf_d, 0, 0, 0, 0}, {enc::fcmp_slt_d, 1, 0, 0, 0}, {enc::fcmp_seq_d, 0, 1, 0, 0},
        {enc::fcmp_sle_d, 1, 1, 0, 0}, {enc::fcmp_sun_d, 0, 0, 0, 1}, {enc::fcmp_sult_d, 1, 0, 0, 1},
        {enc::fcmp_sueq_d, 0, 1, 0, 1}, {enc::fcmp_sule_d, 1, 1, 0, 1}, {enc::fcmp_sne_d, 1, 0, 1, 0},
        {enc::fcmp_sor_d, 1, 1, 1, 0}, {enc::fcmp_sune_d, 1, 0, 1, 1},
    };
    for (const C& c : conds) {
        const uint32_t w = c.w(5, 1, 2);
        EXPECT_EQ(cmp(w, d(1.0), d(2.0)), c.lt) << std::hex << w;
        EXPECT_EQ(cmp(w, kDSign, 0), c.eq) << std::hex << w;  // -0 == +0
        EXPECT_EQ(cmp(w, d(2.0), d(-2.0)), c.gt) << std::hex << w;
        EXPECT_EQ(cmp(w, d(1.0), kDQnan), c.un) << std::hex << w;
    }
}

TEST_F(SemFp, SignallingComparesRaiseInvalidOnQuietNaN) {
    cmp(enc::fcmp_clt_s(5, 1, 2), kSQnan, s(1.0f));
    EXPECT_EQ(cause(), 0u);
    cmp(enc::fcmp_slt_s(5, 1, 2), kSQnan, s(1.0f));
    EXPECT_EQ(cause(), V);
    cmp(enc::fcmp_ceq_s(5, 1, 2), 0x7f800001u, s(1.0f));  // sNaN: even the quiet compare
    EXPECT_EQ(cause(), V);
    cmp(enc::fcmp_caf_d(5, 1, 2), 0x7ff0000000000001ull, 0);
    EXPECT_EQ(cause(), V);
    cmp(enc::fcmp_cueq_d(5, 1, 2), kDQnan, kDQnan);
    EXPECT_EQ(cause(), 0u);
    EXPECT_TRUE(cmp(enc::fcmp_sune_s(5, 1, 2), s(1.0f), s(-1.0f)));
    EXPECT_EQ(cause(), 0u);
}

TEST_F(SemFp, SelectAndBranchOnFcc) {
    h.fcc[3] = 0;
    EXPECT_EQ(run(enc::fsel(0, 1, 2, 3), 0x1111, 0x2222), 0x1111u);
    h.fcc[3] = 1;
    EXPECT_EQ(run(enc::fsel(0, 1, 2, 3), 0x1111, 0x2222), 0x2222u);
    h.pc = 0x2000;
    h.fcc[6] = 0;
    EXPECT_EQ(t.exec(enc::bceqz(6, -0x100)), ExecResult::Jumped);
    EXPECT_EQ(h.pc, 0x1f00u);
    EXPECT_EQ(t.exec(enc::bcnez(6, 0x100)), ExecResult::Next);
    EXPECT_EQ(h.pc, 0x1f04u);
    h.fcc[6] = 1;
    EXPECT_EQ(t.exec(enc::bcnez(6, 0xffffc)), ExecResult::Jumped);  // largest forward offset
    EXPECT_EQ(h.pc, 0x1f04u + 0xffffcu);
    EXPECT_EQ(t.exec(enc::bceqz(6, 8)), ExecResult::Next);
}

// --- fused multiply-add ----------------------------------------------------------------

TEST_F(SemFp, FusedMultiplyAddRoundsOnce) {
    // (1 + 2^-52)(1 - 2^-52) - 1 = -2^-104 exactly; a separate multiply would give 0.
    const uint64_t a = d(1.0 + 0x1p-52), b = d(1.0 - 0x1p-52);
    EXPECT_EQ(run(enc::fmadd_d(0, 1, 2, 3), a, b, d(-1.0)), d(-0x1p-104));
    EXPECT_EQ(cause(), 0u);
    EXPECT_EQ(run(enc::fmsub_d(0, 1, 2, 3), a, b, d(1.0)), d(-0x1p-104));
    EXPECT_EQ(run(enc::fnmadd_d(0, 1, 2, 3), a, b, d(-1.0)), d(0x1p-104));
    EXPECT_EQ(run(enc::fnmsub_d(0, 1, 2, 3), a, b, d(1.0)), d(0x1p-104));
    EXPECT_EQ(run_s(enc::fmadd_s(0, 1, 2, 3), s(3.0f), s(5.0f), s(0.5f)), kBox | s(15.5f));
    // exact zero sums: +0 (RNE), negated by fnmadd to -0; -0 in RM
    EXPECT_EQ(run(enc::fmadd_d(0, 1, 2, 3), d(2.0), d(3.0), d(-6.0)), 0u);
    EXPECT_EQ(run(enc::fnmadd_d(0, 1, 2, 3), d(2.0), d(3.0), d(-6.0)), kDSign);
    rm(kRm);
    EXPECT_EQ(run(enc::fmadd_d(0, 1, 2, 3), d(2.0), d(3.0), d(-6.0)), kDSign);
    // the final sign decides directed rounding: -(1 + 2^-60) rounded towards -inf
    EXPECT_EQ(run(enc::fnmadd_d(0, 1, 2, 3), d(1.0), d(1.0), d(0x1p-60)), d(-(1.0 + 0x1p-52)));
    rm(kRne);
}

TEST_F(SemFp, FusedMultiplyAddSpecialCases) {
    // inf * 0 + qNaN: invalid, and the NaN c is returned (QEMU pickNaNMulAdd, LoongArch)
    EXPECT_EQ(run(enc::fmadd_d(0, 1, 2, 3), kDInf, 0, 0xfff8000000000005ull), 0xfff8000000000005ull);
    EXPECT_EQ(cause(), V);
    EXPECT_EQ(run(enc::fmadd_d(0, 1, 2, 3), kDInf, 0, d(1.0)), kDQnan);
    EXPECT_EQ(cause(), V);
    // inf - inf
    EXPECT_EQ(run(enc::fmsub_d(0, 1, 2, 3), kDInf, d(1.0), kDInf), kDQnan);
    // NaN operands: sNaN c before sNaN a/b, quiet results are not negated by fnm*/fmsub
    EXPECT_EQ(run(enc::fnmsub_d(0, 1, 2, 3), 0x7ff0000000000001ull, d(1.0), 0x7ff0000000000002ull),
              0x7ff8000000000002ull);
    EXPECT_EQ(run(enc::fnmadd_d(0, 1, 2, 3), kDQnan | 7, d(1.0), d(1.0)), kDQnan | 7);
    EXPECT_EQ(run(enc::fmadd_d(0, 1, 2, 3), kDQnan | 7, 0x7ff0000000000003ull, kDQnan | 9),
              0x7ff8000000000003ull);
    EXPECT_EQ(cause(), V);
    // zero product plus c returns c exactly (sign flipped by fmsub)
    EXPECT_EQ(run(enc::fmsub_d(0, 1, 2, 3), 0, d(5.0), 1), 1u | kDSign);
}

// --- min/max ---------------------------------------------------------------------------

TEST_F(SemFp, MaxMinNumAndMagnitude) {
    EXPECT_EQ(run(enc::fmax_d(0, 1, 2), kDSign, 0), 0u);
    EXPECT_EQ(run(enc::fmin_d(0, 1, 2), 0, kDSign), kDSign);
    EXPECT_EQ(run(enc::fmax_d(0, 1, 2), kDQnan, d(-3.0)), d(-3.0));  // a quiet NaN loses
    EXPECT_EQ(cause(), 0u);
    EXPECT_EQ(run(enc::fmin_d(0, 1, 2), d(-3.0), kDQnan | 1), d(-3.0));
    EXPECT_EQ(run(enc::fmax_d(0, 1, 2), 0x7ff0000000000001ull, d(1.0)), 0x7ff8000000000001ull);
    EXPECT_EQ(cause(), V);  // a signalling NaN propagates
    EXPECT_EQ(run(enc::fmax_d(0, 1, 2), kDQnan | 1, kDQnan | 2), kDQnan | 1);
    EXPECT_EQ(run(enc::fmaxa_d(0, 1, 2), d(-4.0), d(3.0)), d(-4.0));
    EXPECT_EQ(run(enc::fmina_d(0, 1, 2), d(-4.0), d(3.0)), d(3.0));
    EXPECT_EQ(run(enc::fmaxa_d(0, 1, 2), d(-1.0), d(1.0)), d(1.0));  // equal magnitude: signed
    EXPECT_EQ(run(enc::fmina_d(0, 1, 2), d(1.0), d(-1.0)), d(-1.0));
    EXPECT_EQ(run_s(enc::fmina_s(0, 1, 2), kSInf | kSSign, 1), kBox | 1);
    EXPECT_EQ(run_s(enc::fmax_s(0, 1, 2), 1, 0x80000002u), kBox | 1);
}

// --- scaleb, logb, class, sqrt, recip ---------------------------------------------------

TEST_F(SemFp, ScaleBLogBClass) {
    EXPECT_EQ(run_s(enc::fscaleb_s(0, 1, 2), s(1.0f), 3), kBox | s(8.0f));
    EXPECT_EQ(run(enc::fscaleb_d(0, 1, 2), d(1.5), static_cast<uint64_t>(-1074)), 2u);  // 1.5*2^-1074 ties to even
    EXPECT_EQ(cause(), U | I);
    EXPECT_EQ(run(enc::fscaleb_d(0, 1, 2), d(1.0), 1ull << 40), kDInf);  // n clamped, overflows
    EXPECT_EQ(cause(), O | I);
    EXPECT_EQ(run(enc::flogb_d(0, 1), d(3.0)), d(1.0));
    EXPECT_EQ(run(enc::flogb_d(0, 1), d(0.75)), d(-1.0));
    EXPECT_EQ(run_s(enc::flogb_s(0, 1), 1), kBox | s(-149.0f));  // subnormal: its exponent
    EXPECT_EQ(cause(), 0u);
    EXPECT_EQ(run(enc::flogb_d(0, 1), kDSign), kDInf | kDSign);
    EXPECT_EQ(cause(), Z);
    EXPECT_EQ(run_s(enc::flogb_s(0, 1), s(-8.0f)), kBox | kSQnan);  // QEMU: log2 of a negative
    EXPECT_EQ(cause(), V);
    EXPECT_EQ(run(enc::flogb_d(0, 1), kDInf), kDInf);
    const struct { uint64_t in; uint64_t bit; } cls[] = {
        {0x7ff0000000000001ull, 0}, {kDQnan, 1}, {kDInf | kDSign, 2}, {d(-1.0), 3}, {kDSign | 1, 4},
        {kDSign, 5}, {kDInf, 6}, {d(1.0), 7}, {1, 8}, {0, 9}};
    h.fcsr0 = 0x1f000000;  // fclass leaves Cause alone
    for (const auto& c : cls) EXPECT_EQ(run(enc::fclass_d(0, 1), c.in), 1ull << c.bit) << c.bit;
    EXPECT_EQ(run_s(enc::fclass_s(0, 1), 0xff800000u), 1ull << 2);  // not NaN-boxed (QEMU)
    EXPECT_EQ(run_s(enc::fclass_s(0, 1), 0x7fbfffffu), 1ull << 0);
    EXPECT_EQ(cause(), 0x1fu);
}

TEST_F(SemFp, SqrtRecipRsqrt) {
    EXPECT_EQ(run(enc::fsqrt_d(0, 1), d(2.0)), d(1.4142135623730951));
    EXPECT_EQ(cause(), I);
    EXPECT_EQ(run_s(enc::fsqrt_s(0, 1), s(16.0f)), kBox | s(4.0f));
    EXPECT_EQ(cause(), 0u);
    EXPECT_EQ(run(enc::frecip_d(0, 1), d(4.0)), d(0.25));
    EXPECT_EQ(run(enc::frecip_d(0, 1), kDSign), kDInf | kDSign);
    EXPECT_EQ(cause(), Z);
    EXPECT_EQ(run(enc::frsqrt_d(0, 1), d(4.0)), d(0.5));
    EXPECT_EQ(run(enc::frsqrt_d(0, 1), d(-4.0)), kDQnan);
    EXPECT_EQ(cause(), V);
    EXPECT_EQ(run(enc::frsqrt_d(0, 1), 0), kDInf);
    EXPECT_EQ(cause(), Z);
    // two roundings, as the manual's pseudocode: 1/sqrt(3) via sqrt then divide
    EXPECT_EQ(run_s(enc::frsqrt_s(0, 1), s(3.0f)), kBox | s(1.0f / 1.7320508f));
    EXPECT_EQ(run_s(enc::frecipe_s(0, 1), s(3.0f)), kBox | s(1.0f / 3.0f));  // exact frecip
    EXPECT_EQ(run(enc::frsqrte_d(0, 1), d(16.0)), d(0.25));
}

TEST_F(SemFp, AbsNegCopysignAreBitOperations) {
    EXPECT_EQ(run(enc::fabs_d(0, 1), 0xfff0000000000001ull), 0x7ff0000000000001ull);  // sNaN kept
    EXPECT_EQ(cause(), 0u);
    EXPECT_EQ(run(enc::fneg_d(0, 1), kDQnan), kDQnan | kDSign);
    EXPECT_EQ(run_s(enc::fneg_s(0, 1), s(2.0f)), kBox | s(-2.0f));
    EXPECT_EQ(run_s(enc::fabs_s(0, 1), s(-2.0f)), kBox | s(2.0f));
    EXPECT_EQ(run(enc::fcopysign_d(0, 1, 2), d(3.0), kDSign), d(-3.0));
    // fcopysign.s keeps fk's bits 63:32 (QEMU deposits fj[30:0] into fk)
    EXPECT_EQ(run(enc::fcopysign_s(0, 1, 2), 0x123456783f800000ull, 0xabcdef0180000000ull),
              0xabcdef01bf800000ull);
}

// --- conversions -----------------------------------------------------------------------

TEST_F(SemFp, FloatToIntegerInEveryMode) {
    struct { uint32_t w; uint64_t in; uint64_t out; } cases[] = {
        {enc::ftintrne_l_d(0, 1), d(2.5), 2}, {enc::ftintrne_l_d(0, 1), d(3.5), 4},
        {enc::ftintrm_l_d(0, 1), d(-2.5), static_cast<uint64_t>(-3)},
        {enc::ftintrp_l_d(0, 1), d(-2.5), static_cast<uint64_t>(-2)},
        {enc::ftintrz_l_d(0, 1), d(-2.7), static_cast<uint64_t>(-2)},
        {enc::ftintrp_l_d(0, 1), d(0x1p-1074), 1}, {enc::ftintrm_l_d(0, 1), d(-0x1p-1074), ~0ull},
        {enc::ftintrne_l_d(0, 1), d(0.5), 0}, {enc::ftintrne_l_d(0, 1), d(0.5000001), 1},
        {enc::ftintrz_w_d(0, 1), d(-1.5), ~0ull},  // word result sign-extended (QEMU)
        {enc::ftintrm_w_s(0, 1), s(-1.5f), ~0ull - 1},
    };
    for (const auto& c : cases) {
        EXPECT_EQ(run(c.w, c.in), c.out) << std::hex << c.w;
        EXPECT_EQ(cause(), I) << std::hex << c.w;
    }
    // ftint uses FCSR0.RM
    rm(kRp);
    EXPECT_EQ(run(enc::ftint_l_d(0, 1), d(1.25)), 2u);
    rm(kRne);
    EXPECT_EQ(run(enc::ftint_w_d(0, 1), d(-7.0)), static_cast<uint64_t>(-7));
    EXPECT_EQ(cause(), 0u);
    // QEMU 7.2 quirk: ftintrz.w.s / ftintrne.w.s zero-extend their word result
    EXPECT_EQ(run_s(enc::ftintrz_w_s(0, 1), s(-1.0f)), 0xffffffffu);
    EXPECT_EQ(run_s(enc::ftintrne_w_s(0, 1), s(-2.0f)), 0xfffffffeu);
    EXPECT_EQ(run_s(enc::ftintrp_w_s(0, 1), s(-2.0f)), static_cast<uint64_t>(-2));
}

TEST_F(SemFp, FloatToIntegerOutOfRangeAndNaN) {
    const uint32_t l = enc::ftintrz_l_d(0, 1), w = enc::ftintrz_w_d(0, 1);
    EXPECT_EQ(run(l, d(0x1p63)), 0x7fffffffffffffffull);
    EXPECT_EQ(cause(), V);  // invalid only, no inexact
    EXPECT_EQ(run(l, d(-0x1p63)), 0x8000000000000000ull);
    EXPECT_EQ(cause(), 0u);
    EXPECT_EQ(run(l, kDInf | kDSign), 0x8000000000000000ull);
    EXPECT_EQ(cause(), V);
    EXPECT_EQ(run(w, d(2147483647.9)), 0x7fffffffu);
    EXPECT_EQ(cause(), I);
    EXPECT_EQ(run(w, d(2147483648.0)), 0x7fffffffu);
    EXPECT_EQ(cause(), V);
    EXPECT_EQ(run(w, d(-2147483649.0)), 0xffffffff80000000ull);
    EXPECT_EQ(cause(), V);
    EXPECT_EQ(run(enc::ftintrm_w_d(0, 1), d(-2147483648.5)), 0xffffffff80000000ull);  // rounds out
    EXPECT_EQ(cause(), V);
    // NaN gives 0 with invalid (QEMU helper_ftint*)
    EXPECT_EQ(run(l, kDQnan), 0u);
    EXPECT_EQ(cause(), V);
    EXPECT_EQ(run_s(enc::ftint_w_s(0, 1), 0xff800001u), 0u);
    EXPECT_EQ(cause(), V);
}

TEST_F(SemFp, IntegerToFloatAndFormatConversions) {
    EXPECT_EQ(run(enc::ffint_d_l(0, 1), static_cast<uint64_t>(-3)), d(-3.0));
    EXPECT_EQ(run(enc::ffint_d_w(0, 1), 0x12345678ffffffffull), d(-1.0));  // the word only
    const uint64_t big = (1ull << 53) + 1;  // not representable in binary64
    rm(kRne); EXPECT_EQ(run(enc::ffint_d_l(0, 1), big), d(0x1p53)); EXPECT_EQ(cause(), I);
    rm(kRp);  EXPECT_EQ(run(enc::ffint_d_l(0, 1), big), d(0x1p53 + 2));
    rm(kRne);
    EXPECT_EQ(run(enc::ffint_s_w(0, 1), 0x80000000u), kBox | s(-2147483648.0f));
    EXPECT_EQ(run(enc::ffint_s_l(0, 1), 0x7fffffffffffffffull), kBox | s(0x1p63f));
    // fcvt.s.d rounds, overflows, underflows; NaNs keep the top payload bits
    EXPECT_EQ(run(enc::fcvt_s_d(0, 1), d(0.1)), kBox | s(0.1f));
    EXPECT_EQ(cause(), I);
    EXPECT_EQ(run(enc::fcvt_s_d(0, 1), d(1e300)), kBox | kSInf);
    EXPECT_EQ(cause(), O | I);
    EXPECT_EQ(run(enc::fcvt_s_d(0, 1), d(1e-300)), kBox);
    EXPECT_EQ(cause(), U | I);
    EXPECT_EQ(run(enc::fcvt_s_d(0, 1), 0xfff0000020000001ull), kBox | 0xffc00001u);
    EXPECT_EQ(cause(), V);
    EXPECT_EQ(run_s(enc::fcvt_d_s(0, 1), 0xff800001u), 0xfff8000020000000ull);
    EXPECT_EQ(cause(), V);
    EXPECT_EQ(run_s(enc::fcvt_d_s(0, 1), 1), d(0x1p-149));  // subnormal single is normal double
    EXPECT_EQ(cause(), 0u);
}

TEST_F(SemFp, RoundToIntegral) {
    const uint32_t w = enc::frint_d(0, 1);
    rm(kRne); EXPECT_EQ(run(w, d(2.5)), d(2.0)); EXPECT_EQ(cause(), I);
    rm(kRne); EXPECT_EQ(run(w, d(-0.5)), d(-0.0));
    rm(kRz);  EXPECT_EQ(run(w, d(-2.7)), d(-2.0));
    rm(kRp);  EXPECT_EQ(run(w, d(0x1p-1074)), d(1.0));
    rm(kRm);  EXPECT_EQ(run(w, d(2.3)), d(2.0));
    rm(kRne); EXPECT_EQ(run(w, d(0x1p60)), d(0x1p60)); EXPECT_EQ(cause(), 0u);
    EXPECT_EQ(run(w, 0x7ff0000000000001ull), 0x7ff8000000000001ull);
    EXPECT_EQ(cause(), V);
    // frint.s is zero-extended, not NaN-boxed (QEMU helper_frint_s)
    EXPECT_EQ(run_s(enc::frint_s(0, 1), s(1.5f)), s(2.0f));
}

// --- moves and FCSR --------------------------------------------------------------------

TEST_F(SemFp, MovesBetweenRegisterFiles) {
    EXPECT_EQ(run(enc::fmov_s(0, 1), 0x12345678abcdef01ull), kBox | 0xabcdef01u);
    EXPECT_EQ(run(enc::fmov_d(0, 1), 0x12345678abcdef01ull), 0x12345678abcdef01ull);
    h.vr[4][0] = 0x1122334455667788ull;
    h.gpr[5] = 0x123456789abcdef0ull;
    t.exec(enc::movgr2fr_w(4, 5));
    EXPECT_EQ(h.vr[4][0], 0x112233449abcdef0ull);  // bits 63:32 kept
    t.exec(enc::movgr2frh_w(4, 5));
    EXPECT_EQ(h.vr[4][0], 0x9abcdef09abcdef0ull);
    t.exec(enc::movgr2fr_d(4, 5));
    EXPECT_EQ(h.vr[4][0], 0x123456789abcdef0ull);
    h.vr[4][0] = 0xf2345678fabcdef0ull;
    t.exec(enc::movfr2gr_s(6, 4));
    EXPECT_EQ(h.gpr[6], 0xfffffffffabcdef0ull);
    t.exec(enc::movfrh2gr_s(6, 4));
    EXPECT_EQ(h.gpr[6], 0xfffffffff2345678ull);
    t.exec(enc::movfr2gr_d(6, 4));
    EXPECT_EQ(h.gpr[6], 0xf2345678fabcdef0ull);
    t.exec(enc::movfr2gr_d(0, 4));
    EXPECT_EQ(h.gpr[0], 0u);
    // FCC <-> FPR/GPR: bit 0 in, 0/1 out
    h.vr[4][0] = 3;
    t.exec(enc::movfr2cf(7, 4));
    EXPECT_EQ(h.fcc[7], 1);
    h.gpr[5] = 2;
    t.exec(enc::movgr2cf(7, 5));
    EXPECT_EQ(h.fcc[7], 0);
    h.fcc[1] = 1;
    h.vr[4][0] = kJunk;
    t.exec(enc::movcf2fr(4, 1));
    EXPECT_EQ(h.vr[4][0], 1u);
    t.exec(enc::movcf2gr(6, 1));
    EXPECT_EQ(h.gpr[6], 1u);
}

TEST_F(SemFp, FcsrViewsAndWriteMasks) {
    h.gpr[5] = ~0ull;
    h.fcsr0 = 0;
    t.exec(enc::movgr2fcsr(1, 5));
    EXPECT_EQ(h.fcsr0, 0x1fu);  // FCSR1 = Enables
    t.exec(enc::movgr2fcsr(3, 5));
    EXPECT_EQ(h.fcsr0, 0x31fu);  // FCSR3 = RM
    t.exec(enc::movgr2fcsr(2, 5));
    EXPECT_EQ(h.fcsr0, 0x1f1f031fu);  // FCSR2 = Cause | Flags
    h.gpr[5] = 0;
    t.exec(enc::movgr2fcsr(1, 5));
    EXPECT_EQ(h.fcsr0, 0x1f1f0300u);
    h.gpr[5] = 0xffffffff00000100ull;  // reserved bits are not stored
    t.exec(enc::movgr2fcsr(0, 5));
    EXPECT_EQ(h.fcsr0, 0x100u);
    h.fcsr0 = 0x1f1f031fu;
    const uint64_t views[4] = {0x1f1f031f, 0x1f, 0x1f1f0000, 0x300};
    for (unsigned v = 0; v < 4; ++v) {
        t.exec(enc::movfcsr2gr(6, v));
        EXPECT_EQ(h.gpr[6], views[v]) << v;
    }
    // no FCSR4..31: the manual leaves the result undefined; lvzemu reads 0, ignores writes
    EXPECT_EQ(t.exec(enc::movfcsr2gr(6, 4)), ExecResult::Next);
    EXPECT_EQ(h.gpr[6], 0u);
    EXPECT_EQ(t.exec(enc::movgr2fcsr(31, 5)), ExecResult::Next);
    EXPECT_EQ(h.fcsr0, 0x1f1f031fu);
    // setting a Cause bit together with its enable does not trap
    h.gpr[5] = 0x10000000;
    EXPECT_EQ(t.exec(enc::movgr2fcsr(2, 5)), ExecResult::Next);
    // a new RM takes effect for the next instruction
    h.fcsr0 = 0;
    h.gpr[5] = 0x200;  // RP
    t.exec(enc::movgr2fcsr(3, 5));
    EXPECT_EQ(run(enc::fadd_d(0, 1, 2), d(1.0), d(0x1p-60)), d(1.0 + 0x1p-52));
}

// --- loads and stores ------------------------------------------------------------------

TEST_F(SemFp, LoadsAndStores) {
    t.write(0x100, 8, 0x8899aabbccddeeffull);
    h.gpr[5] = 0x104;
    h.gpr[6] = static_cast<uint64_t>(-4);
    EXPECT_EQ(t.exec(enc::fld_s(4, 5, -4)), ExecResult::Next);
    EXPECT_EQ(h.vr[4][0], kBox | 0xccddeeffu);  // NaN-boxed (QEMU maybe_nanbox_load)
    EXPECT_EQ(t.exec(enc::fldx_d(4, 5, 6)), ExecResult::Next);
    EXPECT_EQ(h.vr[4][0], 0x8899aabbccddeeffull);
    h.vr[4][0] = 0x0123456789abcdefull;
    EXPECT_EQ(t.exec(enc::fst_s(4, 5, 4)), ExecResult::Next);
    EXPECT_EQ(t.read(0x108, 8), 0x89abcdefull);  // 4 bytes only
    EXPECT_EQ(t.exec(enc::fstx_d(4, 5, 6)), ExecResult::Next);
    EXPECT_EQ(t.read(0x100, 8), 0x0123456789abcdefull);
    EXPECT_EQ(t.exec(enc::fst_d(4, 5, 1)), ExecResult::Next);  // unaligned is allowed
    EXPECT_EQ(t.read(0x105, 8), 0x0123456789abcdefull);
    h.csr[3] = 1u << 12;  // MISC.ALCL0: alignment checks at PLV0
    EXPECT_EQ(t.exec(enc::fld_d(4, 5, 1)), ExecResult::Trap);
    EXPECT_EQ(h.exc.ecode, Ecode::ALE);
    EXPECT_EQ(h.exc.badv, 0x105u);
    h.csr[3] = 0;
    h.gpr[5] = la::test::HartFixture::kRamSize;  // nothing there
    EXPECT_EQ(t.exec(enc::fld_d(4, 5, 0)), ExecResult::Trap);
    EXPECT_EQ(h.exc.ecode, Ecode::ADE);
}

TEST_F(SemFp, BoundCheckedLoadsAndStores) {
    t.write(0x200, 8, 0x1111222233334444ull);
    h.gpr[5] = 0x200;  // the address is rj alone (manual §3.2.7)
    h.gpr[6] = 0x1ff;
    h.vr[4][0] = kJunk;
    EXPECT_EQ(t.exec(enc::fldgt_d(4, 5, 6)), ExecResult::Next);
    EXPECT_EQ(h.vr[4][0], 0x1111222233334444ull);
    EXPECT_EQ(t.exec(enc::fldle_s(4, 5, 6)), ExecResult::Trap);
    EXPECT_EQ(h.exc.ecode, Ecode::BCE);
    EXPECT_EQ(h.exc.badv, h.pc);  // BADV = PC on BCE (sem/mem.cpp)
    h.gpr[6] = 0x200;
    EXPECT_EQ(t.exec(enc::fldle_s(4, 5, 6)), ExecResult::Next);
    EXPECT_EQ(h.vr[4][0], kBox | 0x33334444u);
    EXPECT_EQ(t.exec(enc::fstgt_s(4, 5, 6)), ExecResult::Trap);  // 0x200 > 0x200 fails
    EXPECT_EQ(h.exc.ecode, Ecode::BCE);
    h.vr[4][0] = 0xabcdef0012345678ull;
    EXPECT_EQ(t.exec(enc::fstle_d(4, 5, 6)), ExecResult::Next);
    EXPECT_EQ(t.read(0x200, 8), 0xabcdef0012345678ull);
    h.gpr[6] = static_cast<uint64_t>(-1);  // signed compare: 0x200 > -1
    EXPECT_EQ(t.exec(enc::fstgt_d(4, 5, 6)), ExecResult::Next);
    h.gpr[5] = 0x204;  // natural alignment is required, and checked before the bound
    EXPECT_EQ(t.exec(enc::fldgt_d(4, 5, 6)), ExecResult::Trap);
    EXPECT_EQ(h.exc.ecode, Ecode::ALE);
    EXPECT_EQ(t.exec(enc::fldgt_s(4, 5, 6)), ExecResult::Next);
}

// --- an independent oracle: the host's IEEE arithmetic in round-to-nearest -------------

// For random operands the non-NaN results of the basic operations must equal the host's
// (x86-64 SSE and glibc's correctly rounded fma, in the test process's default
// round-to-nearest environment). NaN results are skipped: x86's default NaN differs.
TEST_F(SemFp, RandomResultsMatchHostArithmetic) {
    uint64_t x = 0x9e3779b97f4a7c15ull;
    auto next = [&x] {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        // mostly moderate exponents, sometimes anything (subnormals, huge values)
        return (x & 7) ? (x & 0x800fffffffffffffull) | ((0x3c0ull + ((x >> 52) & 0x7f)) << 52) : x;
    };
    for (int i = 0; i < 20000; ++i) {
        const uint64_t a = next(), b = next(), c = next();
        const double da = std::bit_cast<double>(a), db = std::bit_cast<double>(b), dc = std::bit_cast<double>(c);
        const float fa = static_cast<float>(da), fb = static_cast<float>(db), fc = static_cast<float>(dc);
        const struct { uint32_t w; uint64_t ours_in[3]; double host; } dcases[] = {
            {enc::fadd_d(0, 1, 2), {a, b, 0}, da + db},
            {enc::fsub_d(0, 1, 2), {a, b, 0}, da - db},
            {enc::fmul_d(0, 1, 2), {a, b, 0}, da * db},
            {enc::fdiv_d(0, 1, 2), {a, b, 0}, da / db},
            {enc::fsqrt_d(0, 1), {a & ~kDSign, 0, 0}, std::sqrt(std::bit_cast<double>(a & ~kDSign))},
            {enc::fmadd_d(0, 1, 2, 3), {a, b, c}, std::fma(da, db, dc)},
        };
        for (const auto& k : dcases) {
            if (std::isnan(k.host)) continue;
            EXPECT_EQ(run(k.w, k.ours_in[0], k.ours_in[1], k.ours_in[2]), d(k.host)) << std::hex << k.w << " " << a << " " << b << " " << c;
        }
        const struct { uint32_t w; uint32_t in[3]; float host; } scases[] = {
            {enc::fadd_s(0, 1, 2), {s(fa), s(fb), 0}, fa + fb},
            {enc::fmul_s(0, 1, 2), {s(fa), s(fb), 0}, fa * fb},
            {enc::fdiv_s(0, 1, 2), {s(fa), s(fb), 0}, fa / fb},
            {enc::fsqrt_s(0, 1), {s(std::fabs(fa)), 0, 0}, std::sqrt(std::fabs(fa))},
            {enc::fmadd_s(0, 1, 2, 3), {s(fa), s(fb), s(fc)}, std::fma(fa, fb, fc)},
            {enc::fcvt_s_d(0, 1), {0, 0, 0}, fa},
        };
        for (const auto& k : scases) {
            if (std::isnan(k.host)) continue;
            const uint64_t r = k.w == enc::fcvt_s_d(0, 1) ? run(k.w, a) : run_s(k.w, k.in[0], k.in[1], k.in[2]);
            EXPECT_EQ(r, kBox | s(k.host)) << std::hex << k.w << " " << a << " " << b << " " << c;
        }
    }
}

// --- golden vectors from qemu-loongarch64 -----------------------------------------------

struct Vector {
    const char* name;
    uint64_t word, fcsr, fcc, fj, fk, fa, fd, rj, rd, rk, scratch;
    uint64_t q_fd, q_fcsr, q_fcc, q_rd, q_sig, q_mem0, q_mem1;
};
constexpr Vector kVectors[] = {
#include "sem_fp_qemu_vectors.inc"
};

// Registers as tests/unit/fp_qemu/qemu_run.py uses them: fd f4, fj f5, fk f6, fa f7,
// rj r13, rd r14, rk r15; "scratch" makes rj an offset into 16 bytes of memory.
TEST(SemFpQemu, GoldenVectorsMatchQemu) {
    constexpr uint64_t kScratch = 0x8000;
    ASSERT_GT(std::size(kVectors), 600u);
    for (const Vector& v : kVectors) {
        la::test::HartFixture t;
        auto& h = t.h;
        const auto op = la::decoder::decode(static_cast<uint32_t>(v.word));
        ASSERT_EQ(std::string(la::decoder::info(op).name), v.name);
        h.fcsr0 = static_cast<uint32_t>(v.fcsr);
        for (unsigned j = 0; j < 8; ++j) h.fcc[j] = (v.fcc >> j) & 1;
        h.vr[4][0] = v.fd;
        h.vr[5][0] = v.fj;
        h.vr[6][0] = v.fk;
        h.vr[7][0] = v.fa;
        h.gpr[13] = v.rj + (v.scratch ? kScratch : 0);
        h.gpr[14] = v.rd;
        h.gpr[15] = v.rk;
        t.write(kScratch, 8, 0x8899aabbccddeeffull);
        t.write(kScratch + 8, 8, 0x0123456789abcdefull);
        const auto r = t.exec(static_cast<uint32_t>(v.word));
        uint64_t fcc = 0;
        for (unsigned j = 0; j < 8; ++j) fcc |= uint64_t{h.fcc[j]} << j;
        const bool fpe = r == ExecResult::Trap && h.exc.ecode == Ecode::FPE;
        EXPECT_EQ(r == ExecResult::Trap, v.q_sig != 0) << v.name << std::hex << " fj=" << v.fj;
        EXPECT_EQ(fpe, v.q_sig == 8) << v.name;
        EXPECT_EQ(h.vr[4][0], v.q_fd) << v.name << std::hex << " fj=" << v.fj << " fk=" << v.fk;
        EXPECT_EQ(h.fcsr0, v.q_fcsr) << v.name << std::hex << " fj=" << v.fj << " fk=" << v.fk;
        EXPECT_EQ(fcc, v.q_fcc) << v.name;
        EXPECT_EQ(h.gpr[14], v.q_rd) << v.name;
        EXPECT_EQ(t.read(kScratch, 8), v.q_mem0) << v.name;
        EXPECT_EQ(t.read(kScratch + 8, 8), v.q_mem1) << v.name;
    }
}

}  // namespace
