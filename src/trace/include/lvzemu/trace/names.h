// SPDX-License-Identifier: Apache-2.0
// Names the traces print for exception causes, interrupt lines and TLB operations
// (docs/tracing.md). Stable: tools parse them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "lvzemu/cpu/exception.h"
#include "lvzemu/cpu/mem.h"

namespace la::trace {

/// The cause of an exception as the manual names it (Vol. 1 §7.4.6 table; LVZ codes
/// from lvz.md §3.4): "SYS", "INE", "ADEF"/"ADEM" and "FPE"/"VFPE" by EsubCode, "TLBR"
/// for a TLB refill, "ECODE_0x1f" for a code the manual does not define.
std::string exception_name(const cpu::Exception& e);

/// Counting exceptions by cause (the run summary): a dense, stable index per cause name.
/// 0..63 are Ecodes; the EsubCode variants and TLBR follow.
inline constexpr unsigned kExcCauseADEM = 64, kExcCauseVFPE = 65, kExcCauseTLBR = 66, kNumExcCauses = 67;
unsigned exception_cause(const cpu::Exception& e);
std::string exception_cause_name(unsigned cause);

/// Interrupt line by IntNum (la64-privileged.md §9): SWI0 SWI1 HWI0..HWI7 PMI TI IPI;
/// "IRQ13" and up for numbers the architecture does not define.
inline constexpr unsigned kNumIrqs = 13;
std::string interrupt_name(unsigned irq);

/// The instruction behind a TLB operation: "tlbsrch", "invtlb", "lddir", ..., and the
/// root's LVZ forms on the guest's stage-1 entries: "gtlbsrch", ..., "gtlbflush".
std::string_view tlb_op_name(cpu::TlbOp op);

}  // namespace la::trace
