// SPDX-License-Identifier: Apache-2.0
// Behaviour follows QEMU's loongarch `virt` machine under TCG: hw/loongarch/virt.c
// (virt_iocsr_misc_read/write, region "iocsr_misc" of 0x428 bytes, 4..8-byte accesses),
// hw/intc/loongson_ipi_common.c (the IPI block, MAIL_SEND, ANY_SEND) and QEMU's memory
// core (naturally aligned accesses only; invalid accesses read 0 and drop writes). The one
// deliberate difference, the IPI line as a level of (status & enable), is in docs/iocsr.md.
#include "lvzemu/devices/iocsr.h"

#include <algorithm>

namespace la::dev {

namespace {

constexpr uint64_t size_mask(unsigned size) {
    return size >= 8 ? ~uint64_t{0} : (uint64_t{1} << (8 * size)) - 1;
}

constexpr bool valid_size(unsigned size) { return size == 1 || size == 2 || size == 4 || size == 8; }

// [addr, addr+size) lies in [base, base+len); no overflow for any inputs.
constexpr bool within(uint64_t addr, unsigned size, uint64_t base, uint64_t len) {
    return addr >= base && addr - base < len && size <= len - (addr - base);
}

}  // namespace

Iocsr::Iocsr(unsigned harts, Access access)
    : cores_(std::clamp(harts, 1u, kMaxHarts)), access_(access) {}

// --- access rules --------------------------------------------------------------------

bool Iocsr::accepts(uint64_t addr, unsigned size) const {
    if (!valid_size(size) || (addr & (size - 1)) != 0) return false;  // natural alignment
    if (access_ == Access::Qemu) return size >= 4;  // valid.min_access_size = 4
    return true;
}

// --- misc registers --------------------------------------------------------------------

uint64_t Iocsr::misc_reg(uint64_t addr) const {
    switch (addr) {
        case kVersion: return kVersionValue;
        case kFeature: return kFeatureValue;
        case kVendor: return kVendorValue;
        case kCpuName: return kCpuNameValue;
        case kMiscFunc: return kMiscFuncValue;
        default: return 0;  // NODECNT (0x408) and the rest: QEMU logs "unimplemented", 0
    }
}

uint64_t Iocsr::misc_read(uint64_t addr, unsigned size) const {
    if (!accepts(addr, size)) return 0;
    if (access_ == Access::Qemu) {
        // impl.min_access_size = 8: QEMU calls misc_read(addr) for the whole access and
        // keeps the low `size` bytes, so only an access starting at a register sees it.
        return misc_reg(addr) & size_mask(size);
    }
    const uint64_t reg = misc_reg(addr & ~uint64_t{7});
    return (reg >> (8 * (addr & 7))) & size_mask(size);
}

// --- one hart's IPI block ----------------------------------------------------------------

uint32_t Iocsr::core_word(unsigned target, uint64_t off) const {
    const Core& c = cores_[target];
    switch (off) {
        case kCoreStatus: return c.status;
        case kCoreEnable: return c.enable;
        default: break;  // SET, CLEAR, IPI_SEND are write-only: read 0
    }
    if (off >= kCoreBuf && off < kCoreBuf + 8 * kMailboxes) return c.buf[(off - kCoreBuf) >> 2];
    return 0;
}

void Iocsr::core_word_write(unsigned target, uint64_t off, uint32_t value) {
    Core& c = cores_[target];
    switch (off) {
        case kCoreStatus: return;  // read-only
        case kCoreEnable: c.enable = value; update_line(target); return;
        case kCoreSet: c.status |= value; update_line(target); return;
        case kCoreClear: c.status &= ~value; update_line(target); return;
        case kCoreIpiSend: {
            // Whichever block it is written to, IPI_SEND addresses the cpu in bits 25:16.
            const unsigned cpu = (value >> kSendCpuShift) & (kMaxHarts - 1);
            if (cpu < harts()) core_word_write(cpu, kCoreSet, uint32_t{1} << (value & kSendVectorMask));
            return;
        }
        default: break;
    }
    if (off >= kCoreBuf && off < kCoreBuf + 8 * kMailboxes) c.buf[(off - kCoreBuf) >> 2] = value;
    // 0x10..0x1c, 0x44: nothing there
}

uint64_t Iocsr::core_read(unsigned target, uint64_t off, unsigned size) const {
    if (!accepts(off, size)) return 0;
    // impl.max_access_size = 4: an 8-byte access is two 32-bit ones (low word first).
    if (size == 8) return core_word(target, off) | uint64_t{core_word(target, off + 4)} << 32;
    const uint32_t word = core_word(target, off & ~uint64_t{3});
    return (word >> (8 * (off & 3))) & size_mask(size);
}

void Iocsr::core_write(unsigned target, uint64_t off, unsigned size, uint64_t value) {
    if (!accepts(off, size)) return;
    if (size == 8) {
        core_word_write(target, off, static_cast<uint32_t>(value));
        core_word_write(target, off + 4, static_cast<uint32_t>(value >> 32));
        return;
    }
    if (size == 4) {
        core_word_write(target, off, static_cast<uint32_t>(value));
        return;
    }
    // Byte lanes (Access::ByteLanes only): merge into the word's readable value.
    const uint64_t word_off = off & ~uint64_t{3};
    const unsigned shift = 8 * static_cast<unsigned>(off & 3);
    const uint32_t mask = static_cast<uint32_t>(size_mask(size)) << shift;
    const uint32_t merged = (core_word(target, word_off) & ~mask) |
                            ((static_cast<uint32_t>(value) << shift) & mask);
    core_word_write(target, word_off, merged);
}

uint64_t Iocsr::read_core(unsigned target, uint64_t offset, unsigned size) {
    if (target >= harts() || !valid_size(size) || !within(offset, size, 0, kCoreBlockSize)) return 0;
    return core_read(target, offset, size);
}

void Iocsr::write_core(unsigned target, uint64_t offset, unsigned size, uint64_t value) {
    if (target >= harts() || !valid_size(size) || !within(offset, size, 0, kCoreBlockSize)) return;
    core_write(target, offset, size, value & size_mask(size));
}

// --- MAIL_SEND / ANY_SEND ------------------------------------------------------------------

void Iocsr::send_data(unsigned target, uint64_t addr, uint64_t value) {
    // Bits 30:27: a set bit keeps that byte of the destination word (QEMU send_ipi_data reads
    // the word only when some bit is set); bits 63:32 are the data.
    uint32_t keep = 0;
    for (unsigned i = 0; i < 4; ++i)
        if (value & (uint64_t{1} << (kSendMaskShift + i))) keep |= 0xffu << (8 * i);
    const uint32_t old = keep ? static_cast<uint32_t>(read(target, addr, 4)) : 0;
    const uint32_t data = (old & keep) | (static_cast<uint32_t>(value >> 32) & ~keep);
    // The write is a 32-bit IOCSR write issued as the target: it can reach any register of
    // the target's view (IPI block, a mapped device). It cannot recurse into MAIL_SEND or
    // ANY_SEND, which take 8-byte writes only.
    write(target, addr, 4, data);
}

void Iocsr::send_command(uint64_t addr, uint64_t value) {
    const unsigned cpu = (value >> kSendCpuShift) & (kMaxHarts - 1);
    if (cpu >= harts()) return;  // QEMU: cpu_by_arch_id fails, MEMTX_DECODE_ERROR, no effect
    if (addr == kMailSend) send_data(cpu, kMailbox0 + (value & kMailSendWordMask), value);
    else if (addr == kAnySend) send_data(cpu, value & kAnySendAddrMask, value);
}

// --- the address space ------------------------------------------------------------------------

const Iocsr::Mapping* Iocsr::find(uint64_t addr, unsigned size) const {
    for (const Mapping& m : maps_)
        if (within(addr, size, m.base, m.size)) return &m;
    return nullptr;
}

bool Iocsr::map(uint64_t base, uint64_t size, IocsrDevice* device) {
    if (device == nullptr || size == 0 || base + (size - 1) < base) return false;
    const uint64_t last = base + (size - 1);
    auto overlaps = [&](uint64_t b, uint64_t len) { return base < b + len && b <= last; };
    if (overlaps(0, kMiscEnd) || overlaps(kIpiBase, kSendEnd - kIpiBase)) return false;
    for (const Mapping& m : maps_)
        if (overlaps(m.base, m.size)) return false;
    maps_.push_back({base, size, device});
    return true;
}

uint64_t Iocsr::read(unsigned hart, uint64_t addr, unsigned size) {
    if (hart >= harts() || !valid_size(size)) return 0;
    if (within(addr, size, 0, kMiscEnd)) return misc_read(addr, size);
    if (within(addr, size, kIpiBase, kCoreBlockSize)) return core_read(hart, addr - kIpiBase, size);
    if (within(addr, size, kMailSend, kSendEnd - kMailSend)) return 0;  // no read callback in QEMU
    if (const Mapping* m = find(addr, size)) {
        uint64_t v = 0;
        return m->device->read(hart, addr - m->base, size, v) ? v & size_mask(size) : 0;
    }
    return 0;  // unassigned IOCSR space reads 0 in QEMU (the helpers ignore the MemTxResult)
}

void Iocsr::write(unsigned hart, uint64_t addr, unsigned size, uint64_t value) {
    if (hart >= harts() || !valid_size(size)) return;
    value &= size_mask(size);
    if (within(addr, size, 0, kMiscEnd)) return;  // MISC_FUNC ignores writes without v-eiointc
    if (within(addr, size, kIpiBase, kCoreBlockSize)) {
        core_write(hart, addr - kIpiBase, size, value);
        return;
    }
    if (within(addr, size, kMailSend, kSendEnd - kMailSend)) {
        if (size == 8) send_command(addr, value);  // valid.min = max = 8; 0x1048 and 0x1158 only
        return;
    }
    if (const Mapping* m = find(addr, size)) m->device->write(hart, addr - m->base, size, value);
}

// --- state ----------------------------------------------------------------------------------

uint64_t Iocsr::mailbox(unsigned hart, unsigned n) const {
    if (hart >= harts() || n >= kMailboxes) return 0;
    const Core& c = cores_[hart];
    return c.buf[2 * n] | uint64_t{c.buf[2 * n + 1]} << 32;
}

void Iocsr::set_mailbox(unsigned hart, unsigned n, uint64_t value) {
    if (hart >= harts() || n >= kMailboxes) return;
    cores_[hart].buf[2 * n] = static_cast<uint32_t>(value);
    cores_[hart].buf[2 * n + 1] = static_cast<uint32_t>(value >> 32);
}

void Iocsr::send_ipi(unsigned hart, unsigned vector) {
    if (hart >= harts() || vector > kSendVectorMask) return;
    core_word_write(hart, kCoreSet, uint32_t{1} << vector);
}

void Iocsr::reset() {
    for (unsigned h = 0; h < harts(); ++h) {
        Core& c = cores_[h];
        c.status = c.enable = 0;
        std::fill(std::begin(c.buf), std::end(c.buf), 0u);
        update_line(h);
    }
}

void Iocsr::update_line(unsigned hart) {
    Core& c = cores_[hart];
    const bool level = (c.status & c.enable) != 0;
    if (level == c.line) return;
    c.line = level;
    if (line_fn_) line_fn_(hart, level);
}

}  // namespace la::dev
