// SPDX-License-Identifier: Apache-2.0
// A machine: RAM, bus, devices and one hart with its interpreter, wired together; the
// facade the CLI and tests drive. Board layout follows QEMU's loongarch `virt`
// (anchors.md §1.4): low RAM at 0, ns16550a at 0x1FE0_01E0, GED at 0x100E_0000.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "lvzemu/common/result.h"
#include "lvzemu/cpu/hart_state.h"
#include "lvzemu/cpu/interp.h"
#include "lvzemu/cpu/mem.h"
#include "lvzemu/devices/bus.h"
#include "lvzemu/devices/chip_config.h"
#include "lvzemu/devices/ls7a_acpi.h"
#include "lvzemu/devices/ged.h"
#include "lvzemu/devices/eiointc.h"
#include "lvzemu/devices/iocsr.h"
#include "lvzemu/devices/ls7a_rtc.h"
#include "lvzemu/devices/pch_msi.h"
#include "lvzemu/devices/pch_pic.h"
#include "lvzemu/loader/elf_file.h"
#include "lvzemu/devices/uart16550.h"
#include "lvzemu/mmu/tlb.h"

namespace la::machine {

/// The board (`--machine`): docs/machine.md (virt) and docs/ls3a5000.md.
enum class Board : uint8_t {
    Virt,      // QEMU's loongarch `virt` layout (the default)
    Ls3a5000,  // a Loongson 3A5000 + 7A2000 board as hvisor's ls3a5000 platform uses it
};

struct MachineConfig {
    Board board = Board::Virt;
    uint64_t ram_size = 256ull << 20;  // -m: the first 256 MiB at physical 0, the rest at 0x9000_0000
    unsigned harts = 1;                // --smp
    bool lvz = true;                   // --lvz: CPUCFG2.LVZ (off: the CPU QEMU virt presents)
    uint64_t quantum = 10000;          // instructions per hart per round-robin turn
    int console_out_fd = 1;
    int console_in_fd = 0;
    int uart1_out_fd = -1;  // ls3a5000: where the 7A2000's UART1 writes (-1: nowhere)
};

class Machine {
public:
    static constexpr uint64_t kUartBase = 0x1fe001e0;
    static constexpr uint64_t kMaxLowRam = 256ull << 20;
    static constexpr uint64_t kHighRamBase = 0x90000000;  // QEMU virt VIRT_HIGHMEM_BASE
    static constexpr uint64_t kMaxRam = 16ull << 30;
    static constexpr uint64_t kNotRam = ~uint64_t{0};
    static constexpr unsigned kMaxHarts = 256;
    /// Secondary harts start here, in a boot ROM that waits for their mailbox (QEMU virt's
    /// direct boot; docs/machine.md, "SMP"). It is also the architectural reset PC.
    static constexpr uint64_t kBootRomBase = 0x1c000000;
    // The 3A5000 + 7A2000 board's own devices (docs/ls3a5000.md).
    static constexpr uint64_t kUart1Base = 0x10080000;       // 7A2000 UART1 (misc block + 0)
    static constexpr uint64_t kHtConfigBase = 0xefe00000000;  // HT PCI config, type 0 then type 1
    static constexpr uint64_t kHtConfigSize = 0x20000000;

    static Result<std::unique_ptr<Machine>> create(const MachineConfig& cfg);
    ~Machine();

    /// Loads PT_LOAD segments at their physical addresses (bits above PALEN masked, as
    /// QEMU's loader does) and sets the PC to the entry. Errors: bad file, a segment
    /// outside RAM.
    Result<uint64_t> load_elf(const std::string& path);
    /// The same for an ELF image in memory (the built-in demo).
    Result<uint64_t> load_elf_bytes(const uint8_t* data, size_t size, const std::string& name);
    /// Loads a raw image at physical `addr` and (unless !set_pc) sets the PC there.
    Result<uint64_t> load_raw(const std::string& path, uint64_t addr, bool set_pc = true);

    /// Runs at most `budget` instructions (all harts together), round-robin with a fixed
    /// quantum. Idle: every hart is parked by IDLE and nothing can wake them.
    cpu::StopReason run(uint64_t budget);
    /// Executes one instruction of hart 0 (or takes one exception or interrupt).
    cpu::StopReason step(cpu::StepRecord& rec);

    /// Instruction tracing: when set, run() executes one instruction at a time (same
    /// schedule, same results) and reports each to `fn(hart, record)`.
    void set_insn_hook(std::function<void(unsigned, const cpu::StepRecord&)> fn) { insn_hook_ = std::move(fn); }
    /// Attaches a tracer to every hart (null detaches).
    void set_trace_hooks(const cpu::TraceHooks* t) {
        for (auto& hp : harts_) hp->state->trace = t;
    }

