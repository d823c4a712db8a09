// SPDX-License-Identifier: Apache-2.0
// Bit manipulation (manual Vol. 1 §2.2.3): sign extension, leading/trailing bit counts,
// byte picking, byte/halfword/bit reversal, bit-string insert/extract, conditional masks.
#include <bit>

#include "sem/int_util.h"

namespace la::sem {

namespace {

constexpr uint64_t field_mask(unsigned width) {
    return width >= 64 ? ~uint64_t{0} : (uint64_t{1} << width) - 1;
}

constexpr uint64_t swap_adjacent(uint64_t v, uint64_t mask, unsigned shift) {
    return ((v >> shift) & mask) | ((v & mask) << shift);
}

// Reverses the bits inside every byte; byte order is kept.
constexpr uint64_t bitrev_bytes(uint64_t v) {
    v = swap_adjacent(v, 0x5555555555555555u, 1);
    v = swap_adjacent(v, 0x3333333333333333u, 2);
    return swap_adjacent(v, 0x0f0f0f0f0f0f0f0fu, 4);
}

constexpr uint64_t swap_bytes_in_halves(uint64_t v) {
    return swap_adjacent(v, 0x00ff00ff00ff00ffu, 8);
}
constexpr uint64_t swap_halves_in_words(uint64_t v) {
    return swap_adjacent(v, 0x0000ffff0000ffffu, 16);
}

}  // namespace

LA_SEM(ext_w_b) { return set_gpr_next(h, f.rd, sext8(h.gpr[f.rj])); }
LA_SEM(ext_w_h) { return set_gpr_next(h, f.rd, sext16(h.gpr[f.rj])); }

// Counts over bits 31:0 for .w; the count of a zero word is 32 (64 for .d).
LA_SEM(clo_w) { return set_gpr_next(h, f.rd, std::countl_one(static_cast<uint32_t>(h.gpr[f.rj]))); }
LA_SEM(clz_w) {
    return set_gpr_next(h, f.rd, std::countl_zero(static_cast<uint32_t>(h.gpr[f.rj])));
}
LA_SEM(cto_w) { return set_gpr_next(h, f.rd, std::countr_one(static_cast<uint32_t>(h.gpr[f.rj]))); }
LA_SEM(ctz_w) {
    return set_gpr_next(h, f.rd, std::countr_zero(static_cast<uint32_t>(h.gpr[f.rj])));
}
LA_SEM(clo_d) { return set_gpr_next(h, f.rd, std::countl_one(h.gpr[f.rj])); }
LA_SEM(clz_d) { return set_gpr_next(h, f.rd, std::countl_zero(h.gpr[f.rj])); }
LA_SEM(cto_d) { return set_gpr_next(h, f.rd, std::countr_one(h.gpr[f.rj])); }
LA_SEM(ctz_d) { return set_gpr_next(h, f.rd, std::countr_zero(h.gpr[f.rj])); }

// {rk, rj} concatenated (rk high); the result starts sa bytes below rk's top byte:
// rd = {rk[N-1-8*sa:0], rj[N-1:N-8*sa]}, N = 32 or 64, and sa = 0 gives rk.

LA_SEM(bytepick_w) {
    const unsigned sa = f.sa2;
    const uint64_t cat = (h.gpr[f.rk] << 32) | static_cast<uint32_t>(h.gpr[f.rj]);
    return set_gpr_next(h, f.rd, sext32(cat >> (32 - 8 * sa)));
}
LA_SEM(bytepick_d) {
    const uint64_t rj = h.gpr[f.rj], rk = h.gpr[f.rk];
    return set_gpr_next(h, f.rd, f.sa3 == 0 ? rk : (rk << (8 * f.sa3)) | (rj >> (64 - 8 * f.sa3)));
}

LA_SEM(revb_2h) { return set_gpr_next(h, f.rd, sext32(swap_bytes_in_halves(h.gpr[f.rj]))); }
LA_SEM(revb_4h) { return set_gpr_next(h, f.rd, swap_bytes_in_halves(h.gpr[f.rj])); }
LA_SEM(revb_2w) { return set_gpr_next(h, f.rd, std::rotr(__builtin_bswap64(h.gpr[f.rj]), 32)); }
LA_SEM(revb_d) { return set_gpr_next(h, f.rd, __builtin_bswap64(h.gpr[f.rj])); }
LA_SEM(revh_2w) { return set_gpr_next(h, f.rd, swap_halves_in_words(h.gpr[f.rj])); }
LA_SEM(revh_d) { return set_gpr_next(h, f.rd, std::rotr(swap_halves_in_words(h.gpr[f.rj]), 32)); }

LA_SEM(bitrev_4b) { return set_gpr_next(h, f.rd, sext32(bitrev_bytes(h.gpr[f.rj]))); }
LA_SEM(bitrev_8b) { return set_gpr_next(h, f.rd, bitrev_bytes(h.gpr[f.rj])); }
LA_SEM(bitrev_w) {
    return set_gpr_next(
        h, f.rd, sext32(__builtin_bswap32(static_cast<uint32_t>(bitrev_bytes(h.gpr[f.rj])))));
}
LA_SEM(bitrev_d) { return set_gpr_next(h, f.rd, __builtin_bswap64(bitrev_bytes(h.gpr[f.rj]))); }

// msb < lsb is left undefined by the manual (§2.2.3.8, §2.2.3.9); QEMU treats it as an
// undefined instruction (target/loongarch/tcg/insn_trans/trans_bit.c.inc, gen_bstrins /
// gen_bstrpick return false), and so do we.
LA_SEM(bstrins_w) {
    if (f.msbw < f.lsbw) return trap(h, Ecode::INE);
    const uint64_t mask = field_mask(f.msbw - f.lsbw + 1) << f.lsbw;
    return set_gpr_next(h, f.rd, sext32((h.gpr[f.rd] & ~mask) | ((h.gpr[f.rj] << f.lsbw) & mask)));
}
LA_SEM(bstrins_d) {
    if (f.msbd < f.lsbd) return trap(h, Ecode::INE);
    const uint64_t mask = field_mask(f.msbd - f.lsbd + 1) << f.lsbd;
    return set_gpr_next(h, f.rd, (h.gpr[f.rd] & ~mask) | ((h.gpr[f.rj] << f.lsbd) & mask));
}
// The field is zero-extended to 32 bits first, so only msbw = 31, lsbw = 0 can set bit 31.
// Bits msb..lsb as two shifts: the bits above msb out to the left, then down to bit 0
// (no mask to build: measured, two shifts instead of a shift, a mask and a select).
LA_SEM(bstrpick_w) {
    if (f.msbw < f.lsbw) return trap(h, Ecode::INE);
    const uint32_t v = static_cast<uint32_t>(h.gpr[f.rj]) << (31 - f.msbw);
    return set_gpr_next(h, f.rd, sext32(v >> (31 - f.msbw + f.lsbw)));
}
LA_SEM(bstrpick_d) {
    if (f.msbd < f.lsbd) return trap(h, Ecode::INE);
    return set_gpr_next(h, f.rd, (h.gpr[f.rj] << (63 - f.msbd)) >> (63 - f.msbd + f.lsbd));
}

LA_SEM(maskeqz) { return set_gpr_next(h, f.rd, h.gpr[f.rk] == 0 ? 0 : h.gpr[f.rj]); }
LA_SEM(masknez) { return set_gpr_next(h, f.rd, h.gpr[f.rk] != 0 ? 0 : h.gpr[f.rj]); }

}  // namespace la::sem
