// SPDX-License-Identifier: Apache-2.0
#include "lvzemu/cpu/exception_entry.h"

#include "lvzemu/cpu/csr.h"

namespace la::cpu {

void enter_exception(HartState& h) {
    uint64_t& crmd = h.csr[kCRMD];
    h.csr[kPRMD] = (h.csr[kPRMD] & ~0x7ull) | (crmd & 0x7);  // PPLV <- PLV, PIE <- IE
    crmd &= ~0x7ull;                                          // PLV0, interrupts off
    h.csr[kERA] = h.pc;
    const uint64_t estat = h.csr[kESTAT] & ~((0x3full << 16) | (0x1ffull << 22));
    h.csr[kESTAT] = estat | (static_cast<uint64_t>(h.exc.ecode) << 16) |
                    (static_cast<uint64_t>(h.exc.esubcode & 0x1ff) << 22);
    if (h.exc.has_badv) h.csr[kBADV] = h.exc.badv;
    h.csr[kBADI] = h.insn;
    // ECFG.VS = 0 model: every exception enters at EENTRY (§6.2.1; VS spacing is #4).
    h.pc = h.csr[kEENTRY] & ~0xfffull;
}

void return_from_exception(HartState& h) {
    uint64_t& crmd = h.csr[kCRMD];
    crmd = (crmd & ~0x7ull) | (h.csr[kPRMD] & 0x7);
    uint64_t& llbctl = h.csr[kLLBCTL];
    if (llbctl & 0x4) llbctl &= ~0x4ull;  // KLO keeps LLBit across this one ERTN
    else h.llbit = 0;
    h.next_pc = h.csr[kERA];
}

}  // namespace la::cpu
