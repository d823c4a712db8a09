// SPDX-License-Identifier: Apache-2.0
// The LS7A real-time clock (QEMU's "ls7a_rtc") as QEMU's loongarch `virt` machine has it at
// 0x100D_0100: a time-of-year counter (TOY: month/day/hour/minute/second + year) and a
// 32.768 kHz counter (RTC), each with three match (alarm) registers and one interrupt line.
// Time comes from virtual time only: the TOY shows `epoch + now() / tick_hz` seconds (plus
// whatever the guest set), so a run never depends on the host clock. Linux's driver is
// drivers/rtc/rtc-loongson.c ("loongson,ls7a-rtc"; rtc-ls2x.c before 6.5).
// Register table, sources and the differences from QEMU: docs/interrupts.md.
#pragma once

#include "lvzemu/devices/bus.h"

#include <cstdint>
#include <functional>
#include <utility>

namespace la::dev {

/// Construction parameters of an Ls7aRtc (namespace scope so that `{}` works as a default).
struct Ls7aRtcConfig {
    static constexpr int64_t kDefaultEpoch = 1767225600;  // 2026-01-01 00:00:00 UTC
    static constexpr uint32_t kFirmwareCtrl = (1u << 11) | (1u << 8);  // TOYEN | EO

    /// Unix time (seconds, UTC) the TOY shows at virtual time 0.
    int64_t epoch = kDefaultEpoch;
    /// Ticks of `now()` per second: the stable counter, 100 MHz on QEMU virt (CPUCFG4).
    uint64_t tick_hz = 100'000'000;
    /// RTC_CTRL after reset. QEMU resets it to 0, so the TOY reads 0 and Linux's read_time
    /// fails (-EINVAL) until something enables it; real boards' firmware leaves TOYEN | EO
    /// set. The default is the firmware state, so Linux reads a time at boot; 0 gives QEMU's.
    uint32_t ctrl_at_reset = kFirmwareCtrl;
};

class Ls7aRtc final : public Device {
public:
    using Config = Ls7aRtcConfig;

    // --- QEMU virt: VIRT_RTC_REG_BASE = VIRT_MISC_REG_BASE 0x1008_0000 + 0x5_0100 -----------
    static constexpr uint64_t kBase = 0x100d0100;
    static constexpr uint64_t kSize = 0x100;  // VIRT_RTC_LEN

    // --- registers (32-bit; hw/rtc/ls7a_rtc.c, Linux rtc-loongson.c) -----------------------
    static constexpr uint64_t kToyTrim = 0x20;    // reads 0, writes ignored
    static constexpr uint64_t kToyWrite0 = 0x24;  // W: mon[31:26] day[25:21] hour[20:16]
                                                  //    min[15:10] sec[9:4] (msec[3:0] ignored)
    static constexpr uint64_t kToyWrite1 = 0x28;  // W: year - 1900
    static constexpr uint64_t kToyRead0 = 0x2c;   // R: as TOY_WRITE0, msec 0; 0 if TOY off
    static constexpr uint64_t kToyRead1 = 0x30;   // R: year - 1900; 0 if TOY off
    static constexpr uint64_t kToyMatch0 = 0x34;  // RW x3: year[31:26] mon[25:22] day[21:17]
                                                  //        hour[16:12] min[11:6] sec[5:0]
    static constexpr uint64_t kRtcCtrl = 0x40;    // RW: RTCEN bit 13, TOYEN bit 11, EO bit 8
    static constexpr uint64_t kRtcTrim = 0x60;    // reads 0, writes ignored
    static constexpr uint64_t kRtcWrite0 = 0x64;  // W: set the 32.768 kHz counter
    static constexpr uint64_t kRtcRead0 = 0x68;   // R: the counter; 0 if RTC off
    static constexpr uint64_t kRtcMatch0 = 0x6c;  // RW x3
    static constexpr unsigned kMatches = 3;

    static constexpr uint32_t kCtrlRtcEn = 1u << 13, kCtrlToyEn = 1u << 11, kCtrlEo = 1u << 8;
    static constexpr uint64_t kRtcHz = 32768;  // LS7A_RTC_FREQ

    /// Virtual time now, in ticks of Config::tick_hz (the machine's stable counter).
    using NowFn = std::function<uint64_t()>;
    /// The interrupt line (level); on QEMU virt it is PCH-PIC input PchPic::kRtcIrq.
    using IrqFn = std::function<void(bool level)>;

    explicit Ls7aRtc(NowFn now, Config config = {});

    void set_irq_handler(IrqFn fn) { irq_fn_ = std::move(fn); }

    // Device: naturally aligned 4-byte accesses only (QEMU: valid 4..4); others refused.
    const char* name() const override { return "ls7a-rtc"; }
    bool read(uint64_t offset, unsigned size, uint64_t& value) override;
    bool write(uint64_t offset, unsigned size, uint64_t value) override;

    /// Fires every match whose time has come (virtual time >= its deadline). The machine
    /// calls it when virtual time reaches next_deadline() (or at any coarser boundary).
    void poll();
    /// Virtual time (ticks) of the earliest armed match, UINT64_MAX if none.
    uint64_t next_deadline() const;

    /// Match registers 0, RTC_CTRL = Config::ctrl_at_reset, interrupt lowered. The time the
    /// guest set survives (QEMU keeps offset_toy/offset_rtc over a reset).
    void reset();

    // --- state and helpers ----------------------------------------------------------------
    uint32_t ctrl() const { return ctrl_; }
    bool irq() const { return fired_ != 0; }
    bool toy_enabled() const { return (ctrl_ & kCtrlToyEn) && (ctrl_ & kCtrlEo); }
    bool rtc_enabled() const { return (ctrl_ & kCtrlRtcEn) && (ctrl_ & kCtrlEo); }
    /// The Unix time (seconds) the TOY shows now, whether or not it is enabled.
    int64_t toy_time() const;
    /// Unix time of a UTC date (proleptic Gregorian), e.g. for Config::epoch.
    static int64_t unix_time(int64_t year, unsigned month, unsigned day, unsigned hour = 0,
                             unsigned minute = 0, unsigned second = 0);

private:
    uint64_t now() const { return now_ ? now_() : 0; }
    int64_t base_seconds(uint64_t t) const;  // epoch + t / hz: QEMU's rtc_clock in seconds
    uint64_t counter(uint64_t t) const;      // 32.768 kHz counter incl. offset, 64 bits
    void arm_toy(unsigned n);
    void arm_rtc(unsigned n);
    void set_toy(int64_t when);  // make the TOY show Unix time `when` now
    void set_fired(uint32_t fired);

    NowFn now_;
    Config cfg_;
    IrqFn irq_fn_;
    int64_t offset_toy_ = 0;   // seconds added to base_seconds() (QEMU offset_toy)
    uint64_t offset_rtc_ = 0;  // added to the 32 kHz counter, modulo 2^64 (QEMU offset_rtc)
    uint32_t ctrl_ = 0;
    uint32_t toymatch_[kMatches] = {};
    uint32_t rtcmatch_[kMatches] = {};
    // Armed matches: 0..2 TOY, 3..5 RTC. fired_ has the same bit numbering.
    bool armed_[2 * kMatches] = {};
    uint64_t deadline_[2 * kMatches] = {};
    uint32_t fired_ = 0;
};

}  // namespace la::dev
