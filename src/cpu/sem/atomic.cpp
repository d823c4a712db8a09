// SPDX-License-Identifier: Apache-2.0
// Atomic memory access: AM*, AMCAS*, LL/SC and their acquire/release and 128-bit forms
// (manual Vol. 1 §2.2.7; la64-privileged.md §12). All of them require natural alignment
// (SC.Q: 16 bytes) and raise ALE with BADV = the address otherwise (§2.2.7.1).
//
// One hart executes one instruction at a time, so a read-modify-write done as a load
// followed by a store is atomic with respect to this hart; the _DB forms' barrier and
// the acquire/release orderings are implied by sequential execution. An engine that runs
// harts concurrently must make these host-atomic.
#include "sem/int_util.h"

namespace la::sem {

namespace {

enum class AmOp : uint8_t { Swap, Add, And, Or, Xor, Max, Min, MaxU, MinU };

// The operation on the low Size bytes; the caller stores only those bytes.
template <unsigned Size, AmOp Op>
uint64_t am_result(uint64_t old, uint64_t val) {
    const auto s_old = static_cast<int64_t>(sext_bytes(old, Size)),
               s_val = static_cast<int64_t>(sext_bytes(val, Size));
    const uint64_t u_old = old & bytes_mask(Size), u_val = val & bytes_mask(Size);
    switch (Op) {
    case AmOp::Swap: return val;
    case AmOp::Add: return old + val;
    case AmOp::And: return old & val;
    case AmOp::Or: return old | val;
    case AmOp::Xor: return old ^ val;
    case AmOp::Max: return s_old > s_val ? old : val;
    case AmOp::Min: return s_old < s_val ? old : val;
    case AmOp::MaxU: return u_old > u_val ? old : val;
    case AmOp::MinU: return u_old < u_val ? old : val;
    }
    return val;
}

// rd == rj: INE for the W/D forms (§2.2.7.1), explicitly allowed for AM{SWAP,ADD}.{B,H}
// (§2.2.7.2). rd == rk: "the result is uncertain" in both; we raise INE as QEMU does
// (target/loongarch/tcg/insn_trans/trans_atomic.c.inc, gen_am), which exempts rd = r0 since
// nothing is written then.
template <unsigned Size, AmOp Op>
ExecResult am(HartState& h, const fields::F_rd_rk_rj& f) {
    if (Size >= 4 && f.rd == f.rj) return trap(h, Ecode::INE);
    if (f.rd != 0 && f.rd == f.rk) return trap(h, Ecode::INE);
    const uint64_t va = h.gpr[f.rj];
    if (!aligned(va, Size)) return trap_badv(h, Ecode::ALE, va);
    uint64_t old = 0;
    if (!load(h, va, Size, old)) return ExecResult::Trap;
    if (!store(h, va, Size, am_result<Size, Op>(old, h.gpr[f.rk]))) return ExecResult::Trap;
    set_gpr(h, f.rd, sext_bytes(old, Size));
    return ExecResult::Next;
}

// Compares the old value with rd's low Size bytes; stores rk's only when equal; rd gets the
// old value sign-extended either way (§2.2.7.3). Neither the manual nor QEMU restricts the
// registers here.
template <unsigned Size>
ExecResult amcas(HartState& h, const fields::F_rd_rk_rj& f) {
    const uint64_t va = h.gpr[f.rj];
    if (!aligned(va, Size)) return trap_badv(h, Ecode::ALE, va);
    uint64_t old = 0;
    if (!load(h, va, Size, old)) return ExecResult::Trap;
    if (((old ^ h.gpr[f.rd]) & bytes_mask(Size)) == 0 && !store(h, va, Size, h.gpr[f.rk]))
        return ExecResult::Trap;
    set_gpr(h, f.rd, sext_bytes(old, Size));
    return ExecResult::Next;
}

// LL sets LLBit and records the address; SC stores only while LLBit is 1, writes LLBit's
// value to rd and clears it (§2.2.7.4; clearing on SC is la64-privileged.md §12's choice).
// The manual makes SC depend on LLBit alone, not on the address (QEMU also compares the
// address and the value LL read). lladdr holds the virtual address until the MMU can
// report the physical one.
template <unsigned Size>
ExecResult ll(HartState& h, unsigned rd, uint64_t va) {
    if (!aligned(va, Size)) return trap_badv(h, Ecode::ALE, va);
    uint64_t v = 0;
    if (!load(h, va, Size, v)) return ExecResult::Trap;
    set_gpr(h, rd, sext_bytes(v, Size));
    h.lladdr = va;
    h.llbit = 1;
    return ExecResult::Next;
}

template <unsigned Size>
ExecResult sc(HartState& h, unsigned rd, uint64_t va) {
    if (!aligned(va, Size)) return trap_badv(h, Ecode::ALE, va);
    const bool ok = h.llbit != 0;
    if (ok && !store(h, va, Size, h.gpr[rd])) return ExecResult::Trap;
    h.llbit = 0;
    set_gpr(h, rd, ok ? 1 : 0);
    return ExecResult::Next;
}

uint64_t atomic_addr(const HartState& h, unsigned rj, int64_t imm) {
    return h.gpr[rj] + static_cast<uint64_t>(imm);
}

}  // namespace

LA_SEM(amswap_w) { return am<4, AmOp::Swap>(h, f); }
LA_SEM(amswap_d) { return am<8, AmOp::Swap>(h, f); }
LA_SEM(amadd_w) { return am<4, AmOp::Add>(h, f); }
LA_SEM(amadd_d) { return am<8, AmOp::Add>(h, f); }
LA_SEM(amand_w) { return am<4, AmOp::And>(h, f); }
LA_SEM(amand_d) { return am<8, AmOp::And>(h, f); }
LA_SEM(amor_w) { return am<4, AmOp::Or>(h, f); }
LA_SEM(amor_d) { return am<8, AmOp::Or>(h, f); }
LA_SEM(amxor_w) { return am<4, AmOp::Xor>(h, f); }
LA_SEM(amxor_d) { return am<8, AmOp::Xor>(h, f); }
LA_SEM(ammax_w) { return am<4, AmOp::Max>(h, f); }
LA_SEM(ammax_d) { return am<8, AmOp::Max>(h, f); }
LA_SEM(ammin_w) { return am<4, AmOp::Min>(h, f); }
LA_SEM(ammin_d) { return am<8, AmOp::Min>(h, f); }
LA_SEM(ammax_wu) { return am<4, AmOp::MaxU>(h, f); }
LA_SEM(ammax_du) { return am<8, AmOp::MaxU>(h, f); }
LA_SEM(ammin_wu) { return am<4, AmOp::MinU>(h, f); }
LA_SEM(ammin_du) { return am<8, AmOp::MinU>(h, f); }

LA_SEM(amswap_db_w) { return am<4, AmOp::Swap>(h, f); }
LA_SEM(amswap_db_d) { return am<8, AmOp::Swap>(h, f); }
LA_SEM(amadd_db_w) { return am<4, AmOp::Add>(h, f); }
LA_SEM(amadd_db_d) { return am<8, AmOp::Add>(h, f); }
LA_SEM(amand_db_w) { return am<4, AmOp::And>(h, f); }
LA_SEM(amand_db_d) { return am<8, AmOp::And>(h, f); }
LA_SEM(amor_db_w) { return am<4, AmOp::Or>(h, f); }
LA_SEM(amor_db_d) { return am<8, AmOp::Or>(h, f); }
LA_SEM(amxor_db_w) { return am<4, AmOp::Xor>(h, f); }
LA_SEM(amxor_db_d) { return am<8, AmOp::Xor>(h, f); }
LA_SEM(ammax_db_w) { return am<4, AmOp::Max>(h, f); }
LA_SEM(ammax_db_d) { return am<8, AmOp::Max>(h, f); }
LA_SEM(ammin_db_w) { return am<4, AmOp::Min>(h, f); }
LA_SEM(ammin_db_d) { return am<8, AmOp::Min>(h, f); }
LA_SEM(ammax_db_wu) { return am<4, AmOp::MaxU>(h, f); }
LA_SEM(ammax_db_du) { return am<8, AmOp::MaxU>(h, f); }
LA_SEM(ammin_db_wu) { return am<4, AmOp::MinU>(h, f); }
LA_SEM(ammin_db_du) { return am<8, AmOp::MinU>(h, f); }

LA_SEM(amswap_b) { return am<1, AmOp::Swap>(h, f); }
LA_SEM(amswap_h) { return am<2, AmOp::Swap>(h, f); }
LA_SEM(amadd_b) { return am<1, AmOp::Add>(h, f); }
LA_SEM(amadd_h) { return am<2, AmOp::Add>(h, f); }
LA_SEM(amswap_db_b) { return am<1, AmOp::Swap>(h, f); }
LA_SEM(amswap_db_h) { return am<2, AmOp::Swap>(h, f); }
LA_SEM(amadd_db_b) { return am<1, AmOp::Add>(h, f); }
LA_SEM(amadd_db_h) { return am<2, AmOp::Add>(h, f); }

LA_SEM(amcas_b) { return amcas<1>(h, f); }
LA_SEM(amcas_h) { return amcas<2>(h, f); }
LA_SEM(amcas_w) { return amcas<4>(h, f); }
LA_SEM(amcas_d) { return amcas<8>(h, f); }
LA_SEM(amcas_db_b) { return amcas<1>(h, f); }
LA_SEM(amcas_db_h) { return amcas<2>(h, f); }
LA_SEM(amcas_db_w) { return amcas<4>(h, f); }
LA_SEM(amcas_db_d) { return amcas<8>(h, f); }

// si14 is already scaled by 4 (spec/README.md); LLACQ/SCREL take the address from rj alone.
LA_SEM(ll_w) { return ll<4>(h, f.rd, atomic_addr(h, f.rj, f.si14)); }
LA_SEM(ll_d) { return ll<8>(h, f.rd, atomic_addr(h, f.rj, f.si14)); }
LA_SEM(sc_w) { return sc<4>(h, f.rd, atomic_addr(h, f.rj, f.si14)); }
LA_SEM(sc_d) { return sc<8>(h, f.rd, atomic_addr(h, f.rj, f.si14)); }
LA_SEM(llacq_w) { return ll<4>(h, f.rd, h.gpr[f.rj]); }
LA_SEM(llacq_d) { return ll<8>(h, f.rd, h.gpr[f.rj]); }
LA_SEM(screl_w) { return sc<4>(h, f.rd, h.gpr[f.rj]); }
LA_SEM(screl_d) { return sc<8>(h, f.rd, h.gpr[f.rj]); }

// Stores the 128 bits {rk, rd} (rd the low doubleword) at rj (§2.2.7.5), as two 8-byte
// stores. Both lie in one aligned 16-byte block, so in one page: the second can fail after
// the first only if that block straddles the end of RAM or a device window.
LA_SEM(sc_q) {
    const uint64_t va = h.gpr[f.rj];
    if (!aligned(va, 16)) return trap_badv(h, Ecode::ALE, va);
    const bool ok = h.llbit != 0;
    if (ok && (!store(h, va, 8, h.gpr[f.rd]) || !store(h, va + 8, 8, h.gpr[f.rk])))
        return ExecResult::Trap;
    h.llbit = 0;
    set_gpr(h, f.rd, ok ? 1 : 0);
    return ExecResult::Next;
}

}  // namespace la::sem
