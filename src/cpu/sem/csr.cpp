// SPDX-License-Identifier: Apache-2.0
// CSR access instructions and ERTN (manual Vol. 1 §4.2.1, §4.2.6). PLV0 is checked by the
// dispatcher (spec attribute `priv`). CSRXCHG: CSR <- (rd & rj) | (old & ~rj), rd <- old.
#include "lvzemu/cpu/csr.h"
#include "lvzemu/cpu/exception_entry.h"
#include "sem/sem.h"

namespace la::sem {

LA_SEM(csrrd) {
    set_gpr(h, f.rd, csr_read(h, static_cast<uint16_t>(f.csr)));
    return ExecResult::Next;
}

LA_SEM(csrwr) {
    const uint64_t old = csr_read(h, static_cast<uint16_t>(f.csr));
    csr_write(h, static_cast<uint16_t>(f.csr), h.gpr[f.rd]);
    set_gpr(h, f.rd, old);
    return ExecResult::Next;
}

LA_SEM(csrxchg) {
    const auto num = static_cast<uint16_t>(f.csr);
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
