// SPDX-License-Identifier: Apache-2.0
// Comparing CSR banks: which CSRs the generated table defines changed, and which of their
// named fields (spec/csrs.tbl), for the csr trace and `lvzemu run --step`. Only stored
// values are compared (HartState::csr), never what a read would compute (TVAL, PGD):
// the trace shows what changed, not what a CSRRD would return.
//
// LVZ: a hart has two banks, the root's and the guest's; HartState::csr holds the bank of
// the current mode and csr_other the guest-bank CSRs of the other (lvzemu/lvz/lvz.h). A
// comparison is always root bank against root bank and guest bank against guest bank,
// wherever each is stored at the moment, so that the swap at a guest entry or exit is not
// a change.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "lvzemu/cpu/hart_state.h"
#include "lvzemu/gen/csr_table.h"

namespace la::trace {

/// A bank of CSRs as the traces name it. Root CSRs carry no prefix; the LVZ guest bank
/// is traced with the same code under the prefix "gcsr." (gcsr.ESTAT).
struct CsrBank {
    std::string_view prefix;
    bool guest;
};
inline constexpr CsrBank kRootCsrs{"", false};
inline constexpr CsrBank kGuestCsrs{"gcsr.", true};

inline constexpr std::size_t kNumCsrs = la::gen::kCsrTable.size();

/// The stored values of every CSR the table defines, in table order.
struct CsrValues {
    std::array<uint64_t, kNumCsrs> v{};
    /// `bank` is indexed by CSR number (HartState::csr).
    void capture(const uint64_t* bank) {
        for (std::size_t i = 0; i < kNumCsrs; ++i) v[i] = bank[la::gen::kCsrTable[i].num];
    }
};

/// LVZ: the stored value of CSR `d` in the root's bank / the guest's bank, in either mode.
/// Only CSRs with a guest copy (CsrDesc::in_guest_bank) have a guest value; the others
/// (GSTAT, GCFG, ... and every CSR without a guest copy) always live in HartState::csr.
uint64_t root_csr_value(const cpu::HartState& h, const la::gen::CsrDesc& d);
uint64_t guest_csr_value(const cpu::HartState& h, const la::gen::CsrDesc& d);

/// Both banks of a hart, in table order; `guest.v[i]` is 0 for a CSR with no guest copy.
struct HartCsrValues {
    CsrValues root, guest;
    void capture(const cpu::HartState& h);
};

/// Whether a change of this CSR is worth a field list: not when its only field is the
/// whole value (ERA.PC, SAVE0.Data, TLBRBADV.VAddr).
bool shows_fields(const la::gen::CsrDesc& d);

/// Calls f(field, old, new) for each named field (reserved R0 fields excluded) whose
/// value differs between `old` and `nv`, in ascending bit order.
template <class F>
void for_each_field_change(const la::gen::CsrDesc& d, uint64_t old, uint64_t nv, F&& f) {
    if (!shows_fields(d)) return;
    for (uint8_t i = 0; i < d.num_fields; ++i) {
        const la::gen::CsrField& fl = d.fields[i];
        if (fl.access == la::gen::CsrAccess::R0) continue;
        const uint64_t a = fl.get(old), b = fl.get(nv);
        if (a != b) f(fl, a, b);
    }
}

/// A field value as the text format prints it: 0-9 in decimal, larger values in hex
/// ("0xb"); both spellings agree below 10, so the text is unambiguous.
std::string field_value_text(uint64_t v);

/// "PLV 0->3 IE 1->0": the named fields that changed; empty when none did.
std::string field_changes_text(const la::gen::CsrDesc& d, uint64_t old, uint64_t nv);

/// One line per defined CSR whose stored value differs between `before` and the bank
/// `after` (indexed by CSR number): "<indent><prefix>CRMD: 0x8 -> 0xb0 [DA 1->0 PG 0->1]\n".
std::string csr_changes_text(const CsrValues& before, const uint64_t* after, CsrBank bank, std::string_view indent);

/// The same for both banks of a hart (root CSRs, then the guest's as "gcsr.NAME"), each
/// compared with its own bank whatever mode the hart was in before and is in now: what
/// `--step` prints.
std::string hart_csr_changes_text(const HartCsrValues& before, const cpu::HartState& h, std::string_view indent);

}  // namespace la::trace
