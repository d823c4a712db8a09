// SPDX-License-Identifier: Apache-2.0
#include "lvzemu/cpu/timer.h"

#include "lvzemu/cpu/csr.h"

namespace la::cpu {

namespace {

using la::gen::Csr;
constexpr const la::gen::CsrField& kTcfgEn = csr_field(Csr::TCFG, "En");
constexpr const la::gen::CsrField& kTcfgPeriodic = csr_field(Csr::TCFG, "Periodic");
constexpr const la::gen::CsrField& kTcfgInitVal = csr_field(Csr::TCFG, "InitVal");
constexpr const la::gen::CsrField& kTvalTimeVal = csr_field(Csr::TVAL, "TimeVal");
constexpr uint16_t kTCFG = csr_num(Csr::TCFG), kTVAL = csr_num(Csr::TVAL);

// InitVal is TCFG[n-1:2] with two low zero bits appended (la64-privileged.md §8).
uint64_t init_ticks(const uint64_t* csr) { return csr[kTCFG] & kTcfgInitVal.mask(); }

}  // namespace

void timer_configure(uint64_t* csr, uint64_t& deadline, uint64_t now) {
    if (kTcfgEn.get(csr[kTCFG])) {
        deadline = now + init_ticks(csr);
    } else {
        csr[kTVAL] = timer_value(csr, deadline, now);  // stopped: TVAL keeps the value it had
        deadline = kNoDeadline;
    }
}

uint64_t timer_value(const uint64_t* csr, uint64_t deadline, uint64_t now) {
    if (deadline == kNoDeadline) return csr[kTVAL];
    return deadline > now ? deadline - now : 0;
}

void timer_set_value(uint64_t* csr, uint64_t& deadline, uint64_t now, uint64_t value) {
    value &= kTvalTimeVal.mask();
    csr[kTVAL] = value;
    if (kTcfgEn.get(csr[kTCFG])) deadline = now + value;  // 0: expires at the next boundary
}

void timer_expire(uint64_t* csr, uint64_t& deadline, uint64_t now, bool guest_bank) {
    csr[kESTAT] |= kEstatTi;
    const uint64_t period = init_ticks(csr);
    if (kTcfgPeriodic.get(csr[kTCFG]) && period != 0) {
        // Reload; a hart that was parked past several periods sees one interrupt (TI is a
        // level until TICLR), and the next deadline stays on the period grid.
        deadline += period * ((now - deadline) / period + 1);
    } else {
        // One-shot (or a zero period): stops. IMPL-DEFINED: TCFG.En stays set (QEMU clears
        // it). TVAL: 0 per the manual for the root; all ones for an LVZ guest (KVM's
        // "If oneshot timer is fired, CSR TVAL will be -1", lvz.md §6.2).
        csr[kTVAL] = guest_bank ? kTvalTimeVal.mask() : 0;
        deadline = kNoDeadline;
    }
}

}  // namespace la::cpu
