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
#include "lvzemu/gen/sem_fused.h"

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

// Handler of an instruction with gates: check them, then run the instruction's own
// handler. A privileged instruction leaves the chain afterwards, since it may change
// PLV, translation or interrupt enables, which the outer loop looks at.
LA_CHAIN_CC Chain slot_gated(HartState* h, const Slot* s, uint64_t pcb, uint64_t lim) {
    const uint64_t pc = chain_pc(s, pcb);
    const uint64_t retired = chain_retired(h, s, lim);
    h->pc = pc;
    h->retired = retired;
    h->insn = s->word;  // tracers read it (INVTLB op, LDDIR level); BADI on a trap
    const uint8_t g = gates().g[s->op];
    if (!gates_pass(*h, s->op, g)) [[unlikely]] {
        h->insn = s->word;
        return Chain::Trap;
    }
    if (g & kGatePriv) {
        // The chain ends after it: it may reach devices as it likes (HartState::mmio).
        h->mmio = kMmioDirect;
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
    [[clang::musttail]] return la::gen::kHandlerFor[s->op](s->op, s->ops)(h, s, pcb, lim);
}

// The handler of a Slot's instruction by itself.
Handler single_handler(const Slot& s) {
    return gates().g[s.op] != 0 ? &slot_gated : la::gen::kHandlerFor[s.op](s.op, s.ops);
}

void decode_slot(Slot& s, uint32_t word) {
    const auto op = static_cast<uint16_t>(la::decoder::decode(word));
    s.word = word;
    s.op = op;
    s.span = 0;
    std::memset(s.ops, 0, sizeof s.ops);
    la::gen::extract_operands(static_cast<la::decoder::Opcode>(op), word, s.ops);
    s.fn = single_handler(s);
}

// A fused pair (spec/fused.tbl) for two adjacent Slots: both ungated, the first without
// rd = r0 (whose Slots use the kThreadTableRd0 variants); the pair's table says whether it
// has a handler for these operands.
Handler pair_handler(const Slot& a, const Slot& b) {
    if (a.fn != la::gen::kThreadTable[a.op] ||
        (b.fn != la::gen::kThreadTable[b.op] && b.fn != la::gen::kThreadTableRd0[b.op]))
        return nullptr;
    return la::gen::fused_handler(a.op, a.ops, b.op, b.ops);
}

// Instructions after which a chain checks its budget (lvzemu/cpu/threaded.h, "span").
struct EndsBlockTable {
    bool e[la::decoder::kNumOpcodes];
    EndsBlockTable() {
        for (unsigned op = 0; op < la::decoder::kNumOpcodes; ++op)
            e[op] = op != 0 && (la::decoder::info(static_cast<la::decoder::Opcode>(op)).attrs &
                                la::decoder::kAttrEndsBlock) != 0;
    }
};
const EndsBlockTable& ends_block() {
    static const EndsBlockTable t;
    return t;
}

// The longest fused sequence (spec/fused.tbl) starting at `s`, of at most `avail` Slots:
// all ungated and all but the last without rd = r0.
Handler fused_handler(const Slot* s, unsigned avail) {
    for (unsigned n = avail < 4 ? avail : 4; n >= 3; --n) {
        uint64_t key = 0;
        bool ok = true;
        for (unsigned k = 0; k < n && ok; ++k) {
            key |= uint64_t{s[k].op} << (48 - 16 * k);
            ok = s[k].fn == la::gen::kThreadTable[s[k].op] ||
                 (k + 1 == n && s[k].fn == la::gen::kThreadTableRd0[s[k].op]);
        }
        if (!ok) continue;
        const bool rd0 = s[n - 1].fn != la::gen::kThreadTable[s[n - 1].op];
        if (const Handler* hs = la::gen::fused_seq(key))
            if (hs[rd0 ? 1 : 0]) return hs[rd0 ? 1 : 0];
    }
    return pair_handler(s[0], s[1]);
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
    // Each Slot's run: up to and including the next instruction that ends a block, or
    // up to the sentinel.
    p.s[kSlotsPerPage].span = sizeof(Slot);
    for (unsigned i = kSlotsPerPage; i-- > 0;)
        p.s[i].span = static_cast<uint16_t>(sizeof(Slot) + (ends_block().e[p.s[i].op] ? 0 : p.s[i + 1].span));
    // Every Slot that starts a fused sequence gets its handler (the others keep their own:
    // a branch may land on them).
    for (unsigned i = 0; i + 1 < kSlotsPerPage; ++i)
        if (const Handler f = fused_handler(&p.s[i], kSlotsPerPage - i)) p.s[i].fn = f;
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

Interpreter::Interpreter(HartState& h, CodeCache& code)
    : h_(h), code_(code), alone_(std::make_unique<Slot[]>(kAloneSlots)) {
    code.add_hart(h);
    std::memset(&fetched_, 0, sizeof fetched_);
    // Every neighbour of the middle Slot leaves the chain, and no run starting there fits
    // (an in-page branch lands within 1023 Slots of its own).
    for (unsigned i = 0; i < kAloneSlots; ++i) {
        alone_[i] = Slot{};
        alone_[i].fn = &slot_exit;
        alone_[i].span = 0xffff;
    }
}

Interpreter::~Interpreter() = default;

// The slot of the instruction at `pc`, decoding its page if needed; nullptr after
// recording a fetch exception (ADEF, or what translation raises).
const Slot* Interpreter::slot_for_pc(uint64_t pc, bool& alone) {
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
            // Not cacheable (not RAM): decode it for this one execution, alone.
            decode_slot(fetched_, static_cast<uint32_t>(w));
            alone = true;
            return &fetched_;
        }
    }
    const uint64_t off = pc + e->addend - reinterpret_cast<uint64_t>(m.ram);
    return &code_.page(off >> kPageBits).s[(pc >> 2) & (kSlotsPerPage - 1)];
}

