// SPDX-License-Identifier: Apache-2.0
// Helpers shared by the integer semantics (int_*.cpp, branch.cpp, mem.cpp, atomic.cpp,
// misc.cpp). Private to src/cpu/sem/.
#pragma once

#include <cstdint>
#include <string_view>

#include "lvzemu/gen/csr_table.h"
#include "sem/sem.h"

namespace la::sem {

/// Writes rd (r0 stays 0) and falls through: the common tail of a register instruction.
inline ExecResult set_gpr_next(HartState& h, unsigned rd, uint64_t v) {
    set_gpr(h, rd, v);
    return ExecResult::Next;
}

/// Every `.w` result is written sign-extended from bit 31 on LA64 (manual Vol. 1 §2.2).
constexpr uint64_t sext32(uint64_t v) {
    return static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(v)));
}
constexpr uint64_t sext16(uint64_t v) {
    return static_cast<uint64_t>(static_cast<int64_t>(static_cast<int16_t>(v)));
}
constexpr uint64_t sext8(uint64_t v) {
    return static_cast<uint64_t>(static_cast<int64_t>(static_cast<int8_t>(v)));
}

/// Sign-extends the low `size` bytes (1, 2, 4, 8), as sign-extending loads do.
constexpr uint64_t sext_bytes(uint64_t v, unsigned size) {
    switch (size) {
    case 1: return sext8(v);
    case 2: return sext16(v);
    case 4: return sext32(v);
    default: return v;
    }
}

constexpr uint64_t bytes_mask(unsigned size) {
    return size >= 8 ? ~uint64_t{0} : (uint64_t{1} << (8 * size)) - 1;
}

constexpr bool aligned(uint64_t va, unsigned size) { return (va & (size - 1)) == 0; }

constexpr uint64_t csr_val(const HartState& h, gen::Csr c) {
    return h.csr[static_cast<unsigned>(c)];
}

/// Bit position of a CSR field, from the table generated from spec/csrs.tbl.
constexpr unsigned csr_field_lsb(gen::Csr c, std::string_view field) {
    return gen::find_field(gen::csr_desc(c), field)->lsb;
}

/// CRMD.PLV, the current privilege level.
constexpr unsigned cur_plv(const HartState& h) {
    return static_cast<unsigned>(kCrmdPlv.get(csr_val(h, gen::Csr::CRMD)));
}

/// Ordinary loads and stores may be unaligned (CPUCFG1.UAL = 1), except at a privilege
/// level whose MISC.ALCL<PLV> bit asks for the check (manual Vol. 1 §2.1.8, MISC §7.4.4).
inline bool ordinary_misaligned(const HartState& h, uint64_t va, unsigned size) {
    constexpr unsigned kAlcl0 = csr_field_lsb(gen::Csr::MISC, "ALCL0");
    return !aligned(va, size) && ((csr_val(h, gen::Csr::MISC) >> (kAlcl0 + cur_plv(h))) & 1) != 0;
}

/// The bound checks of ASRT{LE,GT}.D and {LD,ST}{GT,LE}.*: GR[rj] against GR[rk], as signed
/// numbers (manual Vol. 1 §2.2.10.3 says so for ASRT; §2.2.6 gives the same comparison
/// unqualified). QEMU compares unsigned (target/loongarch/tcg/op_helper.c, helper_asrtle_d),
/// which differs only when exactly one operand has bit 63 set.
constexpr bool bound_gt(uint64_t rj, uint64_t rk) {
    return static_cast<int64_t>(rj) > static_cast<int64_t>(rk);
}
constexpr bool bound_le(uint64_t rj, uint64_t rk) {
    return static_cast<int64_t>(rj) <= static_cast<int64_t>(rk);
}

// Bound-checked accesses at GR[rj], integer and FP (§2.2.6, §3.2.7): natural alignment is
// always required, and ALE takes priority over BCE, which takes priority over TLB
// exceptions (§6.3.2). BADV on BCE is the PC of the faulting instruction: the manual says
// only "the bad address"; Loongson's QEMU fix "target/loongarch: Fix exception BCE missing
// update CSR_BADV" (qemu-devel, 2025-12-30, reviewed by Loongson) states "the value is
// env->pc". The address-error check (ADE) that the priority list puts before BCE happens
// inside the memory port, after this one, so an access failing both reports BCE.
enum class Bound : uint8_t { Gt, Le };

template <Bound B>
ExecResult bound_check(HartState& h, uint64_t va, uint64_t bound, unsigned size) {
    if (!aligned(va, size)) return trap_badv(h, Ecode::ALE, va);
    const bool ok = B == Bound::Gt ? bound_gt(va, bound) : bound_le(va, bound);
    return ok ? ExecResult::Next : trap_badv(h, Ecode::BCE, h.pc);
}

}  // namespace la::sem
