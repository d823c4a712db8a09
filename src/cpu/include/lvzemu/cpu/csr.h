// SPDX-License-Identifier: Apache-2.0
// CSR reads and writes through the metadata generated from spec/csrs.tbl: writable masks,
// read-only and write-1-to-clear bits, 32-bit sign extension. Side-effect hooks named in
// the table are applied here (the ones this stage of the model has; the privileged
// architecture issue #4 completes them).
#pragma once

#include <cstdint>
#include <string_view>

#include "lvzemu/cpu/hart_state.h"
#include "lvzemu/gen/csr_table.h"

namespace la::cpu {

/// CSR numbers used by the engine; the values come from spec/csrs.tbl.
constexpr uint16_t csr_num(la::gen::Csr c) { return static_cast<uint16_t>(c); }
inline constexpr uint16_t kCRMD = csr_num(la::gen::Csr::CRMD), kPRMD = csr_num(la::gen::Csr::PRMD),
                          kEUEN = csr_num(la::gen::Csr::EUEN), kESTAT = csr_num(la::gen::Csr::ESTAT),
                          kERA = csr_num(la::gen::Csr::ERA), kBADV = csr_num(la::gen::Csr::BADV),
                          kBADI = csr_num(la::gen::Csr::BADI), kEENTRY = csr_num(la::gen::Csr::EENTRY),
                          kTICLR = csr_num(la::gen::Csr::TICLR), kLLBCTL = csr_num(la::gen::Csr::LLBCTL);

/// CSR fields the engine reads or writes, looked up at compile time in the table
/// generated from spec/csrs.tbl (the one home of CSR layouts).
constexpr const la::gen::CsrField& csr_field(la::gen::Csr c, std::string_view name) {
    return *la::gen::find_field(la::gen::csr_desc(c), name);
}
inline constexpr const la::gen::CsrField& kCrmdPlv = csr_field(la::gen::Csr::CRMD, "PLV");
inline constexpr const la::gen::CsrField& kCrmdIe = csr_field(la::gen::Csr::CRMD, "IE");
inline constexpr const la::gen::CsrField& kCrmdDa = csr_field(la::gen::Csr::CRMD, "DA");
inline constexpr const la::gen::CsrField& kPrmdPplv = csr_field(la::gen::Csr::PRMD, "PPLV");
inline constexpr const la::gen::CsrField& kPrmdPie = csr_field(la::gen::Csr::PRMD, "PIE");
inline constexpr const la::gen::CsrField& kEuenFpe = csr_field(la::gen::Csr::EUEN, "FPE");
inline constexpr const la::gen::CsrField& kEuenSxe = csr_field(la::gen::Csr::EUEN, "SXE");
inline constexpr const la::gen::CsrField& kEuenAsxe = csr_field(la::gen::Csr::EUEN, "ASXE");
inline constexpr const la::gen::CsrField& kEuenBte = csr_field(la::gen::Csr::EUEN, "BTE");
inline constexpr const la::gen::CsrField& kEstatEcode = csr_field(la::gen::Csr::ESTAT, "Ecode");
inline constexpr const la::gen::CsrField& kEstatEsubcode = csr_field(la::gen::Csr::ESTAT, "EsubCode");
inline constexpr const la::gen::CsrField& kEentryVpn = csr_field(la::gen::Csr::EENTRY, "VPN");
inline constexpr const la::gen::CsrField& kLlbctlRollb = csr_field(la::gen::Csr::LLBCTL, "ROLLB");
inline constexpr const la::gen::CsrField& kLlbctlWcllb = csr_field(la::gen::Csr::LLBCTL, "WCLLB");
inline constexpr const la::gen::CsrField& kLlbctlKlo = csr_field(la::gen::Csr::LLBCTL, "KLO");
inline constexpr const la::gen::CsrField& kTiclrClr = csr_field(la::gen::Csr::TICLR, "CLR");
/// ESTAT.IS bit of the timer interrupt (interrupt number 11, la64-privileged.md §9).
inline constexpr uint64_t kEstatTi = uint64_t{1} << 11;

/// Value of CSR `num` as CSRRD returns it; 0 for a number the table does not define
/// (la64-privileged.md §2: no exception).
uint64_t csr_read(const HartState& h, uint16_t num);

/// CSRWR/CSRXCHG: bits outside the writable mask keep their value, W1C bits clear on 1.
void csr_write(HartState& h, uint16_t num, uint64_t value);

/// Puts every CSR at its reset value (manual Vol. 1 §6.4; la64-privileged.md §4.8).
void csr_reset(HartState& h);

}  // namespace la::cpu
