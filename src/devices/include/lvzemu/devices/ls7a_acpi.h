// SPDX-License-Identifier: Apache-2.0
// The power-management registers of the LS7A bridge's ACPI block (7A1000/7A2000 user
// manuals, "ACPI"; base 0x100D_0000 on the 3A5000 + 7A2000 board, the RTC follows at
// +0x100). Only what ends a run: PM1_CNT (+0x14) with SLP_EN (bit 13) and SLP_TYP (bits
// 12:10) = 7, the 7A's S5 soft-off type, powers off; RST_CNT (+0x30) bit 0 resets. Other
// registers read 0 and ignore writes. The virt board's equivalent is the GED (ged.h).
#pragma once

#include "lvzemu/devices/bus.h"
#include "lvzemu/devices/ged.h"

namespace la::dev {

class Ls7aAcpi final : public Device {
public:
    static constexpr uint64_t kBase = 0x100d0000;
    static constexpr uint64_t kSize = 0x100;
    static constexpr uint64_t kPm1Cnt = 0x14, kRstCnt = 0x30;
    static constexpr uint32_t kSlpEn = 1u << 13;
    static constexpr unsigned kSlpTypShift = 10;
    static constexpr uint32_t kSlpTypS5 = 7;
    /// What software writes to power off: SLP_EN | SLP_TYP(S5).
    static constexpr uint32_t kPowerOff = kSlpEn | (kSlpTypS5 << kSlpTypShift);  // 0x3c00

    explicit Ls7aAcpi(StopRequest& stop) : stop_(stop) {}
    const char* name() const override { return "ls7a-acpi"; }
    bool read(uint64_t offset, unsigned size, uint64_t& value) override;
    bool write(uint64_t offset, unsigned size, uint64_t value) override;

private:
    StopRequest& stop_;
    uint32_t pm1_cnt_ = 0;  // SLP_TYP and the other control bits read back; SLP_EN reads 0
};

}  // namespace la::dev
