// SPDX-License-Identifier: Apache-2.0
// The LS7A MSI doorbell (PCH-MSI, QEMU's "loongarch_pch_msi") as QEMU's loongarch `virt`
// machine has it at 0x2FF0_0000: a write of EIOINTC vector v (low byte of the data) raises
// EIOINTC input line v when irq_base <= v < irq_base + irq_count. QEMU virt gives PCH-MSI
// the lines above PCH-PIC's: base 32, 224 lines. Details: docs/interrupts.md.
#pragma once

#include "lvzemu/devices/bus.h"

#include <cstdint>
#include <functional>
#include <utility>

namespace la::dev {

class PchMsi final : public Device {
public:
    static constexpr uint64_t kBase = 0x2ff00000;  // VIRT_PCH_MSI_ADDR_LOW
    static constexpr uint64_t kSize = 0x8;         // VIRT_PCH_MSI_SIZE
    static constexpr unsigned kQemuVirtIrqBase = 32;     // VIRT_PCH_PIC_IRQ_NUM
    static constexpr unsigned kQemuVirtIrqCount = 224;   // EXTIOI_IRQS - VIRT_PCH_PIC_IRQ_NUM

    /// Called with (EIOINTC line, level). A doorbell write raises (level true) and never
    /// lowers: the EIOINTC re-raises an enabled line on each message.
    using OutputFn = std::function<void(unsigned line, bool level)>;

    /// The window [irq_base, irq_base + irq_count) is clipped to the 256 EIOINTC lines.
    explicit PchMsi(unsigned irq_base = kQemuVirtIrqBase, unsigned irq_count = kQemuVirtIrqCount);

    unsigned irq_base() const { return base_; }
    unsigned irq_count() const { return count_; }
    void set_output_handler(OutputFn fn) { out_ = std::move(fn); }

    /// A wired input n (QEMU's pass-through gpio): line irq_base + n at `level`.
    void set_irq(unsigned n, bool level);

    // Device: any naturally aligned 1/2/4/8-byte access. Reads return 0. A write is split
    // into 32-bit pieces, low first (QEMU's default impl.max_access_size = 4); each piece
    // rings the doorbell with its low byte. A vector outside the window is ignored (QEMU
    // aborts on an assertion).
    const char* name() const override { return "pch-msi"; }
    bool read(uint64_t offset, unsigned size, uint64_t& value) override;
    bool write(uint64_t offset, unsigned size, uint64_t value) override;

    /// Number of doorbell writes that raised a line (for tracing and tests).
    uint64_t messages() const { return messages_; }

private:
    void ring(uint32_t data);

    unsigned base_, count_;
    uint64_t messages_ = 0;
    OutputFn out_;
};

}  // namespace la::dev
