// SPDX-License-Identifier: Apache-2.0
// The registers of QEMU `virt`'s ACPI GED block that software uses to stop the machine
// (base 0x100E_0000): sleep control at +0x1c (writing SLP_EN | SLP_TYP=5 = 0x34 powers
// off) and reset at +0x1e (0x42 resets). lvzemu adds one register of its own at +0x100,
// the exit register, so a guest can end the run with an exit status (docs/machine.md).
#pragma once

#include "lvzemu/devices/bus.h"

namespace la::dev {

/// Set by devices that stop the machine; polled by the run loop.
struct StopRequest {
    bool requested = false;
    int exit_code = 0;
    const char* reason = "";
};

class Ged final : public Device {
public:
    static constexpr uint64_t kBase = 0x100e0000;
    static constexpr uint64_t kSize = 0x200;
    static constexpr uint64_t kSleepCtl = 0x1c, kSleepSts = 0x1d, kReset = 0x1e;
    static constexpr uint64_t kExit = 0x100;  // lvzemu-only: write (code << 16) | 0x3333
    static constexpr uint32_t kExitPass = 0x5555, kExitFail = 0x3333;

    explicit Ged(StopRequest& stop) : stop_(stop) {}
    const char* name() const override { return "ged"; }
    bool read(uint64_t offset, unsigned size, uint64_t& value) override;
    bool write(uint64_t offset, unsigned size, uint64_t value) override;

private:
    StopRequest& stop_;
};

}  // namespace la::dev
