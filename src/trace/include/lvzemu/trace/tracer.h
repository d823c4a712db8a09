// SPDX-License-Identifier: Apache-2.0
// The tracer behind `lvzemu run --trace` (docs/tracing.md): one line per event, as text
// or JSON Lines, for instructions (the machine's instruction hook), CSR changes,
// exceptions, interrupts, ERTN and TLB operations (the engine's trace hooks,
// lvzemu/cpu/trace_hooks.h). Deterministic: a line holds guest state only, never host
// time or host addresses, so two runs of a program give the same trace.
//
// Zero cost when off: the engine calls in only through HartState::trace (null unless a
// category that needs it is on) and the machine's instruction hook (unset unless `insn`).
//
// CSR changes: an explicit write (CSRWR/CSRXCHG) is reported by the engine; the implicit
// ones are found by comparing the defined CSRs with a per-hart shadow copy at every
// event. A change first seen at an exception or interrupt entry belongs to it (the MMU
// writes BADV/TLBEHI/TLBRBADV/TLBREHI as it raises the exception, the timer sets
// ESTAT.TI before the interrupt is taken); one seen before a CSR write belongs to the
// write when that CSR has a side-effect hook (TICLR.CLR clears ESTAT.TI); any other is
// reported with the cause "hw" (the hardware changed it between events).
//
// LVZ (issue #5): the guest's CSRs are a second CsrBank ("gcsr.") with its own shadow,
// compared with the guest bank wherever it is stored (csr_diff.h), so a bank swap is not a
// change; a guest CSR write is attributed to the guest's csrwr or to the root's
// gcsrwr/gcsrxchg. Guest entries and exits are Kinds of their own (genter, gexit), counted
// by exit reason for the summary; events taken inside the guest are marked with its GID.
#pragma once

#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "lvzemu/cpu/hart_state.h"
#include "lvzemu/cpu/interp.h"
#include "lvzemu/cpu/mem.h"
#include "lvzemu/trace/csr_diff.h"

namespace la::trace {

/// Trace categories (`--trace insn,csr,exc,tlb`), as bits.
enum Category : unsigned {
    kTraceInsn = 1u << 0,  // every executed instruction
    kTraceCsr = 1u << 1,   // every CSR change: explicit writes and implicit ones
    kTraceExc = 1u << 2,   // exceptions, interrupts, ERTN, guest entries/exits; a summary at the end
    kTraceTlb = 1u << 3,   // TLB instructions, LDDIR/LDPTE, TLB refills
};
/// The category named `name` ("insn", "csr", "exc", "tlb"), or 0.
unsigned category_from_name(std::string_view name);

enum class Format : uint8_t { Text, Jsonl };

/// What a line describes: the JSON "type" and the first word of a text line.
enum class Kind : uint8_t { Insn, Csr, Exception, Interrupt, Ertn, Tlb, TlbRefill, GuestEnter, GuestExit, Summary };
std::string_view kind_name(Kind k);

/// Event counts by reason, printed in the summary in a stable order (by index).
class Counts {
public:
    void add(unsigned index, const std::string& name) {
        auto& e = by_index_[index];
        if (e.second == 0) e.first = name;
        ++e.second;
    }
    uint64_t total() const;
    /// index -> (name, count), ascending index.
    const std::map<unsigned, std::pair<std::string, uint64_t>>& entries() const { return by_index_; }

private:
    std::map<unsigned, std::pair<std::string, uint64_t>> by_index_;
};

/// The text of an instruction's `insn` line (also what `--step` prints).
std::string insn_text(const cpu::HartState& h, const cpu::StepRecord& rec);

class Tracer {
public:
    Tracer(unsigned categories, Format format, std::FILE* out);
    Tracer(const Tracer&) = delete;
    Tracer& operator=(const Tracer&) = delete;

    unsigned categories() const { return cats_; }
    /// The hooks to attach to every hart (Machine::set_trace_hooks), or null when no
    /// enabled category needs engine events (insn alone).
    const cpu::TraceHooks* hooks() const;

    /// Records a hart's state before it runs (the baseline of its CSR comparisons).
    void attach(const cpu::HartState& h);
    /// One executed instruction of hart `h` (the machine's instruction hook, or a step).
    /// With `insn` on, the lines of the events the instruction caused follow its line.
    void insn(const cpu::HartState& h, const cpu::StepRecord& rec);
    /// Holds event lines back until release() (`--step` prints its own instruction line
    /// first); with `insn` on they are always held until the instruction's line.
    void hold(bool on) { hold_ = on; }
    void release();
    /// End of the run: CSR changes not yet reported, pending lines, the exc summary.
    void finish();

