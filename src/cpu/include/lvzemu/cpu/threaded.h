// SPDX-License-Identifier: Apache-2.0
// Threaded dispatch for the interpreter (docs/architecture.md, "Interpreter").
//
// A decoded guest page is an array of Slots, one per instruction word, plus an end
// sentinel. Each Slot holds the handler of its instruction and the operands already
// extracted (la::fields::<insn>), so executing an instruction is: run the semantics on the
// pre-extracted operands, then jump straight to the next Slot's handler with a guaranteed
// tail call ([[clang::musttail]]). There is no central dispatch loop: every handler ends
// in its own indirect jump, which the host's branch predictor learns per guest
// instruction, and the loop state stays in registers.
//
// The loop state is two numbers that do not change from one instruction to the next in
// straight-line code, so that an ordinary handler updates nothing but the Slot pointer:
//   pcb = pc - Slot address / 8      (a Slot is 32 bytes, an instruction 4)
//   lim = Slot address + 32 * (instructions left before HartState::run_end)
// so pc = pcb + s / 8 and retired = run_end - (lim - s) / 32 (chain_pc, chain_retired).
// A taken branch inside the page keeps pcb (the target Slot is t - pc bytes of code away)
// and moves lim by the distance jumped, minus one instruction.
//
// The budget (run_end: the end of the run, the timer's deadline) is checked once per
// straight-line run instead of once per instruction. Each Slot's `span` is 32 times the
// number of instructions from it up to and including the next one that ends a block
// (spec attribute `ends-block`) or the page's end. Such an instruction checks, before it
// continues anywhere (fall-through or in-page branch target b), that the whole run from b
// fits in what is left; the outer loop checks the first one. A run that does not fit
// ends the chain, and the outer loop executes instructions one at a time from then on
// (Interpreter::enter) until the budget is reached exactly. Instructions that do not end
// blocks check nothing.
//
// The chain leaves back to the interpreter's outer loop (Chain::Continue) at the budget,
// at a taken branch out of the page, at the page's end, after a privileged instruction
// (which may change PLV, translation or interrupt enables), and at an access to MMIO:
// inside a chain such an access is not performed (HartState::mmio, kMmioDefer); the
// instruction leaves the chain without effect and the outer loop executes it alone, so
// device effects such as a power-off are seen right after it. In-page taken branches
// continue the chain.
//
// The semantics themselves stay plain functions (sem/sem.h); this header only wraps them.
#pragma once

#include <cstdint>
#include <cstring>

#include "lvzemu/cpu/hart_state.h"

// Handlers use the preserve_none convention where the compiler has it: their arguments
// then live in registers that no instruction needs for itself (on x86-64 r12-r15, not
// rcx, which variable shifts need, nor rdx, which wide multiplies need), and a handler
// has no callee-saved registers to keep.
#if defined(__clang__) && (defined(__x86_64__) || defined(__aarch64__)) && __has_attribute(preserve_none)
#define LA_CHAIN_CC __attribute__((preserve_none))
#else
#define LA_CHAIN_CC
#endif

namespace la::cpu {

/// Why a chain of handlers returned to the outer loop.
enum class Chain : uint8_t {
    Continue,  // h.pc and h.retired are up to date; look at the machine and go on
    Trap,      // h.exc holds an exception for the instruction at h.pc (h.insn = its word)
    Halt,      // an instruction asked to stop (h.pc already past it)
};

struct Slot;
using Handler = LA_CHAIN_CC Chain (*)(HartState* h, const Slot* s, uint64_t pcb, uint64_t lim);

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
    uint16_t span;  // bytes of Slots from this one to past the end of its run (above)
    alignas(8) unsigned char ops[kSlotOperandBytes];  // la::fields::<insn>, pre-extracted
};
static_assert(sizeof(Slot) == 32);

inline constexpr unsigned kPageBits = 12;
inline constexpr unsigned kSlotsPerPage = 1u << (kPageBits - 2);
static_assert(uint64_t{kSlotsPerPage + 1} * sizeof(Slot) <= 0xffff, "a run's span fits in Slot::span");

/// The PC and the retired count of the instruction at Slot `s` (see above).
inline uint64_t chain_pc(const Slot* s, uint64_t pcb) {
    static_assert(sizeof(Slot) == 8 * 4);
    return pcb + (reinterpret_cast<uintptr_t>(s) >> 3);
}
inline uint64_t chain_retired(const HartState* h, const Slot* s, uint64_t lim) {
    static_assert(sizeof(Slot) == 1u << 5);
    return h->run_end - ((lim - reinterpret_cast<uintptr_t>(s)) >> 5);
}

