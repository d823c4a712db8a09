// SPDX-License-Identifier: Apache-2.0
// In-process LLVM 19 LoongArch MC disassembler (the decode oracle), through LLVM's C API.
#pragma once

#include <cstdint>
#include <string>

namespace la::test {

class LlvmDisasm {
public:
    /// Features as `llvm-objdump-19 --mattr=+d,+lsx,+lasx,+lvz,+lbt`.
    LlvmDisasm();
    ~LlvmDisasm();
    LlvmDisasm(const LlvmDisasm&) = delete;
    LlvmDisasm& operator=(const LlvmDisasm&) = delete;

    /// LLVM's text for the word, whitespace-normalised, or "<unknown>".
    std::string disassemble(uint32_t word);

private:
    void* ctx_;
};

/// Collapses runs of blanks/tabs to one space and trims both ends.
std::string normalize(const std::string& s);

}  // namespace la::test
