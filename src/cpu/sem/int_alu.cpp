// SPDX-License-Identifier: Apache-2.0
// Integer arithmetic, logic, immediate building and shifts (manual Vol. 1 §2.2.1, §2.2.2).
// `.w` forms compute on bits 31:0 and write the result sign-extended; `.d` forms use all
// 64 bits. Wrap-around is the architectural behaviour, so the arithmetic is unsigned.
#include <bit>

#include "sem/int_util.h"

namespace la::sem {

LA_SEM(add_w) { return set_gpr_next(h, f.rd, sext32(h.gpr[f.rj] + h.gpr[f.rk])); }
LA_SEM(add_d) { return set_gpr_next(h, f.rd, h.gpr[f.rj] + h.gpr[f.rk]); }
LA_SEM(sub_w) { return set_gpr_next(h, f.rd, sext32(h.gpr[f.rj] - h.gpr[f.rk])); }
LA_SEM(sub_d) { return set_gpr_next(h, f.rd, h.gpr[f.rj] - h.gpr[f.rk]); }

LA_SEM(addi_w) {
    return set_gpr_next(h, f.rd, sext32(h.gpr[f.rj] + static_cast<uint64_t>(f.si12)));
}
LA_SEM(addi_d) { return set_gpr_next(h, f.rd, h.gpr[f.rj] + static_cast<uint64_t>(f.si12)); }
LA_SEM(addu16i_d) {
    return set_gpr_next(h, f.rd, h.gpr[f.rj] + (static_cast<uint64_t>(f.si16) << 16));
}

// The `sa2` operand is already the shift amount (field + 1, spec/README.md).
LA_SEM(alsl_w) { return set_gpr_next(h, f.rd, sext32((h.gpr[f.rj] << f.sa2) + h.gpr[f.rk])); }
LA_SEM(alsl_wu) {
    return set_gpr_next(h, f.rd, static_cast<uint32_t>((h.gpr[f.rj] << f.sa2) + h.gpr[f.rk]));
}
LA_SEM(alsl_d) { return set_gpr_next(h, f.rd, (h.gpr[f.rj] << f.sa2) + h.gpr[f.rk]); }

LA_SEM(lu12i_w) { return set_gpr_next(h, f.rd, static_cast<uint64_t>(f.si20) << 12); }
// rd[63:32] = SignExtend(si20), rd[31:0] kept (§2.2.1.4).
LA_SEM(lu32i_d) {
    return set_gpr_next(h, f.rd,
                        (static_cast<uint64_t>(f.si20) << 32) | (h.gpr[f.rd] & 0xffffffffu));
}
// rd = {si12, rj[51:0]}.
LA_SEM(lu52i_d) {
    constexpr uint64_t kLow52 = (uint64_t{1} << 52) - 1;
    return set_gpr_next(h, f.rd, (static_cast<uint64_t>(f.si12) << 52) | (h.gpr[f.rj] & kLow52));
}

LA_SEM(pcaddi) { return set_gpr_next(h, f.rd, h.pc + (static_cast<uint64_t>(f.si20) << 2)); }
LA_SEM(pcaddu12i) { return set_gpr_next(h, f.rd, h.pc + (static_cast<uint64_t>(f.si20) << 12)); }
LA_SEM(pcaddu18i) { return set_gpr_next(h, f.rd, h.pc + (static_cast<uint64_t>(f.si20) << 18)); }
LA_SEM(pcalau12i) {
    return set_gpr_next(h, f.rd, (h.pc + (static_cast<uint64_t>(f.si20) << 12)) & ~uint64_t{0xfff});
}

LA_SEM(slt) {
    return set_gpr_next(h, f.rd,
                        static_cast<int64_t>(h.gpr[f.rj]) < static_cast<int64_t>(h.gpr[f.rk]));
}
LA_SEM(sltu) { return set_gpr_next(h, f.rd, h.gpr[f.rj] < h.gpr[f.rk]); }
LA_SEM(slti) { return set_gpr_next(h, f.rd, static_cast<int64_t>(h.gpr[f.rj]) < f.si12); }
// The immediate is sign-extended, then compared unsigned (§2.2.1.6).
LA_SEM(sltui) { return set_gpr_next(h, f.rd, h.gpr[f.rj] < static_cast<uint64_t>(f.si12)); }

LA_SEM(and_) { return set_gpr_next(h, f.rd, h.gpr[f.rj] & h.gpr[f.rk]); }
LA_SEM(or_) { return set_gpr_next(h, f.rd, h.gpr[f.rj] | h.gpr[f.rk]); }
LA_SEM(nor) { return set_gpr_next(h, f.rd, ~(h.gpr[f.rj] | h.gpr[f.rk])); }
LA_SEM(xor_) { return set_gpr_next(h, f.rd, h.gpr[f.rj] ^ h.gpr[f.rk]); }
LA_SEM(andn) { return set_gpr_next(h, f.rd, h.gpr[f.rj] & ~h.gpr[f.rk]); }
LA_SEM(orn) { return set_gpr_next(h, f.rd, h.gpr[f.rj] | ~h.gpr[f.rk]); }
// ui12 is zero-extended for the logical immediates (§2.2.1.9).
LA_SEM(andi) { return set_gpr_next(h, f.rd, h.gpr[f.rj] & f.ui12); }
LA_SEM(ori) { return set_gpr_next(h, f.rd, h.gpr[f.rj] | f.ui12); }
LA_SEM(xori) { return set_gpr_next(h, f.rd, h.gpr[f.rj] ^ f.ui12); }

// Shifts (§2.2.2): by register, the amount is rk[4:0] (.w) or rk[5:0] (.d).
namespace {
constexpr uint64_t sll_w_val(uint64_t v, unsigned n) {
    return sext32(static_cast<uint32_t>(v) << n);
}
constexpr uint64_t srl_w_val(uint64_t v, unsigned n) {
    return sext32(static_cast<uint32_t>(v) >> n);
}
constexpr uint64_t sra_w_val(uint64_t v, unsigned n) {
    return static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(v) >> n));
}
constexpr uint64_t sra_d_val(uint64_t v, unsigned n) {
    return static_cast<uint64_t>(static_cast<int64_t>(v) >> n);
}
constexpr uint64_t rotr_w_val(uint64_t v, uint64_t n) {
    return sext32(std::rotr(static_cast<uint32_t>(v), static_cast<int>(n)));
}
constexpr uint64_t rotr_d_val(uint64_t v, uint64_t n) { return std::rotr(v, static_cast<int>(n)); }
}  // namespace

