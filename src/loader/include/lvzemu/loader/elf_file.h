// SPDX-License-Identifier: Apache-2.0
// Reading LoongArch64 ELF files with LLVM's Object library (it replaces a hand-written
// parser, DEVELOPERS.md). Every malformed input becomes an Error, never a crash.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "lvzemu/common/result.h"

namespace la::loader {

struct ElfSection {
    std::string name;
    uint64_t addr = 0;
    bool executable = false;
    std::vector<uint8_t> bytes;
};

struct ElfSegment {  // a PT_LOAD program header
    uint64_t vaddr = 0, paddr = 0, memsz = 0;
    uint32_t flags = 0;  // PF_X/PF_W/PF_R
    std::vector<uint8_t> bytes;  // p_filesz bytes; the rest up to memsz is zero
};

struct ElfSymbol {
    std::string name;
    uint64_t addr = 0;
    uint64_t size = 0;
    bool function = false;
};

struct ElfImage {
    uint64_t entry = 0;
    std::vector<ElfSection> sections;  // SHF_ALLOC sections with contents
    std::vector<ElfSegment> segments;
    std::vector<ElfSymbol> symbols;
};

/// Reads `path` as a 64-bit little-endian LoongArch ELF. Errors (each one line): the file
/// is missing or unreadable, is a directory, is not an ELF, is an ELF for another machine
/// or class, or is truncated/corrupt (a header, section or segment outside the file).
Result<ElfImage> read_elf(const std::string& path);
/// The same for an image in memory (`name` appears in error messages).
Result<ElfImage> read_elf_bytes(const uint8_t* data, size_t size, const std::string& name);

/// Reads a whole file (for raw binaries); the same errors for missing files/directories.
Result<std::vector<uint8_t>> read_file(const std::string& path);

}  // namespace la::loader
