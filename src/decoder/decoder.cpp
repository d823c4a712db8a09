// SPDX-License-Identifier: Apache-2.0
#include "lvzemu/decoder/decoder.h"

#include <string_view>

namespace la::decoder {

Opcode decode_rest(uint32_t word, uint32_t slot) noexcept {
    using namespace la::gen;
    const uint32_t start = (slot & (kDecodeLeafFlag - 1u)) >> kDecodeCountBits;
    const uint32_t count = slot & ((1u << kDecodeCountBits) - 1u);
    for (uint32_t i = 1; i < count; ++i) {
        const DecodeLeaf& c = kDecodeLeaves[start + i];
        if ((word & c.mask) == c.match) return static_cast<Opcode>(c.opcode);
    }
    return Opcode::invalid;
}

uint32_t operand_field(const OperandDesc& d, uint32_t word) noexcept {
    const unsigned w0 = d.hi0 - d.lo0 + 1u;
    uint32_t v = (word >> d.lo0) & ((1u << w0) - 1u);
    if (d.lo1 <= d.hi1) {
        const unsigned w1 = d.hi1 - d.lo1 + 1u;
        v = (v << w1) | ((word >> d.lo1) & ((1u << w1) - 1u));
    }
    return v;
}

int64_t operand_value(const OperandDesc& d, uint32_t word) noexcept {
    unsigned width = d.hi0 - d.lo0 + 1u;
    if (d.lo1 <= d.hi1) width += d.hi1 - d.lo1 + 1u;
    const uint32_t raw = operand_field(d, word);
    int64_t v;
    if (d.kind == OperandKind::Simm) {
        v = static_cast<int64_t>(static_cast<uint64_t>(raw) << (64 - width)) >> (64 - width);
    } else {
        v = raw;
    }
    v = static_cast<int64_t>(static_cast<uint64_t>(v) << d.shift);
    return v + d.add;
}

Opcode find_opcode(const std::string& mnemonic) noexcept {
    for (unsigned i = 1; i < kNumOpcodes; ++i) {
        if (std::string_view(la::gen::kInsnInfo[i].name) == mnemonic) return static_cast<Opcode>(i);
    }
    return Opcode::invalid;
}

}  // namespace la::decoder
