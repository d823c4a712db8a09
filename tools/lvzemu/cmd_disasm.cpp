// SPDX-License-Identifier: Apache-2.0
// `lvzemu disasm FILE`: one line per 32-bit word of each executable section (or of a raw
// image), "ADDRESS:\tTEXT" with TEXT as LLVM 19's printer shows it.
#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <cerrno>
#include <cstdlib>

#include "commands.h"
#include "lvzemu/decoder/disasm.h"
#include "lvzemu/loader/elf_file.h"

namespace lvzemu {

bool parse_u64(const std::string& text, uint64_t& out) {
    if (text.empty()) return false;
    const bool hex = text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
    const char* begin = text.c_str() + (hex ? 2 : 0);
    if (*begin == '\0' || *begin == '-' || *begin == '+') return false;
    char* end = nullptr;
    errno = 0;
    const unsigned long long v = std::strtoull(begin, &end, hex ? 16 : 10);
    if (errno != 0) return false;
    uint64_t mult = 1;
    if (*end == 'K' || *end == 'k') mult = 1ull << 10, ++end;
    else if (*end == 'M' || *end == 'm') mult = 1ull << 20, ++end;
    else if (*end == 'G' || *end == 'g') mult = 1ull << 30, ++end;
    if (*end != '\0') return false;
    if (mult != 1 && v > UINT64_MAX / mult) return false;
    out = v * mult;
    return true;
}

void add_disasm(CLI::App& app, DisasmOptions& opts) {
    auto* cmd = app.add_subcommand("disasm", "Disassemble an ELF's executable sections or a raw image");
    cmd->add_option("file", opts.file, "LoongArch64 ELF file (or raw image with --raw)")
        ->required()
        ->option_text("<file>");
    cmd->add_flag("--raw", opts.raw, "Treat the file as a raw little-endian instruction image");
    cmd->add_option_function<std::string>(
           "--base",
           [&opts](const std::string& s) {
               if (!parse_u64(s, opts.base)) throw CLI::ValidationError("--base", "bad address: " + s);
           },
           "Load address of a raw image (default 0)")
        ->option_text("<addr>");
}

namespace {

void print_words(uint64_t addr, const std::vector<uint8_t>& bytes) {
    size_t i = 0;
    std::string out;
    for (; i + 4 <= bytes.size(); i += 4) {
        const uint32_t w = static_cast<uint32_t>(bytes[i]) | static_cast<uint32_t>(bytes[i + 1]) << 8 |
                           static_cast<uint32_t>(bytes[i + 2]) << 16 |
                           static_cast<uint32_t>(bytes[i + 3]) << 24;
        out += fmt::format("{:8x}:\t{}\n", addr + i, la::decoder::disassemble(w));
        if (out.size() > (1u << 16)) {
            fmt::print("{}", out);
            out.clear();
        }
    }
    // A trailing partial word is no instruction; say so rather than drop it silently.
    if (i < bytes.size()) out += fmt::format("{:8x}:\t<unknown>\n", addr + i);
    fmt::print("{}", out);
}

}  // namespace

int run_disasm(const DisasmOptions& opts) {
    if (opts.raw) {
        auto bytes = la::loader::read_file(opts.file);
        if (!bytes) {
            fmt::print(stderr, "lvzemu: error: {}\n", bytes.error().message);
            return kExitHostError;
        }
        print_words(opts.base, bytes.value());
        return kExitOk;
    }
    auto img = la::loader::read_elf(opts.file);
    if (!img) {
        fmt::print(stderr, "lvzemu: error: {}\n", img.error().message);
        return kExitHostError;
    }
    bool any = false;
    for (const auto& sec : img->sections) {
        if (!sec.executable) continue;
        any = true;
        fmt::print("\n{:016x} <{}>:\n", sec.addr, sec.name);
        print_words(sec.addr, sec.bytes);
    }
    if (!any) {
        fmt::print(stderr, "lvzemu: error: {}: no executable section\n", opts.file);
        return kExitHostError;
    }
    return kExitOk;
}

}  // namespace lvzemu
