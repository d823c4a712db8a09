// SPDX-License-Identifier: Apache-2.0
#include "lvzemu/gen/sem_dispatch.h"

namespace la::cpu {

// The rare outcomes of an instruction inside a chain (lvzemu/cpu/threaded.h).
Chain chain_slow(HartState* h, const Slot* s, uint64_t pcb, uint64_t lim, ExecResult r) {
    const uint64_t pc = chain_pc(s, pcb);
    const uint64_t retired = chain_retired(h, s, lim);
    if (r == ExecResult::Trap) {
        h->pc = pc;
        h->retired = retired;
        // An MMIO access refused inside the chain: nothing happened; the outer loop runs
        // the instruction again, alone (HartState::mmio).
        if (h->mmio == kMmioDeferred) return Chain::Continue;
        h->insn = s->word;
        return Chain::Trap;
    }
    h->retired = retired + 1;
    if (r == ExecResult::Jumped) {
        h->pc = h->next_pc;
        return Chain::Continue;
    }
    h->pc = pc + 4;  // Halt
    return Chain::Halt;
}

LA_CHAIN_CC Chain slot_exit(HartState* h, const Slot* s, uint64_t pcb, uint64_t lim) {
    h->pc = chain_pc(s, pcb);
    h->retired = chain_retired(h, s, lim);
    return Chain::Continue;
}

}  // namespace la::cpu

namespace la::gen {

// An opcode with no LA_SEM function yet (or no instruction at all): the architectural
// answer for "instruction not defined" is INE (manual Vol. 1 §7.4.3, Ecode 0xD).
la::cpu::ExecResult sem_unimplemented(la::cpu::HartState* h, uint32_t) {
    return la::cpu::trap(*h, la::cpu::Ecode::INE);
}

LA_CHAIN_CC la::cpu::Chain thread_unimplemented(la::cpu::HartState* h, const la::cpu::Slot* s, uint64_t pcb,
                                                uint64_t lim) {
    h->pc = la::cpu::chain_pc(s, pcb);
    h->retired = la::cpu::chain_retired(h, s, lim);
    h->insn = s->word;
    la::cpu::trap(*h, la::cpu::Ecode::INE);
    return la::cpu::Chain::Trap;
}

}  // namespace la::gen