/// Out of line: the rare results (Trap, Halt; Jumped of the first of a fused pair) of an
/// instruction inside a chain. The ordinary convention: it is called, not jumped to, and a
/// preserve_none callee could clobber a handler's stack base pointer (interp.cpp, call_chain).
Chain chain_slow(HartState* h, const Slot* s, uint64_t pcb, uint64_t lim, ExecResult r);

/// Leaves the chain at Slot `s` without executing it: the page's end sentinel, the slots
/// of a page whose code was overwritten, a run that does not fit in the budget.
LA_CHAIN_CC Chain slot_exit(HartState* h, const Slot* s, uint64_t pcb, uint64_t lim);

/// A Slot's operands as the semantics take them. Read as whole 8-byte words whose
/// fields are then taken apart in registers: one load instead of one per operand
/// (memory accesses, not instructions, bound a handler's speed).
template <class F>
[[gnu::always_inline]] inline F slot_operands(const Slot* s) {
    uint64_t w[2];
    std::memcpy(w, s->ops, sizeof w);
    asm("" : "+r"(w[0]));
    if constexpr (sizeof(F) > 8) asm("" : "+r"(w[1]));
    F f;
    std::memcpy(&f, w, sizeof f);
    return f;
}

/// What a handler may assume about its `rd` operand (a Slot gets the variant matching the
/// operand it holds): writes to r0 are then decided at decode time, not per execution.
enum class RdIs : uint8_t { NonZero, Zero };

template <class F>
concept HasRd = requires(const F& f) { f.rd; };

/// The Slot a taken in-page branch continues at, `ts`, as the branch's Slot remembers it
/// from its last execution (Slot::ops bytes 8-15, unused by operands of at most 8 bytes).
/// The same value, but a load from the branch's own Slot instead of a computation on its
/// operands (load, shift, add): when it matches (a predicted branch), the next Slot's
/// address, on which all the following handlers' loads depend, is known a few cycles
/// earlier. Measured: 2-7% on the loop-heavy bench workloads.
[[gnu::always_inline]] inline const Slot* taken_slot(const Slot* s, const Slot* ts) {
    const Slot* c;
    std::memcpy(&c, s->ops + 8, sizeof c);
    if (c == ts) [[likely]] {
        asm("" : "+r"(c));  // the loaded value, not `ts`, which the compiler knows it equals
        return c;
    }
    std::memcpy(const_cast<unsigned char*>(s->ops) + 8, &ts, sizeof ts);
    return ts;
}

// The end of every handler: where the chain goes after the instruction at Slot `s`, whose
// semantics returned `r` (names h, s, pcb, lim, r in scope). A macro, not a function: the
// guaranteed tail calls must be made from the handler itself.
#define LA_CHAIN_CONTINUE(EndsBlock, Cache)                                                   \
    do {                                                                                      \
        const uintptr_t sa_ = reinterpret_cast<uintptr_t>(s);                                 \
        if (r == ::la::cpu::ExecResult::Next) [[likely]] {                                    \
            if constexpr (EndsBlock) {                                                        \
                if (sa_ + s[1].span >= lim) [[unlikely]] {                                    \
                    [[clang::musttail]] return ::la::cpu::slot_exit(h, s + 1, pcb, lim);      \
                }                                                                             \
            }                                                                                 \
            [[clang::musttail]] return s[1].fn(h, s + 1, pcb, lim);                           \
        }                                                                                     \
        if (r == ::la::cpu::ExecResult::Jumped) {                                             \
            const uint64_t t_ = h->next_pc;                                                   \
            const uint64_t pc_ = ::la::cpu::chain_pc(s, pcb);                                 \
            if (((t_ ^ pc_) & ~uint64_t{(1u << ::la::cpu::kPageBits) - 4}) == 0) {            \
                const uint64_t d_ = (t_ - pc_) * (sizeof(::la::cpu::Slot) / 4);               \
                const ::la::cpu::Slot* ts_ = reinterpret_cast<const ::la::cpu::Slot*>(sa_ + d_); \
                if constexpr (Cache) ts_ = ::la::cpu::taken_slot(s, ts_);                     \
                if (sa_ + ts_->span < lim) [[likely]] {                                       \
                    [[clang::musttail]] return ts_->fn(h, ts_, pcb, lim + d_ - sizeof(::la::cpu::Slot)); \
                }                                                                             \
            }                                                                                 \
            h->pc = t_;                                                                       \
            h->retired = ::la::cpu::chain_retired(h, s, lim) + 1;                             \
            return ::la::cpu::Chain::Continue;                                                \
        }                                                                                     \
        return ::la::cpu::chain_slow(h, s, pcb, lim, r);                                      \
    } while (0)
