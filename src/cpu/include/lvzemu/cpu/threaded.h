// SPDX-License-Identifier: Apache-2.0
// Threaded dispatch for the interpreter (docs/architecture.md, "Interpreter").
//
// A decoded guest page is an array of Slots, one per instruction word, plus an end
// sentinel. Each Slot holds the handler of its instruction and the operands already
// extracted (la::fields::<insn>), so executing an instruction is: run the semantics on the
// pre-extracted operands, then jump straight to the next Slot's handler with a guaranteed
// tail call ([[clang::musttail]]). There is no central dispatch loop: every handler ends
// in its own indirect jump, which the host's branch predictor learns per guest
// instruction, and the loop state (pc, retired count) stays in registers.
//
// The chain leaves back to the interpreter's outer loop (Chain::Continue) when the
// retired count reaches HartState::run_end (the budget, or a forced early end: the memory
// slow path sets run_end = retired + 1 after an MMIO access so that device effects such as
// a power-off are seen right after the instruction), at a taken branch out of the page, at
// the page's end, or after a privileged instruction (which may change PLV, translation or
// interrupt enables). In-page taken branches continue the chain.
//
// The semantics themselves stay plain functions (sem/sem.h); this header only wraps them.
#pragma once

#include <cstdint>
#include <cstring>

#include "lvzemu/cpu/hart_state.h"

namespace la::cpu {

/// Why a chain of handlers returned to the outer loop.
enum class Chain : uint8_t {
    Continue,  // h.pc and h.retired are up to date; look at the machine and go on
    Trap,      // h.exc holds an exception for the instruction at h.pc (h.insn = its word)
    Halt,      // an instruction asked to stop (h.pc already past it)
};

struct Slot;
using Handler = Chain (*)(HartState* h, const Slot* s, uint64_t pc, uint64_t retired);

/// Maximum size of any la::fields::<insn> operand struct a Slot can hold; the dispatch
/// generator static_asserts it for every implemented instruction.
inline constexpr unsigned kSlotOperandBytes = 16;

/// One decoded instruction. Aligned to its size so that no Slot straddles two cache lines
/// (with 16-byte heap alignment half of them could. Measured on hash: the same binary ran
/// at 515 or 700 MIPS depending only on the length of its path, i.e. on the heap layout;
/// with this alignment 640-685).
struct alignas(32) Slot {
    Handler fn;
    uint32_t word;  // the instruction word (BADI on a trap)
    uint16_t op;    // la::decoder::Opcode
    uint8_t gate;   // generic checks (feature enables, PLV0) the handler must pass first
    uint8_t reserved;
    alignas(8) unsigned char ops[kSlotOperandBytes];  // la::fields::<insn>, pre-extracted
};
static_assert(sizeof(Slot) == 32);

inline constexpr unsigned kPageBits = 12;
inline constexpr unsigned kSlotsPerPage = 1u << (kPageBits - 2);

/// Out of line: the rare results (Trap, Halt) of an instruction inside a chain.
Chain chain_slow(HartState* h, const Slot* s, uint64_t pc, uint64_t retired, ExecResult r);

/// The threaded handler of one instruction: semantics `Sem` on operands `F`. `ReadsPc`
/// (spec attribute `reads-pc`, la::fields::reads_pc) says whether the semantics read
/// h.pc; for the others h.pc is stale inside a chain. Everything else that reads it sees
/// it stored: a chain's exits (here, chain_slow for Trap/Halt, slot_exit), gated
/// instructions (slot_gated stores it first; privileged ones, the only ones reaching
/// CSRs, the TLB and tracers, run there), and the outer loop. The memory slow paths
/// (lvzemu/cpu/mem.h) do not read it: a fault only records h.exc, and ERA is taken from
/// h.pc after chain_slow stored it. Measured: one store per instruction less.
template <class F, ExecResult (*Sem)(HartState&, const F&), bool ReadsPc>
[[gnu::always_inline]] inline Chain run_threaded(HartState* h, const Slot* s, uint64_t pc,
                                                 uint64_t retired) {
    static_assert(sizeof(F) <= kSlotOperandBytes && alignof(F) <= 8);
    if constexpr (ReadsPc) h->pc = pc;  // branches, PCADDI, BCE's BADV
    // h->retired is not stored here: it is valid whenever a chain leaves, and the few
    // instructions that read it inside one (RDTIME*, the stable counter) carry a gate, whose
    // wrapper stores it (interp.cpp, kGateSync). Measured: one store per instruction less.
    F f;
    std::memcpy(&f, s->ops, sizeof f);
    const ExecResult r = Sem(*h, f);
    if (r == ExecResult::Next) [[likely]] {
        ++retired;
        if (retired < h->run_end) [[likely]] {
            [[clang::musttail]] return s[1].fn(h, s + 1, pc + 4, retired);
        }
        h->pc = pc + 4;
        h->retired = retired;
        return Chain::Continue;
    }
    if (r == ExecResult::Jumped) {
        const uint64_t t = h->next_pc;
        ++retired;
        // Same 4 KiB virtual page, aligned: the target's Slot is in this array. A chain's
        // PC is always aligned (slot_for_pc raises ADEF otherwise), so both conditions are
        // one test on t ^ pc; the Slot is then t - pc bytes of code away, which for a
        // PC-relative branch the compiler knows is the offset.
        if (retired < h->run_end && ((t ^ pc) & ~uint64_t{(1u << kPageBits) - 4}) == 0) {
            static_assert(sizeof(Slot) % 4 == 0);
            const Slot* ts = reinterpret_cast<const Slot*>(reinterpret_cast<uintptr_t>(s) +
                                                           (t - pc) * (sizeof(Slot) / 4));
            [[clang::musttail]] return ts->fn(h, ts, t, retired);
        }
        h->pc = t;
        h->retired = retired;
        return Chain::Continue;
    }
    return chain_slow(h, s, pc, retired, r);
}

}  // namespace la::cpu
