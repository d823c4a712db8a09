// SPDX-License-Identifier: Apache-2.0
// The extended I/O interrupt controller (EIOINTC, QEMU's "loongarch.extioi") as QEMU's
// loongarch `virt` machine shows it under TCG: 256 input lines, each routed to one hart
// (COREMAP) and one CPU interrupt line HWI0..HWI3 (IPMAP, per group of 32 lines), with an
// enable bit per line and a per-hart, write-1-to-clear ISR. It lives in IOCSR space at
// 0x1400..0x1cff: map it with `Iocsr::map(Eiointc::kIocsrBase, Eiointc::kIocsrSize, &e)`.
// Register table, sources and the differences from QEMU: docs/interrupts.md.
#pragma once

#include "lvzemu/devices/iocsr.h"

#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

namespace la::dev {

class Eiointc final : public IocsrDevice {
public:
    // --- where QEMU virt maps it (include/hw/intc/loongarch_extioi_common.h) -------------
    static constexpr uint64_t kIocsrBase = 0x1400;  // APIC_BASE = 0x1000 + APIC_OFFSET 0x400
    static constexpr uint64_t kIocsrSize = 0x900;   // region "extioi_system_mem"
    static constexpr uint64_t kFdtRegSize = 0x800;  // EXTIOI_SIZE, the FDT node's reg size

    static constexpr unsigned kLines = 256;  // EXTIOI_IRQS
    static constexpr unsigned kGroups = kLines / 32;
    /// Without the KVM-only CPU_ENCODE extension a COREMAP byte names one of 4 cores (bit n
    /// = core n; QEMU takes the lowest set bit, 0 if none or >= 4): EXTIOI_CPUS.
    static constexpr unsigned kRoutableHarts = 4;
    /// IPMAP bytes select IP0..IP3 (lowest set bit, 0 if none or >= 4); IP n is the CPU's
    /// HWI n, ESTAT.IS bit n + 2 (QEMU connects pin n to the CPU's gpio n + 2).
    static constexpr unsigned kHwiLines = 4;

    // --- register offsets relative to kIocsrBase (IOCSR address - 0x1400) ----------------
    static constexpr uint64_t kNodeType = 0x0a0, kNodeTypeEnd = 0x0c0;  // 0x14a0, 8 words
    static constexpr uint64_t kIpMap = 0x0c0, kIpMapEnd = 0x0c8;        // 0x14c0, 2 words
    static constexpr uint64_t kEnable = 0x200, kEnableEnd = 0x220;      // 0x1600, 8 words
    static constexpr uint64_t kBounce = 0x280, kBounceEnd = 0x2a0;      // 0x1680, 8 words
    static constexpr uint64_t kCoreIsr = 0x400, kCoreIsrEnd = 0x420;    // 0x1800, 8 words
    static constexpr uint64_t kCoreMap = 0x800, kCoreMapEnd = 0x900;    // 0x1c00, 64 words

    /// Called with (hart, hwi 0..3, level) each time one of a hart's EIOINTC output lines
    /// changes level, after the state is updated. The CPU turns it into ESTAT.IS[hwi + 2].
    using CpuLineFn = std::function<void(unsigned hart, unsigned hwi, bool level)>;

    /// `harts` is clamped to [1, Iocsr::kMaxHarts]; hart n has arch id n (QEMU virt).
    explicit Eiointc(unsigned harts);

    unsigned harts() const { return static_cast<unsigned>(cores_.size()); }
    void set_cpu_line_handler(CpuLineFn fn) { line_fn_ = std::move(fn); }

    /// Input line `line` (0..255) at `level`, as QEMU's extioi_setirq: a level, but raising
    /// an enabled line again re-sets its ISR bit even after software cleared it (PCH-MSI
    /// messages and PCH-PIC re-sends rely on that). Lines >= 256 are ignored.
    void set_irq(unsigned line, bool level);

    // IocsrDevice: naturally aligned 4- and 8-byte accesses (an 8-byte one is two 32-bit
    // ones, low word first); 1- and 2-byte accesses are refused (read 0, write dropped).
    const char* name() const override { return "eiointc"; }
    bool read(unsigned hart, uint64_t offset, unsigned size, uint64_t& value) override;
    bool write(unsigned hart, uint64_t offset, unsigned size, uint64_t value) override;

    /// Power-on state: every register 0, every line routed to hart 0 / HWI0, all outputs
    /// lowered (through the handler).
    void reset();

    // --- state, for the machine, tracing and tests ----------------------------------------
    bool cpu_line(unsigned hart, unsigned hwi) const {
        return hart < harts() && hwi < kHwiLines && cores_[hart].line[hwi];
    }
    /// The raw input level of a line (QEMU's `isr`).
    bool input(unsigned line) const { return line < kLines && (isr_[line / 32] >> (line % 32)) & 1; }
    uint32_t enable_word(unsigned group) const { return group < kGroups ? enable_[group] : 0; }
    uint32_t core_isr(unsigned hart, unsigned group) const {
        return hart < harts() && group < kGroups ? cores_[hart].coreisr[group] : 0;
    }
    /// Where a line is delivered: hart index and HWI number.
    unsigned route_hart(unsigned line) const { return line < kLines ? sw_coremap_[line] : 0; }
    unsigned route_hwi(unsigned line) const { return line < kLines ? sw_ipmap_[line / 32] : 0; }

private:
    struct Core {
        uint32_t coreisr[kGroups] = {};
        bool line[kHwiLines] = {};
    };

    uint32_t word_read(unsigned hart, uint64_t off) const;
    void word_write(unsigned hart, uint64_t off, uint32_t value);
    void update(unsigned line, bool level);      // QEMU extioi_update_irq
    void update_lines(uint32_t bits, unsigned group, bool level);
    void set_route(unsigned first_line, uint32_t value);
    void refresh(unsigned hart);                 // recompute a hart's output lines

    std::vector<Core> cores_;
    uint32_t nodetype_[8] = {};
    uint32_t ipmap_[2] = {};
    uint32_t enable_[kGroups] = {};
    uint32_t bounce_[kGroups] = {};
    uint32_t isr_[kGroups] = {};
    uint32_t coremap_[kLines / 4] = {};
    uint8_t sw_ipmap_[kGroups] = {};
    uint16_t sw_coremap_[kLines] = {};
    CpuLineFn line_fn_;
};

}  // namespace la::dev
