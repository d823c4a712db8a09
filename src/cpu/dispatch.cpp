// SPDX-License-Identifier: Apache-2.0
#include "lvzemu/gen/sem_dispatch.h"

namespace la::cpu {

// The rare outcomes of an instruction inside a chain (lvzemu/cpu/threaded.h).
Chain chain_slow(HartState* h, const Slot* s, uint64_t pc, uint64_t retired, ExecResult r) {
    if (r == ExecResult::Trap) {
        h->pc = pc;
        h->retired = retired;
        h->insn = s->word;
        return Chain::Trap;
    }
    h->pc = pc + 4;  // Halt
    h->retired = retired + 1;
    return Chain::Halt;
}

}  // namespace la::cpu

namespace la::gen {

// An opcode with no LA_SEM function yet (or no instruction at all): the architectural
// answer for "instruction not defined" is INE (manual Vol. 1 §7.4.3, Ecode 0xD).
la::cpu::ExecResult sem_unimplemented(la::cpu::HartState* h, uint32_t) {
    return la::cpu::trap(*h, la::cpu::Ecode::INE);
}

la::cpu::Chain thread_unimplemented(la::cpu::HartState* h, const la::cpu::Slot* s, uint64_t pc,
                                    uint64_t n) {
    h->pc = pc;
    h->retired = n;
    h->insn = s->word;
    la::cpu::trap(*h, la::cpu::Ecode::INE);
    return la::cpu::Chain::Trap;
}

}  // namespace la::gen
