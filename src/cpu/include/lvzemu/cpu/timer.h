// SPDX-License-Identifier: Apache-2.0
// The constant timer (TCFG/TVAL/TICLR) on virtual time (manual Vol. 1 §7.6;
// la64-privileged.md §8). Time is now(h) (hart_state.h): the timer counts down one per
// stable-counter tick. Its only state besides the CSRs is HartState::timer_deadline, the
// tick at which it reaches 0; the interpreter ends its chains there and calls
// timer_expire, so the interrupt is raised at the exact instruction boundary.
#pragma once

#include "lvzemu/cpu/hart_state.h"

namespace la::cpu {

inline constexpr uint64_t kNoDeadline = ~uint64_t{0};

/// TCFG was written: En = 1 (re)starts the count from InitVal, En = 0 stops it.
void timer_configure(HartState& h);
/// TVAL as software reads it: the ticks left, or the value it stopped at.
uint64_t timer_value(const HartState& h);
/// Called when now(h) >= timer_deadline: raises TI; a periodic timer reloads InitVal, a
/// one-shot one stops at 0.
void timer_expire(HartState& h);

}  // namespace la::cpu
