// SPDX-License-Identifier: Apache-2.0
// Behaviour follows QEMU's hw/intc/loongarch_extioi.c (extioi_readw/writew, extioi_setirq,
// extioi_update_irq, extioi_update_sw_coremap/_ipmap) with the TCG configuration of the
// `virt` board (no virtualisation extension: no CPU_ENCODE, EXTIOI always enabled), and the
// access rules of its MemoryRegionOps (valid 4..8 bytes, implemented as 32-bit accesses).
// The one modelling difference (output levels are recomputed from the ISRs and the current
// IPMAP rather than kept in per-IP shadow bitmaps) is in docs/interrupts.md.
#include "lvzemu/devices/eiointc.h"

#include <algorithm>

namespace la::dev {

namespace {

constexpr bool in(uint64_t off, uint64_t begin, uint64_t end) { return off >= begin && off < end; }

// QEMU: ctz32 of one byte; 0 for an empty byte or a bit >= 4.
constexpr unsigned lowest_of_four(uint32_t byte) {
    for (unsigned i = 0; i < 4; ++i)
        if (byte & (1u << i)) return i;
    return 0;
}

}  // namespace

Eiointc::Eiointc(unsigned harts) : cores_(std::clamp(harts, 1u, Iocsr::kMaxHarts)) {}

// --- inputs ----------------------------------------------------------------------------------

void Eiointc::set_irq(unsigned line, bool level) {
    if (line >= kLines) return;
    const uint32_t bit = 1u << (line % 32);
    if (level) isr_[line / 32] |= bit;
    else isr_[line / 32] &= ~bit;
    update(line, level);
}

void Eiointc::update(unsigned line, bool level) {
    const unsigned group = line / 32;
    const uint32_t bit = 1u << (line % 32);
    const unsigned hart = sw_coremap_[line];
    Core& c = cores_[hart];
    if (level) {
        if (!(enable_[group] & bit)) return;  // a disabled line never reaches a core
        c.coreisr[group] |= bit;
    } else {
        c.coreisr[group] &= ~bit;
    }
    refresh(hart);
}

void Eiointc::update_lines(uint32_t bits, unsigned group, bool level) {
    for (unsigned i = 0; i < 32; ++i)
        if (bits & (1u << i)) update(group * 32 + i, level);
}

void Eiointc::refresh(unsigned hart) {
    Core& c = cores_[hart];
    for (unsigned hwi = 0; hwi < kHwiLines; ++hwi) {
        bool level = false;
        for (unsigned g = 0; g < kGroups && !level; ++g)
            level = sw_ipmap_[g] == hwi && c.coreisr[g] != 0;
        if (level == c.line[hwi]) continue;
        c.line[hwi] = level;
        if (line_fn_) line_fn_(hart, hwi, level);
    }
}

// --- routing ---------------------------------------------------------------------------------

void Eiointc::set_route(unsigned first_line, uint32_t value) {
    for (unsigned i = 0; i < 4; ++i) {
        const unsigned line = first_line + i;
        // No CPU_ENCODE under TCG: the byte is a core bitmap. A core with no hart keeps the
        // old route (QEMU: extioi_get_index_from_archid fails, `continue`).
        const unsigned hart = lowest_of_four((value >> (8 * i)) & 0xff);
        if (hart >= harts() || sw_coremap_[line] == hart) continue;
        if (input(line)) {
            update(line, false);  // lower at the old core, raise at the new one
            sw_coremap_[line] = static_cast<uint16_t>(hart);
            update(line, true);
        } else {
            sw_coremap_[line] = static_cast<uint16_t>(hart);
        }
    }
}

// --- registers -------------------------------------------------------------------------------

uint32_t Eiointc::word_read(unsigned hart, uint64_t off) const {
    if (in(off, kNodeType, kNodeTypeEnd)) return nodetype_[(off - kNodeType) >> 2];
    if (in(off, kIpMap, kIpMapEnd)) return ipmap_[(off - kIpMap) >> 2];
    if (in(off, kEnable, kEnableEnd)) return enable_[(off - kEnable) >> 2];
    if (in(off, kBounce, kBounceEnd)) return bounce_[(off - kBounce) >> 2];
    if (in(off, kCoreIsr, kCoreIsrEnd))
        return core_isr(hart, static_cast<unsigned>((off - kCoreIsr) >> 2));
    if (in(off, kCoreMap, kCoreMapEnd)) return coremap_[(off - kCoreMap) >> 2];
    return 0;  // the ISR block at 0x1700 and everything else: not decoded by QEMU
}

void Eiointc::word_write(unsigned hart, uint64_t off, uint32_t value) {
    if (in(off, kNodeType, kNodeTypeEnd)) {
        nodetype_[(off - kNodeType) >> 2] = value;  // stored, no effect (single node)
    } else if (in(off, kIpMap, kIpMapEnd)) {
        const unsigned index = static_cast<unsigned>((off - kIpMap) >> 2);
        ipmap_[index] = value;
        for (unsigned i = 0; i < 4; ++i)
            sw_ipmap_[index * 4 + i] = static_cast<uint8_t>(lowest_of_four((value >> (8 * i)) & 0xff));
        for (unsigned h = 0; h < harts(); ++h) refresh(h);
    } else if (in(off, kEnable, kEnableEnd)) {
        const unsigned group = static_cast<unsigned>((off - kEnable) >> 2);
        const uint32_t old = enable_[group];
        enable_[group] = value;
        update_lines(value & ~old & isr_[group], group, true);   // unmasked while pending
        update_lines(~value & old & isr_[group], group, false);  // masked while pending
    } else if (in(off, kBounce, kBounceEnd)) {
        bounce_[(off - kBounce) >> 2] = value;  // QEMU does not model bouncing
    } else if (in(off, kCoreIsr, kCoreIsrEnd)) {
        if (hart >= harts()) return;
        const unsigned group = static_cast<unsigned>((off - kCoreIsr) >> 2);
        const uint32_t cleared = cores_[hart].coreisr[group] & value;  // write 1 to clear
        cores_[hart].coreisr[group] &= ~value;
        update_lines(cleared, group, false);
    } else if (in(off, kCoreMap, kCoreMapEnd)) {
        const unsigned first = static_cast<unsigned>(off - kCoreMap);
        coremap_[first / 4] = value;
        set_route(first, value);
    }
}

bool Eiointc::read(unsigned hart, uint64_t offset, unsigned size, uint64_t& value) {
    if ((size != 4 && size != 8) || (offset & (size - 1)) || offset > kIocsrSize - size) return false;
    value = word_read(hart, offset);
    if (size == 8) value |= uint64_t{word_read(hart, offset + 4)} << 32;
    return true;
}

bool Eiointc::write(unsigned hart, uint64_t offset, unsigned size, uint64_t value) {
    if ((size != 4 && size != 8) || (offset & (size - 1)) || offset > kIocsrSize - size) return false;
    word_write(hart, offset, static_cast<uint32_t>(value));
    if (size == 8) word_write(hart, offset + 4, static_cast<uint32_t>(value >> 32));
    return true;
}

void Eiointc::reset() {
    std::fill(std::begin(nodetype_), std::end(nodetype_), 0u);
    std::fill(std::begin(ipmap_), std::end(ipmap_), 0u);
    std::fill(std::begin(enable_), std::end(enable_), 0u);
    std::fill(std::begin(bounce_), std::end(bounce_), 0u);
    std::fill(std::begin(isr_), std::end(isr_), 0u);
    std::fill(std::begin(coremap_), std::end(coremap_), 0u);
    std::fill(std::begin(sw_ipmap_), std::end(sw_ipmap_), uint8_t{0});
    std::fill(std::begin(sw_coremap_), std::end(sw_coremap_), uint16_t{0});
    for (unsigned h = 0; h < harts(); ++h) {
        std::fill(std::begin(cores_[h].coreisr), std::end(cores_[h].coreisr), 0u);
        refresh(h);
    }
}

}  // namespace la::dev
