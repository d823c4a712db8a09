// SPDX-License-Identifier: Apache-2.0
// Helpers shared by the scalar FP semantics (fp_arith.cpp, fp_cvt.cpp, fp_cmp.cpp,
// fp_move.cpp, fp_mem.cpp): FCSR0 fields, the exception-flag epilogue, FPR views.
// Private to src/cpu/sem/. EUEN.FPE (FPD) is checked by the dispatcher, not here.
#pragma once

#include <cstdint>
#include <type_traits>

#include "sem/fp_soft.h"
#include "sem/sem.h"

namespace la::sem {

// FCSR0 layout (manual Vol. 1 §3.1.3.3): Enables 4:0, RM 9:8, Flags 20:16, Cause 28:24.
inline constexpr uint32_t kFcsrEnables = 0x0000001f;
inline constexpr uint32_t kFcsrRm = 0x00000300;
inline constexpr uint32_t kFcsrFlags = 0x001f0000;
inline constexpr uint32_t kFcsrCause = 0x1f000000;
inline constexpr unsigned kFcsrFlagsShift = 16, kFcsrCauseShift = 24, kFcsrRmShift = 8;

/// The bits of FCSR0 that FCSR0..3 read and write (manual §3.1.3.3: FCSR1 = Enables,
/// FCSR2 = Cause|Flags, FCSR3 = RM, each at its FCSR0 position; the other FCSR0 bits are
/// reserved and read 0). QEMU 7.2 deviates for FCSR0 itself: it stores all 32 bits written
/// (target/loongarch/insn_trans/trans_fmov.c.inc, fcsr_mask[0] = UINT32_MAX).
inline constexpr uint32_t kFcsrViewMask[4] = {
    kFcsrEnables | kFcsrRm | kFcsrFlags | kFcsrCause, kFcsrEnables, kFcsrFlags | kFcsrCause, kFcsrRm};

inline uint32_t fcsr_rm(const HartState& h) { return (h.fcsr0 & kFcsrRm) >> kFcsrRmShift; }

inline fp::FpEnv fp_env(const HartState& h) { return fp::FpEnv{fcsr_rm(h), 0}; }

/// The epilogue of every FP operation that can raise IEEE exceptions (manual §3.1.4;
/// QEMU fpu_helper.c update_fcsr0_mask): Cause := the exceptions this operation raised
/// (0 if none). If any of them is enabled the instruction traps with FPE (Ecode 0x12,
/// EsubCode 0): the destination is not written and Flags are not updated. Otherwise the
/// exceptions are ORed into Flags. Returns true if it trapped (h.exc is set).
inline bool fp_raise(HartState& h, uint32_t flags) {
    h.fcsr0 = (h.fcsr0 & ~kFcsrCause) | (flags << kFcsrCauseShift);
    if ((flags & h.fcsr0 & kFcsrEnables) != 0) {
        trap(h, Ecode::FPE, kSubFPE);
        return true;
    }
    h.fcsr0 |= flags << kFcsrFlagsShift;
    return false;
}

/// Single-precision operand: bits 31:0 of the FPR (manual §3.1.3.1).
inline uint32_t fpr_s(const HartState& h, unsigned f) { return static_cast<uint32_t>(fpr(h, f)); }

/// Single-precision results of computations are written "NaN-boxed", bits 63:32 all ones.
/// The manual leaves those bits undefined (§3.1.3.1); QEMU 7.2 boxes the results of its FP
/// helpers, fmov.s/fabs.s/fneg.s and 32-bit FP loads (fpu_helper.c nanbox_s,
/// trans_farith.c.inc, trans_fmemory.c.inc maybe_nanbox_load) and lvzemu matches it so
/// that whole FPRs compare equal. Exceptions are listed where they happen.
inline void set_fpr_s(HartState& h, unsigned f, uint32_t v) { set_fpr(h, f, 0xffffffff00000000ull | v); }

/// Format-generic operand read and (boxed) result write.
template <class F>
inline typename F::T fpr_as(const HartState& h, unsigned f) {
    if constexpr (std::is_same_v<F, fp::F32>) return fpr_s(h, f);
    else return fpr(h, f);
}
template <class F>
inline void set_fpr_as(HartState& h, unsigned f, typename F::T v) {
    if constexpr (std::is_same_v<F, fp::F32>) set_fpr_s(h, f, v);
    else set_fpr(h, f, v);
}

/// Runs `op(env)` in the current rounding mode, then the FCSR epilogue; writes the
/// result with `write(value)` only if no enabled exception trapped.
template <class Op, class Write>
inline ExecResult fp_exec(HartState& h, Op&& op, Write&& write) {
    fp::FpEnv env = fp_env(h);
    const auto r = op(env);
    if (fp_raise(h, env.flags)) return ExecResult::Trap;
    write(r);
    return ExecResult::Next;
}

/// The common case: a result of format F into FPR fd.
template <class F, class Op>
inline ExecResult fp_exec_to(HartState& h, unsigned fd, Op&& op) {
    return fp_exec(h, op, [&](typename F::T r) { set_fpr_as<F>(h, fd, r); });
}

}  // namespace la::sem
