// SPDX-License-Identifier: Apache-2.0
// Generic printer over the generated operand descriptors (spec/insns) and alias table
// (spec/aliases.tbl); nothing instruction-specific is written here.
#include "lvzemu/decoder/disasm.h"

#include <fmt/format.h>

#include "lvzemu/decoder/decoder.h"

namespace la::decoder {

namespace {

// ABI names, LoongArch ELF psABI v2 §"Register convention"; $r21 is reserved and has no
// ABI name, which is how LLVM prints it.
constexpr const char* kGprNames[32] = {
    "$zero", "$ra", "$tp", "$sp", "$a0", "$a1", "$a2", "$a3", "$a4", "$a5", "$a6",
    "$a7",   "$t0", "$t1", "$t2", "$t3", "$t4", "$t5", "$t6", "$t7", "$t8", "$r21",
    "$fp",   "$s0", "$s1", "$s2", "$s3", "$s4", "$s5", "$s6", "$s7", "$s8"};
constexpr const char* kFprNames[32] = {
    "$fa0", "$fa1", "$fa2", "$fa3", "$fa4", "$fa5", "$fa6", "$fa7", "$ft0", "$ft1", "$ft2",
    "$ft3", "$ft4", "$ft5", "$ft6", "$ft7", "$ft8", "$ft9", "$ft10", "$ft11", "$ft12", "$ft13",
    "$ft14", "$ft15", "$fs0", "$fs1", "$fs2", "$fs3", "$fs4", "$fs5", "$fs6", "$fs7"};

void print_operand(fmt::memory_buffer& out, const OperandDesc& d, uint32_t word) {
    const int64_t v = operand_value(d, word);
    switch (d.kind) {
        case OperandKind::Gpr: fmt::format_to(std::back_inserter(out), "{}", kGprNames[v & 31]); break;
        case OperandKind::Fpr: fmt::format_to(std::back_inserter(out), "{}", kFprNames[v & 31]); break;
        case OperandKind::Vr: fmt::format_to(std::back_inserter(out), "$vr{}", v); break;
        case OperandKind::Xr: fmt::format_to(std::back_inserter(out), "$xr{}", v); break;
        case OperandKind::Fcc: fmt::format_to(std::back_inserter(out), "$fcc{}", v); break;
        case OperandKind::Scr: fmt::format_to(std::back_inserter(out), "$scr{}", v); break;
        case OperandKind::Fcsr: fmt::format_to(std::back_inserter(out), "$fcsr{}", v); break;
        case OperandKind::Simm:
        case OperandKind::Uimm: fmt::format_to(std::back_inserter(out), "{}", v); break;
    }
}

}  // namespace

const char* gpr_name(unsigned r) noexcept { return kGprNames[r & 31]; }
const char* fpr_name(unsigned r) noexcept { return kFprNames[r & 31]; }

std::string disassemble(uint32_t word) {
    const Opcode op = decode(word);
    if (op == Opcode::invalid) return "<unknown>";
    const InsnInfo& inf = info(op);
    fmt::memory_buffer out;
    for (const AliasInfo& a : la::gen::kAliases) {
        if (a.base != static_cast<uint16_t>(op) || (word & a.mask) != a.match) continue;
        fmt::format_to(std::back_inserter(out), "{}", a.name);
        for (unsigned i = 0; i < a.num_operands; ++i) {
            out.append(std::string_view(i == 0 ? "\t" : ", "));
            print_operand(out, operand(op, a.operands[i]), word);
        }
        return fmt::to_string(out);
    }
    fmt::format_to(std::back_inserter(out), "{}", inf.name);
    for (unsigned i = 0; i < inf.num_operands; ++i) {
        out.append(std::string_view(i == 0 ? "\t" : ", "));
        print_operand(out, operand(op, i), word);
    }
    return fmt::to_string(out);
}

}  // namespace la::decoder
