// SPDX-License-Identifier: Apache-2.0
// The LVZ virtualization extension's hart mechanics (docs/lvz.md; the reconstructed spec
// is ../shared/reference/lvz.md): the two CSR banks and the switch between root and guest
// mode, the routing of guest events to the root, the GID tags of the one shared TLB, and
// the guest's interrupt lines. Built into la_sem, because the semantics (ERTN, CSR and
// gcsr* instructions, the guest-sensitive instructions) need them; the two-stage
// translation itself is in la_mmu and the machine.
//
// How guest mode works: HartState::csr is always the bank of the current mode. Entering
// the guest swaps the guest-bank CSRs (spec/csrs.tbl flag `guest`) with
// HartState::csr_other, and the root's constant timer with the guest's; the root-only LVZ
// CSRs (GSTAT, GCFG, GINTC, GCNTC, GTLBC, TRGP) stay where they are. The interpreter, the
// exception entry and the timer then run the guest exactly as they run the root.
#pragma once

#include <cstdint>

#include "lvzemu/cpu/hart_state.h"

namespace la::lvz {

using cpu::ExecResult;
using cpu::HartState;

/// TLB tags (the GID field of TLB entries; docs/lvz.md, "One TLB"): 0 = the root's own
/// translations; 1..255 = stage-2 (GPA -> HPA) entries of the guest with that GID;
/// kStage1 | GID = that guest's stage-1 (GVA -> GPA) entries.
inline constexpr uint16_t kStage1 = 0x100;
constexpr bool is_stage2_tag(uint16_t tag) { return tag != 0 && tag < kStage1; }

/// CPUCFG2.LVZ: the extension is there.
bool enabled(const HartState& h);

inline uint64_t* guest_bank(HartState& h) { return h.vm ? h.csr : h.csr_other; }
inline const uint64_t* guest_bank(const HartState& h) { return h.vm ? h.csr : h.csr_other; }
inline uint64_t* root_bank(HartState& h) { return h.vm ? h.csr_other : h.csr; }
inline const uint64_t* root_bank(const HartState& h) { return h.vm ? h.csr_other : h.csr; }
inline uint64_t& guest_deadline(HartState& h) { return h.vm ? h.timer_deadline : h.timer_deadline_other; }
inline uint64_t& root_deadline(HartState& h) { return h.vm ? h.timer_deadline_other : h.timer_deadline; }

/// GSTAT.GID: the guest that runs, or that ERTN with PVM = 1 will enter.
uint8_t gid(const HartState& h);
/// The tag root-mode TLB instructions use (lvz.md §5.3): GTLBC.TGID if GTLBC.USETGID,
/// else GSTAT.GID if GSTAT.PVM, else 0 (the root's own entries).
uint16_t root_tlb_tag(const HartState& h);
/// The tag of the running guest's stage-1 entries.
inline uint16_t guest_tag(const HartState& h) { return kStage1 | gid(h); }

/// Guest entry (ERTN with GSTAT.PVM = 1, lvz.md §4.2): swap banks, GSTAT.VM = 1.
void enter_guest(HartState& h);
/// Guest exit (lvz.md §4.3): swap back, GSTAT.VM = 0, GSTAT.PVM = 1. The caller then
/// takes the exception or interrupt on the root bank.
void exit_to_root(HartState& h);
/// Records an exception the root handles (GSPR, HVC, stage-2 faults, ...).
ExecResult trap_to_root(HartState& h, cpu::Ecode e, uint16_t sub = 0);

/// A guest CSR instruction on `num` goes to the root (GSPR) instead (lvz.md §3.4): a CSR
/// with no guest copy, a timer CSR under GCFG.TIT, any CSR under GCFG.TOP.
bool guest_csr_traps(const HartState& h, uint16_t num);
/// A guest CACOP with this code traps under GCFG.GCI (lvz.md §2.3).
bool guest_cacop_traps(const HartState& h, unsigned code);
/// GCFG.TOE: every exception raised in guest mode goes to the root.
bool guest_exceptions_trap(const HartState& h);
/// GTLBC.TOTI: guest TLB instructions go to the root.
bool guest_tlb_traps(const HartState& h);

/// Guest ESTAT.IS[9:2] = GINTC.VIP | (GINTC.PIP & the physical HWI lines) (lvz.md §6.1).
void update_guest_irqs(HartState& h);
/// In guest mode: the root interrupt to take (exit), or -1: root ESTAT.IS & root
/// ECFG.LIE with root CRMD.IE (as the entering ERTN left it).
int pending_root_interrupt(const HartState& h);

/// The root's gcsrrd / gcsrwr view of the guest bank (lvz.md §3.3): fields marked R+G in
/// spec/csrs.tbl are writable from the root; numbers without a guest copy read 0 and
/// ignore writes.
uint64_t gcsr_read(const HartState& h, uint16_t num);
void gcsr_write(HartState& h, uint16_t num, uint64_t value);

}  // namespace la::lvz
