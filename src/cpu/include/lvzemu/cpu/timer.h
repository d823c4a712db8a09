// SPDX-License-Identifier: Apache-2.0
// The constant timer (TCFG/TVAL/TICLR) on virtual time (manual Vol. 1 §7.6;
// la64-privileged.md §8). Time is now(h) (hart_state.h): the timer counts down one per
// stable-counter tick. Its only state besides the CSRs is a deadline, the tick at which it
// reaches 0; the interpreter ends its chains there and expires it, so the interrupt is
// raised at the exact instruction boundary. With LVZ there are two timers, one per CSR
// bank (lvz.md §6.2): the functions take the bank and its deadline.
#pragma once

#include "lvzemu/cpu/hart_state.h"

namespace la::cpu {

inline constexpr uint64_t kNoDeadline = ~uint64_t{0};

/// TCFG was written: En = 1 (re)starts the count from InitVal, En = 0 stops it.
void timer_configure(uint64_t* csr, uint64_t& deadline, uint64_t now);
/// TVAL as software reads it: the ticks left, or the value it stopped at.
uint64_t timer_value(const uint64_t* csr, uint64_t deadline, uint64_t now);
/// LVZ: the root wrote the guest's TVAL (lvz.md §6.2): count from `value` (0 fires now).
void timer_set_value(uint64_t* csr, uint64_t& deadline, uint64_t now, uint64_t value);
/// Called when now >= deadline: raises TI; a periodic timer reloads InitVal, a one-shot
/// one stops (TVAL 0 for the root's timer as the manual says; all ones for a guest's, as
/// KVM documents for LVZ hardware, lvz.md §6.2).
void timer_expire(uint64_t* csr, uint64_t& deadline, uint64_t now, bool guest_bank);

inline void timer_configure(HartState& h) { timer_configure(h.csr, h.timer_deadline, now(h)); }
inline uint64_t timer_value(const HartState& h) { return timer_value(h.csr, h.timer_deadline, now(h)); }

}  // namespace la::cpu
