// SPDX-License-Identifier: Apache-2.0
// Virtual-to-physical translation of one access (manual Vol. 1 §5.2, §5.4.4;
// la64-privileged.md §5).
//
// Model. CRMD.DA = 1 with PG = 0 is direct address mode: PA = VA[PALEN-1:0], MAT from
// CRMD.DATF (fetch) or DATM (load/store), nothing can fault. Any other DA/PG pair is mapped
// mode (QEMU-COMPAT: the manual leaves DA = PG undefined): the direct-mapped windows
// DMW0-3 first, then — for a VA that is a sign extension of its low VALEN - RVACFG.RBits
// bits — the TLB, with the permission checks in the manual's order. Translation is a pure
// function of the CSR bank and the Tlb; it writes nothing. Its result says what to deliver:
// a general exception (BADV = the VA, the PC for fetches) or a TLB refill, and
// note_fault() applies the MMU's own CSR side effects of either (TLBEHI / TLBRBADV /
// TLBREHI). Alignment (ALE, a misaligned PC) is the caller's check, before translation.
#pragma once

#include <cstdint>

#include "lvzemu/cpu/exception.h"
#include "lvzemu/cpu/hart_state.h"
#include "lvzemu/cpu/mem.h"
#include "lvzemu/mmu/tlb.h"

namespace la::mmu {

using cpu::Access;

/// Bit of Translation::allowed for an access kind.
constexpr uint8_t access_bit(Access a) { return uint8_t(1u << unsigned(a)); }
inline constexpr uint8_t kAllAccess =
    access_bit(Access::Load) | access_bit(Access::Store) | access_bit(Access::Fetch);

/// IMPL-DEFINED choice between the manual and QEMU: the manual (Vol. 1 §5.2.1) lets only
/// DMW0 and DMW1 serve instruction fetch (DMW2/3 are load/store only); QEMU uses all four.
/// lvzemu follows the manual. Linux fetches only through DMW0/1.
inline constexpr unsigned kDmwFetchWindows = 2;

/// Which mechanism produced a translation.
enum class Via : uint8_t { Direct, Dmw, Tlb };

/// The outcome of translate().
struct Translation {
    bool ok = false;
    /// No TLB entry matched: a TLB refill exception (no Ecode; note_fault writes TLBRBADV
    /// and TLBREHI, the engine then enters at TLBRENTRY). `exc.badv` holds the VA.
    bool refill = false;
    Via via = Via::Direct;
    uint8_t mat = 0;         // memory access type: 0 SUC, 1 CC, 2 WUC (manual Vol. 1 §5.3)
    /// log2 of the naturally aligned VA region over which `pa - va` is constant and
    /// `allowed` holds: PALEN for DA and DMW, the entry's PS for the TLB. A translation
    /// cache with 4 KiB lines may reuse the result for every line of that region.
    uint8_t page_shift = 0;
    /// access_bit()s of the access kinds that would succeed with the same mapping at the
    /// same PLV (a cache filled by a load may then also serve stores when D = 1, ...).
    uint8_t allowed = 0;
    int16_t tlb_index = -1;  // the matching entry (Via::Tlb, including its faults)
    uint64_t pa = 0;
    /// Valid when !ok && !refill: the general exception (ADEF/ADEM, PIL/PIS/PIF, PME, PNR,
    /// PNX, PPI) with has_badv and badv = the VA.
    cpu::Exception exc;
};

/// Translates `va` for access kind `a` with the CSRs of `csr` (a bank indexed by CSR
/// number: the root bank or an LVZ guest bank), matching TLB entries tagged `gid`.
/// In 32-bit address mode (MISC.VA32L<PLV> at PLV1..3) the VA is first zero-extended from
/// 32 bits (manual Vol. 1 §5.2.2), so BADV and the TLB see the truncated address.
Translation translate(const uint64_t* csr, const Tlb& tlb, uint64_t va, Access a, uint16_t gid = 0);

inline Translation translate(const cpu::HartState& h, const Tlb& tlb, uint64_t va, Access a,
                             uint16_t gid = 0) {
    return translate(h.csr, tlb, va, a, gid);
}

/// The TLB part alone (no DA, no DMW, no VA legality check) at privilege level `plv`, with
/// ASID, STLBPS and MISC.DWPL from `csr`: what LVZ's second stage (GPA -> HPA through the
/// root TLB, lvz.md §5.2) needs.
Translation translate_tlb(const uint64_t* csr, const Tlb& tlb, uint64_t va, Access a, uint16_t gid,
                          unsigned plv);

/// The MMU's own CSR side effects of a failed translation, to apply when the exception is
/// taken (the engine writes ESTAT/ERA/BADV/BADI or the TLBR context itself):
///   refill: TLBRBADV <- VA, TLBREHI.VPPN <- VA[VALEN-1:13] (manual Vol. 1 §6.3.4);
///   PIL/PIS/PIF/PME/PNR/PNX/PPI: TLBEHI.VPPN <- VA[VALEN-1:13] (§7.5.2);
///   ADE: nothing (BADV only).
void note_fault(uint64_t* csr, const Translation& t);

}  // namespace la::mmu
