// SPDX-License-Identifier: Apache-2.0
// The LS7A platform interrupt controller (PCH-PIC, QEMU's "loongarch_pic") as QEMU's
// loongarch `virt` machine has it at 0x1000_0000: device inputs with mask, edge/level
// selection and edge clear, delivered as HT vectors (HTMSI_VEC bytes) to EIOINTC input
// lines. Register table, sources and the differences from QEMU: docs/interrupts.md.
#pragma once

#include "lvzemu/devices/bus.h"

#include <cstdint>
#include <functional>
#include <utility>

namespace la::dev {

class PchPic final : public Device {
public:
    // --- QEMU virt (include/hw/loongarch/virt.h, hw/pci-host/ls7a.h) ----------------------
    static constexpr uint64_t kBase = 0x10000000;  // VIRT_PCH_REG_BASE
    static constexpr uint64_t kSize = 0x400;       // VIRT_PCH_REG_SIZE
    static constexpr unsigned kMaxInputs = 64;
    static constexpr unsigned kQemuVirtInputs = 32;  // VIRT_PCH_PIC_IRQ_NUM
    /// Input numbers on QEMU virt (GSI - VIRT_GSI_BASE 64). UART0 is input 2 in every
    /// version. The RTC is input 3 in QEMU 7.2..9.x (ACPI SCI 4); current QEMU, which has
    /// four UARTs (VIRT_UART_COUNT = 4, inputs 2..5), moved it to 6 (SCI 7).
    static constexpr unsigned kUartIrq = 2;
    static constexpr unsigned kRtcIrq = 3, kRtcIrqFourUarts = 6;

    // --- registers (64-bit, little-endian, byte lanes) -------------------------------------
    static constexpr uint64_t kIntId = 0x000;       // R: ID 0x07 (byte 3), version 1 (byte 4),
                                                    //    inputs - 1 (byte 6)
    static constexpr uint64_t kIntMask = 0x020;     // RW, 1 = masked, reset all ones
    static constexpr uint64_t kHtmsiEn = 0x040;     // RW, stored only
    static constexpr uint64_t kIntEdge = 0x060;     // RW, 1 = edge-triggered
    static constexpr uint64_t kIntClear = 0x080;    // W: clear pending edge inputs
    static constexpr uint64_t kAutoCtrl0 = 0x0c0, kAutoCtrl1 = 0x0e0;  // read 0, writes ignored
    static constexpr uint64_t kRouteEntry = 0x100;  // RW bytes 0x100..0x13f, reset 1, stored only
    static constexpr uint64_t kHtmsiVec = 0x200;    // RW bytes 0x200..0x23f: EIOINTC vector
    static constexpr uint64_t kIntStatus = 0x3a0;   // R: in service & ~mask
    static constexpr uint64_t kIntPol = 0x3e0;      // RW, stored only (QEMU ignores polarity)

    /// Called with (EIOINTC vector, level) when an input's in-service state is raised or
    /// lowered (QEMU qemu_set_irq(parent_irq[htmsi_vector[irq]])). Vectors >= inputs() are
    /// not delivered: QEMU connects only that many outputs (EIOINTC lines 0..inputs-1).
    using OutputFn = std::function<void(unsigned vector, bool level)>;

    /// `inputs` is clamped to [1, 64]; QEMU virt uses 32.
    explicit PchPic(unsigned inputs = kQemuVirtInputs);

    unsigned inputs() const { return inputs_; }
    void set_output_handler(OutputFn fn) { out_ = std::move(fn); }

    /// Device input `input` (0..inputs-1) at `level` (active high: QEMU ignores POL).
    void set_irq(unsigned input, bool level);

    // Device: every naturally aligned 1/2/4/8-byte access reads or writes the byte lanes of
    // the 64-bit register it falls in (current QEMU's single region; 7.2 had three regions
    // with stricter sizes). Unknown registers read 0 and ignore writes. Unaligned accesses
    // are refused.
    const char* name() const override { return "pch-pic"; }
    bool read(uint64_t offset, unsigned size, uint64_t& value) override;
    bool write(uint64_t offset, unsigned size, uint64_t value) override;

    /// QEMU's reset values (mask all ones, routes 1, vectors 0, everything else 0); vectors
    /// in service are lowered through the handler first.
    void reset();

    // --- state, for the machine, tracing and tests -----------------------------------------
    uint64_t id() const;
    uint64_t mask() const { return mask_; }
    uint64_t edge() const { return edge_; }
    uint64_t htmsi_en() const { return htmsi_en_; }
    uint64_t polarity() const { return pol_; }
    uint64_t request() const { return irr_; }      // QEMU intirr
    uint64_t in_service() const { return isr_; }   // QEMU intisr
    uint8_t htmsi_vector(unsigned input) const { return input < kMaxInputs ? htvec_[input] : 0; }
    uint8_t route_entry(unsigned input) const { return input < kMaxInputs ? route_[input] : 0; }

private:
    uint64_t reg(uint64_t off8) const;
    void raise(uint64_t bits);  // QEMU pch_pic_update_irq(.., 1), for every bit
    void lower(uint64_t bits);  // QEMU pch_pic_update_irq(.., 0), for every bit
    void emit(unsigned input, bool level);

    unsigned inputs_;
    uint64_t mask_ = ~uint64_t{0}, htmsi_en_ = 0, edge_ = 0, pol_ = 0;
    uint64_t irr_ = 0, isr_ = 0, last_irr_ = 0;
    uint8_t route_[kMaxInputs] = {};
    uint8_t htvec_[kMaxInputs] = {};
    OutputFn out_;
};

}  // namespace la::dev
