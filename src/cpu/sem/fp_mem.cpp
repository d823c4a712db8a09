// SPDX-License-Identifier: Apache-2.0
// FP loads and stores (manual Vol. 1 §3.2.6): FLD/FST with a 12-bit offset, the indexed
// FLDX/FSTX (LA64) and the bound-checked FLDGT/FLDLE/FSTGT/FSTLE (§3.2.7). A word load
// writes bits 31:0 of fd NaN-boxed (QEMU 7.2 trans_fmemory.c.inc maybe_nanbox_load; the
// manual leaves bits 63:32 undefined); a word store writes bits 31:0 of fd.
#include "sem/fp_util.h"
#include "sem/int_util.h"

namespace la::sem {
namespace {

constexpr unsigned kSizeS = 4, kSizeD = 8;

ExecResult do_load(HartState& h, unsigned fd, uint64_t va, unsigned size) {
    if (ordinary_misaligned(h, va, size)) return trap_badv(h, Ecode::ALE, va);
    uint64_t v = 0;
    if (!load(h, va, size, v)) return ExecResult::Trap;
    if (size == kSizeS) set_fpr_s(h, fd, static_cast<uint32_t>(v));
    else set_fpr(h, fd, v);
    return ExecResult::Next;
}

ExecResult do_store(HartState& h, unsigned fd, uint64_t va, unsigned size) {
    if (ordinary_misaligned(h, va, size)) return trap_badv(h, Ecode::ALE, va);
    if (!store(h, va, size, fpr(h, fd))) return ExecResult::Trap;
    return ExecResult::Next;
}

/// FLD{GT,LE}/FST{GT,LE}: the address is GR[rj] alone, checked exactly as the integer
/// forms are (bound_check in int_util.h; manual §3.2.7 pseudocode). QEMU 7.2 differs: it accesses GR[rj] + GR[rk] and never raises ALE
/// (trans_fmemory.c.inc gen_fload_gt uses make_address_x(rj, rk)); lvzemu follows the
/// manual here, as QEMU does for the integer LDGT/LDLE.
template <bool kGt, bool kStore>
ExecResult bounded(HartState& h, const fields::F_fd_rj_rk& f, unsigned size) {
    const uint64_t va = h.gpr[f.rj];
    const ExecResult chk = kGt ? bound_check<Bound::Gt>(h, va, h.gpr[f.rk], size)
                               : bound_check<Bound::Le>(h, va, h.gpr[f.rk], size);
    if (chk != ExecResult::Next) return chk;
    if constexpr (kStore) {
        if (!store(h, va, size, fpr(h, f.fd))) return ExecResult::Trap;
        return ExecResult::Next;
    } else {
        uint64_t v = 0;
        if (!load(h, va, size, v)) return ExecResult::Trap;
        if (size == kSizeS) set_fpr_s(h, f.fd, static_cast<uint32_t>(v));
        else set_fpr(h, f.fd, v);
        return ExecResult::Next;
    }
}

}  // namespace

LA_SEM(fld_s) { return do_load(h, f.fd, h.gpr[f.rj] + static_cast<uint64_t>(f.si12), kSizeS); }
LA_SEM(fld_d) { return do_load(h, f.fd, h.gpr[f.rj] + static_cast<uint64_t>(f.si12), kSizeD); }
LA_SEM(fst_s) { return do_store(h, f.fd, h.gpr[f.rj] + static_cast<uint64_t>(f.si12), kSizeS); }
LA_SEM(fst_d) { return do_store(h, f.fd, h.gpr[f.rj] + static_cast<uint64_t>(f.si12), kSizeD); }

LA_SEM(fldx_s) { return do_load(h, f.fd, h.gpr[f.rj] + h.gpr[f.rk], kSizeS); }
LA_SEM(fldx_d) { return do_load(h, f.fd, h.gpr[f.rj] + h.gpr[f.rk], kSizeD); }
LA_SEM(fstx_s) { return do_store(h, f.fd, h.gpr[f.rj] + h.gpr[f.rk], kSizeS); }
LA_SEM(fstx_d) { return do_store(h, f.fd, h.gpr[f.rj] + h.gpr[f.rk], kSizeD); }

LA_SEM(fldgt_s) { return bounded<true, false>(h, f, kSizeS); }
LA_SEM(fldgt_d) { return bounded<true, false>(h, f, kSizeD); }
LA_SEM(fldle_s) { return bounded<false, false>(h, f, kSizeS); }
LA_SEM(fldle_d) { return bounded<false, false>(h, f, kSizeD); }
LA_SEM(fstgt_s) { return bounded<true, true>(h, f, kSizeS); }
LA_SEM(fstgt_d) { return bounded<true, true>(h, f, kSizeD); }
LA_SEM(fstle_s) { return bounded<false, true>(h, f, kSizeS); }
LA_SEM(fstle_d) { return bounded<false, true>(h, f, kSizeD); }

}  // namespace la::sem
