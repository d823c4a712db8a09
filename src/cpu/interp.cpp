// SPDX-License-Identifier: Apache-2.0
#include "lvzemu/cpu/interp.h"

#include <array>
#include <cstring>
#include <string_view>

#include "lvzemu/cpu/csr.h"
#include "lvzemu/cpu/exception_entry.h"
#include "lvzemu/cpu/mem.h"
#include "lvzemu/cpu/timer.h"
#include "lvzemu/decoder/decoder.h"
#include "lvzemu/lvz/lvz.h"
#include "lvzemu/gen/cpucfg_table.h"
#include "lvzemu/gen/insn_table.h"
#include "lvzemu/gen/sem_dispatch.h"

namespace la::cpu {

namespace {

using la::decoder::InsnInfo;

// Generic gates (spec columns `ext` and `attributes`), checked by the dispatcher so that
// no semantics function repeats them.
// kGateSync: no check, but the wrapper stores the retired count first (RDTIME* reads it;
// threaded handlers keep it in a register).
constexpr uint8_t kGatePriv = 1, kGateFp = 2, kGateLsx = 4, kGateLasx = 8, kGateLbt = 16,
                  kGateCfg = 32, kGateSync = 64;

// The CPUCFG field advertising each extension, from spec/cpucfg.tbl (docs/cpucfg.md)
// joined with the instruction spec's extension bits by name at compile time.
constexpr uint32_t ext_bit(std::string_view name) {
    for (const auto& e : la::gen::kExtNames)
        if (name == e.name) return e.bit;
    return 0;
}
struct ExtGate {
    uint32_t ext;
    uint8_t word;
    uint32_t mask;
};
constexpr auto kExtGates = [] {
    std::array<ExtGate, la::gen::kCpucfgExts.size()> g{};
    for (size_t i = 0; i < g.size(); ++i) {
        const auto& e = la::gen::kCpucfgExts[i];
        g[i] = ExtGate{ext_bit(e.ext), e.word, e.mask()};
    }
    return g;
}();
static_assert([] {
    for (const auto& g : kExtGates)
        if (g.ext == 0) return false;
    return true;
}(), "every spec/cpucfg.tbl extension names a spec/insns extension");

// Per opcode: which generic gates apply (kGate* bits), from the spec's ext and attrs.
struct GateTable {
    uint8_t g[la::decoder::kNumOpcodes];
    GateTable() {
        for (unsigned op = 0; op < la::decoder::kNumOpcodes; ++op) {
            uint8_t v = 0;
            if (op != 0) {
                const InsnInfo& inf = la::decoder::info(static_cast<la::decoder::Opcode>(op));
                if (inf.attrs & la::decoder::kAttrPriv) v |= kGatePriv;
                if (inf.ext & (la::decoder::kExtFpSp | la::decoder::kExtFpDp)) v |= kGateFp;
                if (inf.ext & la::decoder::kExtLsx) v |= kGateLsx;
                if (inf.ext & la::decoder::kExtLasx) v |= kGateLasx | kGateLsx;
                if (inf.ext & la::decoder::kExtLbt) v |= kGateLbt;
                if (inf.ext != la::decoder::kExtBase) v |= kGateCfg;
                using la::decoder::Opcode;
                const auto o = static_cast<Opcode>(op);
                if (o == Opcode::rdtimel_w || o == Opcode::rdtimeh_w || o == Opcode::rdtime_d) v |= kGateSync;
            }
            g[op] = v;
        }
    }
};
const GateTable& gates() {
    static const GateTable t;
    return t;
}

// Feature and privilege gates. Order follows the manual's priorities for one
// instruction: an instruction the CPU does not have is INE before anything else; a
// disabled unit is FPD/SXD/ASXD/BTD; a privileged instruction at PLV > 0 is IPE.
bool gates_pass(HartState& h, uint16_t op, uint8_t g) {
    const InsnInfo& inf = la::decoder::info(static_cast<la::decoder::Opcode>(op));
    if (g & kGateCfg) {
        // An extension the CPU does not report is not there: INE (any LBT bit counts).
        for (const auto& e : kExtGates)
            if ((inf.ext & e.ext) && !(h.cpucfg[e.word] & e.mask)) return trap(h, Ecode::INE), false;
    }
    const uint64_t euen = h.csr[kEUEN];
    if ((g & kGateFp) && !kEuenFpe.get(euen)) return trap(h, Ecode::FPD), false;
    if ((g & kGateLasx) && !kEuenAsxe.get(euen)) return trap(h, Ecode::ASXD), false;
    if ((g & kGateLsx) && !(g & kGateLasx) && !kEuenSxe.get(euen)) return trap(h, Ecode::SXD), false;
    if ((g & kGateLbt) && !kEuenBte.get(euen)) return trap(h, Ecode::BTD), false;
    if (h.vm) {
        // LVZ: the root's EUEN is a second gate; its disabled units exit to the root
        // (lvz.md §4.5; KVM enables the FPU lazily on these exits).
        const uint64_t reuen = h.csr_other[kEUEN];
        if ((g & kGateFp) && !kEuenFpe.get(reuen)) return la::lvz::trap_to_root(h, Ecode::FPD), false;
        if ((g & kGateLasx) && !kEuenAsxe.get(reuen)) return la::lvz::trap_to_root(h, Ecode::ASXD), false;
        if ((g & kGateLsx) && !(g & kGateLasx) && !kEuenSxe.get(reuen))
            return la::lvz::trap_to_root(h, Ecode::SXD), false;
        if ((g & kGateLbt) && !kEuenBte.get(reuen)) return la::lvz::trap_to_root(h, Ecode::BTD), false;
    }
    if ((g & kGatePriv) && kCrmdPlv.get(h.csr[kCRMD]) != 0) return trap(h, Ecode::IPE), false;
    return true;
}

// Leaves the chain at this slot without executing it: the page sentinel (execution fell
// off the page's end), and every slot of a page whose code was overwritten.
Chain slot_exit(HartState* h, const Slot*, uint64_t pc, uint64_t retired) {
    h->pc = pc;
    h->retired = retired;
    return Chain::Continue;
}

// Handler of an instruction with gates: check them, then run the instruction's own
// handler. A privileged instruction leaves the chain afterwards, since it may change
// PLV, translation or interrupt enables, which the outer loop looks at.
Chain slot_gated(HartState* h, const Slot* s, uint64_t pc, uint64_t retired) {
    h->pc = pc;
    h->retired = retired;
    h->insn = s->word;  // tracers read it (INVTLB op, LDDIR level); BADI on a trap
    if (!gates_pass(*h, s->op, s->gate)) [[unlikely]] {
        h->insn = s->word;
        return Chain::Trap;
    }
    if (s->gate & kGatePriv) {
        const ExecResult r = la::gen::kSemTable[s->op](h, s->word);
        switch (r) {
            case ExecResult::Next: h->pc = pc + 4; break;
            case ExecResult::Jumped: h->pc = h->next_pc; break;
            case ExecResult::Trap: h->insn = s->word; return Chain::Trap;
            case ExecResult::Halt: h->pc = pc + 4; h->retired = retired + 1; return Chain::Halt;
        }
        h->retired = retired + 1;
        return Chain::Continue;
    }
    [[clang::musttail]] return la::gen::kThreadTable[s->op](h, s, pc, retired);
}

void decode_slot(Slot& s, uint32_t word) {
    const auto op = static_cast<uint16_t>(la::decoder::decode(word));
    s.word = word;
    s.op = op;
    s.gate = gates().g[op];
    s.reserved = 0;
    std::memset(s.ops, 0, sizeof s.ops);
    la::gen::extract_operands(static_cast<la::decoder::Opcode>(op), word, s.ops);
    s.fn = s.gate != 0 ? &slot_gated : la::gen::kThreadTable[op];
}

}  // namespace

// A decoded RAM page: one slot per word, then the sentinel that leaves the chain.
struct CodeCache::Page {
    Slot s[kSlotsPerPage + 1];
    bool stale = true;
};

CodeCache::CodeCache(MemPort& m) : m_(m), pages_(m.ram_size >> kPageBits) {}
CodeCache::~CodeCache() = default;

void CodeCache::invalidate(uint64_t ram_offset) {
    const uint64_t idx = ram_offset >> kPageBits;
    if (idx >= pages_.size() || !pages_[idx]) return;
    // Never freed here: a chain may be running in this page right now. Every slot leaves
    // the chain instead, and the outer loop decodes the page again.
    Page& p = *pages_[idx];
    p.stale = true;
    for (Slot& s : p.s) s.fn = &slot_exit;
}

CodeCache::Page& CodeCache::page(uint64_t idx) {
    auto& slot = pages_[idx];
    if (slot && !slot->stale) [[likely]] return *slot;
    if (!slot) slot = std::make_unique<Page>();
    Page& p = *slot;
    const uint8_t* src = m_.ram + (idx << kPageBits);
    for (unsigned i = 0; i < kSlotsPerPage; ++i) {
        uint32_t w;
        std::memcpy(&w, src + 4 * i, 4);
        decode_slot(p.s[i], w);
    }
    p.s[kSlotsPerPage] = Slot{};
    p.s[kSlotsPerPage].fn = &slot_exit;
    p.stale = false;
    // From now on stores to this page take the slow path (which drops the decoded copy):
    // take away write permission from every cached translation to it, in every hart.
    if (m_.code_map) m_.code_map[idx] = 1;
    const uint64_t host = reinterpret_cast<uint64_t>(src);
    for (HartState* h : harts_)
        for (auto& per_mode : h->tlbc)
            for (TlbcEntry& e : per_mode)
                if (e.store != kTlbcInvalid && e.store + e.addend == host) e.store = kTlbcInvalid;
    return p;
}

Interpreter::Interpreter(HartState& h, CodeCache& code) : h_(h), code_(code) {
    code.add_hart(h);
    std::memset(scratch_, 0, sizeof scratch_);
    scratch_[1].fn = &slot_exit;
}

Interpreter::~Interpreter() = default;

// The slot of the instruction at `pc`, decoding its page if needed; nullptr after
// recording a fetch exception (ADEF, or what translation raises).
const Slot* Interpreter::slot_for_pc(uint64_t pc) {
    if (pc & 3) [[unlikely]] {
        // ADEF: misaligned PC (manual Vol. 1 §7.4.6); BADV <- PC.
        h_.insn = 0;
        trap_badv(h_, Ecode::ADE, pc, kSubADEF);
        h_.exc.fetch = true;
        return nullptr;
    }
    MemPort& m = *h_.mem;
    const uint64_t page = pc & ~uint64_t{0xfff};
    TlbcEntry* e = &tlbc_entry(h_, pc);
    if (e->fetch != page) [[unlikely]] {
        uint64_t w = 0;
        if (!m.load_slow(h_, pc, 4, w, Access::Fetch)) {
            h_.insn = 0;
            h_.exc.fetch = true;
            return nullptr;
        }
        e = &tlbc_entry(h_, pc);
        if (e->fetch != page) {
            // Not cacheable (not RAM): run it alone from a scratch slot, then leave.
            decode_slot(scratch_[0], static_cast<uint32_t>(w));
            h_.run_end = h_.retired + 1;
            return &scratch_[0];
        }
    }
    const uint64_t off = pc + e->addend - reinterpret_cast<uint64_t>(m.ram);
    return &code_.page(off >> kPageBits).s[(pc >> 2) & (kSlotsPerPage - 1)];
}

StopReason Interpreter::after_trap() {
    // IMPL-DEFINED: with no handler installed (EENTRY, or TLBRENTRY for a refill, never
    // set) stop instead of looping on an exception at address 0 (QEMU would jump to 0).
    const uint64_t* bank = h_.vm && (h_.exc.to_root || la::lvz::guest_exceptions_trap(h_)) ? h_.csr_other : h_.csr;
    const uint64_t entry = h_.exc.refill ? bank[csr_num(la::gen::Csr::TLBRENTRY)]
                                         : bank[kEENTRY] & kEentryVpn.mask();
    if (entry == 0) return StopReason::DoubleFault;
    trace_event(h_, TraceEvent::ExceptionBegin);
    enter_exception(h_);
    trace_event(h_, TraceEvent::ExceptionEnd);
    return StopReason::Budget;
}

// At an instruction boundary: the timer, then interrupts (la64-privileged.md §4.3: an
// interrupt is taken when CRMD.IE = 1 and ESTAT.IS & ECFG.LIE != 0), and IDLE's wake-up
// (any pending line, whatever CRMD.IE says, §13). False: the hart stays parked.
bool Interpreter::poll_events() {
    const uint64_t t = now(h_);
    if (t >= h_.timer_deadline) timer_expire(h_.csr, h_.timer_deadline, t, h_.vm != 0);
    if (t >= h_.timer_deadline_other) timer_expire(h_.csr_other, h_.timer_deadline_other, t, h_.vm == 0);
    if (h_.vm) {
        // LVZ (lvz.md §4.5, §6.1): root interrupts exit; the guest's lines are composed.
        la::lvz::update_guest_irqs(h_);
        const int root_irq = la::lvz::pending_root_interrupt(h_);
        if (root_irq >= 0) {
            trace_event(h_, TraceEvent::InterruptBegin, static_cast<unsigned>(root_irq));
            enter_root_interrupt(h_, static_cast<unsigned>(root_irq));
            trace_event(h_, TraceEvent::InterruptEnd);
            return true;
        }
    }
    const int irq = pending_interrupt(h_);
    if (h_.idle) {
        if (irq < 0) return false;
        h_.idle = 0;
    }
    if (irq >= 0 && kCrmdIe.get(h_.csr[kCRMD])) {
        trace_event(h_, TraceEvent::InterruptBegin, static_cast<unsigned>(irq));
        enter_interrupt(h_, static_cast<unsigned>(irq));
        trace_event(h_, TraceEvent::InterruptEnd);
    }
    return true;
}

// The outer loop: find the slot for the PC and run the chain from there; a chain comes
// back at a taken branch out of its page, a page end, a privileged instruction, an
// exception, an MMIO access, the timer's deadline or the end of the budget.
StopReason Interpreter::run(uint64_t budget, const bool* stop) {
    const uint64_t end = h_.retired + budget;
    while (h_.retired < end) {
        if (*stop) [[unlikely]] return StopReason::Stop;
        if (!poll_events()) return StopReason::Idle;
        // A timer fires when now() reaches its deadline: stop the chain there.
        const uint64_t deadline = h_.timer_deadline < h_.timer_deadline_other ? h_.timer_deadline
                                                                              : h_.timer_deadline_other;
        const uint64_t timer_at = deadline - h_.time_skip;
        h_.run_end = timer_at < end ? timer_at : end;
        tlbc_select(h_);  // the mode may have changed since the last chain (mem.h)
        const Slot* s = slot_for_pc(h_.pc);
        const Chain c = s ? s->fn(&h_, s, h_.pc, h_.retired) : Chain::Trap;
        if (c == Chain::Continue) [[likely]] continue;
        if (c == Chain::Halt) {
            if (h_.idle) continue;  // parked: poll_events decides
            return StopReason::Halt;
        }
        const StopReason r = after_trap();
        if (r != StopReason::Budget) return r;
    }
    return *stop ? StopReason::Stop : StopReason::Budget;
}

StopReason Interpreter::step(StepRecord& rec) {
    if (!poll_events()) return StopReason::Idle;
    const uint64_t pc = h_.pc;
    h_.run_end = h_.retired + 1;
    tlbc_select(h_);
    const Slot* s = slot_for_pc(pc);
    const Chain c = s ? s->fn(&h_, s, pc, h_.retired) : Chain::Trap;
    rec = StepRecord{pc, s ? s->word : 0, c == Chain::Trap};
    if (c == Chain::Halt && !h_.idle) return StopReason::Halt;
    if (c == Chain::Trap) {
        const StopReason r = after_trap();
        if (r != StopReason::Budget) return r;
    }
    return StopReason::Step;
}

void cpucfg_init_la464(HartState& h, bool lvz) {
    std::memset(h.cpucfg, 0, sizeof h.cpucfg);
    const auto words = la::gen::cpucfg_la464(lvz ? la::gen::kCpucfgSwitchLvz : la::gen::kCpucfgSwitchNone);
    static_assert(words.size() <= sizeof h.cpucfg / sizeof h.cpucfg[0]);
    for (size_t i = 0; i < words.size(); ++i) h.cpucfg[i] = words[i];
}

}  // namespace la::cpu