LA_SEM(sll_w) { return set_gpr_next(h, f.rd, sll_w_val(h.gpr[f.rj], h.gpr[f.rk] & 31)); }
LA_SEM(srl_w) { return set_gpr_next(h, f.rd, srl_w_val(h.gpr[f.rj], h.gpr[f.rk] & 31)); }
LA_SEM(sra_w) { return set_gpr_next(h, f.rd, sra_w_val(h.gpr[f.rj], h.gpr[f.rk] & 31)); }
LA_SEM(rotr_w) { return set_gpr_next(h, f.rd, rotr_w_val(h.gpr[f.rj], h.gpr[f.rk] & 31)); }
LA_SEM(sll_d) { return set_gpr_next(h, f.rd, h.gpr[f.rj] << (h.gpr[f.rk] & 63)); }
LA_SEM(srl_d) { return set_gpr_next(h, f.rd, h.gpr[f.rj] >> (h.gpr[f.rk] & 63)); }
LA_SEM(sra_d) { return set_gpr_next(h, f.rd, sra_d_val(h.gpr[f.rj], h.gpr[f.rk] & 63)); }
LA_SEM(rotr_d) { return set_gpr_next(h, f.rd, rotr_d_val(h.gpr[f.rj], h.gpr[f.rk] & 63)); }

LA_SEM(slli_w) { return set_gpr_next(h, f.rd, sll_w_val(h.gpr[f.rj], f.ui5)); }
LA_SEM(srli_w) { return set_gpr_next(h, f.rd, srl_w_val(h.gpr[f.rj], f.ui5)); }
LA_SEM(srai_w) { return set_gpr_next(h, f.rd, sra_w_val(h.gpr[f.rj], f.ui5)); }
LA_SEM(rotri_w) { return set_gpr_next(h, f.rd, rotr_w_val(h.gpr[f.rj], f.ui5)); }
LA_SEM(slli_d) { return set_gpr_next(h, f.rd, h.gpr[f.rj] << f.ui6); }
LA_SEM(srli_d) { return set_gpr_next(h, f.rd, h.gpr[f.rj] >> f.ui6); }
LA_SEM(srai_d) { return set_gpr_next(h, f.rd, sra_d_val(h.gpr[f.rj], f.ui6)); }
LA_SEM(rotri_d) { return set_gpr_next(h, f.rd, rotr_d_val(h.gpr[f.rj], f.ui6)); }

}  // namespace la::sem
