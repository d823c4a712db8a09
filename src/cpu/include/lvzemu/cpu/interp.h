// SPDX-License-Identifier: Apache-2.0
// The interpreter: decode once per guest page (cached, invalidated when code is written),
// then run threaded handlers (lvzemu/cpu/threaded.h) that apply the one semantics
// function of each instruction to operands extracted at decode time; the generic gates
// (feature enables, PLV0 for privileged instructions) run in a wrapper handler only for
// instructions that have them. Precise exceptions; no allocation per instruction.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "lvzemu/cpu/hart_state.h"
#include "lvzemu/cpu/threaded.h"

namespace la::cpu {

enum class StopReason : uint8_t {
    Budget,         // the instruction budget ran out
    Stop,           // a device asked the machine to stop (power-off, exit register)
    Halt,           // an instruction halted the hart (IDLE with no interrupt source yet)
    DoubleFault,    // an exception with no handler (EENTRY = 0) or a fetch from nowhere
    Step,           // one instruction executed (step mode)
};

/// One executed instruction, for tracing and single-stepping.
struct StepRecord {
    uint64_t pc;
    uint32_t word;
    bool trapped;
};

class Interpreter {
public:
    explicit Interpreter(HartState& h);
    ~Interpreter();

    /// Runs until `budget` instructions retired, `*stop` becomes true, or a stop reason.
    StopReason run(uint64_t budget, const bool* stop);

    /// Executes exactly one instruction (or takes one exception) and describes it.
    StopReason step(StepRecord& rec);

    /// Drops decoded instructions of the physical page containing `pa` (code written).
    void invalidate(uint64_t pa);

private:
    struct Page;
    const Slot* slot_for_pc(uint64_t pc);
    Page* decode_page(uint64_t ram_page);
    StopReason after_trap();

    HartState& h_;
    std::vector<std::unique_ptr<Page>> pages_;  // decoded RAM pages, by RAM page index
    Slot scratch_[2];  // an instruction fetched from outside RAM, and an exit
};

/// CPUCFG words of a la464-class core as QEMU's `virt` presents it (docs/cpucfg.md).
void cpucfg_init_la464(HartState& h);

}  // namespace la::cpu
