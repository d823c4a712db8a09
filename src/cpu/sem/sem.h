// SPDX-License-Identifier: Apache-2.0
// The one home of instruction semantics (DEVELOPERS.md, "One semantics, two tiers").
// Each instruction is one function, written once with LA_SEM:
//
//   LA_SEM(add_d) { set_gpr(h, f.rd, h.gpr[f.rj] + h.gpr[f.rk]); return ExecResult::Next; }
//
// `h` is the HartState, `f` the instruction's operands as la::fields::<insn> extracts
// them (named as the manual names them, immediates already sign-extended and scaled).
// No C++ exceptions, no RTTI, no host globals: a guest exception is returned
// (`return trap(h, Ecode::INE);`). The interpreter calls these functions through a table
// generated from spec/ plus the LA_SEM definitions found in src/cpu/sem/*.cpp
// (tools/specgen/gen_dispatch.py); the JIT will compile the same files to LLVM bitcode.
// Feature gates (the spec `ext` column) and the PLV0 check for `priv` instructions are
// applied generically by the dispatcher, not in each function.
#pragma once

#include "lvzemu/cpu/hart_state.h"
#include "lvzemu/cpu/mem.h"
#include "lvzemu/cpu/threaded.h"
#include "lvzemu/gen/fields.h"

// LA_SEM(name) declares the semantics function, defines its two entry points in the same
// translation unit (so the compiler inlines the semantics into both), then opens the
// function's definition:
//   la_h_<name>(hart, word)          decodes the operands from the word; the JIT finds
//                                    these in the bitcode, and single-stepping uses them;
//   la_t_<name>(hart, slot, pcb, lim)  the interpreter's threaded handler: operands
//                                    pre-extracted in the decoded Slot (lvzemu/cpu/threaded.h),
//                                    for a Slot whose rd (if the instruction has one) is not r0;
//   la_t0_<name>(...)                the same for a Slot whose rd is r0.
// h.pc is the instruction's PC only for instructions with the spec attribute `reads-pc`
// (tests/unit/sem_pc_test.cpp fails if a semantics function reads it without).
#ifdef LA_SEM_INTERNAL
// Compiled again into src/cpu/fused.cpp, so that the fused pairs' handlers see (and inline)
// the semantics they combine: the functions alone, private to that translation unit.
#define LA_SEM(name)                                                                         \
    [[maybe_unused]] static ::la::cpu::ExecResult name(::la::cpu::HartState& h,                \
                                                       [[maybe_unused]] const ::la::fields::name& f)
#else
#define LA_SEM(name)                                                                         \
    ::la::cpu::ExecResult name(::la::cpu::HartState& h, const ::la::fields::name& f);       \
    extern "C" ::la::cpu::ExecResult la_h_##name(::la::cpu::HartState* h, uint32_t w) {     \
        return name(*h, ::la::fields::name::decode(w));                                    \
    }                                                                                        \
    extern "C" LA_CHAIN_CC ::la::cpu::Chain la_t_##name(::la::cpu::HartState* h, const ::la::cpu::Slot* s, \
                                                        uint64_t pcb, uint64_t lim) {        \
        [[clang::musttail]] return ::la::cpu::run_threaded<                                  \
            ::la::fields::name, &name, ::la::fields::reads_pc::name, ::la::fields::ends_block::name, \
            ::la::cpu::RdIs::NonZero>(h, s, pcb, lim);                                       \
    }                                                                                        \
    extern "C" LA_CHAIN_CC ::la::cpu::Chain la_t0_##name(::la::cpu::HartState* h, const ::la::cpu::Slot* s, \
                                                         uint64_t pcb, uint64_t lim) {       \
        if constexpr (::la::cpu::HasRd<::la::fields::name>) {                                \
            [[clang::musttail]] return ::la::cpu::run_threaded<                              \
                ::la::fields::name, &name, ::la::fields::reads_pc::name,                     \
                ::la::fields::ends_block::name, ::la::cpu::RdIs::Zero>(h, s, pcb, lim);      \
        } else {                                                                             \
            [[clang::musttail]] return la_t_##name(h, s, pcb, lim);                          \
        }                                                                                    \
    }                                                                                        \
    ::la::cpu::ExecResult name(::la::cpu::HartState& h, [[maybe_unused]] const ::la::fields::name& f)
#endif

namespace la::sem {
using namespace la::cpu;
}  // namespace la::sem
