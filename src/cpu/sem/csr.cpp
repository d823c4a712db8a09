// SPDX-License-Identifier: Apache-2.0
// CSR access instructions and ERTN (manual Vol. 1 §4.2.1, §4.2.6). PLV0 is checked by the
// dispatcher (spec attribute `priv`). CSRXCHG: CSR <- (rd & rj) | (old & ~rj), rd <- old.
#include "lvzemu/cpu/csr.h"
#include "lvzemu/cpu/exception_entry.h"
#include "lvzemu/lvz/lvz.h"
#include "sem/sem.h"

namespace la::sem {

// LVZ: in guest mode a CSR without a guest copy (or any CSR under GCFG.TOP, the timer
// under GCFG.TIT) goes to the root as GSPR (lvz.md §3.4); the others are the guest bank.
#define LA_GUEST_CSR_CHECK(num) \
    if (h.vm && la::lvz::guest_csr_traps(h, num)) return la::lvz::trap_to_root(h, Ecode::GSPR)

LA_SEM(csrrd) {
    LA_GUEST_CSR_CHECK(static_cast<uint16_t>(f.csr));
    set_gpr(h, f.rd, csr_read(h, static_cast<uint16_t>(f.csr)));
    return ExecResult::Next;
}

LA_SEM(csrwr) {
    LA_GUEST_CSR_CHECK(static_cast<uint16_t>(f.csr));
    const uint64_t old = csr_read(h, static_cast<uint16_t>(f.csr));
    csr_write(h, static_cast<uint16_t>(f.csr), h.gpr[f.rd]);
    set_gpr(h, f.rd, old);
    return ExecResult::Next;
}

LA_SEM(csrxchg) {
    const auto num = static_cast<uint16_t>(f.csr);
    LA_GUEST_CSR_CHECK(num);
    const uint64_t old = csr_read(h, num);
    const uint64_t mask = h.gpr[f.rj];
    csr_write(h, num, (h.gpr[f.rd] & mask) | (old & ~mask));
    set_gpr(h, f.rd, old);
    return ExecResult::Next;
}

LA_SEM(ertn) {
    return_from_exception(h);
    return jump(h, h.next_pc);
}

}  // namespace la::sem
