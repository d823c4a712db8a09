// SPDX-License-Identifier: Apache-2.0
#include "lvzemu/devices/ged.h"

namespace la::dev {

bool Ged::read(uint64_t, unsigned, uint64_t& value) {
    value = 0;
    return true;
}

bool Ged::write(uint64_t offset, unsigned size, uint64_t value) {
    if (offset == kSleepCtl && size == 1) {
        // ACPI 6.4 §4.8.3.7 sleep control: SLP_EN (bit 5) with SLP_TYP (bits 4:2) = 5, the
        // S5 type QEMU's GED reports, is soft-off.
        if ((value & 0x20) && ((value >> 2) & 7) == 5) stop_ = {true, 0, "power-off"};
    } else if (offset == kReset && size == 1) {
        if ((value & 0xff) == 0x42) stop_ = {true, 0, "reset"};
    } else if (offset == kExit && size == 4) {
        // Same encoding as the SiFive test finisher many emulators use.
        const auto v = static_cast<uint32_t>(value);
        if ((v & 0xffff) == kExitPass) stop_ = {true, 0, "exit register"};
        else if ((v & 0xffff) == kExitFail) stop_ = {true, static_cast<int>(v >> 16), "exit register"};
    }
    return true;
}

}  // namespace la::dev
