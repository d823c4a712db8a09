// SPDX-License-Identifier: Apache-2.0
// Disassembler. Output text matches LLVM 19's LoongArch instruction printer (as used by
// `llvm-objdump-19 -d --no-show-raw-insn`): ABI register names, decimal immediates, the
// manual's operand order and LLVM's aliases (spec/aliases.tbl). The exceptions are listed
// in docs/decoder.md.
#pragma once

#include <cstdint>
#include <string>

namespace la::decoder {

/// Text of one instruction word: "mnemonic\toperands" (tab after the mnemonic, ", "
/// between operands, as LLVM prints) or "<unknown>".
std::string disassemble(uint32_t word);

/// ABI name of a general register ("$zero", "$ra", ..., "$s8"); `r` must be < 32.
const char* gpr_name(unsigned r) noexcept;

/// ABI name of a floating-point register ("$fa0", ..., "$fs7"); `r` must be < 32.
const char* fpr_name(unsigned r) noexcept;

}  // namespace la::decoder
