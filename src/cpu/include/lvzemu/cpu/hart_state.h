// SPDX-License-Identifier: Apache-2.0
// The architectural state of one hart, as a standard-layout struct with fixed offsets so
// that the JIT (src/jit/) can address fields directly. Semantics read and write only this
// struct and the memory port it points to; there are no host globals.
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "lvzemu/cpu/exception.h"
#include "lvzemu/cpu/trace_hooks.h"

namespace la::cpu {

struct MemPort;

/// Number of CSR storage slots: CSR numbers 0x000..0x502 are stored directly by number
/// (the generated table in spec/csrs.tbl says which exist; others read 0).
inline constexpr unsigned kCsrSlots = 0x503;

/// The per-hart software translation cache in front of the architectural translation
/// (DA, DMW, TLB): virtual page -> host address, checked inline by every load, store and
/// fetch (lvzemu/cpu/mem.h). One direct-mapped table per privilege level in mapped mode,
/// because permissions depend on PLV, and separate tables for direct-address mode, so
/// that entering and leaving the TLB refill handler (DA <-> PG) flushes nothing. A tag is the 4 KiB-aligned virtual page address, or
/// kTlbcInvalid; separate tags per access kind let a page be readable but not writable
/// through the cache (a page holding decoded code takes stores on the slow path, which
/// invalidates the decoded copy). Filled only by the slow path; flushed whenever the
/// architecture says translations may have changed (tlbc_flush).
inline constexpr unsigned kTlbcBits = 8;
inline constexpr unsigned kTlbcEntries = 1u << kTlbcBits;
inline constexpr uint64_t kTlbcInvalid = ~uint64_t{0};
struct TlbcEntry {
    uint64_t load, store, fetch;  // tags
    uint64_t addend;              // host address = guest virtual address + addend
};

/// HartState::mmio: whether the memory slow path performs an MMIO access.
inline constexpr uint8_t kMmioDirect = 0;    // yes (outside chains, an instruction run alone)
inline constexpr uint8_t kMmioDefer = 1;     // no: set kMmioDeferred and fail the access
inline constexpr uint8_t kMmioDeferred = 2;  // an access was refused; run the instruction alone

struct HartState {
    uint64_t gpr[32];  // gpr[0] is always 0: writes go through set_gpr(), which drops r0
    uint64_t pc;
    uint64_t next_pc;  // branch target when a semantics function returns Jumped

    /// FP/LSX/LASX registers. The 64-bit FPR fN is the low doubleword of vr[N]; LSX
    /// registers are the low 128 bits and LASX registers all 256 (manual Vol. 1 §3.1).
    alignas(32) uint64_t vr[32][4];
    uint8_t fcc[8];   // FCC0..7, each 0 or 1
    uint32_t fcsr0;   // FCSR0: Enables 4:0, RM 9:8, Flags 20:16, Cause 28:24

    uint8_t llbit;      // LL/SC reservation flag (la64-privileged.md §12)
    uint64_t lladdr;    // physical address recorded by the last LL

    uint64_t retired;   // instructions retired; the source of virtual time
    uint64_t run_end;   // the interpreter leaves its threaded chain when retired reaches this
    uint64_t time_skip;       // virtual ticks spent idle: now = retired + time_skip
    uint64_t timer_deadline;  // virtual tick at which the constant timer fires; ~0: never
    uint32_t id;              // hart number (CPUID.CoreID, IPI target)
    uint8_t idle;             // stopped by IDLE until an interrupt is pending
    uint8_t vm;               // LVZ: executing in guest mode (GSTAT.VM; src/lvz/)
    /// Whether the memory slow path may access MMIO now (kMmio* above): inside a threaded
    /// chain it refuses, and the instruction runs again alone (lvzemu/cpu/threaded.h).
    uint8_t mmio;
    /// Byte offset from the start of this struct of the current mode's `tlbc` table (mem.h,
    /// tlbc_select): the inline
    /// load/store fast paths read it instead of recomputing the mode from CRMD and vm.
    uint32_t tlbc_cur;
    uint64_t timer_deadline_other;  // LVZ: the constant timer of the bank not in use
    uint32_t insn;      // word of the instruction being executed (for BADI)
    Exception exc;      // valid after ExecResult::Trap

    uint32_t cpucfg[32];      // CPUCFG words 0..31 as this hart reports them (others read 0)
    uint64_t csr[kCsrSlots];  // CSR storage by number (CRMD = csr[0], ...)
    MemPort* mem;             // the hart's view of memory (src/cpu/mem.h)
    const TraceHooks* trace;  // null: tracing off (lvzemu/cpu/trace_hooks.h)
    /// LVZ: the CSR bank not in use. h.csr is always the bank of the current mode (so
    /// the whole engine runs a guest as it runs the root); on a guest entry or exit the
    /// guest-bank CSRs (spec/csrs.tbl flag `guest`) trade places with these.
    uint64_t csr_other[kCsrSlots];
    TlbcEntry tlbc[16][kTlbcEntries];  // software translation cache: [8 * vm + 4 * DA + PLV]
};
static_assert(std::is_standard_layout_v<HartState>);

/// Reports an event to the tracer, if one is attached.
inline void trace_event(HartState& h, TraceEvent e, uint64_t a = 0, uint64_t b = 0, uint64_t c = 0) {
    if (h.trace != nullptr) [[unlikely]]
        h.trace->event(h.trace->ctx, h, e, a, b, c);
}

/// r0 reads as zero and ignores writes (manual Vol. 1 §2.1.1). The test costs nothing in
/// the interpreter: a Slot's handler is compiled knowing whether its rd is r0
/// (lvzemu/cpu/threaded.h, RdIs), and the JIT knows the operands.
inline void set_gpr(HartState& h, unsigned r, uint64_t v) {
    if (r != 0) h.gpr[r] = v;
}

inline uint64_t fpr(const HartState& h, unsigned f) { return h.vr[f][0]; }
/// Writing an FPR leaves the upper vector bits unpredictable per the manual; lvzemu
/// keeps them unchanged (QEMU does the same for scalar FP writes).
inline void set_fpr(HartState& h, unsigned f, uint64_t v) { h.vr[f][0] = v; }

/// Virtual time of this hart, in stable-counter ticks: one tick per retired instruction
/// plus the ticks it spent parked by IDLE (docs/machine.md, "Time"). Never the host
/// clock (DEVELOPERS.md, "Determinism"). CPUCFG4/5 report 100 MHz, so virtual time runs
/// as on a core retiring one instruction per 10 ns.
inline uint64_t now(const HartState& h) { return h.retired + h.time_skip; }

/// The stable counter (RDTIME*, manual Vol. 1 §2.2.10.4).
inline uint64_t stable_counter(const HartState& h) { return now(h); }

/// Records a synchronous exception and returns ExecResult::Trap.
inline ExecResult trap(HartState& h, Ecode code, uint16_t sub = 0) {
    h.exc = Exception{code, sub, false, 0};
    return ExecResult::Trap;
}
inline ExecResult trap_badv(HartState& h, Ecode code, uint64_t badv, uint16_t sub = 0) {
    h.exc = Exception{code, sub, true, badv};
    return ExecResult::Trap;
}

/// Branch to `target` (semantics of every taken branch and jump).
inline ExecResult jump(HartState& h, uint64_t target) {
    h.next_pc = target;
    return ExecResult::Jumped;
}

}  // namespace la::cpu
