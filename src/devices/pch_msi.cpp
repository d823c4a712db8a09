// SPDX-License-Identifier: Apache-2.0
// Behaviour follows QEMU's hw/intc/loongarch_pch_msi.c (loongarch_msi_mem_write,
// pch_msi_irq_handler) with the properties hw/loongarch/virt.c gives it (msi_irq_base =
// VIRT_PCH_PIC_IRQ_NUM, msi_irq_num = EXTIOI_IRQS - VIRT_PCH_PIC_IRQ_NUM) and the default
// access rules of a MemoryRegionOps without valid/impl limits (any size, 32-bit pieces).
#include "lvzemu/devices/pch_msi.h"

#include <algorithm>

namespace la::dev {

namespace {
constexpr unsigned kEiointcLines = 256;
}

PchMsi::PchMsi(unsigned irq_base, unsigned irq_count)
    : base_(std::min(irq_base, kEiointcLines)),
      count_(std::min(irq_count, kEiointcLines - std::min(irq_base, kEiointcLines))) {}

void PchMsi::set_irq(unsigned n, bool level) {
    if (n < count_ && out_) out_(base_ + n, level);
}

void PchMsi::ring(uint32_t data) {
    // "vector number is irq number from upper extioi intc": the low byte is the EIOINTC
    // vector; QEMU subtracts irq_base for its gpio index and the wiring adds it back.
    const unsigned vector = data & 0xff;
    if (vector < base_ || vector - base_ >= count_) return;
    ++messages_;
    if (out_) out_(vector, true);
}

bool PchMsi::read(uint64_t offset, unsigned size, uint64_t& value) {
    if ((size != 1 && size != 2 && size != 4 && size != 8) || (offset & (size - 1)) ||
        offset > kSize - size)
        return false;
    value = 0;
    return true;
}

bool PchMsi::write(uint64_t offset, unsigned size, uint64_t value) {
    if ((size != 1 && size != 2 && size != 4 && size != 8) || (offset & (size - 1)) ||
        offset > kSize - size)
        return false;
    if (size == 8) {
        ring(static_cast<uint32_t>(value));
        ring(static_cast<uint32_t>(value >> 32));
    } else {
        ring(static_cast<uint32_t>(value & (size == 4 ? 0xffffffffu : size == 2 ? 0xffffu : 0xffu)));
    }
    return true;
}

}  // namespace la::dev
