// SPDX-License-Identifier: Apache-2.0
#include "lvzemu/trace/names.h"

#include <fmt/core.h>

#include <array>

namespace la::trace {

namespace {

// By Ecode (exception.h); ADE and FPE are split by EsubCode in exception_cause.
constexpr std::array<std::string_view, 0x19> kEcodeNames{
    "INT", "PIL", "PIS", "PIF", "PME", "PNR", "PNX", "PPI", "ADEF", "ALE", "BCE", "SYS", "BRK",
    "INE", "IPE", "FPD", "SXD", "ASXD", "FPE", "WPE", "BTD", "BTE", "GSPR", "HVC", "GCM",
};

constexpr std::array<std::string_view, kNumIrqs> kIrqNames{
    "SWI0", "SWI1", "HWI0", "HWI1", "HWI2", "HWI3", "HWI4", "HWI5", "HWI6", "HWI7", "PMI", "TI", "IPI",
};

}  // namespace

unsigned exception_cause(const cpu::Exception& e) {
    if (e.refill) return kExcCauseTLBR;
    if (e.ecode == cpu::Ecode::ADE && e.esubcode == cpu::kSubADEM) return kExcCauseADEM;
    if (e.ecode == cpu::Ecode::FPE && e.esubcode == cpu::kSubVFPE) return kExcCauseVFPE;
    return static_cast<unsigned>(e.ecode) & 63;
}

std::string exception_cause_name(unsigned cause) {
    switch (cause) {
        case kExcCauseADEM: return "ADEM";
        case kExcCauseVFPE: return "VFPE";
        case kExcCauseTLBR: return "TLBR";
        default: break;
    }
    if (cause < kEcodeNames.size()) return std::string(kEcodeNames[cause]);
    return fmt::format("ECODE_{:#x}", cause);
}

std::string exception_name(const cpu::Exception& e) { return exception_cause_name(exception_cause(e)); }

std::string interrupt_name(unsigned irq) {
    if (irq < kIrqNames.size()) return std::string(kIrqNames[irq]);
    return fmt::format("IRQ{}", irq);
}

std::string_view tlb_op_name(cpu::TlbOp op) {
    switch (op) {
        case cpu::TlbOp::Srch: return "tlbsrch";
        case cpu::TlbOp::Rd: return "tlbrd";
        case cpu::TlbOp::Wr: return "tlbwr";
        case cpu::TlbOp::Fill: return "tlbfill";
        case cpu::TlbOp::Clr: return "tlbclr";
        case cpu::TlbOp::Flush: return "tlbflush";
        case cpu::TlbOp::Inv: return "invtlb";
        case cpu::TlbOp::Lddir: return "lddir";
        case cpu::TlbOp::Ldpte: return "ldpte";
        case cpu::TlbOp::GSrch: return "gtlbsrch";
        case cpu::TlbOp::GRd: return "gtlbrd";
        case cpu::TlbOp::GWr: return "gtlbwr";
        case cpu::TlbOp::GFill: return "gtlbfill";
        case cpu::TlbOp::GClr: return "gtlbclr";
        case cpu::TlbOp::GFlush: return "gtlbflush";
    }
    return "tlb?";
}

}  // namespace la::trace
