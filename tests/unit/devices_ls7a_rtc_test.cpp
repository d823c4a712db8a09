// SPDX-License-Identifier: Apache-2.0
// The LS7A RTC (src/devices/ls7a_rtc.cpp). Register layout from QEMU's hw/rtc/ls7a_rtc.c
// and Linux's drivers/rtc/rtc-loongson.c; expected dates computed by hand (and with
// Python's calendar.timegm), not with the class's own date code.
#include "lvzemu/devices/ls7a_rtc.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <utility>
#include <vector>

namespace {

using la::dev::Ls7aRtc;

constexpr uint64_t kToyWrite0 = 0x24, kToyWrite1 = 0x28, kToyRead0 = 0x2c, kToyRead1 = 0x30,
                   kToyMatch0 = 0x34, kCtrl = 0x40, kRtcWrite0 = 0x64, kRtcRead0 = 0x68,
                   kRtcMatch0 = 0x6c;
constexpr uint64_t kHz = 100'000'000;  // QEMU virt's stable counter

// TOY_READ0/TOY_WRITE0 layout: mon 31:26, day 25:21, hour 20:16, min 15:10, sec 9:4.
constexpr uint32_t toy0(unsigned mon, unsigned day, unsigned hour, unsigned min, unsigned sec) {
    return (mon << 26) | (day << 21) | (hour << 16) | (min << 10) | (sec << 4);
}

struct Rig {
    explicit Rig(Ls7aRtc::Config cfg = {}) : rtc([this] { return now; }, cfg) {
        rtc.set_irq_handler([this](bool l) { irqs.push_back(l); });
    }
    uint32_t rd(uint64_t off) {
        uint64_t v = 0xdead;
        EXPECT_TRUE(rtc.read(off, 4, v)) << std::hex << off;
        return static_cast<uint32_t>(v);
    }
    void wr(uint64_t off, uint32_t v) { EXPECT_TRUE(rtc.write(off, 4, v)) << std::hex << off; }
    std::vector<bool> take() { return std::exchange(irqs, {}); }
    uint64_t now = 0;
    Ls7aRtc rtc;
    std::vector<bool> irqs;
};

TEST(Ls7aRtcLayout, QemuVirtPlacement) {
    EXPECT_EQ(Ls7aRtc::kBase, 0x100d0100u);  // 0x1008_0000 + 0x5_0100
    EXPECT_EQ(Ls7aRtc::kSize, 0x100u);
}

TEST(Ls7aRtcDate, UnixTimeOfKnownDates) {
    EXPECT_EQ(Ls7aRtc::unix_time(1970, 1, 1), 0);
    EXPECT_EQ(Ls7aRtc::unix_time(2000, 1, 1), 946684800);
    EXPECT_EQ(Ls7aRtc::unix_time(2026, 1, 1), 1767225600);
    EXPECT_EQ(Ls7aRtc::unix_time(2024, 2, 28, 23, 59, 59), 1709164799);
    EXPECT_EQ(Ls7aRtc::unix_time(1969, 12, 31, 23, 59, 59), -1);
    EXPECT_EQ(Ls7aRtc::unix_time(1600, 3, 1), -11670912000);
    EXPECT_EQ(Ls7aRtc::Config{}.epoch, 1767225600);
}

TEST(Ls7aRtcReset, FirmwareStateShowsTheEpochAtTimeZero) {
    Rig r;
    EXPECT_EQ(r.rd(kCtrl), 0x900u);  // TOYEN | EO
    EXPECT_EQ(r.rd(kToyRead0), 0x04200000u);  // January 1st, 00:00:00
    EXPECT_EQ(r.rd(kToyRead1), 126u);         // 2026 - 1900
    EXPECT_EQ(r.rd(kRtcRead0), 0u);           // the 32 kHz counter is off
    for (uint64_t off = kToyMatch0; off < kToyMatch0 + 12; off += 4) EXPECT_EQ(r.rd(off), 0u);
    EXPECT_FALSE(r.rtc.irq());
    EXPECT_EQ(r.rtc.next_deadline(), UINT64_MAX);
}

TEST(Ls7aRtcTime, ReadsTheDateOfTheVirtualTime) {
    Rig r;
    // 2026-03-01 12:34:56 is 5142896 s after 2026-01-01 (59 days + 45296 s).
    r.now = 5142896 * kHz;
    EXPECT_EQ(r.rd(kToyRead0), 0x0c2c8b80u);
    EXPECT_EQ(r.rd(kToyRead0), toy0(3, 1, 12, 34, 56));
    EXPECT_EQ(r.rd(kToyRead1), 126u);
    r.now += kHz - 1;  // within the same second
    EXPECT_EQ(r.rd(kToyRead0), toy0(3, 1, 12, 34, 56));
    r.now += 1;
    EXPECT_EQ(r.rd(kToyRead0), toy0(3, 1, 12, 34, 57));
    // Year end: 2026-12-31 23:59:59 (364 days + 86399 s), then 2027-01-01.
    r.now = (364ull * 86400 + 86399) * kHz;
    EXPECT_EQ(r.rd(kToyRead0), toy0(12, 31, 23, 59, 59));
    EXPECT_EQ(r.rd(kToyRead1), 126u);
    r.now += kHz;
    EXPECT_EQ(r.rd(kToyRead0), toy0(1, 1, 0, 0, 0));
    EXPECT_EQ(r.rd(kToyRead1), 127u);
}

TEST(Ls7aRtcTime, ConfigurableEpochAndLeapDay) {
    Ls7aRtc::Config cfg;
    cfg.epoch = 1709164799;  // 2024-02-28 23:59:59
    Rig r(cfg);
    EXPECT_EQ(r.rd(kToyRead0), toy0(2, 28, 23, 59, 59));
    EXPECT_EQ(r.rd(kToyRead1), 124u);
    r.now = kHz;
    EXPECT_EQ(r.rd(kToyRead0), toy0(2, 29, 0, 0, 0));
    r.now = (1 + 86400) * kHz;
    EXPECT_EQ(r.rd(kToyRead0), toy0(3, 1, 0, 0, 0));
    // Another tick rate: 1 kHz.
    Ls7aRtc::Config slow;
    slow.tick_hz = 1000;
    Rig s(slow);
    s.now = 61'000;
    EXPECT_EQ(s.rd(kToyRead0), toy0(1, 1, 0, 1, 1));
}

TEST(Ls7aRtcTime, QemuResetStateReadsZeroUntilEnabled) {
    Ls7aRtc::Config cfg;
    cfg.ctrl_at_reset = 0;  // QEMU's ls7a_rtc_reset
    Rig r(cfg);
    r.now = 42 * kHz;
    EXPECT_EQ(r.rd(kCtrl), 0u);
    EXPECT_EQ(r.rd(kToyRead0), 0u);
    EXPECT_EQ(r.rd(kToyRead1), 0u);
    r.wr(kToyWrite1, 100);  // ignored while the TOY is off
    r.wr(0x40, 0x800);      // TOYEN without EO: still off
    EXPECT_EQ(r.rd(kToyRead0), 0u);
    r.wr(kCtrl, 0x900);
    EXPECT_EQ(r.rd(kToyRead0), toy0(1, 1, 0, 0, 42));
    EXPECT_EQ(r.rd(kToyRead1), 126u);
}

TEST(Ls7aRtcTime, GuestSetsTheTimeAndItKeepsRunning) {
    Rig r;
    r.now = 1000 * kHz;
    // Linux's loongson_rtc_set_time: TOY_WRITE0 then TOY_WRITE1 (2030-06-15 08:00:00).
    r.wr(kToyWrite0, toy0(6, 15, 8, 0, 0) | 0x7);  // msec bits are ignored
    r.wr(kToyWrite1, 130);
    EXPECT_EQ(r.rd(kToyRead0), toy0(6, 15, 8, 0, 0));
    EXPECT_EQ(r.rd(kToyRead1), 130u);
    EXPECT_EQ(r.rtc.toy_time(), 1907740800);  // calendar.timegm((2030,6,15,8,0,0))
    r.now += 90 * kHz;
    EXPECT_EQ(r.rd(kToyRead0), toy0(6, 15, 8, 1, 30));
    // The time set survives a reset (QEMU keeps offset_toy).
    r.rtc.reset();
    EXPECT_EQ(r.rd(kToyRead0), toy0(6, 15, 8, 1, 30));
    // Out-of-range fields fold as QEMU's mktimegm does: month 0 is December of last year.
    r.wr(kToyWrite0, toy0(0, 1, 0, 0, 0));
    EXPECT_EQ(r.rd(kToyRead0), toy0(12, 1, 0, 0, 0));
    EXPECT_EQ(r.rd(kToyRead1), 129u);
}

TEST(Ls7aRtcCounter, ThirtyTwoKilohertzCounter) {
    Rig r;
    EXPECT_EQ(r.rd(kRtcRead0), 0u);
    r.wr(kCtrl, 0x2900);  // RTCEN | TOYEN | EO
    // (1767225600 * 32768 + t * 32768 / 1e8) mod 2^32
    EXPECT_EQ(r.rd(kRtcRead0), 0xdc800000u);
    r.now = kHz;
    EXPECT_EQ(r.rd(kRtcRead0), 0xdc808000u);
    r.now = 123'456'789;
    EXPECT_EQ(r.rd(kRtcRead0), 0xdc809e06u);
    r.wr(kRtcWrite0, 1000);
    EXPECT_EQ(r.rd(kRtcRead0), 1000u);
    r.now += kHz;
    EXPECT_EQ(r.rd(kRtcRead0), 1000u + 32768u);
}

TEST(Ls7aRtcAlarm, ToyMatchRaisesTheLineAtItsSecond) {
    Rig r;
    // 2026-01-01 00:00:10: year field = 126 & 63 = 62, mon 1, day 1, hour 0, min 0, sec 10.
    const uint32_t match = (62u << 26) | (1u << 22) | (1u << 17) | 10u;
    r.wr(kToyMatch0, match);
    EXPECT_EQ(r.rd(kToyMatch0), match);
    EXPECT_EQ(r.rtc.next_deadline(), 10 * kHz);
    r.now = 10 * kHz - 1;
    r.rtc.poll();
    EXPECT_TRUE(r.take().empty());
    r.now = 10 * kHz;
    r.rtc.poll();
    EXPECT_EQ(r.take(), (std::vector<bool>{true}));
    EXPECT_TRUE(r.rtc.irq());
    EXPECT_EQ(r.rtc.next_deadline(), UINT64_MAX);
    // loongson_rtc_isr writes TOY_MATCH0 = 0 to clear it; a time in the past never fires.
    r.wr(kToyMatch0, 0);
    EXPECT_EQ(r.take(), (std::vector<bool>{false}));
    EXPECT_EQ(r.rtc.next_deadline(), UINT64_MAX);
    r.now = 1000 * kHz;
    r.rtc.poll();
    EXPECT_TRUE(r.take().empty());
}

TEST(Ls7aRtcAlarm, MatchTimeAlreadyPassedNeverFires) {
    Rig r;
    r.now = 100 * kHz;  // 00:01:40
    r.wr(kToyMatch0, (62u << 26) | (1u << 22) | (1u << 17) | 50u);  // 00:00:50
    EXPECT_EQ(r.rtc.next_deadline(), UINT64_MAX);
    r.rtc.poll();
    r.now = 200 * kHz;
    r.rtc.poll();
    EXPECT_FALSE(r.rtc.irq());
    EXPECT_TRUE(r.take().empty());
    // The same second as now has passed too; the next second has not.
    r.wr(kToyMatch0, (62u << 26) | (1u << 22) | (1u << 17) | (3u << 6) | 20u);  // 00:03:20
    EXPECT_EQ(r.rtc.next_deadline(), UINT64_MAX);
    r.wr(kToyMatch0, (62u << 26) | (1u << 22) | (1u << 17) | (3u << 6) | 21u);
    EXPECT_EQ(r.rtc.next_deadline(), 201 * kHz);
}

TEST(Ls7aRtcAlarm, DisablingTheToyCancelsItsMatches) {
    Rig r;
    r.wr(kToyMatch0 + 4, (62u << 26) | (1u << 22) | (1u << 17) | (1u << 6));  // 00:01:00
    EXPECT_EQ(r.rtc.next_deadline(), 60 * kHz);
    r.wr(kCtrl, 0);
    EXPECT_EQ(r.rtc.next_deadline(), UINT64_MAX);
    r.now = 61 * kHz;
    r.rtc.poll();
    EXPECT_FALSE(r.rtc.irq());
    r.wr(kToyMatch0 + 8, 123);  // not stored while off (QEMU)
    EXPECT_EQ(r.rd(kToyMatch0 + 8), 0u);
    EXPECT_EQ(r.rd(kToyMatch0 + 4), (62u << 26) | (1u << 22) | (1u << 17) | (1u << 6));
}

TEST(Ls7aRtcAlarm, RtcMatchFiresWhenTheCounterGetsThere) {
    Rig r;
    r.wr(kCtrl, 0x2900);
    const uint32_t c = r.rd(kRtcRead0);
    r.wr(kRtcMatch0 + 8, c + 32768);  // one second from now
    EXPECT_EQ(r.rtc.next_deadline(), kHz);
    r.now = kHz - 1;
    r.rtc.poll();
    EXPECT_FALSE(r.rtc.irq());
    r.now = kHz;
    r.rtc.poll();
    EXPECT_EQ(r.take(), (std::vector<bool>{true}));
    r.wr(kRtcMatch0 + 8, 0);
    EXPECT_EQ(r.take(), (std::vector<bool>{false}));
}

TEST(Ls7aRtcAccess, FourByteAccessesOnly) {
    Rig r;
    uint64_t v = 0;
    EXPECT_FALSE(r.rtc.read(kToyRead0, 8, v));
    EXPECT_FALSE(r.rtc.read(kToyRead0, 1, v));
    EXPECT_FALSE(r.rtc.read(kToyRead0 + 2, 4, v));
    EXPECT_FALSE(r.rtc.write(kCtrl, 2, 0));
    EXPECT_FALSE(r.rtc.read(0x100, 4, v));
    EXPECT_EQ(r.rd(kCtrl), 0x900u);
    EXPECT_EQ(r.rd(0x00), 0u);
    EXPECT_EQ(r.rd(0x20), 0u);   // TOY_TRIM
    EXPECT_EQ(r.rd(0x60), 0u);   // RTC_TRIM
    EXPECT_EQ(r.rd(kToyWrite0), 0u);
    EXPECT_EQ(r.rd(0xfc), 0u);
    r.wr(0xfc, 0xffffffff);
    r.wr(0x20, 0xffffffff);
    EXPECT_EQ(r.rd(0x20), 0u);
    // Any year the guest writes stays well defined.
    r.wr(kToyWrite1, 0xffffffff);
    EXPECT_EQ(r.rd(kToyRead1), 0xffffffffu);
    r.wr(kToyWrite1, 0x7fffffff);
    EXPECT_EQ(r.rd(kToyRead1), 0x7fffffffu);
    r.wr(kToyWrite0, 0xffffffff);
    r.rd(kToyRead0);
    r.wr(kToyMatch0, 0xffffffff);
    r.rtc.poll();
}

TEST(Ls7aRtcRobustness, RandomTrafficAndExtremeTimesStayDefined) {
    // Run under the asan preset: no overflow or out-of-bounds for any guest value, any
    // virtual time and extreme configurations.
    for (const int64_t epoch : {int64_t{0}, Ls7aRtc::Config::kDefaultEpoch, INT64_MIN, INT64_MAX}) {
        for (const uint64_t hz : {uint64_t{0}, uint64_t{1}, uint64_t{100'000'000}}) {
            Ls7aRtc::Config cfg;
            cfg.epoch = epoch;
            cfg.tick_hz = hz;
            Rig r(cfg);
            std::mt19937_64 rng(epoch ^ hz);
            for (int i = 0; i < 3000; ++i) {
                r.now = (rng() & 1) ? rng() : rng() % (1000 * kHz);
                const uint64_t off = rng() % 0x100 & ~uint64_t{3};
                uint64_t v = rng();
                if (rng() & 1) r.rtc.read(off, 4, v);
                else r.rtc.write(off, 4, (rng() & 1) ? v : (v & 0x2900));
                r.rtc.poll();
                r.rtc.next_deadline();
                r.rtc.toy_time();
            }
        }
    }
    // Each TOY_WRITE0 with month 63 moves the date ~5 years on: the date must stay defined.
    Rig r;
    for (int i = 0; i < 200000; ++i) r.wr(kToyWrite0, 0xffffffff);
    r.rd(kToyRead0);
    r.rd(kToyRead1);
    r.wr(kToyMatch0, 0xffffffff);
    EXPECT_GT(r.rtc.toy_time(), int64_t{1} << 44);  // about a million years on
}

}  // namespace