    cpu::HartState& hart(unsigned i = 0) { return *harts_[i]->state; }
    const cpu::HartState& hart(unsigned i = 0) const { return *harts_[i]->state; }
    uint64_t low_ram() const { return low_ram_; }
    uint64_t high_ram() const { return high_ram_; }
    /// Copies `bytes` to physical `pa` and zeroes the rest up to `memsz`; RAM only.
    Result<uint64_t> place(uint64_t pa, const std::vector<uint8_t>& bytes, uint64_t memsz);
    unsigned num_harts() const { return static_cast<unsigned>(harts_.size()); }
    Board board() const { return cfg_.board; }
    uint64_t total_retired() const;
    const dev::StopRequest& stop_request() const { return stop_; }
    void flush_console() { uart_.flush(); }

private:
    explicit Machine(const MachineConfig& cfg);
    static bool load_slow(cpu::HartState& h, uint64_t va, unsigned size, uint64_t& out, cpu::Access a);
    static bool store_slow(cpu::HartState& h, uint64_t va, unsigned size, uint64_t value);
    static void code_written(cpu::HartState& h, uint64_t pa, unsigned size);
    static cpu::ExecResult tlb_op(cpu::HartState& h, cpu::TlbOp op, uint64_t a, uint64_t b, unsigned imm,
                                  uint64_t& out);
    static bool iocsr_read(cpu::HartState& h, uint64_t addr, unsigned size, uint64_t& out);
    static bool iocsr_write(cpu::HartState& h, uint64_t addr, unsigned size, uint64_t value);
    uint8_t* ram_page(uint64_t pa);
    /// Offset of physical address `pa` in the host mapping of RAM, or kNotRam.
    uint64_t host_offset(uint64_t pa) const;
    bool translate(cpu::HartState& h, uint64_t va, cpu::Access a, uint64_t& pa);
    bool stage2(cpu::HartState& h, uint64_t gpa, cpu::Access a, uint64_t& pa, uint8_t& allowed);
    void update_trgp(cpu::HartState& h);
    static void tlb_evicted(void* ctx, uint64_t va, unsigned pair_shift, uint16_t tag);
    cpu::ExecResult invtlb_lvz(cpu::HartState& h, unsigned op, uint64_t rj, uint64_t rk);
    bool access_slow(cpu::HartState& h, uint64_t va, unsigned size, uint64_t& value, cpu::Access a);
    void build_boot_rom();
    cpu::StopReason run_hart(unsigned i, uint64_t until, uint64_t budget_end);

    struct Hart {
        std::unique_ptr<cpu::HartState> state;
        mmu::Tlb tlb;
        std::unique_ptr<cpu::Interpreter> interp;
    };

    /// The boot ROM: read-only words at kBootRomBase.
    class BootRom : public dev::Device {
    public:
        const char* name() const override { return "bootrom"; }
        bool read(uint64_t offset, unsigned size, uint64_t& value) override;
        bool write(uint64_t, unsigned, uint64_t) override { return false; }
        std::vector<uint32_t> words;
    };
    Result<uint64_t> load_image(Result<loader::ElfImage> img, const std::string& path);

    /// Guest RAM: an anonymous mapping, so pages the guest never touches cost nothing and
    /// start zeroed (a vector would write every byte at start-up).
    struct HostMemory {
        uint8_t* ptr = nullptr;
        uint64_t size = 0;
        ~HostMemory();
    };

    MachineConfig cfg_;
    HostMemory ram_;
    uint64_t low_ram_ = 0, high_ram_ = 0;
    std::vector<uint8_t> code_map_;
    dev::Bus bus_;
    dev::StopRequest stop_;
    dev::Uart16550 uart_;
    dev::Uart16550 uart1_;  // ls3a5000 only
    dev::Ged ged_;
    dev::Ls7aAcpi acpi_;    // ls3a5000 only
    dev::ChipConfig chip_config_;  // ls3a5000 only
    dev::AllOnes ht_config_{"ht-pci-config"};  // ls3a5000 only
    dev::Iocsr iocsr_;
    dev::Eiointc eiointc_;
    dev::PchPic pch_pic_;
    dev::PchMsi pch_msi_;
    std::unique_ptr<dev::Ls7aRtc> rtc_;
    BootRom rom_;
    cpu::MemPort port_;
    std::unique_ptr<cpu::CodeCache> code_;
    std::vector<std::unique_ptr<Hart>> harts_;
    uint64_t time_ = 0;
    std::function<void(unsigned, const cpu::StepRecord&)> insn_hook_;  // virtual time every hart has reached (end of the last round)
};

}  // namespace la::machine
