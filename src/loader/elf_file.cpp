// SPDX-License-Identifier: Apache-2.0
#include "lvzemu/loader/elf_file.h"

#include <cerrno>
#include <cstring>
#include <sys/stat.h>

#include <llvm/BinaryFormat/ELF.h>
#include <llvm/Object/ELF.h>
#include <llvm/Support/Error.h>
#include <llvm/Support/MemoryBuffer.h>

namespace la::loader {

namespace {

Error fail(const std::string& path, const std::string& what) { return Error{path + ": " + what}; }

std::string llvm_message(llvm::Error err) {
    std::string msg = llvm::toString(std::move(err));
    return msg.empty() ? std::string("malformed ELF") : msg;
}

Result<std::unique_ptr<llvm::MemoryBuffer>> open_file(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return fail(path, std::strerror(errno));
    if (S_ISDIR(st.st_mode)) return fail(path, "is a directory, not a file");
    if (!S_ISREG(st.st_mode)) return fail(path, "is not a regular file");
    auto buf = llvm::MemoryBuffer::getFile(path, /*IsText=*/false, /*RequiresNullTerminator=*/false);
    if (!buf) return fail(path, buf.getError().message());
    return std::move(*buf);
}

const char* machine_name(uint16_t m) {
    switch (m) {
        case llvm::ELF::EM_X86_64: return "x86-64";
        case llvm::ELF::EM_386: return "i386";
        case llvm::ELF::EM_AARCH64: return "AArch64";
        case llvm::ELF::EM_ARM: return "ARM";
        case llvm::ELF::EM_RISCV: return "RISC-V";
        case llvm::ELF::EM_MIPS: return "MIPS";
        case llvm::ELF::EM_PPC64: return "PowerPC64";
        case llvm::ELF::EM_S390: return "s390";
        default: return "another architecture";
    }
}

}  // namespace

Result<std::vector<uint8_t>> read_file(const std::string& path) {
    auto buf = open_file(path);
    if (!buf) return buf.error();
    const auto& mb = *buf.value();
    return std::vector<uint8_t>(mb.getBufferStart(), mb.getBufferEnd());
}

Result<ElfImage> read_elf(const std::string& path) {
    auto opened = open_file(path);
    if (!opened) return opened.error();
    const llvm::StringRef data = opened.value()->getBuffer();
    return read_elf_bytes(reinterpret_cast<const uint8_t*>(data.data()), data.size(), path);
}

Result<ElfImage> read_elf_bytes(const uint8_t* bytes, size_t size, const std::string& path) {
    const llvm::StringRef data(reinterpret_cast<const char*>(bytes), size);

    // Identify the file before handing it to LLVM, so the message names the real problem.
    if (data.size() < 4 || std::memcmp(data.data(), llvm::ELF::ElfMagic, 4) != 0)
        return fail(path, "not an ELF file (bad magic)");
    if (data.size() < sizeof(llvm::ELF::Elf64_Ehdr))
        return fail(path, "truncated ELF header (" + std::to_string(data.size()) + " bytes)");
    const auto* id = reinterpret_cast<const unsigned char*>(data.data());
    if (id[llvm::ELF::EI_CLASS] != llvm::ELF::ELFCLASS64)
        return fail(path, "32-bit ELF; lvzemu runs LoongArch64 (ELFCLASS64) images");
    if (id[llvm::ELF::EI_DATA] != llvm::ELF::ELFDATA2LSB)
        return fail(path, "big-endian ELF; LoongArch64 is little-endian");

    auto elf_or = llvm::object::ELF64LEFile::create(data);
    if (!elf_or) return fail(path, "corrupt ELF: " + llvm_message(elf_or.takeError()));
    const auto& elf = *elf_or;
    const auto& eh = elf.getHeader();
    if (eh.e_machine != llvm::ELF::EM_LOONGARCH) {
        return fail(path, std::string("ELF for ") + machine_name(eh.e_machine) + " (e_machine " +
                              std::to_string(eh.e_machine) + "), not LoongArch");
    }

    ElfImage img;
    img.entry = eh.e_entry;

    auto phdrs = elf.program_headers();
    if (!phdrs) return fail(path, "corrupt program headers: " + llvm_message(phdrs.takeError()));
    for (const auto& ph : *phdrs) {
        if (ph.p_type != llvm::ELF::PT_LOAD) continue;
        if (ph.p_filesz > ph.p_memsz) return fail(path, "corrupt PT_LOAD: p_filesz > p_memsz");
        if (ph.p_offset > data.size() || ph.p_filesz > data.size() - ph.p_offset)
            return fail(path, "truncated: a PT_LOAD segment extends past the end of the file");
        ElfSegment seg;
        seg.vaddr = ph.p_vaddr;
        seg.paddr = ph.p_paddr;
        seg.memsz = ph.p_memsz;
        seg.flags = ph.p_flags;
        const auto* p = reinterpret_cast<const uint8_t*>(data.data()) + ph.p_offset;
        seg.bytes.assign(p, p + ph.p_filesz);
        img.segments.push_back(std::move(seg));
    }

    auto sections = elf.sections();
    if (!sections) return fail(path, "corrupt section headers: " + llvm_message(sections.takeError()));
    for (const auto& sh : *sections) {
        if (sh.sh_type == llvm::ELF::SHT_SYMTAB) {
            auto syms = elf.symbols(&sh);
            if (!syms) return fail(path, "corrupt symbol table: " + llvm_message(syms.takeError()));
            auto strtab = elf.getStringTableForSymtab(sh);
            if (!strtab) return fail(path, "corrupt symbol table: " + llvm_message(strtab.takeError()));
            for (const auto& s : *syms) {
                const auto type = s.getType();
                if (type != llvm::ELF::STT_FUNC && type != llvm::ELF::STT_NOTYPE &&
                    type != llvm::ELF::STT_OBJECT)
                    continue;
                auto name = s.getName(*strtab);
                if (!name) return fail(path, "corrupt symbol name: " + llvm_message(name.takeError()));
                if (name->empty() || s.st_shndx == llvm::ELF::SHN_UNDEF) continue;
                img.symbols.push_back({name->str(), s.st_value, s.st_size, type == llvm::ELF::STT_FUNC});
            }
        }
        if (!(sh.sh_flags & llvm::ELF::SHF_ALLOC) || sh.sh_type == llvm::ELF::SHT_NOBITS) continue;
        auto name = elf.getSectionName(sh);
        if (!name) return fail(path, "corrupt section name: " + llvm_message(name.takeError()));
        auto contents = elf.getSectionContents(sh);
        if (!contents)
            return fail(path, "truncated or corrupt section " + name->str() + ": " +
                                  llvm_message(contents.takeError()));
        ElfSection sec;
        sec.name = name->str();
        sec.addr = sh.sh_addr;
        sec.executable = (sh.sh_flags & llvm::ELF::SHF_EXECINSTR) != 0;
        sec.bytes.assign(contents->begin(), contents->end());
        img.sections.push_back(std::move(sec));
    }
    return img;
}

}  // namespace la::loader