// Next: to the next Slot, after checking the budget for its run if this instruction ends a
// block. Jumped: inside the same 4 KiB virtual page, aligned, the target's Slot is in this
// array; a chain's PC is always aligned (slot_for_pc raises ADEF otherwise), so both
// conditions are one test on t ^ pc, and the Slot is t - pc bytes of code away, which for
// a PC-relative branch the compiler knows is the offset. The target's run must fit in the
// budget left after this instruction. Anything else leaves the chain.

/// The threaded handler of one instruction: semantics `Sem` on operands `F`. `ReadsPc`
/// (spec attribute `reads-pc`, la::fields::reads_pc) says whether the semantics read
/// h.pc; for the others h.pc is stale inside a chain. Everything else that reads it sees
/// it stored: a chain's exits (chain_slow for Trap/Halt, slot_exit), gated instructions
/// (slot_gated stores it first; privileged ones, the only ones reaching CSRs, the TLB and
/// tracers, run there), and the outer loop. The memory slow paths (lvzemu/cpu/mem.h) do
/// not read it: a fault only records h.exc, and ERA is taken from h.pc after chain_slow
/// stored it. `EndsBlock` (spec attribute `ends-block`, la::fields::ends_block): the
/// instruction checks the budget for the run it continues to (above).
template <class F, ExecResult (*Sem)(HartState&, const F&), bool ReadsPc, bool EndsBlock, RdIs Rd>
[[gnu::always_inline]] inline LA_CHAIN_CC Chain run_threaded(HartState* h, const Slot* s, uint64_t pcb,
                                                             uint64_t lim) {
    static_assert(sizeof(F) <= kSlotOperandBytes && alignof(F) <= 8);
    if constexpr (ReadsPc) h->pc = chain_pc(s, pcb);  // branches, PCADDI, BCE's BADV
    // h->retired is not stored here: it is valid whenever a chain leaves, and the few
    // instructions that read it inside one (RDTIME*, the stable counter) carry a gate, whose
    // wrapper stores it (interp.cpp, kGateSync).
    const F f = slot_operands<F>(s);
    if constexpr (HasRd<F> && Rd == RdIs::NonZero) __builtin_assume(f.rd != 0);
    if constexpr (HasRd<F> && Rd == RdIs::Zero) __builtin_assume(f.rd == 0);
    const ExecResult r = Sem(*h, f);
    LA_CHAIN_CONTINUE(EndsBlock, sizeof(F) <= 8);
}

template <class F>
concept HasRj = requires(const F& f) { f.rj; };
template <class F>
concept HasRk = requires(const F& f) { f.rk; };

/// What a fused pair's handler knows about its operands (a handler per possible answer,
/// compiled knowing it): bits 0-2, which GPR operands of the second instruction (rd, rj,
/// rk) are the first one's rd, so that a register the first writes and the second reads
/// stays in a host register and the others are known not to depend on the first's store;
/// bit 3, the second's rd is r0 (fused so only where rd is read, stores and branches, or
/// the form has a name, spec/aliases.tbl: nop, jr, ret).
/// kEqNone: no relation is looked at (the first writes no register).
inline constexpr unsigned kEqRd0 = 8, kEqNone = 16;
template <class FA, class FB, bool Relations>
unsigned pair_eq(const unsigned char* a_ops, const unsigned char* b_ops) {
    FB b;
    std::memcpy(&b, b_ops, sizeof b);
    unsigned eq = 0;
    if constexpr (HasRd<FB>) eq |= b.rd == 0 ? kEqRd0 : 0;
    if constexpr (Relations && HasRd<FA>) {
        FA a;
        std::memcpy(&a, a_ops, sizeof a);
        if constexpr (HasRd<FB>) eq |= (b.rd == a.rd && b.rd != 0) << 0;
        if constexpr (HasRj<FB>) eq |= (b.rj == a.rd) << 1;
        if constexpr (HasRk<FB>) eq |= (b.rk == a.rd) << 2;
    }
    return eq;
}

/// The handler of a fused pair (spec/fused.tbl): the instruction at `s`, then the one at
/// s + 1 as its own handler would run it. Both are in the same budget run (the first does
/// not end a block), and each Slot still stands for its instruction, so a trap in either
/// leaves with the right PC and retired count. `StoresA`: the first may write memory, so
/// it may have overwritten this very page; then the second's Slot leaves the chain
/// (CodeCache::invalidate) and the pair must not run the stale copy. `Eq`: pair_eq.
template <class FA, ExecResult (*SemA)(HartState&, const FA&), bool ReadsPcA, bool StoresA, class FB,
          ExecResult (*SemB)(HartState&, const FB&), bool ReadsPcB, bool EndsBlockB, unsigned Eq>
