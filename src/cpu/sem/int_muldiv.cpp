// SPDX-License-Identifier: Apache-2.0
// Multiply and divide (manual Vol. 1 §2.2.1.11–§2.2.1.13).
//
// Division by zero raises no exception and "the result can be any value" (§2.2.1.13), and
// the signed overflow case (INT_MIN / -1) is not specified. lvzemu returns what QEMU
// returns, so that differential runs against QEMU agree (target/loongarch/tcg/insn_trans/
// trans_arith.c.inc, prep_divisor_d / prep_divisor_du: the divisor is replaced by 1):
//   x / 0 = x (sign-extended from bit 31 for .w/.wu), x % 0 = 0,
//   INT_MIN / -1 = INT_MIN, INT_MIN % -1 = 0.
// The .w/.wu forms use only bits 31:0 of the sources, as with CPUCFG2.DIV32 = 1 (§2.2.1.13
// pseudocode; QEMU sign- or zero-extends the sources from bit 31 likewise).
#include <limits>

#include "sem/int_util.h"

namespace la::sem {

namespace {

using i128 = __int128;
using u128 = unsigned __int128;

int64_t div_s64(int64_t a, int64_t b) {
    if (b == 0) return a;
    if (a == std::numeric_limits<int64_t>::min() && b == -1) return a;
    return a / b;
}
int64_t mod_s64(int64_t a, int64_t b) {
    if (b == 0 || b == -1) return 0;  // x % -1 is 0 for every x, INT_MIN included
    return a % b;
}
uint64_t div_u64(uint64_t a, uint64_t b) { return b == 0 ? a : a / b; }
uint64_t mod_u64(uint64_t a, uint64_t b) { return b == 0 ? 0 : a % b; }

int64_t w_signed(uint64_t v) { return static_cast<int32_t>(v); }
uint64_t w_unsigned(uint64_t v) { return static_cast<uint32_t>(v); }

}  // namespace

LA_SEM(mul_w) { return set_gpr_next(h, f.rd, sext32(h.gpr[f.rj] * h.gpr[f.rk])); }
LA_SEM(mul_d) { return set_gpr_next(h, f.rd, h.gpr[f.rj] * h.gpr[f.rk]); }

// High words of the 64-bit (.w) or 128-bit (.d) product.
LA_SEM(mulh_w) {
    const int64_t p = w_signed(h.gpr[f.rj]) * w_signed(h.gpr[f.rk]);
    return set_gpr_next(h, f.rd, static_cast<uint64_t>(p >> 32));
}
LA_SEM(mulh_wu) {
    const uint64_t p = w_unsigned(h.gpr[f.rj]) * w_unsigned(h.gpr[f.rk]);
    return set_gpr_next(h, f.rd, sext32(p >> 32));
}
LA_SEM(mulh_d) {
    const i128 p =
        static_cast<i128>(static_cast<int64_t>(h.gpr[f.rj])) * static_cast<int64_t>(h.gpr[f.rk]);
    return set_gpr_next(h, f.rd, static_cast<uint64_t>(static_cast<u128>(p) >> 64));
}
LA_SEM(mulh_du) {
    const u128 p = static_cast<u128>(h.gpr[f.rj]) * h.gpr[f.rk];
    return set_gpr_next(h, f.rd, static_cast<uint64_t>(p >> 64));
}
LA_SEM(mulw_d_w) {
    return set_gpr_next(h, f.rd,
                        static_cast<uint64_t>(w_signed(h.gpr[f.rj]) * w_signed(h.gpr[f.rk])));
}
LA_SEM(mulw_d_wu) {
    return set_gpr_next(h, f.rd, w_unsigned(h.gpr[f.rj]) * w_unsigned(h.gpr[f.rk]));
}

// The 32-bit operands are divided in 64 bits, so INT32_MIN / -1 = 2^31, whose
// sign-extended low word is INT32_MIN again.
LA_SEM(div_w) {
    return set_gpr_next(
        h, f.rd,
        sext32(static_cast<uint64_t>(div_s64(w_signed(h.gpr[f.rj]), w_signed(h.gpr[f.rk])))));
}
LA_SEM(mod_w) {
    return set_gpr_next(
        h, f.rd,
        sext32(static_cast<uint64_t>(mod_s64(w_signed(h.gpr[f.rj]), w_signed(h.gpr[f.rk])))));
}
LA_SEM(div_wu) {
    return set_gpr_next(h, f.rd, sext32(div_u64(w_unsigned(h.gpr[f.rj]), w_unsigned(h.gpr[f.rk]))));
}
LA_SEM(mod_wu) {
    return set_gpr_next(h, f.rd, sext32(mod_u64(w_unsigned(h.gpr[f.rj]), w_unsigned(h.gpr[f.rk]))));
}
LA_SEM(div_d) {
    return set_gpr_next(h, f.rd,
                        static_cast<uint64_t>(div_s64(static_cast<int64_t>(h.gpr[f.rj]),
                                                      static_cast<int64_t>(h.gpr[f.rk]))));
}
LA_SEM(mod_d) {
    return set_gpr_next(h, f.rd,
                        static_cast<uint64_t>(mod_s64(static_cast<int64_t>(h.gpr[f.rj]),
                                                      static_cast<int64_t>(h.gpr[f.rk]))));
}
LA_SEM(div_du) { return set_gpr_next(h, f.rd, div_u64(h.gpr[f.rj], h.gpr[f.rk])); }
LA_SEM(mod_du) { return set_gpr_next(h, f.rd, mod_u64(h.gpr[f.rj], h.gpr[f.rk])); }

}  // namespace la::sem
