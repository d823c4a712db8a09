// SPDX-License-Identifier: Apache-2.0
#include "llvm_disasm.h"

#include <llvm-c/Disassembler.h>
#include <llvm-c/Target.h>

#include <cstdlib>
#include <cstdio>

extern "C" {
void LLVMInitializeLoongArchTargetInfo();
void LLVMInitializeLoongArchTargetMC();
void LLVMInitializeLoongArchDisassembler();
}

namespace la::test {

LlvmDisasm::LlvmDisasm() {
    LLVMInitializeLoongArchTargetInfo();
    LLVMInitializeLoongArchTargetMC();
    LLVMInitializeLoongArchDisassembler();
    ctx_ = LLVMCreateDisasmCPUFeatures("loongarch64", "", "+d,+lsx,+lasx,+lvz,+lbt", nullptr, 0,
                                       nullptr, nullptr);
    if (ctx_ == nullptr) {
        std::fprintf(stderr, "cannot create the LLVM LoongArch disassembler\n");
        std::abort();
    }
}

LlvmDisasm::~LlvmDisasm() { LLVMDisasmDispose(ctx_); }

std::string LlvmDisasm::disassemble(uint32_t word) {
    uint8_t bytes[4] = {static_cast<uint8_t>(word), static_cast<uint8_t>(word >> 8),
                        static_cast<uint8_t>(word >> 16), static_cast<uint8_t>(word >> 24)};
    char buf[256];
    const size_t n = LLVMDisasmInstruction(ctx_, bytes, 4, 0, buf, sizeof buf);
    if (n == 0) return "<unknown>";
    return normalize(buf);
}

std::string normalize(const std::string& s) {
    std::string out;
    bool space = false;
    for (char c : s) {
        if (c == ' ' || c == '\t' || c == '\n') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

}  // namespace la::test