[[gnu::always_inline]] inline LA_CHAIN_CC Chain run_pair(HartState* h, const Slot* s, uint64_t pcb, uint64_t lim) {
    static_assert(sizeof(FA) <= kSlotOperandBytes && alignof(FA) <= 8);
    static_assert(sizeof(FB) <= kSlotOperandBytes && alignof(FB) <= 8);
    if constexpr (ReadsPcA) h->pc = chain_pc(s, pcb);
    const FA fa = slot_operands<FA>(s);
    FB fb = slot_operands<FB>(s + 1);
    // The first's rd is not r0 (pair_handler); the second's is as `Eq` says.
    if constexpr (HasRd<FA>) __builtin_assume(fa.rd != 0 && fa.rd < 32);
    if constexpr (HasRd<FB>) {
        if constexpr ((Eq & kEqRd0) != 0) __builtin_assume(fb.rd == 0);
        else __builtin_assume(fb.rd != 0 && fb.rd < 32);
    }
    // The second's operands that are the first's rd are taken from it: the same value to
    // the compiler, so the register is passed on in a host register.
    if constexpr (HasRd<FA> && (Eq & kEqNone) == 0) {
        if constexpr (HasRd<FB> && (Eq & kEqRd0) == 0) {
            if constexpr ((Eq & 1) != 0) fb.rd = fa.rd; else __builtin_assume(fb.rd != fa.rd);
        }
        if constexpr (HasRj<FB>) {
            if constexpr ((Eq & 2) != 0) fb.rj = fa.rd; else __builtin_assume(fb.rj != fa.rd);
        }
        if constexpr (HasRk<FB>) {
            if constexpr ((Eq & 4) != 0) fb.rk = fa.rd; else __builtin_assume(fb.rk != fa.rd);
        }
    }
    ExecResult r = SemA(*h, fa);
    if (r != ExecResult::Next) [[unlikely]]
        return chain_slow(h, s, pcb, lim, r);
    if constexpr (StoresA) {
        if (s[1].fn == &slot_exit) [[unlikely]] {
            [[clang::musttail]] return slot_exit(h, s + 1, pcb, lim);
        }
    }
    ++s;
    if constexpr (ReadsPcB) h->pc = chain_pc(s, pcb);
    r = SemB(*h, fb);
    LA_CHAIN_CONTINUE(EndsBlockB, sizeof(FB) <= 8);
}

/// One instruction of a fused sequence (run_seq): operands, semantics and attributes as
/// run_threaded takes them; `Rd0`: its Slot's rd is r0 (allowed for the last only).
template <class F, ExecResult (*Sem)(HartState&, const F&), bool ReadsPc, bool Stores, bool EndsBlock, bool Rd0>
struct SeqInsn {
    using Fields = F;
    static constexpr ExecResult (*sem)(HartState&, const F&) = Sem;
    static constexpr bool reads_pc = ReadsPc, stores = Stores, ends_block = EndsBlock, rd0 = Rd0;
};

/// The handler of a fused sequence of three or more instructions (spec/fused.tbl): each
/// as in run_pair, registers passed through memory (no operand relations are assumed).
template <class I, class... Rest>
[[gnu::always_inline]] inline LA_CHAIN_CC Chain run_seq(HartState* h, const Slot* s, uint64_t pcb, uint64_t lim) {
    using F = typename I::Fields;
    static_assert(sizeof(F) <= kSlotOperandBytes && alignof(F) <= 8);
    if constexpr (I::reads_pc) h->pc = chain_pc(s, pcb);
    const F f = slot_operands<F>(s);
    if constexpr (HasRd<F>) {
        if constexpr (I::rd0) __builtin_assume(f.rd == 0);
        else __builtin_assume(f.rd != 0 && f.rd < 32);
    }
    const ExecResult r = I::sem(*h, f);
    if constexpr (sizeof...(Rest) == 0) {
        LA_CHAIN_CONTINUE(I::ends_block, sizeof(F) <= 8);
    } else {
        static_assert(!I::ends_block && !I::rd0);
        if (r != ExecResult::Next) [[unlikely]]
            return chain_slow(h, s, pcb, lim, r);
        if constexpr (I::stores) {
            if (s[1].fn == &slot_exit) [[unlikely]] {
                [[clang::musttail]] return slot_exit(h, s + 1, pcb, lim);
            }
        }
        [[clang::musttail]] return run_seq<Rest...>(h, s + 1, pcb, lim);
    }
}

}  // namespace la::cpu
