// SPDX-License-Identifier: Apache-2.0
// Taking an exception or an interrupt and returning from one (manual Vol. 1 §6.2;
// la64-privileged.md §4.3-§4.7): general exceptions, TLB refill, interrupts with ECFG.VS
// vector spacing, ERTN from each of the three contexts. Machine errors are never raised
// (no RAS model) but ERTN honours MERRCTL.IsMERR; debug mode is not modelled.
#pragma once

#include "lvzemu/cpu/hart_state.h"

namespace la::cpu {

/// ESTAT.IS / ECFG.LIE bits that are interrupt lines (IntNum 0..12, la64-privileged.md §9).
inline constexpr uint64_t kIrqMask = 0x1fff;

/// Delivers `h.exc` for the instruction at h.pc. General: PRMD <- CRMD.{PLV,IE,WE},
/// CRMD.{PLV,IE,WE} <- 0, ERA <- pc, ESTAT.{Ecode,EsubCode}, BADV when the exception has
/// one, BADI <- the instruction word, pc <- EENTRY + Ecode spacing. TLB refill: the TLBR*
/// CSRs, DA mode, pc <- TLBRENTRY.
void enter_exception(HartState& h);

/// Takes interrupt `irq` (IntNum) before the instruction at h.pc: ERA <- pc, Ecode = INT,
/// pc <- EENTRY + (64 + irq) spacing.
void enter_interrupt(HartState& h, unsigned irq);

/// LVZ: a root interrupt `irq` arrives while a guest runs: exit to the root and take it
/// there (ERA = the guest PC, lvz.md §4.3).
void enter_root_interrupt(HartState& h, unsigned irq);

/// The IntNum to take (highest of ESTAT.IS & ECFG.LIE), or -1. CRMD.IE is not checked.
int pending_interrupt(const HartState& h);

/// ERTN: restores CRMD from MERRCTL (IsMERR), TLBRPRMD (IsTLBR) or PRMD and sets
/// h.next_pc to MERRERA / TLBRERA / ERA; LLBit cleared unless LLBCTL.KLO (which then
/// clears itself).
void return_from_exception(HartState& h);

}  // namespace la::cpu
