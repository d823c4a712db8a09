// SPDX-License-Identifier: Apache-2.0
#include "lvzemu/machine/boot.h"

#include <cstring>

#include <fmt/format.h>

extern "C" {
#include <libfdt.h>
}

#include "lvzemu/loader/elf_file.h"
#include "lvzemu/machine/machine.h"

namespace la::machine {

namespace {

// An EFI GUID as it lies in memory: the first three fields little-endian (UEFI spec,
// Appendix A). Values: Linux include/linux/efi.h.
struct Guid {
    uint32_t a;
    uint16_t b, c;
    uint8_t d[8];
};
constexpr Guid kBootMemmapGuid{0x800f683f, 0xd08b, 0x423a, {0xa2, 0x93, 0x96, 0x5c, 0x3c, 0x6f, 0xe2, 0xb4}};
constexpr Guid kInitrdMediaGuid{0x5568e427, 0x68fc, 0x4f3d, {0xac, 0x74, 0xca, 0x55, 0x52, 0x31, 0xcc, 0x68}};
constexpr Guid kDeviceTreeGuid{0xb1b621d5, 0xf19c, 0x41a5, {0x83, 0x0b, 0xd9, 0x15, 0x2c, 0x69, 0xaa, 0xe0}};
constexpr uint64_t kSystemTableSignature = 0x5453595320494249ull;  // "IBI SYST"
constexpr uint32_t kEfiConventionalMemory = 7;

// The boot-info block, laid out at fixed offsets from kBootInfoBase (each piece on its own
// 4 KiB page; QEMU uses 64 KiB steps, Linux reads whatever the pointers say).
constexpr uint64_t kTablesBase = 0x2000;   // efi_config_table[3]
constexpr uint64_t kMemmapBase = 0x3000;   // struct efi_boot_memmap + descriptors
constexpr uint64_t kInitrdTable = 0x4000;  // struct linux_efi_initrd
constexpr uint64_t kVendor = 0x1800;       // the firmware vendor string

class Writer {
public:
    explicit Writer(std::vector<uint8_t>& b) : b_(b) {}
    template <class T>
    void put(uint64_t off, T v) {
        if (b_.size() < off + sizeof v) b_.resize(off + sizeof v);
        std::memcpy(b_.data() + off, &v, sizeof v);
    }
    void guid(uint64_t off, const Guid& g) {
        put(off, g.a);
        put(off + 4, g.b);
        put(off + 6, g.c);
        for (unsigned i = 0; i < 8; ++i) put<uint8_t>(off + 8 + i, g.d[i]);
    }

private:
    std::vector<uint8_t>& b_;
};

uint64_t round_up(uint64_t v, uint64_t a) { return (v + a - 1) & ~(a - 1); }

}  // namespace

Result<uint64_t> direct_boot(Machine& m, const BootOptions& o) {
    auto img = loader::read_elf(o.kernel);
    if (!img) return img.error();
    if (img->segments.empty()) return Error{o.kernel + ": no PT_LOAD segment"};
    constexpr uint64_t kPaMask = (uint64_t{1} << 48) - 1;  // as QEMU's loader (TARGET_PHYS_ADDR_SPACE_BITS)
    uint64_t low = ~uint64_t{0}, high = 0;
    for (const auto& seg : img->segments) {
        const uint64_t pa = seg.paddr & kPaMask;
        low = std::min(low, pa);
        high = std::max(high, pa + seg.memsz);
    }
    if (low < kFdtBase + kFdtMaxSize)
        return Error{fmt::format("{}: the kernel starts at {:#x}, below {:#x} (boot info and device tree)", o.kernel,
                                 low, kFdtBase + kFdtMaxSize)};
    auto entry = m.load_elf(o.kernel);
    if (!entry) return entry.error();

    // The initrd above the kernel, as QEMU places it: ROUND_UP(high + 4 * size, 64 KiB).
    uint64_t initrd_start = 0, initrd_end = 0;
    if (!o.initrd.empty()) {
        auto bytes = loader::read_file(o.initrd);
        if (!bytes) return bytes.error();
        initrd_start = round_up(high + 4 * (high - low), 64 * 1024);
        initrd_end = initrd_start + bytes->size();
        if (initrd_end > m.low_ram())
            return Error{fmt::format("{}: {} bytes do not fit in RAM above the kernel (needs {:#x}, low RAM ends at {:#x})",
                                     o.initrd, bytes->size(), initrd_end, m.low_ram())};
        auto placed = m.place(initrd_start, bytes.value(), bytes->size());
        if (!placed) return placed.error();
    }

    // The device tree: the user's, or ours.
    std::vector<uint8_t> fdt;
    if (!o.dtb.empty()) {
        auto bytes = loader::read_file(o.dtb);
        if (!bytes) return bytes.error();
        if (bytes->size() < sizeof(fdt_header) || fdt_check_header(bytes->data()) != 0 ||
            fdt_totalsize(bytes->data()) > bytes->size())
            return Error{o.dtb + ": not a flattened device tree (bad header)"};
        fdt = std::move(bytes.value());
    } else {
        auto built = build_fdt(m, o.cmdline, initrd_start, initrd_end);
        if (!built) return built.error();
        fdt = std::move(built.value());
    }
    if (fdt.size() > kFdtMaxSize)
        return Error{fmt::format("device tree of {} bytes is larger than {:#x}", fdt.size(), kFdtMaxSize)};
    if (auto r = m.place(kFdtBase, fdt, fdt.size()); !r) return r.error();

    // The boot-info block (QEMU virt >= 8; Linux arch/loongarch/kernel/env.c and efi.c read it).
    if (o.cmdline.size() >= kCmdlineSize)
        return Error{fmt::format("--append: {} bytes, at most {}", o.cmdline.size(), kCmdlineSize - 1)};
    std::vector<uint8_t> info(0x5000, 0);
    Writer w(info);
    std::memcpy(info.data(), o.cmdline.data(), o.cmdline.size());
    // struct efi_system_table (64-bit): hdr {signature, revision, headersize, crc32, reserved},
    // fw_vendor, fw_revision, 6 console handles/pointers, runtime, boottime, nr_tables, tables.
    const uint64_t st = kSystabBase;
    w.put<uint64_t>(st + 0, kSystemTableSignature);
    w.put<uint32_t>(st + 8, (2u << 16) | 70u);  // UEFI 2.70
    w.put<uint32_t>(st + 12, 120);              // header size: the whole table
    w.put<uint64_t>(st + 24, kBootInfoBase + kVendor);  // fw_vendor: UCS-2 "lvzemu"
    w.put<uint32_t>(st + 32, 1);                // fw_revision
    for (unsigned i = 0; i < 6; ++i) w.put<uint16_t>(kVendor + 2 * i, static_cast<uint16_t>("lvzemu"[i]));
    w.put<uint64_t>(st + 104, 3);               // nr_tables
    w.put<uint64_t>(st + 112, kBootInfoBase + kTablesBase);
    // Configuration tables: {GUID, table address}.
    const Guid* guids[3] = {&kBootMemmapGuid, &kInitrdMediaGuid, &kDeviceTreeGuid};
    const uint64_t addrs[3] = {kBootInfoBase + kMemmapBase, kBootInfoBase + kInitrdTable, kFdtBase};
    for (unsigned i = 0; i < 3; ++i) {
        w.guid(kTablesBase + 24 * i, *guids[i]);
        w.put<uint64_t>(kTablesBase + 24 * i + 16, addrs[i]);
    }
    // struct efi_boot_memmap {map_size, desc_size, desc_ver (u32), map_key, buff_size} then
    // efi_memory_desc_t {type u32, pad, phys_addr, virt_addr, num_pages (4 KiB), attribute}.
    struct Region {
        uint64_t base, size;
    };
    std::vector<Region> ram{{0, m.low_ram()}};
    if (m.high_ram()) ram.push_back({Machine::kHighRamBase, m.high_ram()});
    constexpr uint64_t kDescSize = 40;
    w.put<uint64_t>(kMemmapBase + 0, ram.size() * kDescSize);
    w.put<uint64_t>(kMemmapBase + 8, kDescSize);
    w.put<uint32_t>(kMemmapBase + 16, 1);
    for (size_t i = 0; i < ram.size(); ++i) {
        const uint64_t d = kMemmapBase + 40 + kDescSize * i;
        w.put<uint32_t>(d + 0, kEfiConventionalMemory);
        w.put<uint64_t>(d + 8, ram[i].base);
        w.put<uint64_t>(d + 24, ram[i].size >> 12);
        w.put<uint64_t>(d + 32, 0xf);  // EFI_MEMORY_UC | WC | WT | WB
    }
    w.put<uint64_t>(kInitrdTable + 0, initrd_start);
    w.put<uint64_t>(kInitrdTable + 8, initrd_end - initrd_start);
    if (auto r = m.place(kBootInfoBase, info, info.size()); !r) return r.error();

    cpu::HartState& h = m.hart(0);
    h.gpr[4] = 1;                            // a0: booted by EFI-style firmware
    h.gpr[5] = kBootInfoBase;                // a1: the command line
    h.gpr[6] = kBootInfoBase + kSystabBase;  // a2: the EFI system table
    return entry;
}

}  // namespace la::machine
