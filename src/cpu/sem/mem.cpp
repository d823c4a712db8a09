// SPDX-License-Identifier: Apache-2.0
// Ordinary and bound-checked loads and stores, prefetch (manual Vol. 1 §2.2.5, §2.2.6).
// Loads of B/H/W sign-extend, BU/HU/WU zero-extend; stores write the low bytes of rd.
// A failed access has already recorded its exception (mem.h): we only return Trap, and
// rd is left unchanged (exceptions are precise).
#include "sem/int_util.h"

namespace la::sem {

namespace {

template <unsigned Size, bool Signed>
ExecResult load_to(HartState& h, unsigned rd, uint64_t va) {
    if (ordinary_misaligned(h, va, Size)) [[unlikely]] return trap_badv(h, Ecode::ALE, va);
    uint64_t v = 0;
    if (!load(h, va, Size, v)) return ExecResult::Trap;
    set_gpr(h, rd, Signed ? sext_bytes(v, Size) : v);
    return ExecResult::Next;
}

template <unsigned Size>
ExecResult store_from(HartState& h, unsigned rd, uint64_t va) {
    if (ordinary_misaligned(h, va, Size)) [[unlikely]] return trap_badv(h, Ecode::ALE, va);
    return store(h, va, Size, h.gpr[rd]) ? ExecResult::Next : ExecResult::Trap;
}

template <unsigned Size, Bound B>
ExecResult bound_load(HartState& h, const fields::F_rd_rj_rk& f) {
    const uint64_t va = h.gpr[f.rj];
    if (const auto r = bound_check<B>(h, va, h.gpr[f.rk], Size); r != ExecResult::Next) return r;
    uint64_t v = 0;
    if (!load(h, va, Size, v)) return ExecResult::Trap;
    set_gpr(h, f.rd, sext_bytes(v, Size));
    return ExecResult::Next;
}

template <unsigned Size, Bound B>
ExecResult bound_store(HartState& h, const fields::F_rd_rj_rk& f) {
    const uint64_t va = h.gpr[f.rj];
    if (const auto r = bound_check<B>(h, va, h.gpr[f.rk], Size); r != ExecResult::Next) return r;
    return store(h, va, Size, h.gpr[f.rd]) ? ExecResult::Next : ExecResult::Trap;
}

uint64_t imm_addr(const HartState& h, unsigned rj, int64_t imm) {
    return h.gpr[rj] + static_cast<uint64_t>(imm);
}
uint64_t reg_addr(const HartState& h, unsigned rj, unsigned rk) { return h.gpr[rj] + h.gpr[rk]; }

}  // namespace

LA_SEM(ld_b) { return load_to<1, true>(h, f.rd, imm_addr(h, f.rj, f.si12)); }
LA_SEM(ld_h) { return load_to<2, true>(h, f.rd, imm_addr(h, f.rj, f.si12)); }
LA_SEM(ld_w) { return load_to<4, true>(h, f.rd, imm_addr(h, f.rj, f.si12)); }
LA_SEM(ld_d) { return load_to<8, true>(h, f.rd, imm_addr(h, f.rj, f.si12)); }
LA_SEM(ld_bu) { return load_to<1, false>(h, f.rd, imm_addr(h, f.rj, f.si12)); }
LA_SEM(ld_hu) { return load_to<2, false>(h, f.rd, imm_addr(h, f.rj, f.si12)); }
LA_SEM(ld_wu) { return load_to<4, false>(h, f.rd, imm_addr(h, f.rj, f.si12)); }
LA_SEM(st_b) { return store_from<1>(h, f.rd, imm_addr(h, f.rj, f.si12)); }
LA_SEM(st_h) { return store_from<2>(h, f.rd, imm_addr(h, f.rj, f.si12)); }
LA_SEM(st_w) { return store_from<4>(h, f.rd, imm_addr(h, f.rj, f.si12)); }
LA_SEM(st_d) { return store_from<8>(h, f.rd, imm_addr(h, f.rj, f.si12)); }

LA_SEM(ldx_b) { return load_to<1, true>(h, f.rd, reg_addr(h, f.rj, f.rk)); }
LA_SEM(ldx_h) { return load_to<2, true>(h, f.rd, reg_addr(h, f.rj, f.rk)); }
LA_SEM(ldx_w) { return load_to<4, true>(h, f.rd, reg_addr(h, f.rj, f.rk)); }
LA_SEM(ldx_d) { return load_to<8, true>(h, f.rd, reg_addr(h, f.rj, f.rk)); }
LA_SEM(ldx_bu) { return load_to<1, false>(h, f.rd, reg_addr(h, f.rj, f.rk)); }
LA_SEM(ldx_hu) { return load_to<2, false>(h, f.rd, reg_addr(h, f.rj, f.rk)); }
LA_SEM(ldx_wu) { return load_to<4, false>(h, f.rd, reg_addr(h, f.rj, f.rk)); }
LA_SEM(stx_b) { return store_from<1>(h, f.rd, reg_addr(h, f.rj, f.rk)); }
LA_SEM(stx_h) { return store_from<2>(h, f.rd, reg_addr(h, f.rj, f.rk)); }
LA_SEM(stx_w) { return store_from<4>(h, f.rd, reg_addr(h, f.rj, f.rk)); }
LA_SEM(stx_d) { return store_from<8>(h, f.rd, reg_addr(h, f.rj, f.rk)); }

// si14 is already scaled by 4 (spec/README.md).
LA_SEM(ldptr_w) { return load_to<4, true>(h, f.rd, imm_addr(h, f.rj, f.si14)); }
LA_SEM(ldptr_d) { return load_to<8, true>(h, f.rd, imm_addr(h, f.rj, f.si14)); }
LA_SEM(stptr_w) { return store_from<4>(h, f.rd, imm_addr(h, f.rj, f.si14)); }
LA_SEM(stptr_d) { return store_from<8>(h, f.rd, imm_addr(h, f.rj, f.si14)); }

// Prefetches never raise an exception (§2.2.5.4, §2.2.5.5); without caches they do nothing.
LA_SEM(preld) {
    static_cast<void>(h);
    return ExecResult::Next;
}
LA_SEM(preldx) {
    static_cast<void>(h);
    return ExecResult::Next;
}

LA_SEM(ldgt_b) { return bound_load<1, Bound::Gt>(h, f); }
LA_SEM(ldgt_h) { return bound_load<2, Bound::Gt>(h, f); }
LA_SEM(ldgt_w) { return bound_load<4, Bound::Gt>(h, f); }
LA_SEM(ldgt_d) { return bound_load<8, Bound::Gt>(h, f); }
LA_SEM(ldle_b) { return bound_load<1, Bound::Le>(h, f); }
LA_SEM(ldle_h) { return bound_load<2, Bound::Le>(h, f); }
LA_SEM(ldle_w) { return bound_load<4, Bound::Le>(h, f); }
LA_SEM(ldle_d) { return bound_load<8, Bound::Le>(h, f); }
LA_SEM(stgt_b) { return bound_store<1, Bound::Gt>(h, f); }
LA_SEM(stgt_h) { return bound_store<2, Bound::Gt>(h, f); }
LA_SEM(stgt_w) { return bound_store<4, Bound::Gt>(h, f); }
LA_SEM(stgt_d) { return bound_store<8, Bound::Gt>(h, f); }
LA_SEM(stle_b) { return bound_store<1, Bound::Le>(h, f); }
LA_SEM(stle_h) { return bound_store<2, Bound::Le>(h, f); }
LA_SEM(stle_w) { return bound_store<4, Bound::Le>(h, f); }
LA_SEM(stle_d) { return bound_store<8, Bound::Le>(h, f); }

}  // namespace la::sem
