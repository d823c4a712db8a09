// SPDX-License-Identifier: Apache-2.0
// Direct kernel boot as QEMU's loongarch `virt` does it (QEMU >= 8, hw/loongarch/boot.c;
// docs/machine.md, "Direct boot"): the kernel ELF at its physical addresses, the initrd
// above it, the command line and an EFI-style system table in the boot-info block at
// physical 0, the device tree at 1 MiB, and a0 = 1 (EFI boot), a1 = the command line,
// a2 = the system table for hart 0; the other harts wait in the boot ROM for mailbox 0.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "lvzemu/common/result.h"

namespace la::machine {

class Machine;

struct BootOptions {
    std::string kernel;   // --kernel: a LoongArch64 ELF
    std::string initrd;   // --initrd
    std::string cmdline;  // --append
    std::string dtb;      // --dtb: use this device tree instead of lvzemu's
};

/// Where direct boot puts things (physical addresses; QEMU virt's values).
inline constexpr uint64_t kBootInfoBase = 0x0;        // command line, then the EFI tables
inline constexpr uint64_t kCmdlineSize = 512;         // COMMAND_LINE_SIZE of LoongArch Linux
inline constexpr uint64_t kSystabBase = 0x1000;
inline constexpr uint64_t kFdtBase = 0x100000;        // QEMU virt FDT_BASE
inline constexpr uint64_t kFdtMaxSize = 0x100000;

/// Loads everything and sets hart 0's registers. Errors: a kernel that is not a
/// LoongArch64 ELF, an initrd that does not fit in RAM, a DTB that is not one, a
/// command line too long.
Result<uint64_t> direct_boot(Machine& m, const BootOptions& o);

/// The device tree lvzemu builds for this machine (FDT blob), describing exactly what it
/// models. `initrd` = [start, end) or {0, 0}.
Result<std::vector<uint8_t>> build_fdt(const Machine& m, const std::string& cmdline, uint64_t initrd_start,
                                       uint64_t initrd_end);

}  // namespace la::machine
