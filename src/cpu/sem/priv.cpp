// SPDX-License-Identifier: Apache-2.0
// Privileged instructions whose state lives outside the hart: the TLB instructions and the
// software page-walk helpers (manual Vol. 1 §4.2.4, la64-privileged.md §6, §7), served by
// the machine's MMU; IOCSR accesses (§4.2.2, la64-privileged.md §10), served by the
// machine's IOCSR space; IDLE and CACOP (§4.2.3, §4.2.5). PLV0 is checked by the
// dispatcher (spec attribute `priv`); a privileged instruction always ends the
// interpreter's threaded chain, so TLB and interrupt changes are seen at once.
#include "lvzemu/lvz/lvz.h"
#include "sem/int_util.h"

namespace la::sem {

namespace {

// LVZ guest mode (lvz.md §3.4): IDLE, IOCSR accesses and CACOP (per GCFG.GCI) go to the
// root as GSPR; TLB instructions too under GTLBC.TOTI, otherwise they act on the guest's
// own stage-1 entries (the machine picks the tag by mode).
ExecResult tlb(HartState& h, TlbOp op, uint64_t a = 0, uint64_t b = 0, unsigned imm = 0) {
    if (h.vm && la::lvz::guest_tlb_traps(h)) return la::lvz::trap_to_root(h, Ecode::GSPR);
    uint64_t unused = 0;
    if (h.mem->tlb == nullptr) return trap(h, Ecode::INE);
    return h.mem->tlb(h, op, a, b, imm, unused);
}

template <unsigned Size>
ExecResult iocsr_load(HartState& h, const fields::iocsrrd_b& f) {
    uint64_t v = 0;
    if (h.vm) return la::lvz::trap_to_root(h, Ecode::GSPR);
    if (h.mem->iocsr_read == nullptr) return trap(h, Ecode::INE);
    if (!h.mem->iocsr_read(h, h.gpr[f.rj], Size, v)) return ExecResult::Trap;
    // IOCSRRD.{B,H,W} sign-extend into rd (la64-privileged.md §10).
    return set_gpr_next(h, f.rd, sext_bytes(v, Size));
}

template <unsigned Size>
ExecResult iocsr_store(HartState& h, const fields::iocsrwr_b& f) {
    if (h.vm) return la::lvz::trap_to_root(h, Ecode::GSPR);
    if (h.mem->iocsr_write == nullptr) return trap(h, Ecode::INE);
    return h.mem->iocsr_write(h, h.gpr[f.rj], Size, h.gpr[f.rd] & bytes_mask(Size)) ? ExecResult::Next
                                                                                   : ExecResult::Trap;
}

}  // namespace

LA_SEM(tlbsrch) { return tlb(h, TlbOp::Srch); }
LA_SEM(tlbrd) { return tlb(h, TlbOp::Rd); }
LA_SEM(tlbwr) { return tlb(h, TlbOp::Wr); }
LA_SEM(tlbfill) { return tlb(h, TlbOp::Fill); }
LA_SEM(tlbclr) { return tlb(h, TlbOp::Clr); }
LA_SEM(tlbflush) { return tlb(h, TlbOp::Flush); }
LA_SEM(invtlb) { return tlb(h, TlbOp::Inv, h.gpr[f.rj], h.gpr[f.rk], f.op); }

LA_SEM(lddir) {
    uint64_t rd = 0;
    if (h.vm && la::lvz::guest_tlb_traps(h)) return la::lvz::trap_to_root(h, Ecode::GSPR);
    if (h.mem->tlb == nullptr) return trap(h, Ecode::INE);
    const ExecResult r = h.mem->tlb(h, TlbOp::Lddir, h.gpr[f.rj], 0, f.level, rd);
    if (r != ExecResult::Next) return r;
    return set_gpr_next(h, f.rd, rd);
}
LA_SEM(ldpte) { return tlb(h, TlbOp::Ldpte, h.gpr[f.rj], 0, f.seq); }

LA_SEM(iocsrrd_b) { return iocsr_load<1>(h, f); }
LA_SEM(iocsrrd_h) { return iocsr_load<2>(h, f); }
LA_SEM(iocsrrd_w) { return iocsr_load<4>(h, f); }
LA_SEM(iocsrrd_d) { return iocsr_load<8>(h, f); }
LA_SEM(iocsrwr_b) { return iocsr_store<1>(h, f); }
LA_SEM(iocsrwr_h) { return iocsr_store<2>(h, f); }
LA_SEM(iocsrwr_w) { return iocsr_store<4>(h, f); }
LA_SEM(iocsrwr_d) { return iocsr_store<8>(h, f); }

// IDLE: the hart stops fetching until ESTAT.IS & ECFG.LIE != 0, whatever CRMD.IE says;
// execution resumes after the IDLE (la64-privileged.md §13, QEMU-verified). The
// interpreter parks the hart; the machine advances virtual time while it is parked.
LA_SEM(idle) {
    if (h.vm) return la::lvz::trap_to_root(h, Ecode::GSPR);
    h.idle = 1;
    return ExecResult::Halt;
}

// CACOP: lvzemu models no caches, so every cache operation is a no-op after the PLV0
// check (la64-privileged.md §13). Hit-type operations (code[4:3] = 2) translate the
// address on hardware; lvzemu does not raise their TLB exceptions (IMPL-DEFINED, as QEMU).
LA_SEM(cacop) {
    if (h.vm && la::lvz::guest_cacop_traps(h, f.code)) return la::lvz::trap_to_root(h, Ecode::GSPR);
    return ExecResult::Next;
}

}  // namespace la::sem
