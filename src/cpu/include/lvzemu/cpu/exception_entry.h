// SPDX-License-Identifier: Apache-2.0
// Taking an exception and returning from one (manual Vol. 1 §6.2; la64-privileged.md
// §4.3, §4.7). This stage models general exceptions in DA mode; TLB refill, machine
// error, interrupts and vector spacing complete with issue #4.
#pragma once

#include "lvzemu/cpu/hart_state.h"

namespace la::cpu {

/// Delivers `h.exc` for the instruction at h.pc: PRMD <- CRMD.{PLV,IE}, CRMD.{PLV,IE} <- 0,
/// ERA <- pc, ESTAT.{Ecode,EsubCode}, BADV when the exception has one, BADI <- the
/// instruction word, pc <- EENTRY.
void enter_exception(HartState& h);

/// ERTN: CRMD.{PLV,IE} <- PRMD.{PPLV,PIE}; LLBit cleared unless LLBCTL.KLO (which then
/// clears itself); h.next_pc <- ERA.
void return_from_exception(HartState& h);

}  // namespace la::cpu
