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

/// The instruction `word` encodes, or Opcode::invalid. Every LoongArch instruction is one
/// 32-bit little-endian word (manual Vol. 1 §1.2).
inline Opcode decode(uint32_t word) noexcept {
    const DecodeNode* node = &la::gen::kDecodeNodes[0];
    for (;;) {
        const uint32_t slot = la::gen::kDecodeSlots[node->first_slot + ((word >> node->shift) & node->mask)];
        if (slot & 0x80000000u) [[likely]] {
            const uint32_t start = (slot >> 4) & 0x7ffffffu;
            const uint32_t count = slot & 0xfu;
            for (uint32_t i = 0; i < count; ++i) {
                const uint16_t op = la::gen::kDecodeLeaves[start + i];
                const InsnInfo& inf = la::gen::kInsnInfo[op];
                if ((word & inf.mask) == inf.match) return static_cast<Opcode>(op);
            }
            return Opcode::invalid;
        }
        node = &la::gen::kDecodeNodes[slot];
    }
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
