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
    Halt,           // an instruction halted the hart
    Idle,           // the hart is parked by IDLE and no interrupt is pending
    DoubleFault,    // an exception with no handler (EENTRY = 0) or a fetch from nowhere
    Step,           // one instruction executed (step mode)
};

/// One executed instruction, for tracing and single-stepping.
struct StepRecord {
    uint64_t pc;
    uint32_t word;
    bool trapped;
};

/// Decoded guest code, by physical RAM page, shared by every hart of a machine (a Slot
/// holds nothing hart-specific). A page is decoded whole on first execution; from then on
/// no hart may write it through its translation cache, so every store to it reaches the
/// memory slow path, which calls invalidate().
class CodeCache {
public:
    struct Page;
    explicit CodeCache(MemPort& m);
    ~CodeCache();
    /// Harts whose translation caches must lose write access to newly decoded pages.
    void add_hart(HartState& h) { harts_.push_back(&h); }
    /// The decoded page of RAM page `idx` (decoding it if needed).
    Page& page(uint64_t idx);
    /// Code in the RAM page at this offset of MemPort::ram was written.
    void invalidate(uint64_t ram_offset);

private:
    MemPort& m_;
    std::vector<std::unique_ptr<Page>> pages_;
    std::vector<HartState*> harts_;
};

class Interpreter {
public:
    Interpreter(HartState& h, CodeCache& code);
    ~Interpreter();

    /// Runs until `budget` instructions retired, `*stop` becomes true, or a stop reason.
    /// Takes pending interrupts and timer expiries at instruction boundaries.
    StopReason run(uint64_t budget, const bool* stop);

    /// Executes exactly one instruction (or takes one exception or interrupt) and
    /// describes it.
    StopReason step(StepRecord& rec);

private:
    const Slot* slot_for_pc(uint64_t pc, bool& alone);
    Chain enter(const Slot& s, bool alone);
    StopReason after_trap();
    bool poll_events();

    /// Slots around the copy of an instruction run alone (Interpreter::enter): all leave.
    static constexpr unsigned kAloneSlots = 2 * kSlotsPerPage + 1;

    HartState& h_;
    CodeCache& code_;
    std::unique_ptr<Slot[]> alone_;
    Slot fetched_;              // an instruction fetched from outside RAM
    bool mmio_alone_ = false;   // the last chain stopped at an MMIO access (HartState::mmio)
};

/// CPUCFG words of a la464-class core as QEMU's `virt` presents it (spec/cpucfg.tbl,
/// docs/cpucfg.md). `lvz` is the one switch that turns the LVZ bits on (issue #5).
void cpucfg_init_la464(HartState& h, bool lvz = false);

}  // namespace la::cpu
