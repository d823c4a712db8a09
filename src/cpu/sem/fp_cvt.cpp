// SPDX-License-Identifier: Apache-2.0
// Scalar FP conversions (manual Vol. 1 §3.2.3): FCVT between formats, FFINT (integer to
// float), FTINT[RM|RP|RZ|RNE] (float to integer) and FRINT (round to integral value).
// The bits written above a 32-bit result follow QEMU 7.2 (target/loongarch/fpu_helper.c)
// because lvzemu is compared with it FPR by FPR; the manual leaves them undefined.
#include "sem/fp_util.h"

namespace la::sem {
namespace {

using fp::F32;
using fp::F64;
using fp::FpEnv;

/// How a 32-bit integer result fills bits 63:32 of fd. QEMU 7.2's helpers return
/// (uint64_t)(int32_t) for all ftint*.w.* except helper_ftintrz_w_s and
/// helper_ftintrne_w_s, whose result variable is uint32_t (zero-extension).
enum class W32 : uint8_t { SignExtend, ZeroExtend };

/// FTINT*: float -> integer in rounding mode rm (kCurrent: FCSR0.RM). Out-of-range inputs
/// and infinities give invalid and the saturated value; NaN gives invalid and 0 (QEMU
/// helper_ftint*: "if invalid and the input is a NaN, fd = 0"; IEEE 754-2008 §5.8 leaves
/// the integer result of an invalid conversion open).
/// Inexact: the manual (§3.2.3 tables) maps FTINT*/FRINT to the non-signalling
/// convertToInteger*/roundToInteger* when FCSR0.Enables.I = 0, i.e. no inexact flag then;
/// QEMU 7.2 raises inexact whenever the value was rounded, whatever Enables.I says, and
/// lvzemu does the same.
constexpr uint32_t kCurrent = 4;

template <class F, int Bits>
ExecResult ftint(HartState& h, const fields::F_fd_fj& f, uint32_t rm, W32 ext = W32::SignExtend) {
    const auto a = fpr_as<F>(h, f.fj);
    const uint32_t mode = rm == kCurrent ? fcsr_rm(h) : rm;
    return fp_exec(
        h,
        [&](FpEnv& e) {
            const int64_t v = fp::to_int<F>(a, Bits, mode, e);
            return fp::is_nan<F>(a) ? int64_t{0} : v;
        },
        [&](int64_t v) {
            uint64_t r = static_cast<uint64_t>(v);
            if (Bits == 32 && ext == W32::ZeroExtend) r &= 0xffffffffu;
            set_fpr(h, f.fd, r);
        });
}

/// FFINT: the word integer is bits 31:0 of fj, the doubleword all 64 bits.
template <class F, int Bits>
ExecResult ffint(HartState& h, const fields::F_fd_fj& f) {
    const uint64_t raw = fpr(h, f.fj);
    const int64_t v = Bits == 32 ? static_cast<int64_t>(static_cast<int32_t>(raw)) : static_cast<int64_t>(raw);
    return fp_exec_to<F>(h, f.fd, [&](FpEnv& e) { return fp::from_int<F>(v, e); });
}

}  // namespace

// ---- FCVT.S.D / FCVT.D.S ----
LA_SEM(fcvt_s_d) {
    const uint64_t a = fpr(h, f.fj);
    return fp_exec_to<F32>(h, f.fd, [&](FpEnv& e) { return fp::f64_to_f32(a, e); });
}
LA_SEM(fcvt_d_s) {
    const uint32_t a = fpr_s(h, f.fj);
    return fp_exec_to<F64>(h, f.fd, [&](FpEnv& e) { return fp::f32_to_f64(a, e); });
}

// ---- FFINT.{S,D}.{W,L}: rounded in FCSR0.RM (inexact for large .l or .w -> .s) ----
LA_SEM(ffint_s_w) { return ffint<F32, 32>(h, f); }
LA_SEM(ffint_s_l) { return ffint<F32, 64>(h, f); }
LA_SEM(ffint_d_w) { return ffint<F64, 32>(h, f); }
LA_SEM(ffint_d_l) { return ffint<F64, 64>(h, f); }

// ---- FTINT{RM,RP,RZ,RNE,}.{W,L}.{S,D} ----
LA_SEM(ftintrm_w_s) { return ftint<F32, 32>(h, f, fp::kRm); }
LA_SEM(ftintrm_w_d) { return ftint<F64, 32>(h, f, fp::kRm); }
LA_SEM(ftintrm_l_s) { return ftint<F32, 64>(h, f, fp::kRm); }
LA_SEM(ftintrm_l_d) { return ftint<F64, 64>(h, f, fp::kRm); }
LA_SEM(ftintrp_w_s) { return ftint<F32, 32>(h, f, fp::kRp); }
LA_SEM(ftintrp_w_d) { return ftint<F64, 32>(h, f, fp::kRp); }
LA_SEM(ftintrp_l_s) { return ftint<F32, 64>(h, f, fp::kRp); }
LA_SEM(ftintrp_l_d) { return ftint<F64, 64>(h, f, fp::kRp); }
LA_SEM(ftintrz_w_s) { return ftint<F32, 32>(h, f, fp::kRz, W32::ZeroExtend); }
LA_SEM(ftintrz_w_d) { return ftint<F64, 32>(h, f, fp::kRz); }
LA_SEM(ftintrz_l_s) { return ftint<F32, 64>(h, f, fp::kRz); }
LA_SEM(ftintrz_l_d) { return ftint<F64, 64>(h, f, fp::kRz); }
LA_SEM(ftintrne_w_s) { return ftint<F32, 32>(h, f, fp::kRne, W32::ZeroExtend); }
LA_SEM(ftintrne_w_d) { return ftint<F64, 32>(h, f, fp::kRne); }
LA_SEM(ftintrne_l_s) { return ftint<F32, 64>(h, f, fp::kRne); }
LA_SEM(ftintrne_l_d) { return ftint<F64, 64>(h, f, fp::kRne); }
LA_SEM(ftint_w_s) { return ftint<F32, 32>(h, f, kCurrent); }
LA_SEM(ftint_w_d) { return ftint<F64, 32>(h, f, kCurrent); }
LA_SEM(ftint_l_s) { return ftint<F32, 64>(h, f, kCurrent); }
LA_SEM(ftint_l_d) { return ftint<F64, 64>(h, f, kCurrent); }

// ---- FRINT.{S,D}: roundToIntegralExact in FCSR0.RM (inexact when the value changes,
// whatever Enables.I says, as QEMU; see ftint above).
// QEMU 7.2's helper_frint_s returns the float32 zero-extended, not NaN-boxed. ----
LA_SEM(frint_s) {
    const uint32_t a = fpr_s(h, f.fj);
    const uint32_t rm = fcsr_rm(h);
    return fp_exec(h, [&](FpEnv& e) { return fp::round_to_int<F32>(a, rm, e); },
                   [&](uint32_t r) { set_fpr(h, f.fd, r); });
}
LA_SEM(frint_d) {
    const uint64_t a = fpr(h, f.fj);
    const uint32_t rm = fcsr_rm(h);
    return fp_exec_to<F64>(h, f.fd, [&](FpEnv& e) { return fp::round_to_int<F64>(a, rm, e); });
}

}  // namespace la::sem
