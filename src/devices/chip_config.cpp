// SPDX-License-Identifier: Apache-2.0
#include "lvzemu/devices/chip_config.h"

namespace la::dev {

bool ChipConfig::core_reg(uint64_t offset, unsigned& core, uint64_t& reg) {
    if (offset < kCoreBlocks) return false;
    const uint64_t n = (offset - kCoreBlocks) / kCoreStride;
    reg = (offset - kCoreBlocks) % kCoreStride;
    // One node's four cores (the ext-IOI registers start at +0x1400); a core without a
    // hart reads 0 and drops writes (Iocsr::read_core).
    if (n >= kCores || reg >= kCoreRegsEnd) return false;
    core = static_cast<unsigned>(n);
    return true;
}

bool ChipConfig::read_by(unsigned hart, uint64_t offset, unsigned size, uint64_t& value) {
    unsigned core = 0;
    uint64_t reg = 0;
    if (core_reg(offset, core, reg)) value = iocsr_.read_core(core, reg, size);
    else value = iocsr_.read(hart, offset, size);
    return true;
}

bool ChipConfig::write_by(unsigned hart, uint64_t offset, unsigned size, uint64_t value) {
    unsigned core = 0;
    uint64_t reg = 0;
    if (core_reg(offset, core, reg)) iocsr_.write_core(core, reg, size, value);
    else iocsr_.write(hart, offset, size, value);
    return true;
}

}  // namespace la::dev
