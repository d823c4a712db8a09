// SPDX-License-Identifier: Apache-2.0
// Scalar FP arithmetic (manual Vol. 1 §3.2.1, "Floating-Point Arithmetic Operation
// Instructions"): add/sub/mul/div, fused multiply-add, max/min(a), scaleb/logb/copysign,
// sqrt/recip/rsqrt and the v1.1 estimates, abs/neg, class. Operations follow IEEE 754-2008 through the soft-float core
// (fp_soft.h); where the manual and QEMU disagree, lvzemu follows QEMU 7.2
// (target/loongarch/fpu_helper.c, trans_farith.c.inc) and says so below.
#include "sem/fp_util.h"

namespace la::sem {
namespace {

using fp::F32;
using fp::F64;
using fp::FpEnv;

template <class F, class Fn>
ExecResult binary(HartState& h, const fields::F_fd_fj_fk& f, Fn fn) {
    const auto a = fpr_as<F>(h, f.fj), b = fpr_as<F>(h, f.fk);
    return fp_exec_to<F>(h, f.fd, [&](FpEnv& e) { return fn(a, b, e); });
}

template <class F, class Fn>
ExecResult unary(HartState& h, const fields::F_fd_fj& f, Fn fn) {
    const auto a = fpr_as<F>(h, f.fj);
    return fp_exec_to<F>(h, f.fd, [&](FpEnv& e) { return fn(a, e); });
}

/// FMADD/FMSUB/FNMADD/FNMSUB (§3.2.1): one rounding; QEMU passes float_muladd_negate_c
/// and float_muladd_negate_result, so NaN results keep their sign.
template <class F>
ExecResult fused(HartState& h, const fields::F_fd_fj_fk_fa& f, bool neg_c, bool neg_r) {
    const auto a = fpr_as<F>(h, f.fj), b = fpr_as<F>(h, f.fk), c = fpr_as<F>(h, f.fa);
    return fp_exec_to<F>(h, f.fd, [&](FpEnv& e) { return fp::fma<F>(a, b, c, neg_c, neg_r, e); });
}

template <class F>
typename F::T recip(typename F::T a, FpEnv& e) { return fp::div<F>(F::kOne, a, e); }

/// FRSQRT = 1 / sqrt(x) with two roundings and the flags of both steps, as the manual's
/// pseudocode (FP_division(1.0, FP_squareRoot(x))) and QEMU helper_frsqrt_* do.
template <class F>
typename F::T rsqrt(typename F::T a, FpEnv& e) { return fp::div<F>(F::kOne, fp::sqrt<F>(a, e), e); }

/// FLOGB as QEMU 7.2 computes it: floor(log2(x)) (float*_log2 in round-down mode, then
/// round_to_int, inexact masked: helper_flogb_*). This differs from IEEE logB(x), which
/// the manual names, for negative x: QEMU gives the default NaN and invalid instead of the
/// exponent of |x|. log2(±0) = -inf with division by zero; log2(+inf) = +inf. For
/// positive finite x (subnormals included) the result is the exact unbiased exponent.
template <class F>
typename F::T logb(typename F::T a, FpEnv& e) {
    if (fp::is_nan<F>(a)) return fp::propagate1<F>(a, e);
    if (fp::is_zero<F>(a)) {
        e.flags |= fp::kFlagZ;
        return F::kSign | F::kInf;
    }
    if (fp::sign_of<F>(a)) return fp::invalid<F>(e);
    if (fp::is_inf<F>(a)) return a;
    int ea;
    uint64_t ma;
    fp::unpack<F>(a, ea, ma);
    return fp::from_int<F>(ea + 1 - F::kBias, e);  // exact: |exponent| < 2^11
}

/// FSCALEB (§3.2.1, scaleB): n is the word (.s) / doubleword (.d) integer in fk. QEMU
/// clamps it to ±0x200 / ±0x1000 before float*_scalbn, which changes no result (both
/// limits already overflow or underflow any input).
template <class F>
ExecResult scaleb(HartState& h, const fields::F_fd_fj_fk& f) {
    const auto a = fpr_as<F>(h, f.fj);
    int n;
    if constexpr (std::is_same_v<F, F32>) {
        const int32_t k = static_cast<int32_t>(fpr(h, f.fk));
        n = k > 0x200 ? 0x200 : (k < -0x200 ? -0x200 : k);
    } else {
        const int64_t k = static_cast<int64_t>(fpr(h, f.fk));
        n = static_cast<int>(k > 0x1000 ? 0x1000 : (k < -0x1000 ? -0x1000 : k));
    }
    return fp_exec_to<F>(h, f.fd, [&](FpEnv& e) { return fp::scalb<F>(a, n, e); });
}

}  // namespace

// ---- F{ADD,SUB,MUL,DIV}.{S,D} (§3.2.1) ----
LA_SEM(fadd_s) { return binary<F32>(h, f, [](uint32_t a, uint32_t b, FpEnv& e) { return fp::add<F32>(a, b, e); }); }
LA_SEM(fadd_d) { return binary<F64>(h, f, [](uint64_t a, uint64_t b, FpEnv& e) { return fp::add<F64>(a, b, e); }); }
LA_SEM(fsub_s) { return binary<F32>(h, f, [](uint32_t a, uint32_t b, FpEnv& e) { return fp::add<F32>(a, b, e, true); }); }
LA_SEM(fsub_d) { return binary<F64>(h, f, [](uint64_t a, uint64_t b, FpEnv& e) { return fp::add<F64>(a, b, e, true); }); }
LA_SEM(fmul_s) { return binary<F32>(h, f, [](uint32_t a, uint32_t b, FpEnv& e) { return fp::mul<F32>(a, b, e); }); }
LA_SEM(fmul_d) { return binary<F64>(h, f, [](uint64_t a, uint64_t b, FpEnv& e) { return fp::mul<F64>(a, b, e); }); }
LA_SEM(fdiv_s) { return binary<F32>(h, f, [](uint32_t a, uint32_t b, FpEnv& e) { return fp::div<F32>(a, b, e); }); }
LA_SEM(fdiv_d) { return binary<F64>(h, f, [](uint64_t a, uint64_t b, FpEnv& e) { return fp::div<F64>(a, b, e); }); }

// ---- F{MADD,MSUB,NMADD,NMSUB}.{S,D} (§3.2.1) ----
LA_SEM(fmadd_s) { return fused<F32>(h, f, false, false); }
LA_SEM(fmadd_d) { return fused<F64>(h, f, false, false); }
LA_SEM(fmsub_s) { return fused<F32>(h, f, true, false); }
LA_SEM(fmsub_d) { return fused<F64>(h, f, true, false); }
LA_SEM(fnmadd_s) { return fused<F32>(h, f, false, true); }
LA_SEM(fnmadd_d) { return fused<F64>(h, f, false, true); }
LA_SEM(fnmsub_s) { return fused<F32>(h, f, true, true); }
LA_SEM(fnmsub_d) { return fused<F64>(h, f, true, true); }

// ---- F{MAX,MIN}{,A}.{S,D} (§3.2.1): maxNum/minNum/maxNumMag/minNumMag ----
LA_SEM(fmax_s) { return binary<F32>(h, f, [](uint32_t a, uint32_t b, FpEnv& e) { return fp::minmax<F32>(a, b, false, false, e); }); }
LA_SEM(fmax_d) { return binary<F64>(h, f, [](uint64_t a, uint64_t b, FpEnv& e) { return fp::minmax<F64>(a, b, false, false, e); }); }
LA_SEM(fmin_s) { return binary<F32>(h, f, [](uint32_t a, uint32_t b, FpEnv& e) { return fp::minmax<F32>(a, b, true, false, e); }); }
LA_SEM(fmin_d) { return binary<F64>(h, f, [](uint64_t a, uint64_t b, FpEnv& e) { return fp::minmax<F64>(a, b, true, false, e); }); }
LA_SEM(fmaxa_s) { return binary<F32>(h, f, [](uint32_t a, uint32_t b, FpEnv& e) { return fp::minmax<F32>(a, b, false, true, e); }); }
LA_SEM(fmaxa_d) { return binary<F64>(h, f, [](uint64_t a, uint64_t b, FpEnv& e) { return fp::minmax<F64>(a, b, false, true, e); }); }
LA_SEM(fmina_s) { return binary<F32>(h, f, [](uint32_t a, uint32_t b, FpEnv& e) { return fp::minmax<F32>(a, b, true, true, e); }); }
LA_SEM(fmina_d) { return binary<F64>(h, f, [](uint64_t a, uint64_t b, FpEnv& e) { return fp::minmax<F64>(a, b, true, true, e); }); }

// ---- FSCALEB/FLOGB/FCOPYSIGN (§3.2.1) ----
LA_SEM(fscaleb_s) { return scaleb<F32>(h, f); }
LA_SEM(fscaleb_d) { return scaleb<F64>(h, f); }
LA_SEM(flogb_s) { return unary<F32>(h, f, logb<F32>); }
LA_SEM(flogb_d) { return unary<F64>(h, f, logb<F64>); }

// copySign is a bit operation: no FCSR update. QEMU 7.2 deposits bits 30:0 of fj into
// fk (trans_fcopysign_s), so fcopysign.s keeps fk's bits 63:32 instead of NaN-boxing.
LA_SEM(fcopysign_s) {
    set_fpr(h, f.fd, (fpr(h, f.fk) & ~uint64_t{0x7fffffff}) | (fpr(h, f.fj) & 0x7fffffff));
    return ExecResult::Next;
}
LA_SEM(fcopysign_d) {
    set_fpr(h, f.fd, (fpr(h, f.fk) & F64::kSign) | (fpr(h, f.fj) & ~F64::kSign));
    return ExecResult::Next;
}

// ---- FABS/FNEG (§3.2.1): sign-bit operations, no exceptions, NaNs untouched ----
LA_SEM(fabs_s) { set_fpr_s(h, f.fd, fpr_s(h, f.fj) & ~F32::kSign); return ExecResult::Next; }
LA_SEM(fabs_d) { set_fpr(h, f.fd, fpr(h, f.fj) & ~F64::kSign); return ExecResult::Next; }
LA_SEM(fneg_s) { set_fpr_s(h, f.fd, fpr_s(h, f.fj) ^ F32::kSign); return ExecResult::Next; }
LA_SEM(fneg_d) { set_fpr(h, f.fd, fpr(h, f.fj) ^ F64::kSign); return ExecResult::Next; }

// ---- FSQRT/FRECIP/FRSQRT (§3.2.1) and the v1.1 estimates ----
LA_SEM(fsqrt_s) { return unary<F32>(h, f, fp::sqrt<F32>); }
LA_SEM(fsqrt_d) { return unary<F64>(h, f, fp::sqrt<F64>); }
LA_SEM(frecip_s) { return unary<F32>(h, f, recip<F32>); }
LA_SEM(frecip_d) { return unary<F64>(h, f, recip<F64>); }
LA_SEM(frsqrt_s) { return unary<F32>(h, f, rsqrt<F32>); }
LA_SEM(frsqrt_d) { return unary<F64>(h, f, rsqrt<F64>); }
// FRECIPE/FRSQRTE only promise a relative error below 2^-14 (manual §3.2.1,
// F{RECIPE/RSQRTE}, ISA v1.1). Newer QEMU (not 7.2; trans_farith.c.inc) runs the exact
// frecip/frsqrt helpers for them, and so does lvzemu: deterministic and within the bound.
LA_SEM(frecipe_s) { return unary<F32>(h, f, recip<F32>); }
LA_SEM(frecipe_d) { return unary<F64>(h, f, recip<F64>); }
LA_SEM(frsqrte_s) { return unary<F32>(h, f, rsqrt<F32>); }
LA_SEM(frsqrte_d) { return unary<F64>(h, f, rsqrt<F64>); }

// ---- FCLASS (§3.2.1): a 10-bit mask, no FCSR update; QEMU returns it zero-extended
// to 64 bits (helper_fclass_*), so fclass.s is not NaN-boxed. ----
LA_SEM(fclass_s) { set_fpr(h, f.fd, fp::classify<F32>(fpr_s(h, f.fj))); return ExecResult::Next; }
LA_SEM(fclass_d) { set_fpr(h, f.fd, fp::classify<F64>(fpr(h, f.fj))); return ExecResult::Next; }

}  // namespace la::sem