    /// Entry point for the engine (TraceHooks::event).
    void event(cpu::HartState& h, cpu::TraceEvent e, uint64_t a, uint64_t b, uint64_t c);

private:
    // Why a CSR changed: "csrwr", "gcsr" gcsrwr, "exception" SYS, "interrupt" TI, "ertn",
    // "tlb" tlbsrch, "hw".
    struct Cause {
        std::string_view kind;
        std::string reason;
    };
    // A CSR whose stored value a comparison must take as `value` instead of the current
    // one (the value before the explicit write being reported).
    struct Override {
        bool guest;
        std::size_t index;  // in kCsrTable
        uint64_t value;
    };
    // One (key, value) pair of a TLB line, value printed in hex.
    struct KeyValue {
        std::string_view key;
        uint64_t value;
    };
    struct HartTrace {
        bool known = false;
        const cpu::HartState* state = nullptr;
        CsrValues shadow;        // the root CSRs as last reported
        CsrValues guest_shadow;  // LVZ: the guest's CSRs (those with a guest copy) as last reported
        // Captured at a *Begin event, completed at the *End.
        uint64_t pc = 0, n = 0;
        unsigned plv = 0;
        cpu::Exception exc;
        unsigned irq = 0;
        bool in_interrupt = false;  // between InterruptBegin and InterruptEnd
        std::string_view ertn_from;
        uint64_t ertn_target = 0;
        // LVZ: an interrupt exit the engine did not bracket with InterruptBegin/End: its
        // lines are written at the exit, its CSR changes at the hart's next event.
        bool pending_interrupt = false;
        cpu::TlbOp tlb_op = cpu::TlbOp::Srch;
        std::vector<KeyValue> tlb_args;
    };

    static void on_event(void* ctx, cpu::HartState& h, cpu::TraceEvent e, uint64_t a, uint64_t b, uint64_t c);
    HartTrace& hart(const cpu::HartState& h);
    bool on(unsigned cat) const { return (cats_ & cat) != 0; }

    void csr_write(cpu::HartState& h, HartTrace& t, uint32_t raw, uint64_t old, uint64_t nv);
    void exception_end(cpu::HartState& h, HartTrace& t);
    void interrupt_end(cpu::HartState& h, HartTrace& t);
    void ertn_end(cpu::HartState& h, HartTrace& t, uint64_t target);
    void tlb_begin(cpu::HartState& h, HartTrace& t, cpu::TlbOp op, uint64_t a, uint64_t b);
    void tlb_end(cpu::HartState& h, HartTrace& t, cpu::ExecResult r);
    void guest_enter(cpu::HartState& h, HartTrace& t);
    void guest_exit(cpu::HartState& h, HartTrace& t, bool interrupt, unsigned irq);
    void finish_pending_interrupt(const cpu::HartState& h, HartTrace& t, const Override* o = nullptr);

    /// Reports every defined CSR of both banks that differs from its shadow, then updates
    /// the shadows.
    void sync_csrs(const cpu::HartState& h, HartTrace& t, const Cause& cause, bool now,
                   const Override* o = nullptr);
    /// One CSR of one bank: reported and shadowed if `cur` differs from the shadow.
    void sync_one(const cpu::HartState& h, HartTrace& t, CsrBank bank, std::size_t i, uint64_t cur,
                  const Cause& cause, bool now);
    void csr_line(const cpu::HartState& h, uint64_t pc, uint64_t n, CsrBank bank, const la::gen::CsrDesc& d,
                  uint64_t old, uint64_t nv, const Cause& cause, bool now);
    /// `now`: write at once even while instruction lines are being paired with their
    /// events (an interrupt is taken before the instruction it precedes).
    void emit(std::string line, bool now);
    void summary();
    /// A guest ran (or left guest mode) during the run: the summary counts entries and exits.
    bool lvz_used() const { return guest_entries_ != 0 || exits_.total() != 0; }

    unsigned cats_;
    Format format_;
    std::FILE* out_;
    cpu::TraceHooks hooks_;
    std::vector<HartTrace> harts_;  // by HartState::id
    std::string pending_;           // event lines waiting for their instruction's line
    bool hold_ = false;
    Counts exceptions_, interrupts_;
    uint64_t ertns_ = 0;
    Counts exits_;  // LVZ guest exits by reason (INT, or the exception's cause)
    Counts gspr_;   // GSPR exits by the instruction that trapped (cpucfg, iocsrrd.w, idle, ...)
    uint64_t guest_entries_ = 0;
};

}  // namespace la::trace
