// SPDX-License-Identifier: Apache-2.0
// A machine: RAM, bus, devices and one hart with its interpreter, wired together; the
// facade the CLI and tests drive. Board layout follows QEMU's loongarch `virt`
// (anchors.md §1.4): low RAM at 0, ns16550a at 0x1FE0_01E0, GED at 0x100E_0000.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "lvzemu/common/result.h"
#include "lvzemu/cpu/hart_state.h"
#include "lvzemu/cpu/interp.h"
#include "lvzemu/cpu/mem.h"
#include "lvzemu/devices/bus.h"
#include "lvzemu/devices/ged.h"
#include "lvzemu/devices/uart16550.h"

namespace la::machine {

struct MachineConfig {
    uint64_t ram_size = 256ull << 20;  // low RAM, at physical 0 (virt: at most 256 MiB)
    int console_out_fd = 1;
    int console_in_fd = 0;
};

class Machine {
public:
    static constexpr uint64_t kUartBase = 0x1fe001e0;
    static constexpr uint64_t kMaxLowRam = 256ull << 20;

    static Result<std::unique_ptr<Machine>> create(const MachineConfig& cfg);
    ~Machine();

    /// Loads PT_LOAD segments at their physical addresses (bits above PALEN masked, as
    /// QEMU's loader does) and sets the PC to the entry. Errors: bad file, a segment
    /// outside RAM.
    Result<uint64_t> load_elf(const std::string& path);
    /// Loads a raw image at physical `addr` and sets the PC there.
    Result<uint64_t> load_raw(const std::string& path, uint64_t addr);

    /// Runs at most `budget` instructions.
    cpu::StopReason run(uint64_t budget);
    /// Executes one instruction.
    cpu::StopReason step(cpu::StepRecord& rec);

    cpu::HartState& hart() { return *hart_; }
    const dev::StopRequest& stop_request() const { return stop_; }
    void flush_console() { uart_.flush(); }

private:
    explicit Machine(const MachineConfig& cfg);
    static bool load_slow(cpu::HartState& h, uint64_t va, unsigned size, uint64_t& out, cpu::Access a);
    static bool store_slow(cpu::HartState& h, uint64_t va, unsigned size, uint64_t value);
    static void code_written(cpu::HartState& h, uint64_t pa, unsigned size);
    uint8_t* ram_page(uint64_t pa);
    Result<uint64_t> place(uint64_t pa, const std::vector<uint8_t>& bytes, uint64_t memsz);

    /// Guest RAM: an anonymous mapping, so pages the guest never touches cost nothing and
    /// start zeroed (a vector would write every byte at start-up).
    struct HostMemory {
        uint8_t* ptr = nullptr;
        uint64_t size = 0;
        ~HostMemory();
    };

    MachineConfig cfg_;
    HostMemory ram_;
    std::vector<uint8_t> code_map_;
    dev::Bus bus_;
    dev::StopRequest stop_;
    dev::Uart16550 uart_;
    dev::Ged ged_;
    cpu::MemPort port_;
    std::unique_ptr<cpu::HartState> hart_;
    std::unique_ptr<cpu::Interpreter> interp_;
};

}  // namespace la::machine
