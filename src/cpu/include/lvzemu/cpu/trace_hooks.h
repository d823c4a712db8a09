// SPDX-License-Identifier: Apache-2.0
// Where the engine reports architectural events to a tracer (src/trace/), at zero cost
// when tracing is off: HartState::trace is null and every report site is one predictable
// branch, none of them on the interpreter's hot path (CSR instructions, exception and
// interrupt entry, ERTN and TLB instructions all leave the threaded chain anyway).
//
// Implicit CSR changes (those an exception entry or ERTN makes) are not reported one by
// one: a tracer snapshots the CSRs at a *Begin event and compares at the matching *End.
#pragma once

#include <cstdint>

namespace la::cpu {

struct HartState;

/// Or'ed into a CsrWrite's CSR number: the write went to an LVZ guest's CSR bank (by the
/// guest's own CSR instruction or by the root's gcsr*).
inline constexpr uint64_t kTraceGuestCsr = 0x10000;

enum class TraceEvent : uint8_t {
    CsrWrite,        // a = CSR number (| kTraceGuestCsr), b = old value, c = new value (CSR instructions)
    ExceptionBegin,  // h.exc is the exception, h.pc the faulting instruction
    ExceptionEnd,    // h.pc is the handler entry
    InterruptBegin,  // a = IntNum
    InterruptEnd,
    ErtnBegin,
    ErtnEnd,         // a = the PC ERTN returns to
    TlbBegin,        // a = TlbOp, b, c = operands
    TlbEnd,
    GuestEnter,      // LVZ: ERTN entered guest mode; h.next_pc is the guest PC (h.pc the ERTN's)
    GuestExit,       // LVZ: leaving guest mode for the root; a = 1 for an interrupt, h.exc otherwise
};

struct TraceHooks {
    void* ctx = nullptr;
    void (*event)(void* ctx, HartState& h, TraceEvent e, uint64_t a, uint64_t b, uint64_t c) = nullptr;
};

}  // namespace la::cpu
