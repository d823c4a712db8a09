// SPDX-License-Identifier: Apache-2.0
// `lvzemu decode 0xWORD...`: the instruction, its encoding, attributes and every operand
// field. Handy when editing spec/.
#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include "commands.h"
#include "lvzemu/decoder/decoder.h"
#include "lvzemu/decoder/disasm.h"

namespace lvzemu {

void add_decode(CLI::App& app, DecodeOptions& opts) {
    auto* cmd = app.add_subcommand("decode", "Print the fields of instruction words");
    cmd->add_option("words", opts.words, "32-bit instruction words, e.g. 0x00108c83")
        ->required()
        ->option_text("<0xWORD>...");
}

namespace {

// Names of the set bits, joined by `sep`; the name tables are generated from spec/.
template <size_t N>
std::string bit_names(uint32_t bits, const la::gen::BitName (&names)[N], const char* sep) {
    std::string s;
    for (const auto& n : names)
        if (bits & n.bit) s += (s.empty() ? "" : sep) + std::string(n.name);
    return s.empty() ? "-" : s;
}

}  // namespace

int run_decode(const DecodeOptions& opts) {
    int rc = kExitOk;
    for (const auto& text : opts.words) {
        uint64_t v = 0;
        if (!parse_u64(text, v) || v > 0xffffffffu) {
            fmt::print(stderr, "lvzemu: error: not a 32-bit word: {}\n", text);
            rc = kExitUsage;
            continue;
        }
        const auto w = static_cast<uint32_t>(v);
        const auto op = la::decoder::decode(w);
        if (op == la::decoder::Opcode::invalid) {
            fmt::print("0x{:08x}: <unknown> (no instruction; executes as INE)\n", w);
            continue;
        }
        const auto& inf = la::decoder::info(op);
        fmt::print("0x{:08x}: {}\n", w, la::decoder::disassemble(w));
        fmt::print("  insn     {}  match 0x{:08x} mask 0x{:08x}\n", inf.name, inf.match, inf.mask);
        fmt::print("  ext      {}\n  attrs    {}\n", bit_names(inf.ext, la::gen::kExtNames, "+"),
                   bit_names(inf.attrs, la::gen::kAttrNames, ","));
        for (unsigned i = 0; i < inf.num_operands; ++i) {
            const auto& d = la::decoder::operand(op, i);
            std::string bits = fmt::format("{}:{}", d.hi0, d.lo0);
            if (d.lo1 <= d.hi1) bits += fmt::format("|{}:{}", d.hi1, d.lo1);
            fmt::print("  {:<8} bits {:<12} field 0x{:x}  value {}\n", d.name, bits,
                       la::decoder::operand_field(d, w), la::decoder::operand_value(d, w));
        }
    }
    return rc;
}

}  // namespace lvzemu
