// SPDX-License-Identifier: Apache-2.0
// The software page-walk instructions LDDIR and LDPTE (manual Vol. 1 §4.2.5, §5.4.5;
// la64-privileged.md §5.7, §7).
//
// Model. Both walk the table format PWCL/PWCH describe for the VA in TLBRBADV, reading
// physical memory through a callback because the bus belongs to the machine (and, for an
// LVZ guest, every table address is a GPA that goes through the second stage). LDDIR
// returns the next table's address — or passes a huge-page PTE (bit 6 = H) through,
// recording the walk level in it — and LDPTE loads the even or odd PTE into TLBRELO0/1 and
// the page size into TLBREHI.PS, splitting a huge page into two halves. Like QEMU, both use
// TLBRBADV whether or not TLBRERA.IsTLBR is set (the manual only describes the handler).
#pragma once

#include <cstdint>

#include "lvzemu/cpu/exception.h"
#include "lvzemu/cpu/hart_state.h"

namespace la::mmu {

/// PTE bits that exist only in memory, not in a TLBELO image (manual Vol. 1 §5.4.5 figures;
/// spec/csrs.tbl has CSR layouts only).
inline constexpr uint64_t kPteHuge = uint64_t{1} << 6;      // directory slot holds a huge PTE
inline constexpr uint64_t kPteHGlobal = uint64_t{1} << 12;  // G of a huge PTE
/// IMPL-DEFINED (QEMU-COMPAT): where LDDIR records the level at which it passed a huge PTE
/// through, for LDPTE to size the halves; bits 14:13 sit below any huge page's PA.
inline constexpr unsigned kPteLevelShift = 13;
inline constexpr uint64_t kPteLevelMask = uint64_t{3} << kPteLevelShift;

/// Physical memory as the walker sees it.
struct PhysReader {
    void* ctx = nullptr;
    /// Reads the little-endian doubleword at physical address `pa`. Returns false after
    /// recording in `h.exc` the exception the instruction raises (the machine's policy for
    /// a PA nothing answers; a second-stage fault for an LVZ guest).
    bool (*read64)(void* ctx, cpu::HartState& h, uint64_t pa, uint64_t& out) = nullptr;
};

/// LDDIR rd, rj, level (level 1..4 = Dir1..Dir4 of PWCL/PWCH). With rj bit 6 clear, rj is
/// a table's physical address: rd <- the doubleword at rj[PALEN-1:0] | (index << 3), index
/// = TLBRBADV[base+width-1:base] of that level, masked to PALEN bits unless it is itself a
/// huge PTE (bit 6 set), which keeps its NR/NX/RPLV bits for LDPTE. With rj bit 6 set, rd
/// <- rj, with `level` recorded in kPteLevelMask when that field is 0 and level < 4.
/// QEMU-COMPAT: a level outside 1..4 (undefined) returns rj unchanged.
/// Returns Trap only when the read fails (h.exc set by the callback); rd is then unchanged.
cpu::ExecResult lddir(cpu::HartState& h, uint64_t* csr, uint64_t rj, unsigned level,
                      const PhysReader& mem, uint64_t& rd);

/// LDPTE rj, seq (seq 0 = even page -> TLBRELO0, otherwise odd -> TLBRELO1). With rj bit 6
/// clear: the PTE at rj[PALEN-1:0] | ((index & ~1) + odd) * 8 * (PWCL.PTEWidth + 1), index =
/// TLBRBADV[PTbase+PTwidth-1:PTbase]; TLBREHI.PS <- PTbase. With rj bit 6 set (a huge PTE
/// from LDDIR): PS = base + width - 1 of the recorded level (PTbase/PTwidth when none), H
/// and the level cleared, bit 12 (HGLOBAL) moved to G, the odd half's PA + 2^PS;
/// TLBREHI.PS <- PS — unless PRCFG2 does not list PS, when nothing changes (QEMU-COMPAT).
/// Only the bits a TLBELO holds are kept (P, W and software bits dropped).
cpu::ExecResult ldpte(cpu::HartState& h, uint64_t* csr, uint64_t rj, unsigned seq,
                      const PhysReader& mem);

inline cpu::ExecResult lddir(cpu::HartState& h, uint64_t rj, unsigned level, const PhysReader& mem,
                             uint64_t& rd) {
    return lddir(h, h.csr, rj, level, mem, rd);
}
inline cpu::ExecResult ldpte(cpu::HartState& h, uint64_t rj, unsigned seq, const PhysReader& mem) {
    return ldpte(h, h.csr, rj, seq, mem);
}

}  // namespace la::mmu