// The call into a chain of preserve_none handlers. LLVM 19 lets such a callee clobber RBX
// even when the caller uses RBX as its stack base pointer (a realigned frame with dynamic
// allocations, as the ASan build's Interpreter::run has): unoptimized and sanitizer builds
// therefore enter through a function of its own, which has no base pointer. Optimized
// builds call directly (a function of its own costs six register saves per chain).
#if !defined(__OPTIMIZE__)
#define LA_CHAIN_TRAMPOLINE 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(undefined_behavior_sanitizer)
#define LA_CHAIN_TRAMPOLINE 1
#endif
#endif
#ifdef LA_CHAIN_TRAMPOLINE
[[gnu::noinline]] static Chain call_chain(const Slot* s, HartState* h, uint64_t pcb, uint64_t lim) {
    return s->fn(h, s, pcb, lim);
}
#else
[[gnu::always_inline]] static inline Chain call_chain(const Slot* s, HartState* h, uint64_t pcb, uint64_t lim) {
    return s->fn(h, s, pcb, lim);
}
#endif

// Runs the chain from `s` (h_.pc's Slot) up to h_.run_end at most. The first run must fit
// in the budget (lvzemu/cpu/threaded.h, "span"); when it does not, or `alone`, the
// instruction runs by itself, from a copy among Slots that all leave the chain. Inlined in
// the loops: a call to a preserve_none handler clobbers every callee-saved register, so a
// function of its own would save and restore six of them per chain (measured: +16% host
// instructions on the exceptions workload, a chain every few instructions).
[[gnu::always_inline]] inline Chain Interpreter::enter(const Slot& s, bool alone) {
    // At least one instruction, as many as the budget allows; at most kMaxChain, so that
    // `lim` stays far from overflowing (the outer loop just enters again).
    constexpr uint64_t kMaxChain = uint64_t{1} << 30;
    uint64_t n = h_.run_end > h_.retired ? h_.run_end - h_.retired : 1;
    if (n > kMaxChain) n = kMaxChain;
    h_.run_end = h_.retired + n;
    const uintptr_t sa = reinterpret_cast<uintptr_t>(&s);
    if (!alone && s.span <= n * sizeof(Slot)) [[likely]] {
        h_.mmio = kMmioDefer;
        const Chain c = call_chain(&s, &h_, h_.pc - (sa >> 3), sa + n * sizeof(Slot));
        // An MMIO access was refused: the chain stopped before that instruction.
        mmio_alone_ = h_.mmio == kMmioDeferred;
        h_.mmio = kMmioDirect;
        return c;
    }
    Slot& c = alone_[kAloneSlots / 2];
    c = s;
    c.fn = single_handler(s);  // not a fused pair: the next Slot is not there
    h_.run_end = h_.retired + 1;
    const uintptr_t ca = reinterpret_cast<uintptr_t>(&c);
    return call_chain(&c, &h_, h_.pc - (ca >> 3), ca + sizeof(Slot));
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
        bool alone = mmio_alone_;  // the last chain stopped at an MMIO access: run it now
        mmio_alone_ = false;
        const Slot* s = slot_for_pc(h_.pc, alone);
        const Chain c = s ? enter(*s, alone) : Chain::Trap;
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
    bool alone = true;
    mmio_alone_ = false;
    const Slot* s = slot_for_pc(pc, alone);
    const Chain c = s ? enter(*s, true) : Chain::Trap;
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
