// SPDX-License-Identifier: Apache-2.0
#include "lvzemu/devices/ls7a_acpi.h"

namespace la::dev {

bool Ls7aAcpi::read(uint64_t offset, unsigned size, uint64_t& value) {
    value = 0;
    if (offset == kPm1Cnt && size == 4) value = pm1_cnt_;
    return true;
}

bool Ls7aAcpi::write(uint64_t offset, unsigned size, uint64_t value) {
    if (size != 4) return true;
    const auto v = static_cast<uint32_t>(value);
    if (offset == kPm1Cnt) {
        pm1_cnt_ = v & ~kSlpEn;  // SLP_EN is write-only (ACPI 6.4 §4.8.3.2.1)
        if ((v & kSlpEn) && ((v >> kSlpTypShift) & 7) == kSlpTypS5) stop_ = {true, 0, "power-off"};
    } else if (offset == kRstCnt) {
        if (v & 1) stop_ = {true, 0, "reset"};
    }
    return true;
}

}  // namespace la::dev
