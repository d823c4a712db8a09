// SPDX-License-Identifier: Apache-2.0
// CSR reads and writes through the metadata generated from spec/csrs.tbl: writable masks,
// read-only and write-1-to-clear bits, 32-bit sign extension. Side-effect hooks named in
// the table are applied here (the ones this stage of the model has; the privileged
// architecture issue #4 completes them).
#pragma once

#include <cstdint>

#include "lvzemu/cpu/hart_state.h"

namespace la::cpu {

/// CSR numbers used by the engine (manual Vol. 1 §7.4; spec/csrs.tbl).
enum CsrNum : uint16_t {
    kCRMD = 0x0, kPRMD = 0x1, kEUEN = 0x2, kMISC = 0x3, kECFG = 0x4, kESTAT = 0x5, kERA = 0x6,
    kBADV = 0x7, kBADI = 0x8, kEENTRY = 0xc, kTID = 0x40, kLLBCTL = 0x60,
};

/// Value of CSR `num` as CSRRD returns it; 0 for a number the table does not define
/// (la64-privileged.md §2: no exception).
uint64_t csr_read(const HartState& h, uint16_t num);

/// CSRWR/CSRXCHG: bits outside the writable mask keep their value, W1C bits clear on 1.
void csr_write(HartState& h, uint16_t num, uint64_t value);

/// Puts every CSR at its reset value (manual Vol. 1 §6.4; la64-privileged.md §4.8).
void csr_reset(HartState& h);

}  // namespace la::cpu
