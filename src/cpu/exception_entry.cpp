// SPDX-License-Identifier: Apache-2.0
#include "lvzemu/cpu/exception_entry.h"

#include "lvzemu/cpu/csr.h"

namespace la::cpu {

void enter_exception(HartState& h) {
    uint64_t& crmd = h.csr[kCRMD];
    uint64_t& prmd = h.csr[kPRMD];
    prmd = kPrmdPplv.insert(prmd, kCrmdPlv.get(crmd));
    prmd = kPrmdPie.insert(prmd, kCrmdIe.get(crmd));
    crmd = kCrmdIe.insert(kCrmdPlv.insert(crmd, 0), 0);  // PLV0, interrupts off
    h.csr[kERA] = h.pc;
    uint64_t& estat = h.csr[kESTAT];
    estat = kEstatEcode.insert(estat, static_cast<uint64_t>(h.exc.ecode));
    estat = kEstatEsubcode.insert(estat, h.exc.esubcode);
    if (h.exc.has_badv) h.csr[kBADV] = h.exc.badv;
    h.csr[kBADI] = h.insn;
    // ECFG.VS = 0 model: every exception enters at EENTRY (§6.2.1; VS spacing is #4).
    h.pc = h.csr[kEENTRY] & kEentryVpn.mask();
}

void return_from_exception(HartState& h) {
    uint64_t& crmd = h.csr[kCRMD];
    const uint64_t prmd = h.csr[kPRMD];
    crmd = kCrmdIe.insert(kCrmdPlv.insert(crmd, kPrmdPplv.get(prmd)), kPrmdPie.get(prmd));
    uint64_t& llbctl = h.csr[kLLBCTL];
    if (kLlbctlKlo.get(llbctl)) llbctl = kLlbctlKlo.insert(llbctl, 0);  // keeps LLBit once
    else h.llbit = 0;
    h.next_pc = h.csr[kERA];
}

}  // namespace la::cpu
