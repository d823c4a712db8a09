// SPDX-License-Identifier: Apache-2.0
// The LVZ instructions (lvz.md §3.3, §5.3, §7): gcsrrd/gcsrwr/gcsrxchg on the guest CSR
// bank, the gtlb* forms of the TLB instructions on the guest's stage-1 entries, and hvcl.
// gcsr*/gtlb* are root-only privileged instructions (PLV0 is checked by the dispatcher);
// in guest mode lvzemu raises INE in the guest (lvz.md §9.13, decision in docs/lvz.md:
// the guest's CPU has no LVZ). hvcl in root mode is INE too (§9.13).
#include "lvzemu/lvz/lvz.h"
#include "sem/int_util.h"

namespace la::sem {

namespace {

ExecResult gtlb(HartState& h, TlbOp op) {
    if (h.vm) return trap(h, Ecode::INE);
    uint64_t unused = 0;
    if (h.mem->tlb == nullptr) return trap(h, Ecode::INE);
    return h.mem->tlb(h, op, 0, 0, 0, unused);
}

}  // namespace

LA_SEM(gcsrrd) {
    if (h.vm) return trap(h, Ecode::INE);
    return set_gpr_next(h, f.rd, la::lvz::gcsr_read(h, static_cast<uint16_t>(f.csr)));
}

LA_SEM(gcsrwr) {
    if (h.vm) return trap(h, Ecode::INE);
    const auto num = static_cast<uint16_t>(f.csr);
    const uint64_t old = la::lvz::gcsr_read(h, num);
    la::lvz::gcsr_write(h, num, h.gpr[f.rd]);
    return set_gpr_next(h, f.rd, old);
}

// GCSR <- (rd & rj) | (old & ~rj), rd <- old, like CSRXCHG (lvz.md §3.3).
LA_SEM(gcsrxchg) {
    if (h.vm) return trap(h, Ecode::INE);
    const auto num = static_cast<uint16_t>(f.csr);
    const uint64_t old = la::lvz::gcsr_read(h, num);
    const uint64_t mask = h.gpr[f.rj];
    la::lvz::gcsr_write(h, num, (h.gpr[f.rd] & mask) | (old & ~mask));
    return set_gpr_next(h, f.rd, old);
}

LA_SEM(gtlbsrch) { return gtlb(h, TlbOp::GSrch); }
LA_SEM(gtlbrd) { return gtlb(h, TlbOp::GRd); }
LA_SEM(gtlbwr) { return gtlb(h, TlbOp::GWr); }
LA_SEM(gtlbfill) { return gtlb(h, TlbOp::GFill); }
LA_SEM(gtlbclr) { return gtlb(h, TlbOp::GClr); }
LA_SEM(gtlbflush) { return gtlb(h, TlbOp::GFlush); }

// HVCL code: a hypercall, HVC to the root with the code in BADI[14:0] (lvz.md §3.4).
LA_SEM(hvcl) {
    if (!h.vm) return trap(h, Ecode::INE);
    return la::lvz::trap_to_root(h, Ecode::HVC);
}

}  // namespace la::sem
