// SPDX-License-Identifier: Apache-2.0
#include "lvzemu/gen/sem_dispatch.h"

namespace la::gen {

// An opcode with no LA_SEM function yet (or no instruction at all): the architectural
// answer for "instruction not defined" is INE (manual Vol. 1 §7.4.3, Ecode 0xD).
la::cpu::ExecResult sem_unimplemented(la::cpu::HartState* h, uint32_t) {
    return la::cpu::trap(*h, la::cpu::Ecode::INE);
}

}  // namespace la::gen
