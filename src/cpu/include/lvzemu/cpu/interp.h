// SPDX-License-Identifier: Apache-2.0
// The interpreter: fetch, decode once per guest page (cached, invalidated when code is
// written), apply the generic gates (feature enable, PLV0 for privileged instructions),
// dispatch through the generated table to the one semantics function, and advance the PC
// or take the exception. No allocation per instruction.
#pragma once

#include <cstdint>
#include <memory>
#include <unordered_map>

#include "lvzemu/cpu/hart_state.h"

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

    /// Drops decoded instructions of the physical page containing `pa`.
    void invalidate(uint64_t pa);

private:
    struct Page;
    template <bool kRecord>
    StopReason execute_one(StepRecord* rec);
    StopReason finish(ExecResult r, uint64_t pc);
    Page* page_for(uint64_t pa);
    bool gates_pass(uint16_t op);

    HartState& h_;
    std::unordered_map<uint64_t, std::unique_ptr<Page>> pages_;
    Page* last_page_ = nullptr;
    uint64_t last_page_pa_ = ~0ull;
    uint8_t gate_[0x1000];  // per opcode: which generic checks apply (kGate* bits)
};

/// CPUCFG words of a la464-class core as QEMU's `virt` presents it (docs/cpucfg.md).
void cpucfg_init_la464(HartState& h);

}  // namespace la::cpu
