// SPDX-License-Identifier: Apache-2.0
// Behaviour follows QEMU's hw/intc/loongarch_pch_pic.c (pch_pic_irq_handler,
// pch_pic_update_irq, pch_pic_read/write of current QEMU's single 1..8-byte region) and
// hw/intc/loongarch_pic_common.c (reset values, the INT_ID layout). The two deliberate
// differences (every changed bit is handled, not only the lowest; INT_CLEAR acts on edge
// inputs only) are in docs/interrupts.md.
#include "lvzemu/devices/pch_pic.h"

#include <algorithm>

namespace la::dev {

namespace {

constexpr uint64_t size_mask(unsigned size) {
    return size >= 8 ? ~uint64_t{0} : (uint64_t{1} << (8 * size)) - 1;
}

constexpr bool valid_access(uint64_t offset, unsigned size) {
    return (size == 1 || size == 2 || size == 4 || size == 8) && (offset & (size - 1)) == 0 &&
           offset <= PchPic::kSize - size;
}

uint64_t load8(const uint8_t* p) {
    uint64_t v = 0;
    for (unsigned i = 0; i < 8; ++i) v |= uint64_t{p[i]} << (8 * i);
    return v;
}

void store8_masked(uint8_t* p, uint64_t data, uint64_t mask) {
    for (unsigned i = 0; i < 8; ++i)
        if ((mask >> (8 * i)) & 0xff) p[i] = static_cast<uint8_t>(data >> (8 * i));
}

}  // namespace

PchPic::PchPic(unsigned inputs) : inputs_(std::clamp(inputs, 1u, kMaxInputs)) {
    std::fill(std::begin(route_), std::end(route_), uint8_t{1});
}

uint64_t PchPic::id() const {
    // union LoongArchPIC_ID: byte 3 id = PCH_PIC_INT_ID_VAL 7, byte 4 version = 1,
    // byte 6 irq_num - 1. Linux: vec_count = ((readq(base) >> 48) & 0xff) + 1.
    return (uint64_t{0x07} << 24) | (uint64_t{0x01} << 32) | (uint64_t{inputs_ - 1} << 48);
}

// --- inputs and outputs ------------------------------------------------------------------------

void PchPic::emit(unsigned input, bool level) {
    const unsigned vector = htvec_[input];
    if (vector < inputs_ && out_) out_(vector, level);
}

void PchPic::raise(uint64_t bits) {
    const uint64_t val = bits & irr_ & ~mask_;
    for (unsigned i = 0; i < kMaxInputs; ++i) {
        if (!((val >> i) & 1)) continue;
        isr_ |= uint64_t{1} << i;
        emit(i, true);  // sent again even if already in service: unmasking re-delivers
    }
}

void PchPic::lower(uint64_t bits) {
    // intirr is the pending request: an edge input's falling edge does not lower it.
    const uint64_t val = bits & isr_ & ~irr_;
    for (unsigned i = 0; i < kMaxInputs; ++i) {
        if (!((val >> i) & 1)) continue;
        isr_ &= ~(uint64_t{1} << i);
        emit(i, false);
    }
}

void PchPic::set_irq(unsigned input, bool level) {
    if (input >= inputs_) return;  // QEMU asserts
    const uint64_t bit = uint64_t{1} << input;
    if (edge_ & bit) {
        if (level) {
            if (!(last_irr_ & bit)) irr_ |= bit;  // pending on a rising edge only
            last_irr_ |= bit;
        } else {
            last_irr_ &= ~bit;
        }
    } else if (level) {
        irr_ |= bit;
        last_irr_ |= bit;
    } else {
        irr_ &= ~bit;
        last_irr_ &= ~bit;
    }
    if (level) raise(bit);
    else lower(bit);
}

// --- registers ---------------------------------------------------------------------------------

uint64_t PchPic::reg(uint64_t off8) const {
    switch (off8) {
        case kIntId: return id();
        case kIntMask: return mask_;
        case kIntEdge: return edge_;
        case kHtmsiEn: return htmsi_en_;
        case kIntStatus: return isr_ & ~mask_;
        case kIntPol: return pol_;
        default: break;  // INT_CLEAR, AUTO_CTRL0/1 and unknown registers read 0
    }
    if (off8 >= kRouteEntry && off8 < kRouteEntry + kMaxInputs)
        return load8(&route_[off8 - kRouteEntry]);
    if (off8 >= kHtmsiVec && off8 < kHtmsiVec + kMaxInputs)
        return load8(&htvec_[off8 - kHtmsiVec]);
    return 0;
}

bool PchPic::read(uint64_t offset, unsigned size, uint64_t& value) {
    if (!valid_access(offset, size)) return false;
    const unsigned lane = static_cast<unsigned>(offset & 7);
    value = (reg(offset - lane) >> (8 * lane)) & size_mask(size);
    return true;
}

bool PchPic::write(uint64_t offset, unsigned size, uint64_t value) {
    if (!valid_access(offset, size)) return false;
    const unsigned lane = static_cast<unsigned>(offset & 7);
    const uint64_t off8 = offset - lane;
    const uint64_t m = size_mask(size) << (8 * lane);
    const uint64_t data = (value & size_mask(size)) << (8 * lane);
    switch (off8) {
        case kIntMask: {
            const uint64_t old = mask_;
            mask_ = (old & ~m) | data;
            raise(old & ~mask_);  // unmasked: deliver what is requested
            lower(~old & mask_);  // masked: lowers only what is no longer requested
            return true;
        }
        case kIntEdge: edge_ = (edge_ & ~m) | data; return true;
        case kIntClear: {
            const uint64_t clear = data & edge_;
            irr_ &= ~clear;
            lower(clear);
            isr_ &= ~clear;
            return true;
        }
        case kHtmsiEn: htmsi_en_ = (htmsi_en_ & ~m) | data; return true;
        case kIntPol: pol_ = (pol_ & ~m) | data; return true;
        default: break;  // INT_ID, AUTO_CTRL0/1 (discarded), INT_STATUS (read-only), unknown
    }
    if (off8 >= kRouteEntry && off8 < kRouteEntry + kMaxInputs)
        store8_masked(&route_[off8 - kRouteEntry], data, m);
    else if (off8 >= kHtmsiVec && off8 < kHtmsiVec + kMaxInputs)
        store8_masked(&htvec_[off8 - kHtmsiVec], data, m);
    return true;
}

void PchPic::reset() {
    for (unsigned i = 0; i < kMaxInputs; ++i)
        if ((isr_ >> i) & 1) emit(i, false);
    mask_ = ~uint64_t{0};
    htmsi_en_ = edge_ = pol_ = 0;
    irr_ = isr_ = last_irr_ = 0;
    std::fill(std::begin(route_), std::end(route_), uint8_t{1});
    std::fill(std::begin(htvec_), std::end(htvec_), uint8_t{0});
}

}  // namespace la::dev
