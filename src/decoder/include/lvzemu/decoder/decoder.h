// SPDX-License-Identifier: Apache-2.0
// Instruction decoding: a 32-bit word -> Opcode, through the decision tree generated from
// spec/insns (tools/specgen/gen_insns.py). Pure functions: no hart, no memory.
#pragma once

#include <cstdint>
#include <string>

#include "lvzemu/decoder/insn_types.h"
#include "lvzemu/gen/decode_tree.h"
#include "lvzemu/gen/insn_table.h"
#include "lvzemu/gen/opcode.h"

namespace la::decoder {

using la::gen::Opcode;

/// Out-of-line part of decode(): the leaf's first candidate did not match, so try the
/// others (only overlap groups such as csrrd/csrwr/csrxchg have several).
Opcode decode_rest(uint32_t word, uint32_t slot) noexcept;

/// The instruction `word` encodes, or Opcode::invalid. Every LoongArch instruction is one
/// 32-bit little-endian word (manual Vol. 1 §1.2). The common path is two table loads
/// and one compare with no data-dependent loop (bench/decode_bench measures it).
inline Opcode decode(uint32_t word) noexcept {
    using namespace la::gen;
    const DecodeNode& top = kDecodeNodes[kDecodeSlots[word >> kDecodeRootShift]];
    uint32_t slot = kDecodeSlots[top.first_slot + ((word >> top.shift) & top.mask)];
    while (!(slot & kDecodeLeafFlag)) [[unlikely]] {
        const DecodeNode& node = kDecodeNodes[slot];
        slot = kDecodeSlots[node.first_slot + ((word >> node.shift) & node.mask)];
    }
    // Almost every leaf has one candidate: select its opcode or `invalid` without a
    // branch (random words miss often, and a mispredicted branch costs more than the
    // select). Overlap groups (several candidates) take the out-of-line path.
    const DecodeLeaf& first = kDecodeLeaves[(slot & (kDecodeLeafFlag - 1u)) >> kDecodeCountBits];
    const uint16_t hit = (word & first.mask) == first.match ? first.opcode : uint16_t{0};
    if ((slot & ((1u << kDecodeCountBits) - 1u)) > 1u && hit == 0) [[unlikely]]
        return decode_rest(word, slot);
    return static_cast<Opcode>(hit);
}

/// Static facts (mnemonic, match/mask, feature gates, attributes) for an opcode.
inline const InsnInfo& info(Opcode op) noexcept {
    return la::gen::kInsnInfo[static_cast<uint16_t>(op)];
}

/// Operand descriptor `i` (0-based, assembly order) of an opcode.
inline const OperandDesc& operand(Opcode op, unsigned i) noexcept {
    return la::gen::kOperands[info(op).first_operand + i];
}

/// Raw field value of an operand (pieces concatenated, before sign extension/scaling).
uint32_t operand_field(const OperandDesc& d, uint32_t word) noexcept;

/// Operand value as the assembler writes it: sign-extended, scaled and offset.
int64_t operand_value(const OperandDesc& d, uint32_t word) noexcept;

/// Number of opcodes (including Opcode::invalid at index 0).
inline constexpr unsigned kNumOpcodes = la::gen::kNumOpcodes;

/// Opcode by mnemonic (for `lvzemu decode` and tests); Opcode::invalid if unknown.
Opcode find_opcode(const std::string& mnemonic) noexcept;

}  // namespace la::decoder
