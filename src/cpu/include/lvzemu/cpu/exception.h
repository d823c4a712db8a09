// SPDX-License-Identifier: Apache-2.0
// Guest exceptions as values (never C++ exceptions): a semantics function records an
// Exception in the hart and returns ExecResult::Trap. Codes: manual Vol. 1 §7.4.
#pragma once

#include <cstdint>

namespace la::cpu {

/// ESTAT.Ecode values (la64-privileged.md §4.1; LVZ codes from lvz.md §3.4).
enum class Ecode : uint8_t {
    INT = 0x00, PIL = 0x01, PIS = 0x02, PIF = 0x03, PME = 0x04, PNR = 0x05, PNX = 0x06,
    PPI = 0x07, ADE = 0x08, ALE = 0x09, BCE = 0x0A, SYS = 0x0B, BRK = 0x0C, INE = 0x0D,
    IPE = 0x0E, FPD = 0x0F, SXD = 0x10, ASXD = 0x11, FPE = 0x12, WPE = 0x13, BTD = 0x14,
    BTE = 0x15, GSPR = 0x16, HVC = 0x17, GCM = 0x18,
};

/// EsubCode values that distinguish exceptions sharing an Ecode.
inline constexpr uint16_t kSubADEF = 0, kSubADEM = 1;  // ADE: fetch / memory access
inline constexpr uint16_t kSubFPE = 0, kSubVFPE = 1;   // FPE: scalar / vector

/// A pending synchronous exception.
struct Exception {
    Ecode ecode = Ecode::INT;
    uint16_t esubcode = 0;
    bool has_badv = false;  // BADV is written (address errors, alignment, bound, page faults)
    uint64_t badv = 0;
    /// TLB refill (TLBR): no Ecode; entered through TLBRENTRY with the TLBR* CSRs
    /// (la64-privileged.md §4.4). TLBRBADV/TLBREHI are already written by the MMU.
    bool refill = false;
    /// Raised by the instruction fetch: there is no instruction word, BADI is not written
    /// (as QEMU; the manual defines BADI only for an instruction that was fetched).
    bool fetch = false;
    /// LVZ: raised in guest mode but handled by the root (GSPR, HVC, stage-2 faults and
    /// refills, second-level FPD...): the engine leaves guest mode first (lvz.md §4.3).
    bool to_root = false;
};

/// What executing one instruction did. The engine advances the PC: semantics never do
/// `pc += 4`. Jumped: the semantics stored the target in HartState::next_pc.
enum class ExecResult : uint8_t {
    Next,    // fall through to pc + 4
    Jumped,  // continue at next_pc
    Trap,    // HartState::exc holds the exception; PC unchanged (precise)
    Halt,    // stop the run loop after this instruction (IDLE: HartState::idle is set)
};

}  // namespace la::cpu
