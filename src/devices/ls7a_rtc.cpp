// SPDX-License-Identifier: Apache-2.0
// Behaviour follows QEMU's hw/rtc/ls7a_rtc.c (register decode, field layouts, enable rules,
// offset_toy/offset_rtc, what a match write computes) and util/cutils.c mktimegm (how
// out-of-range fields fold into a time). QEMU reads the host clock; here the base clock is
// `epoch + now() / tick_hz`, so everything is a function of virtual time. Differences from
// QEMU (reset value of RTC_CTRL, matches in the past never fire, the interrupt is lowered
// when the guest rewrites the match register) are in docs/interrupts.md.
#include "lvzemu/devices/ls7a_rtc.h"

#include <algorithm>
#include <cstdint>

namespace la::dev {

namespace {

using u128 = unsigned __int128;
constexpr uint64_t kNever = UINT64_MAX;
constexpr int64_t kDay = 86400;

// struct tm as QEMU uses it: year = years since 1900, mon = 0..11.
struct Tm {
    int64_t year, mon, mday, hour, min, sec;
};

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// Days since 1970-01-01 of a proleptic Gregorian date (month 1..12), H. Hinnant's method.
int64_t days_from_civil(int64_t y, int64_t m, int64_t d) {
    y -= m <= 2;
    const int64_t era = floor_div(y, 400);
    const int64_t yoe = y - era * 400;                                    // [0, 399]
    const int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;  // [0, 365]
    const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;            // [0, 146096]
    return era * 146097 + doe - 719468;
}

Tm gmtime(int64_t t) {
    const int64_t days = floor_div(t, kDay);
    const int64_t sod = t - days * kDay;
    const int64_t z = days + 719468;
    const int64_t era = floor_div(z, 146097);
    const int64_t doe = z - era * 146097;
    const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int64_t mp = (5 * doy + 2) / 153;
    const int64_t mday = doy - (153 * mp + 2) / 5 + 1;
    const int64_t mon = mp < 10 ? mp + 3 : mp - 9;  // 1..12
    const int64_t year = yoe + era * 400 + (mon <= 2);
    return {year - 1900, mon - 1, mday, sod / 3600, sod / 60 % 60, sod % 60};
}

// QEMU util/cutils.c mktimegm: no normalisation, fields out of range extrapolate linearly.
// Every field here comes from a register of at most 32 bits, so nothing overflows.
int64_t mktimegm(const Tm& tm) {
    int64_t y = tm.year + 1900, m = tm.mon + 1;
    const int64_t d = tm.mday;
    if (m < 3) {
        m += 12;
        y--;
    }
    return kDay * (d + (153 * m - 457) / 5 + 365 * y + y / 4 - y / 100 + y / 400 - 719469) +
           3600 * tm.hour + 60 * tm.min + tm.sec;
}

constexpr uint32_t field(uint64_t v, unsigned shift, unsigned bits) {
    return static_cast<uint32_t>(v >> shift) & ((1u << bits) - 1);
}

}  // namespace

Ls7aRtc::Ls7aRtc(NowFn now, Config config) : now_(std::move(now)), cfg_(config) {
    cfg_.tick_hz = std::max<uint64_t>(cfg_.tick_hz, 1);
    // Keep every later computation far from int64 overflow: epochs within +-2^40 s.
    cfg_.epoch = std::clamp<int64_t>(cfg_.epoch, -(int64_t{1} << 40), int64_t{1} << 40);
    reset();
}

int64_t Ls7aRtc::unix_time(int64_t year, unsigned month, unsigned day, unsigned hour, unsigned minute,
                           unsigned second) {
    year = std::clamp<int64_t>(year, -(int64_t{1} << 32), int64_t{1} << 32);
    return days_from_civil(year, month, day) * kDay + int64_t{hour} * 3600 + int64_t{minute} * 60 +
           second;
}

// --- clocks ------------------------------------------------------------------------------------

int64_t Ls7aRtc::base_seconds(uint64_t t) const {
    // Clamped at 2^62 s (10^11 years) so that no later sum can overflow.
    return cfg_.epoch + static_cast<int64_t>(std::min<uint64_t>(t / cfg_.tick_hz, uint64_t{1} << 62));
}

int64_t Ls7aRtc::toy_time() const { return base_seconds(now()) + offset_toy_; }

uint64_t Ls7aRtc::counter(uint64_t t) const {
    const uint64_t ticks = static_cast<uint64_t>(u128{t} * kRtcHz / cfg_.tick_hz);
    return static_cast<uint64_t>(cfg_.epoch) * kRtcHz + ticks + offset_rtc_;  // modulo 2^64
}

// --- matches -----------------------------------------------------------------------------------

void Ls7aRtc::arm_toy(unsigned n) {
    // QEMU toymatch_val_to_time: today's date with the match's fields; the 6-bit year field
    // replaces the low 6 bits of the current year.
    const uint32_t v = toymatch_[n];
    const int64_t now_toy = toy_time();
    Tm tm = gmtime(now_toy);
    tm.sec = field(v, 0, 6);
    tm.min = field(v, 6, 6);
    tm.hour = field(v, 12, 5);
    tm.mday = field(v, 17, 5);
    tm.mon = int64_t{field(v, 22, 4)} - 1;
    tm.year += int64_t{field(v, 26, 6)} - (tm.year & 0x3f);
    const int64_t when = mktimegm(tm);
    armed_[n] = false;
    if (when <= now_toy) return;  // a time already passed never matches
    // base_seconds(t) + offset_toy >= when  <=>  t >= (when - offset_toy - epoch) * hz
    const int64_t vsec = when - offset_toy_ - cfg_.epoch;  // > now / hz >= 0
    const u128 t = u128{static_cast<uint64_t>(vsec)} * cfg_.tick_hz;
    if (t > kNever - 1) return;
    armed_[n] = true;
    deadline_[n] = static_cast<uint64_t>(t);
}

void Ls7aRtc::arm_rtc(unsigned n) {
    // The next virtual time at which the low 32 bits of the counter equal the match value.
    const uint64_t t0 = now();
    const uint64_t cur = counter(t0);
    uint64_t delta = static_cast<uint32_t>(rtcmatch_[n] - static_cast<uint32_t>(cur));
    if (delta == 0) delta = uint64_t{1} << 32;
    const u128 k = (u128{t0} * kRtcHz / cfg_.tick_hz) + delta;  // 32 kHz ticks since time 0
    const u128 t = (k * cfg_.tick_hz + kRtcHz - 1) / kRtcHz;    // first t with ticks(t) >= k
    armed_[kMatches + n] = t <= kNever - 1;
    if (armed_[kMatches + n]) deadline_[kMatches + n] = static_cast<uint64_t>(t);
}

void Ls7aRtc::set_toy(int64_t when) {
    // QEMU: offset_toy = qemu_timedate_diff(&tm). Bounded to +-2^56 s (2 billion years) so
    // that no number of odd writes can walk the date into overflow.
    constexpr int64_t kLimit = int64_t{1} << 56;
    offset_toy_ = std::clamp(when - base_seconds(now()), -kLimit, kLimit);
}

void Ls7aRtc::set_fired(uint32_t fired) {
    const bool old = fired_ != 0;
    fired_ = fired;
    if ((fired_ != 0) != old && irq_fn_) irq_fn_(fired_ != 0);
}

void Ls7aRtc::poll() {
    const uint64_t t = now();
    uint32_t fired = fired_;
    for (unsigned i = 0; i < 2 * kMatches; ++i) {
        if (!armed_[i] || deadline_[i] > t) continue;
        armed_[i] = false;
        if (i < kMatches ? toy_enabled() : rtc_enabled()) fired |= 1u << i;
    }
    set_fired(fired);
}

uint64_t Ls7aRtc::next_deadline() const {
    uint64_t d = kNever;
    for (unsigned i = 0; i < 2 * kMatches; ++i)
        if (armed_[i]) d = std::min(d, deadline_[i]);
    return d;
}

// --- registers -----------------------------------------------------------------------------------

bool Ls7aRtc::read(uint64_t offset, unsigned size, uint64_t& value) {
    if (size != 4 || (offset & 3) || offset > kSize - 4) return false;
    value = 0;
    switch (offset) {
        case kToyRead0:
            if (toy_enabled()) {
                const Tm tm = gmtime(toy_time());
                value = (uint64_t(tm.mon + 1) << 26) | (uint64_t(tm.mday) << 21) |
                        (uint64_t(tm.hour) << 16) | (uint64_t(tm.min) << 10) | (uint64_t(tm.sec) << 4);
            }
            break;
        case kToyRead1:
            if (toy_enabled()) value = static_cast<uint32_t>(gmtime(toy_time()).year);
            break;
        case kRtcCtrl: value = ctrl_; break;
        case kRtcRead0:
            if (rtc_enabled()) value = static_cast<uint32_t>(counter(now()));
            break;
        default:
            if (offset >= kToyMatch0 && offset < kToyMatch0 + 4 * kMatches)
                value = toymatch_[(offset - kToyMatch0) / 4];
            else if (offset >= kRtcMatch0 && offset < kRtcMatch0 + 4 * kMatches)
                value = rtcmatch_[(offset - kRtcMatch0) / 4];
            break;  // TOY_TRIM, RTC_TRIM, the write-only registers, the rest: 0
    }
    return true;
}

bool Ls7aRtc::write(uint64_t offset, unsigned size, uint64_t value) {
    if (size != 4 || (offset & 3) || offset > kSize - 4) return false;
    const uint32_t v = static_cast<uint32_t>(value);
    switch (offset) {
        case kToyWrite0:
            if (toy_enabled()) {  // QEMU: no write while the TOY is off
                Tm tm = gmtime(toy_time());
                tm.sec = field(v, 4, 6);
                tm.min = field(v, 10, 6);
                tm.hour = field(v, 16, 5);
                tm.mday = field(v, 21, 5);
                tm.mon = int64_t{field(v, 26, 6)} - 1;
                set_toy(mktimegm(tm));
            }
            return true;
        case kToyWrite1:
            if (toy_enabled()) {
                Tm tm = gmtime(toy_time());
                tm.year = static_cast<int32_t>(v);  // QEMU: tm.tm_year = val (an int)
                set_toy(mktimegm(tm));
            }
            return true;
        case kRtcCtrl: {
            const bool toy_was = toy_enabled(), rtc_was = rtc_enabled();
            ctrl_ = v;
            if (toy_was != toy_enabled())
                for (unsigned n = 0; n < kMatches; ++n) {
                    if (toy_enabled()) arm_toy(n);
                    else armed_[n] = false;
                }
            if (rtc_was != rtc_enabled())
                for (unsigned n = 0; n < kMatches; ++n) {
                    if (rtc_enabled()) arm_rtc(n);
                    else armed_[kMatches + n] = false;
                }
            return true;
        }
        case kRtcWrite0:
            if (rtc_enabled()) offset_rtc_ = uint64_t{v} - (counter(now()) - offset_rtc_);
            return true;
        default: break;
    }
    if (offset >= kToyMatch0 && offset < kToyMatch0 + 4 * kMatches) {
        const unsigned n = static_cast<unsigned>((offset - kToyMatch0) / 4);
        set_fired(fired_ & ~(1u << n));  // Linux's handler rewrites TOY_MATCH0 to clear it
        if (toy_enabled()) {
            toymatch_[n] = v;
            arm_toy(n);
        }
    } else if (offset >= kRtcMatch0 && offset < kRtcMatch0 + 4 * kMatches) {
        const unsigned n = static_cast<unsigned>((offset - kRtcMatch0) / 4);
        set_fired(fired_ & ~(1u << (kMatches + n)));
        if (rtc_enabled()) {
            rtcmatch_[n] = v;
            arm_rtc(n);
        }
    }
    return true;  // TOY_TRIM, RTC_TRIM, the read-only registers, the rest: ignored
}

void Ls7aRtc::reset() {
    std::fill(std::begin(toymatch_), std::end(toymatch_), 0u);
    std::fill(std::begin(rtcmatch_), std::end(rtcmatch_), 0u);
    std::fill(std::begin(armed_), std::end(armed_), false);
    ctrl_ = cfg_.ctrl_at_reset;
    set_fired(0);
}

}  // namespace la::dev
