// SPDX-License-Identifier: Apache-2.0
// The Loongson 3A5000's chip-configuration window at physical 0x1FE0_0000: the IOCSR space
// seen through MMIO (3A5000 user manual, "chip configuration registers"; hvisor's ls3a5000
// platform relies on it, reference ls3a5000-board.md). Offset N of the window is IOCSR
// address N (version +0, feature +8, vendor +0x10, name +0x20, other-function config
// +0x420, IPI/mail send +0x1040/+0x1048, ext-IOI +0x1400..), with one difference: the
// legacy per-core IPI blocks. At 0x1FE0_1000 + 0x100 * n the window holds core n's block
// (status, enable, set, clear, mailboxes 0..3 at +0x20..+0x38) whoever asks, whereas IOCSR
// 0x1000 is always the requester's own block. Everything else goes to the Iocsr as the
// requesting hart's access, so the ext-IOI per-core registers answer for that hart.
// UART0 (0x1FE0_01E0) lies inside the window; the machine maps it first, so it wins.
#pragma once

#include "lvzemu/devices/bus.h"
#include "lvzemu/devices/iocsr.h"

namespace la::dev {

class ChipConfig final : public Device {
public:
    static constexpr uint64_t kBase = 0x1fe00000;
    /// 64 KiB: covers every IOCSR register hvisor reaches through the window (up to the
    /// ext-IOI block's end at +0x1CFF) with room for the rest of the 3A5000's registers.
    static constexpr uint64_t kSize = 0x10000;
    static constexpr uint64_t kCoreBlocks = 0x1000, kCoreStride = 0x100;
    static constexpr unsigned kCores = 4;  // one 3A5000 node
    /// Registers of a per-core block that are core-addressed (status .. mailbox 3); at +0x40
    /// and above the window shows the IOCSR send registers (IPI_SEND at 0x1040, MAIL_SEND at
    /// 0x1048), which name their target themselves.
    static constexpr uint64_t kCoreRegsEnd = 0x40;

    explicit ChipConfig(Iocsr& iocsr) : iocsr_(iocsr) {}
    const char* name() const override { return "chip-config"; }
    bool read(uint64_t offset, unsigned size, uint64_t& value) override { return read_by(0, offset, size, value); }
    bool write(uint64_t offset, unsigned size, uint64_t value) override { return write_by(0, offset, size, value); }
    bool read_by(unsigned hart, uint64_t offset, unsigned size, uint64_t& value) override;
    bool write_by(unsigned hart, uint64_t offset, unsigned size, uint64_t value) override;

private:
    /// Core n's block register for `offset`, or false when `offset` is not core-addressed.
    static bool core_reg(uint64_t offset, unsigned& core, uint64_t& reg);
    Iocsr& iocsr_;
};

/// A window where nothing answers but the bus still decodes the address: reads return all
/// ones, writes are dropped. For the 3A5000's HyperTransport PCI configuration windows
/// (type 0 at 0xEFE_0000_0000, type 1 at 0xEFE_1000_0000), where an absent function reads
/// 0xFFFF as vendor ID (PCI Local Bus 3.0 §6.1) and enumeration moves on.
class AllOnes final : public Device {
public:
    explicit AllOnes(const char* name) : name_(name) {}
    const char* name() const override { return name_; }
    bool read(uint64_t, unsigned size, uint64_t& value) override {
        value = size >= 8 ? ~uint64_t{0} : (uint64_t{1} << (8 * size)) - 1;
        return true;
    }
    bool write(uint64_t, unsigned, uint64_t) override { return true; }

private:
    const char* name_;
};

}  // namespace la::dev
