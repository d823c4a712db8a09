// SPDX-License-Identifier: Apache-2.0
#include "lvzemu/cpu/timer.h"

#include "lvzemu/cpu/csr.h"

namespace la::cpu {

namespace {

using la::gen::Csr;
constexpr const la::gen::CsrField& kTcfgEn = csr_field(Csr::TCFG, "En");
constexpr const la::gen::CsrField& kTcfgPeriodic = csr_field(Csr::TCFG, "Periodic");
constexpr const la::gen::CsrField& kTcfgInitVal = csr_field(Csr::TCFG, "InitVal");
constexpr uint16_t kTCFG = csr_num(Csr::TCFG), kTVAL = csr_num(Csr::TVAL);

// InitVal is TCFG[n-1:2] with two low zero bits appended (la64-privileged.md §8).
uint64_t init_ticks(const HartState& h) { return h.csr[kTCFG] & kTcfgInitVal.mask(); }

}  // namespace

void timer_configure(HartState& h) {
    if (kTcfgEn.get(h.csr[kTCFG])) {
        h.timer_deadline = now(h) + init_ticks(h);
    } else {
        h.csr[kTVAL] = timer_value(h);  // stopped: TVAL keeps the value it had
        h.timer_deadline = kNoDeadline;
    }
}

uint64_t timer_value(const HartState& h) {
    if (h.timer_deadline == kNoDeadline) return h.csr[kTVAL];
    const uint64_t t = now(h);
    return h.timer_deadline > t ? h.timer_deadline - t : 0;
}

void timer_expire(HartState& h) {
    h.csr[kESTAT] |= kEstatTi;
    const uint64_t period = init_ticks(h);
    if (kTcfgPeriodic.get(h.csr[kTCFG]) && period != 0) {
        // Reload; a hart that was parked past several periods sees one interrupt (TI is a
        // level until TICLR), and the next deadline stays on the period grid.
        const uint64_t t = now(h);
        h.timer_deadline += period * ((t - h.timer_deadline) / period + 1);
    } else {
        // One-shot (or a zero period): stops at 0. IMPL-DEFINED: TCFG.En stays set (QEMU
        // clears it; the manual says the count stops).
        h.csr[kTVAL] = 0;
        h.timer_deadline = kNoDeadline;
    }
}

}  // namespace la::cpu
