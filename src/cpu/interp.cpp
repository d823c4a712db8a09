// SPDX-License-Identifier: Apache-2.0
#include "lvzemu/cpu/interp.h"

#include <cstring>

#include "lvzemu/cpu/csr.h"
#include "lvzemu/cpu/exception_entry.h"
#include "lvzemu/cpu/mem.h"
#include "lvzemu/decoder/decoder.h"
#include "lvzemu/gen/sem_dispatch.h"

namespace la::cpu {

namespace {

using la::decoder::InsnInfo;

// Generic gates (spec columns `ext` and `attributes`), checked by the dispatcher so that
// no semantics function repeats them.
constexpr uint8_t kGatePriv = 1, kGateFp = 2, kGateLsx = 4, kGateLasx = 8, kGateLbt = 16,
                  kGateCfg = 32;
constexpr unsigned kPageBits = 12;

// The CPUCFG word and bit advertising each extension (manual Vol. 1 §2.2.10.5;
// la64-privileged.md §11).
struct ExtBit {
    uint32_t ext;
    unsigned word, bit;
};
constexpr ExtBit kExtCfgBits[] = {
    {la::decoder::kExtCrc, 1, 25},    {la::decoder::kExtFpSp, 2, 1},    {la::decoder::kExtFpDp, 2, 2},
    {la::decoder::kExtLsx, 2, 6},     {la::decoder::kExtLasx, 2, 7},    {la::decoder::kExtLvz, 2, 10},
    {la::decoder::kExtLam, 2, 22},    {la::decoder::kExtFrecipe, 2, 25}, {la::decoder::kExtLamBh, 2, 27},
    {la::decoder::kExtLamcas, 2, 28}, {la::decoder::kExtLlacqScrel, 2, 29}, {la::decoder::kExtScq, 2, 30},
};

}  // namespace

// One decoded instruction: the semantics entry point itself (no second table lookup on
// the hot path), the word, the opcode and its generic-gate bits.
struct DecodedInsn {
    la::gen::SemFn fn;  // null: not decoded yet
    uint32_t word;
    uint16_t op;
    uint8_t gate;
};

struct Interpreter::Page {
    DecodedInsn e[1u << (kPageBits - 2)];
};

Interpreter::Interpreter(HartState& h) : h_(h) {
    static_assert(la::decoder::kNumOpcodes <= sizeof gate_);
    std::memset(gate_, 0, sizeof gate_);
    for (unsigned op = 1; op < la::decoder::kNumOpcodes; ++op) {
        const InsnInfo& inf = la::decoder::info(static_cast<la::decoder::Opcode>(op));
        uint8_t g = 0;
        if (inf.attrs & la::decoder::kAttrPriv) g |= kGatePriv;
        if (inf.ext & (la::decoder::kExtFpSp | la::decoder::kExtFpDp)) g |= kGateFp;
        if (inf.ext & la::decoder::kExtLsx) g |= kGateLsx;
        if (inf.ext & la::decoder::kExtLasx) g |= kGateLasx | kGateLsx;
        if (inf.ext & la::decoder::kExtLbt) g |= kGateLbt;
        if (inf.ext != la::decoder::kExtBase) g |= kGateCfg;
        gate_[op] = g;
    }
}

Interpreter::~Interpreter() = default;

void Interpreter::invalidate(uint64_t pa) {
    const uint64_t key = pa >> kPageBits;
    pages_.erase(key);
    if (key == last_page_pa_) {
        last_page_ = nullptr;
        last_page_pa_ = ~0ull;
    }
}

Interpreter::Page* Interpreter::page_for(uint64_t pa) {
    const uint64_t key = pa >> kPageBits;
    if (key == last_page_pa_) return last_page_;
    auto& slot = pages_[key];
    if (!slot) slot = std::make_unique<Page>();  // value-initialised: every fn null
    last_page_ = slot.get();
    last_page_pa_ = key;
    return last_page_;
}

// Feature and privilege gates. Order follows the manual's priorities for one
// instruction: an instruction the CPU does not have is INE before anything else; a
// disabled unit is FPD/SXD/ASXD/BTD; a privileged instruction at PLV > 0 is IPE.
bool Interpreter::gates_pass(uint16_t op) {
    const uint8_t g = gate_[op];
    const InsnInfo& inf = la::decoder::info(static_cast<la::decoder::Opcode>(op));
    if (g & kGateCfg) {
        const uint32_t cfg2 = h_.cpucfg[2];
        for (const auto& e : kExtCfgBits) {
            if ((inf.ext & e.ext) && !((h_.cpucfg[e.word] >> e.bit) & 1)) {
                trap(h_, Ecode::INE);
                return false;
            }
        }
        if ((inf.ext & la::decoder::kExtLbt) && !((cfg2 >> 18) & 7)) {
            trap(h_, Ecode::INE);
            return false;
        }
    }
    const uint64_t euen = h_.csr[kEUEN];
    if ((g & kGateFp) && !kEuenFpe.get(euen)) return trap(h_, Ecode::FPD), false;
    if ((g & kGateLasx) && !kEuenAsxe.get(euen)) return trap(h_, Ecode::ASXD), false;
    if ((g & kGateLsx) && !(g & kGateLasx) && !kEuenSxe.get(euen)) return trap(h_, Ecode::SXD), false;
    if ((g & kGateLbt) && !kEuenBte.get(euen)) return trap(h_, Ecode::BTD), false;
    if ((g & kGatePriv) && kCrmdPlv.get(h_.csr[kCRMD]) != 0) return trap(h_, Ecode::IPE), false;
    return true;
}

template <bool kRecord>
[[gnu::always_inline]] inline StopReason Interpreter::execute_one(StepRecord* rec) {
    const uint64_t pc = h_.pc;
    const MemPort& m = *h_.mem;
    uint16_t op;
    uint32_t word;
    bool ok = true;
    la::gen::SemFn fn = nullptr;
    uint8_t gate = 0;
    if (pc & 3) {
        // ADEF: misaligned PC (manual Vol. 1 §7.4.6); BADV <- PC.
        h_.insn = 0;
        trap_badv(h_, Ecode::ADE, pc, kSubADEF);
        ok = false;
        op = 0;
        word = 0;
    } else {
        const uint64_t pa = pc & m.pa_mask;
        const uint64_t off = pa - m.ram_base;
        if (direct_addressing(h_) && off < m.ram_size) [[likely]] {
            Page* p = page_for(pa);
            DecodedInsn& d = p->e[(pa >> 2) & ((1u << (kPageBits - 2)) - 1)];
            if (d.fn == nullptr) [[unlikely]] {
                std::memcpy(&d.word, m.ram + off, 4);
                d.op = static_cast<uint16_t>(la::decoder::decode(d.word));
                d.gate = gate_[d.op];
                d.fn = la::gen::kSemTable[d.op];
                if (m.code_map) m.code_map[off >> kPageBits] = 1;
            }
            op = d.op;
            word = d.word;
            fn = d.fn;
            gate = d.gate;
        } else {
            uint64_t w = 0;
            if (!m.load_slow(h_, pc, 4, w, Access::Fetch)) {
                h_.insn = 0;
                ok = false;
                op = 0;
                word = 0;
            } else {
                word = static_cast<uint32_t>(w);
                op = static_cast<uint16_t>(la::decoder::decode(word));
                fn = la::gen::kSemTable[op];
                gate = gate_[op];
            }
        }
    }
    ExecResult r = ExecResult::Trap;
    if (ok) {
        h_.insn = word;
        if (gate == 0 || gates_pass(op)) r = fn(&h_, word);
    }
    if constexpr (kRecord) *rec = StepRecord{pc, word, r == ExecResult::Trap};
    const StopReason s = finish(r, pc);
    return kRecord && s == StopReason::Budget ? StopReason::Step : s;
}

// Applies an instruction's result: advance or redirect the PC and count it as retired,
// or take the exception (which retires nothing). Budget means "keep going".
StopReason Interpreter::finish(ExecResult r, uint64_t pc) {
    switch (r) {
        case ExecResult::Next: h_.pc = pc + 4; break;
        case ExecResult::Jumped: h_.pc = h_.next_pc; break;
        case ExecResult::Halt: h_.pc = pc + 4; ++h_.retired; return StopReason::Halt;
        case ExecResult::Trap:
            // IMPL-DEFINED: with EENTRY never set there is no handler; stop instead of
            // looping on an exception at address 0 (QEMU would jump to 0).
            if ((h_.csr[kEENTRY] & kEentryVpn.mask()) == 0) return StopReason::DoubleFault;
            enter_exception(h_);
            return StopReason::Budget;
    }
    ++h_.retired;
    return StopReason::Budget;
}

// The fast loop: while execution falls through inside one decoded page of RAM, walk the
// page's entries directly (no page lookup, no decode); anything else (a taken branch, a
// page end, an exception, MMIO fetch, a gate) goes through execute_one, which handles
// every case. Both paths run the same semantics and the same gates.
StopReason Interpreter::run(uint64_t budget, const bool* stop) {
    const uint64_t end = h_.retired + budget;
    const MemPort& m = *h_.mem;
    constexpr unsigned kPerPage = 1u << (kPageBits - 2);
    while (h_.retired < end) {
        const uint64_t pc = h_.pc;
        const uint64_t off = (pc & m.pa_mask) - m.ram_base;
        if (!(pc & 3) && direct_addressing(h_) && off < m.ram_size) [[likely]] {
            Page* p = page_for(pc & m.pa_mask);
            unsigned i = static_cast<unsigned>(off >> 2) & (kPerPage - 1);
            bool slow = false;
            for (;;) {
                DecodedInsn& d = p->e[i];
                if (d.fn == nullptr || d.gate != 0) {  // decode or gate: slow path
                    slow = true;
                    break;
                }
                const ExecResult r = d.fn(&h_, d.word);
                if (r != ExecResult::Next) {
                    const StopReason s = finish(r, h_.pc);
                    if (s != StopReason::Budget) return s;
                    break;
                }
                h_.pc += 4;
                ++h_.retired;
                if (h_.retired >= end || *stop) [[unlikely]] break;
                if (++i == kPerPage || p != last_page_) break;  // page end, or code written
            }
            if (*stop) [[unlikely]] return StopReason::Stop;
            if (!slow) continue;
        }
        const StopReason s = execute_one<false>(nullptr);
        if (s != StopReason::Budget) [[unlikely]] return s;
        if (*stop) [[unlikely]] return StopReason::Stop;
    }
    return StopReason::Budget;
}

StopReason Interpreter::step(StepRecord& rec) { return execute_one<true>(&rec); }

void cpucfg_init_la464(HartState& h) {
    std::memset(h.cpucfg, 0, sizeof h.cpucfg);
    // QEMU target/loongarch/cpu.c loongarch_la464_initfn (facts; docs/cpucfg.md).
    h.cpucfg[0] = 0x0014c010;  // PRID
    h.cpucfg[1] = 2u | 1u << 2 | 1u << 3 | 47u << 4 | 47u << 12 | 1u << 20 | 1u << 21 |
                  1u << 22 | 1u << 23 | 1u << 24 | 1u << 25;  // LA64 PGMMU IOCSR PALEN VALEN UAL RI EP RPLV HP CRC
    h.cpucfg[2] = 1u | 1u << 1 | 1u << 2 | 1u << 3 | 1u << 14 | 1u << 15 | 1u << 21 | 1u << 22;  // FP SP DP ver1 LLFTP ver1 LSPW LAM
    h.cpucfg[3] = 1u | 1u << 6 | 1u << 7 | 4u << 8 | 1u << 11;  // CCDMA ITLBHMC ICHMC SPW_LVL=4 SPW_HP_HF
    h.cpucfg[4] = 100'000'000;  // CC_FREQ: 100 MHz
    h.cpucfg[5] = 1u | 1u << 16;  // CC_MUL = CC_DIV = 1
}

}  // namespace la::cpu
