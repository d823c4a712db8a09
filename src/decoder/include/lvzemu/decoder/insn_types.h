// SPDX-License-Identifier: Apache-2.0
// Types shared by the generated instruction tables (build/gen/lvzemu/gen/*.h) and the
// hand-written decoder and disassembler. The tables themselves come from spec/insns.
#pragma once

#include <cstdint>

namespace la::decoder {

/// How an operand is printed and interpreted. Mirrors the `kind` column of spec/README.md.
enum class OperandKind : uint8_t { Gpr, Fpr, Vr, Xr, Fcc, Scr, Fcsr, Simm, Uimm };

/// One operand of one instruction: up to two bit pieces of the word, concatenated most
/// significant first, then sign-extended (Simm), shifted left by `shift` and offset by
/// `add`.
struct OperandDesc {
    const char* name;
    OperandKind kind;
    uint8_t hi0, lo0;  // first (most significant) piece
    uint8_t hi1, lo1;  // second piece; lo1 > hi1 marks "absent"
    uint8_t shift;
    uint8_t add;
};

/// Architectural feature gates (spec `ext` column), one bit each.
enum Ext : uint32_t {
    kExtBase = 1u << 0,
    kExtFpSp = 1u << 1,
    kExtFpDp = 1u << 2,
    kExtLsx = 1u << 3,
    kExtLasx = 1u << 4,
    kExtLbt = 1u << 5,
    kExtLvz = 1u << 6,
    kExtLamcas = 1u << 7,
    kExtLamBh = 1u << 8,
    kExtLlacqScrel = 1u << 9,
    kExtScq = 1u << 10,
    kExtFrecipe = 1u << 11,
    kExtCrc = 1u << 12,  // CPUCFG1.CRC
    kExtLam = 1u << 13,  // CPUCFG2.LAM
};

/// Per-instruction attributes (spec `attributes` column).
enum Attr : uint32_t {
    kAttrPriv = 1u << 0,
    kAttrBranch = 1u << 1,
    kAttrLoad = 1u << 2,
    kAttrStore = 1u << 3,
    kAttrAtomic = 1u << 4,
    kAttrMayTrap = 1u << 5,
    kAttrEndsBlock = 1u << 6,
    kAttrLa32 = 1u << 7,
    kAttrLlvmAbsent = 1u << 8,
    kAttrSureP = 1u << 9,  // LVZ encoding inferred, not confirmed by a toolchain
    kAttrReadsPc = 1u << 10,  // the semantics read the instruction's own PC
};

/// Static facts about one instruction.
struct InsnInfo {
    const char* name;  // official mnemonic
    uint32_t match;
    uint32_t mask;
    uint32_t ext;    // Ext bits, all required
    uint32_t attrs;  // Attr bits
    uint16_t first_operand;  // index into kOperands
    uint8_t num_operands;
};

/// A disassembly alias: when `(word & mask) == match` for an instruction `base`, print
/// `name` with the listed operands of the base instruction instead.
struct AliasInfo {
    uint16_t base;  // Opcode
    uint32_t mask;
    uint32_t match;
    const char* name;
    uint8_t num_operands;
    uint8_t operands[4];  // indices into the base instruction's operand list
};

/// Decoder decision-tree node: select `(word >> shift) & mask` among the node's slots.
struct DecodeNode {
    uint8_t shift;
    uint32_t mask;
    uint32_t first_slot;
};

/// Decoder leaf candidate: the mask/match pair is stored inline so that checking a
/// candidate touches one small array, not the large InsnInfo table.
struct DecodeLeaf {
    uint32_t mask;
    uint32_t match;
    uint16_t opcode;
};

}  // namespace la::decoder
