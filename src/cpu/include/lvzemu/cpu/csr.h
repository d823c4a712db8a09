// SPDX-License-Identifier: Apache-2.0
// CSR reads and writes through the metadata generated from spec/csrs.tbl: writable masks,
// read-only and write-1-to-clear bits, 32-bit sign extension. Side-effect hooks named in
// the table are applied here (the ones this stage of the model has; the privileged
// architecture issue #4 completes them).
#pragma once

#include <cstdint>

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

/// Value of CSR `num` as CSRRD returns it; 0 for a number the table does not define
/// (la64-privileged.md §2: no exception).
uint64_t csr_read(const HartState& h, uint16_t num);

/// CSRWR/CSRXCHG: bits outside the writable mask keep their value, W1C bits clear on 1.
void csr_write(HartState& h, uint16_t num, uint64_t value);

/// Puts every CSR at its reset value (manual Vol. 1 §6.4; la64-privileged.md §4.8).
void csr_reset(HartState& h);

}  // namespace la::cpu
