// SPDX-License-Identifier: Apache-2.0
#include "lvzemu/trace/tracer.h"

#include <fmt/core.h>

#include <iterator>

#include "json.h"
#include "lvzemu/cpu/csr.h"
#include "lvzemu/decoder/decoder.h"
#include "lvzemu/decoder/disasm.h"
#include "lvzemu/lvz/lvz.h"
#include "lvzemu/trace/names.h"

namespace la::trace {

namespace {

using cpu::csr_field;
using cpu::csr_num;
using cpu::HartState;
using la::gen::Csr;

constexpr const la::gen::CsrField& kTlbidxIndex = csr_field(Csr::TLBIDX, "Index");
constexpr const la::gen::CsrField& kTlbidxPs = csr_field(Csr::TLBIDX, "PS");
constexpr const la::gen::CsrField& kTlbidxNe = csr_field(Csr::TLBIDX, "NE");
constexpr const la::gen::CsrField& kTlbrehiPs = csr_field(Csr::TLBREHI, "PS");
constexpr const la::gen::CsrField& kAsidAsid = csr_field(Csr::ASID, "ASID");
constexpr const la::gen::CsrField& kTlbreraIsTlbr = csr_field(Csr::TLBRERA, "IsTLBR");
constexpr const la::gen::CsrField& kTlbreraPc = csr_field(Csr::TLBRERA, "PC");
constexpr const la::gen::CsrField& kMerrctlIsMerr = csr_field(Csr::MERRCTL, "IsMERR");
constexpr const la::gen::CsrField& kEcfgVs = csr_field(Csr::ECFG, "VS");

uint64_t csr(const HartState& h, Csr c) { return h.csr[csr_num(c)]; }
uint64_t csr(const uint64_t* bank, Csr c) { return bank[csr_num(c)]; }
unsigned plv(const uint64_t* bank) { return static_cast<unsigned>(cpu::kCrmdPlv.get(bank[cpu::kCRMD])); }
unsigned plv(const HartState& h) { return plv(h.csr); }
bool in_refill(const uint64_t* bank) { return kTlbreraIsTlbr.get(csr(bank, Csr::TLBRERA)) != 0; }
bool in_refill(const HartState& h) { return in_refill(h.csr); }

// The root's gcsr* forms (lvz.md §3.3): GCSRRD/GCSRWR/GCSRXCHG share major opcode 0x05
// and are told apart by rj (0, 1, other), as CSRRD/CSRWR/CSRXCHG.
std::string gcsr_insn_name(uint32_t word) {
    if ((word >> 24) != 0x05) return "gcsr";
    return ((word >> 5) & 31) == 1 ? "gcsrwr" : "gcsrxchg";
}

// The root's TLB instructions on the guest's stage-1 entries use the guest bank.
bool guest_tlb_op(cpu::TlbOp op) {
    switch (op) {
        case cpu::TlbOp::GSrch:
        case cpu::TlbOp::GRd:
        case cpu::TlbOp::GWr:
        case cpu::TlbOp::GFill:
        case cpu::TlbOp::GClr:
        case cpu::TlbOp::GFlush: return true;
        default: return false;
    }
}

// The start of every event line: "csr hart0 pc=0x200000 n=12".
std::string text_head(Kind k, unsigned hart, uint64_t pc, uint64_t n) {
    return fmt::format("{} hart{} pc={:#x} n={}", kind_name(k), hart, pc, n);
}
JsonObject json_head(Kind k, unsigned hart, uint64_t pc, uint64_t n) {
    JsonObject j;
    j.str("type", kind_name(k)).num("hart", hart).hex("pc", pc).num("n", n);
    return j;
}

template <class... Args>
void append(std::string& s, fmt::format_string<Args...> f, Args&&... args) {
    fmt::format_to(std::back_inserter(s), f, std::forward<Args>(args)...);
}

// LVZ: an event taken inside the guest (on the guest's own bank and vectors) is marked
// with the guest's GID: " [guest gid=1]" after the text head, "gid":1 after the JSON one.
void mark_guest(std::string& s, const HartState& h) {
    if (h.vm) append(s, " [guest gid={}]", la::lvz::gid(h));
}
void mark_guest(JsonObject& j, const HartState& h) {
    if (h.vm) j.num("gid", la::lvz::gid(h));
}

}  // namespace

unsigned category_from_name(std::string_view name) {
    if (name == "insn") return kTraceInsn;
    if (name == "csr") return kTraceCsr;
    if (name == "exc") return kTraceExc;
    if (name == "tlb") return kTraceTlb;
    return 0;
}

std::string_view kind_name(Kind k) {
    switch (k) {
        case Kind::Insn: return "insn";
        case Kind::Csr: return "csr";
        case Kind::Exception: return "exc";
        case Kind::Interrupt: return "int";
        case Kind::Ertn: return "ertn";
        case Kind::Tlb: return "tlb";
        case Kind::TlbRefill: return "tlbr";
        case Kind::GuestEnter: return "genter";
        case Kind::GuestExit: return "gexit";
        case Kind::Summary: return "summary";
    }
    return "?";
}

uint64_t Counts::total() const {
    uint64_t t = 0;
    for (const auto& [index, e] : by_index_) t += e.second;
    return t;
}

Tracer::Tracer(unsigned categories, Format format, std::FILE* out) : cats_(categories), format_(format), out_(out) {
    hooks_.ctx = this;
    hooks_.event = &Tracer::on_event;
}

const cpu::TraceHooks* Tracer::hooks() const {
    return (cats_ & (kTraceCsr | kTraceExc | kTraceTlb)) != 0 ? &hooks_ : nullptr;
}

Tracer::HartTrace& Tracer::hart(const HartState& h) {
    if (h.id >= harts_.size()) harts_.resize(h.id + 1);
    HartTrace& t = harts_[h.id];
    if (!t.known) {
        // A hart the tracer was not told about: its CSRs as of now are the baseline.
        t.known = true;
        t.state = &h;
        HartCsrValues v;
        v.capture(h);
        t.shadow = v.root;
        t.guest_shadow = v.guest;
    }
    return t;
}

void Tracer::attach(const HartState& h) {
    HartTrace& t = hart(h);
    t.state = &h;
    HartCsrValues v;
    v.capture(h);
    t.shadow = v.root;
    t.guest_shadow = v.guest;
}

void Tracer::on_event(void* ctx, HartState& h, cpu::TraceEvent e, uint64_t a, uint64_t b, uint64_t c) {
    static_cast<Tracer*>(ctx)->event(h, e, a, b, c);
}

void Tracer::event(HartState& h, cpu::TraceEvent e, uint64_t a, uint64_t b, uint64_t c) {
    using cpu::TraceEvent;
    HartTrace& t = hart(h);
    // The CSR changes of an unbracketed interrupt exit, before anything else happens (a
    // CSR write finishes it itself, knowing the written CSR's value before the write).
    if (t.pending_interrupt && e != TraceEvent::CsrWrite) finish_pending_interrupt(h, t);
    switch (e) {
        case TraceEvent::CsrWrite:
            if (on(kTraceCsr)) csr_write(h, t, static_cast<uint32_t>(a), b, c);
            break;
        case TraceEvent::ExceptionBegin:
            // No comparison here: what changed since the last event (BADV, TLBEHI, the
            // TLBR* CSRs the MMU wrote while raising it) is part of this exception.
            t.pc = h.pc;
            t.n = h.retired;
            t.plv = plv(h);
            t.exc = h.exc;
            break;
        case TraceEvent::ExceptionEnd: exception_end(h, t); break;
        case TraceEvent::InterruptBegin:
            t.pc = h.pc;
            t.n = h.retired;
            t.plv = plv(h);
            t.irq = static_cast<unsigned>(a);
            t.in_interrupt = true;
            break;
        case TraceEvent::InterruptEnd:
            t.in_interrupt = false;
            interrupt_end(h, t);
            break;
        case TraceEvent::ErtnBegin:
            t.pc = h.pc;
            t.n = h.retired;
            t.plv = plv(h);
            t.ertn_from = kMerrctlIsMerr.get(csr(h, Csr::MERRCTL)) ? "merr" : in_refill(h) ? "tlbr" : "exc";
            if (on(kTraceCsr)) sync_csrs(h, t, Cause{"hw", {}}, false);
            break;
        case TraceEvent::ErtnEnd: ertn_end(h, t, a); break;
        case TraceEvent::TlbBegin: tlb_begin(h, t, static_cast<cpu::TlbOp>(a), b, c); break;
        case TraceEvent::TlbEnd: tlb_end(h, t, static_cast<cpu::ExecResult>(b)); break;
        case TraceEvent::GuestEnter: guest_enter(h, t); break;
        case TraceEvent::GuestExit: guest_exit(h, t, a == 1, static_cast<unsigned>(b)); break;
    }
}

// ---- CSR changes --------------------------------------------------------------------

void Tracer::csr_line(const HartState& h, uint64_t pc, uint64_t n, CsrBank bank, const la::gen::CsrDesc& d,
                      uint64_t old, uint64_t nv, const Cause& cause, bool now) {
    if (format_ == Format::Text) {
        std::string s = text_head(Kind::Csr, h.id, pc, n);
        append(s, " {}{} {:#x} -> {:#x}", bank.prefix, d.name, old, nv);
        const std::string fields = field_changes_text(d, old, nv);
        if (!fields.empty()) append(s, " [{}]", fields);
        if (cause.kind == "tlb" || cause.kind == "gcsr") append(s, " by {}", cause.reason);
        else if (cause.reason.empty()) append(s, " by {}", cause.kind);
        else append(s, " by {} {}", cause.kind, cause.reason);
        emit(std::move(s), now);
        return;
    }
    JsonObject j = json_head(Kind::Csr, h.id, pc, n);
    j.str("csr", fmt::format("{}{}", bank.prefix, d.name)).hex("num", d.num).hex("old", old).hex("new", nv);
    j.begin("fields");
    for_each_field_change(d, old, nv, [&j](const la::gen::CsrField& f, uint64_t a, uint64_t b) {
        j.begin(f.name).hex("old", a).hex("new", b).end();
    });
    j.end();
    j.str("cause", cause.kind);
    if (!cause.reason.empty()) j.str("reason", cause.reason);
    emit(j.take(), now);
}

void Tracer::sync_one(const HartState& h, HartTrace& t, CsrBank bank, std::size_t i, uint64_t cur,
                      const Cause& cause, bool now) {
    uint64_t& shadow = (bank.guest ? t.guest_shadow : t.shadow).v[i];
    if (shadow == cur) return;
    csr_line(h, t.pc, t.n, bank, la::gen::kCsrTable[i], shadow, cur, cause, now);
    shadow = cur;
}

void Tracer::sync_csrs(const HartState& h, HartTrace& t, const Cause& cause, bool now, const Override* o) {
    // Root bank against the root's shadow, guest bank against the guest's, wherever each
    // is stored now (csr_diff.h): a guest entry or exit is not a change.
    for (const CsrBank bank : {kRootCsrs, kGuestCsrs}) {
        for (std::size_t i = 0; i < kNumCsrs; ++i) {
            const la::gen::CsrDesc& d = la::gen::kCsrTable[i];
            if (bank.guest && !d.in_guest_bank) continue;
            uint64_t cur = bank.guest ? guest_csr_value(h, d) : root_csr_value(h, d);
            if (o != nullptr && o->guest == bank.guest && o->index == i) cur = o->value;
            sync_one(h, t, bank, i, cur, cause, now);
        }
    }
}

void Tracer::csr_write(HartState& h, HartTrace& t, uint32_t raw, uint64_t old, uint64_t nv) {
    const uint16_t num = static_cast<uint16_t>(raw & 0xffff);
    const la::gen::CsrDesc* wd = la::gen::find_csr(num);
    if (wd == nullptr) return;
    // LVZ: a write to the guest bank, by the guest's own CSR instruction (in guest mode) or
    // by the root's gcsrwr/gcsrxchg.
    const CsrBank bank = (raw & cpu::kTraceGuestCsr) != 0 && wd->in_guest_bank ? kGuestCsrs : kRootCsrs;
    const Cause cause = bank.guest && !h.vm ? Cause{"gcsr", gcsr_insn_name(h.insn)} : Cause{"csrwr", {}};
    const std::size_t index = la::gen::kCsrIndex[num] - 1u;
    const Override before{bank.guest, index, old};
    if (t.pending_interrupt) finish_pending_interrupt(h, t, &before);
    t.pc = h.pc;
    t.n = h.retired;
    // A CSR with a write hook may change others (TICLR.CLR clears ESTAT.TI, GINTC sets the
    // guest's ESTAT.IS): those changes, made before this report, are the write's.
    // Everything else that differs from the shadows changed before the instruction: "hw".
    const bool side_effects = wd->hook_id != la::gen::CsrHook::None;
    if (side_effects) sync_one(h, t, bank, index, old, Cause{"hw", {}}, false);
    else sync_csrs(h, t, Cause{"hw", {}}, false, &before);
    // Every explicit write is reported, also one that leaves the value unchanged.
    csr_line(h, t.pc, t.n, bank, *wd, old, nv, cause, false);
    (bank.guest ? t.guest_shadow : t.shadow).v[index] = nv;
    if (side_effects) sync_csrs(h, t, cause, false);
}

// ---- exceptions, interrupts, ERTN -----------------------------------------------------

void Tracer::exception_end(HartState& h, HartTrace& t) {
    const bool refill = t.exc.refill;
    const std::string name = exception_name(t.exc);
    if (on(kTraceExc)) {
        exceptions_.add(exception_cause(t.exc), name);
        const uint64_t era = refill ? kTlbreraPc.get(csr(h, Csr::TLBRERA)) << 2 : h.csr[cpu::kERA];
        const bool has_badv = refill || t.exc.has_badv;
        const uint64_t badv = refill ? csr(h, Csr::TLBRBADV) : h.csr[cpu::kBADV];
        if (format_ == Format::Text) {
            std::string s = text_head(Kind::Exception, h.id, t.pc, t.n);
            mark_guest(s, h);
            append(s, " {} era={:#x}", name, era);
            if (has_badv) append(s, " badv={:#x}", badv);
            append(s, " plv {}->{} vector={:#x}", t.plv, plv(h), h.pc);
            emit(std::move(s), false);
        } else {
            JsonObject j = json_head(Kind::Exception, h.id, t.pc, t.n);
            mark_guest(j, h);
            j.str("cause", name);
            if (!refill) j.num("ecode", static_cast<unsigned>(t.exc.ecode)).num("esubcode", t.exc.esubcode);
            j.hex("era", era);
            if (has_badv) j.hex("badv", badv);
            j.num("plv_before", t.plv).num("plv_after", plv(h)).hex("vector", h.pc);
            emit(j.take(), false);
        }
    }
    if (refill && on(kTraceTlb)) {
        const uint64_t va = csr(h, Csr::TLBRBADV);
        if (format_ == Format::Text) {
            std::string s = text_head(Kind::TlbRefill, h.id, t.pc, t.n);
            mark_guest(s, h);
            append(s, " va={:#x} vector={:#x}", va, h.pc);
            emit(std::move(s), false);
        } else {
            JsonObject j = json_head(Kind::TlbRefill, h.id, t.pc, t.n);
            mark_guest(j, h);
            emit(j.hex("va", va).hex("vector", h.pc).take(), false);
        }
    }
    if (on(kTraceCsr)) sync_csrs(h, t, Cause{"exception", name}, false);
}

void Tracer::interrupt_end(HartState& h, HartTrace& t) {
    // Taken before the instruction at t.pc: written at once, ahead of that instruction's line.
    const std::string name = interrupt_name(t.irq);
    if (on(kTraceExc)) {
        interrupts_.add(t.irq, name);
        const uint64_t era = h.csr[cpu::kERA];
        if (format_ == Format::Text) {
            std::string s = text_head(Kind::Interrupt, h.id, t.pc, t.n);
            mark_guest(s, h);
            append(s, " {} era={:#x} plv {}->{} vector={:#x}", name, era, t.plv, plv(h), h.pc);
            emit(std::move(s), true);
        } else {
            JsonObject j = json_head(Kind::Interrupt, h.id, t.pc, t.n);
            mark_guest(j, h);
            j.str("cause", name).num("irq", t.irq).hex("era", era);
            j.num("plv_before", t.plv).num("plv_after", plv(h)).hex("vector", h.pc);
            emit(j.take(), true);
        }
    }
    if (on(kTraceCsr)) sync_csrs(h, t, Cause{"interrupt", name}, true);
}

void Tracer::ertn_end(HartState& h, HartTrace& t, uint64_t target) {
    t.ertn_target = target;
    if (on(kTraceExc)) {
        ++ertns_;
        if (format_ == Format::Text) {
            std::string s = text_head(Kind::Ertn, h.id, t.pc, t.n);
            mark_guest(s, h);
            append(s, " -> {:#x} plv {}->{}", target, t.plv, plv(h));
            if (t.ertn_from != "exc") append(s, " from {}", t.ertn_from);
            emit(std::move(s), false);
        } else {
            JsonObject j = json_head(Kind::Ertn, h.id, t.pc, t.n);
            mark_guest(j, h);
            j.hex("target", target).num("plv_before", t.plv).num("plv_after", plv(h)).str("from", t.ertn_from);
            emit(j.take(), false);
        }
    }
    if (on(kTraceCsr)) sync_csrs(h, t, Cause{"ertn", {}}, false);
}

// ---- LVZ guest entries and exits ---------------------------------------------------------

// Inside the entering ERTN, after its own events (ErtnEnd): the guest now runs, at the
// address ERTN returned to.
void Tracer::guest_enter(HartState& h, HartTrace& t) {
    const unsigned gid = la::lvz::gid(h);
    if (on(kTraceExc)) {
        ++guest_entries_;
        if (format_ == Format::Text) {
            std::string s = text_head(Kind::GuestEnter, h.id, t.pc, t.n);
            append(s, " gid={} -> {:#x} guest plv {}", gid, t.ertn_target, plv(h));
            emit(std::move(s), false);
        } else {
            JsonObject j = json_head(Kind::GuestEnter, h.id, t.pc, t.n);
            j.num("gid", gid).hex("target", t.ertn_target).num("guest_plv", plv(h));
            emit(j.take(), false);
        }
    }
    // GSTAT.VM, and the guest's ESTAT.IS lines composed at entry: ERTN's.
    if (on(kTraceCsr)) sync_csrs(h, t, Cause{"ertn", {}}, false);
}

// Before the bank swap (still in guest mode, h.csr the guest's bank), inside the entry of
// the exception or interrupt the root takes; that entry's own line follows.
void Tracer::guest_exit(HartState& h, HartTrace& t, bool interrupt, unsigned irq) {
    const unsigned gid = la::lvz::gid(h);
    const uint64_t* root = la::lvz::root_bank(h);
    const unsigned guest_plv = plv(h);
    const bool bracketed = interrupt ? t.in_interrupt : true;
    if (!bracketed) {
        t.pc = h.pc;
        t.n = h.retired;
        t.irq = irq;
    }
    // The root's entry line reports the root's PLV before and after (what its PRMD saves
    // and its ERTN restores), as the entering ERTN's line did.
    t.plv = plv(root);
    if (on(kTraceExc)) {
        const cpu::Exception& e = h.exc;
        const unsigned cause = interrupt ? 0 : exception_cause(e);
        const std::string reason = interrupt ? std::string("INT") : exception_name(e);
        exits_.add(cause, reason);
        // GSPR is one reason for many instructions (lvz.md §4.2: cpucfg, iocsr*, idle,
        // cacop, csr* outside the guest bank); what a hypervisor emulates depends on which.
        if (!interrupt && !e.refill && e.ecode == cpu::Ecode::GSPR) {
            const auto op = la::decoder::decode(h.insn);
            gspr_.add(static_cast<unsigned>(op), la::decoder::info(op).name);
        }
        // A stage-2 fault or refill (raised for the root, with an address) reports the
        // guest physical address; another exception under GCFG.TOE its BADV.
        const bool stage2 = !interrupt && e.to_root && (e.refill || e.has_badv);
        const bool has_badv = !interrupt && !stage2 && e.has_badv;
        // BADI is written for a synchronous exception other than a refill or a fetch fault.
        const bool has_badi = !interrupt && !e.refill && !e.fetch;
        if (format_ == Format::Text) {
            std::string s = text_head(Kind::GuestExit, h.id, h.pc, h.retired);
            append(s, " gid={} {}", gid, reason);
            if (interrupt) append(s, " {}", interrupt_name(irq));
            if (stage2) append(s, " gpa={:#x}", e.badv);
            if (has_badv) append(s, " badv={:#x}", e.badv);
            append(s, " guest plv {}", guest_plv);
            if (has_badi) append(s, " badi={:#x} [{}]", h.insn, la::decoder::disassemble(h.insn));
            emit(std::move(s), interrupt);
        } else {
            JsonObject j = json_head(Kind::GuestExit, h.id, h.pc, h.retired);
            j.num("gid", gid).str("reason", reason);
            if (interrupt) j.num("irq", irq).str("line", interrupt_name(irq));
            if (!interrupt && !e.refill) j.num("ecode", static_cast<unsigned>(e.ecode)).num("esubcode", e.esubcode);
            if (stage2) j.hex("gpa", e.badv);
            if (has_badv) j.hex("badv", e.badv);
            j.num("guest_plv", guest_plv);
            if (has_badi) j.hex("badi", h.insn).str("insn", la::decoder::disassemble(h.insn));
            emit(j.take(), interrupt);
        }
    }
    if (bracketed) return;
    // The engine takes this interrupt without InterruptBegin/End: write its line now, from
    // the root bank as the entry will leave it (lvz.md §4.3: ERA = the guest PC, PLV 0,
    // the vector by the root's EENTRY and ECFG.VS), and its CSR changes at the next event.
    const std::string name = interrupt_name(irq);
    if (on(kTraceExc)) {
        interrupts_.add(irq, name);
        const uint64_t base = root[cpu::kEENTRY] & cpu::kEentryVpn.mask();
        const unsigned vs = static_cast<unsigned>(kEcfgVs.get(csr(root, Csr::ECFG)));
        const uint64_t vector = vs == 0 ? base : base | (uint64_t{64 + irq} << (vs + 2));
        if (format_ == Format::Text) {
            emit(text_head(Kind::Interrupt, h.id, t.pc, t.n) +
                     fmt::format(" {} era={:#x} plv {}->0 vector={:#x}", name, h.pc, t.plv, vector),
                 true);
        } else {
            JsonObject j = json_head(Kind::Interrupt, h.id, t.pc, t.n);
            j.str("cause", name).num("irq", irq).hex("era", h.pc);
            j.num("plv_before", t.plv).num("plv_after", 0).hex("vector", vector);
            emit(j.take(), true);
        }
    }
    t.pending_interrupt = on(kTraceCsr);
}

void Tracer::finish_pending_interrupt(const HartState& h, HartTrace& t, const Override* o) {
    t.pending_interrupt = false;
    sync_csrs(h, t, Cause{"interrupt", interrupt_name(t.irq)}, true, o);
}

// ---- TLB operations -------------------------------------------------------------------

void Tracer::tlb_begin(HartState& h, HartTrace& t, cpu::TlbOp op, uint64_t a, uint64_t b) {
    t.pc = h.pc;
    t.n = h.retired;
    if (on(kTraceCsr)) sync_csrs(h, t, Cause{"hw", {}}, false);
    t.tlb_op = op;
    t.tlb_args.clear();
    if (!on(kTraceTlb)) return;
    // The operands each operation reads (inside the refill handler, TLBSRCH/TLBWR/TLBFILL
    // use the TLBR* copies; manual Vol. 1 §7.5.13); the gtlb* forms read the guest's bank.
    const uint64_t* bank = guest_tlb_op(op) ? la::lvz::guest_bank(h) : h.csr;
    const bool refill = in_refill(bank);
    const uint64_t ehi = csr(bank, refill ? Csr::TLBREHI : Csr::TLBEHI);
    const uint64_t lo0 = csr(bank, refill ? Csr::TLBRELO0 : Csr::TLBELO0);
    const uint64_t lo1 = csr(bank, refill ? Csr::TLBRELO1 : Csr::TLBELO1);
    const uint64_t ps = refill ? kTlbrehiPs.get(ehi) : kTlbidxPs.get(csr(bank, Csr::TLBIDX));
    const uint64_t index = kTlbidxIndex.get(csr(bank, Csr::TLBIDX));
    const uint64_t asid = kAsidAsid.get(csr(bank, Csr::ASID));
    auto& v = t.tlb_args;
    switch (op) {
        case cpu::TlbOp::Srch:
        case cpu::TlbOp::GSrch: v = {{"ehi", ehi}, {"asid", asid}}; break;
        case cpu::TlbOp::Rd:
        case cpu::TlbOp::GRd: v = {{"index", index}}; break;
        case cpu::TlbOp::Wr:
        case cpu::TlbOp::GWr:
            v = {{"index", index}, {"ehi", ehi}, {"elo0", lo0}, {"elo1", lo1}, {"ps", ps}, {"asid", asid}};
            break;
        case cpu::TlbOp::Fill:
        case cpu::TlbOp::GFill: v = {{"ehi", ehi}, {"elo0", lo0}, {"elo1", lo1}, {"ps", ps}, {"asid", asid}}; break;
        case cpu::TlbOp::Clr:
        case cpu::TlbOp::GClr: v = {{"index", index}, {"asid", asid}}; break;
        case cpu::TlbOp::Flush:
        case cpu::TlbOp::GFlush: v = {{"index", index}}; break;
        // The engine does not report INVTLB's op field nor LDDIR's level (docs/tracing.md).
        case cpu::TlbOp::Inv: v = {{"rj", a}, {"rk", b}}; break;
        case cpu::TlbOp::Lddir:
        case cpu::TlbOp::Ldpte: v = {{"base", a}}; break;
    }
}

void Tracer::tlb_end(HartState& h, HartTrace& t, cpu::ExecResult r) {
    const std::string_view op = tlb_op_name(t.tlb_op);
    if (on(kTraceTlb)) {
        std::string_view result = "ok";
        std::vector<KeyValue> out;
        const uint64_t* bank = guest_tlb_op(t.tlb_op) ? la::lvz::guest_bank(h) : h.csr;
        const uint64_t idx = csr(bank, Csr::TLBIDX);
        if (r == cpu::ExecResult::Trap) {
            result = "exception";
        } else if (t.tlb_op == cpu::TlbOp::Srch || t.tlb_op == cpu::TlbOp::GSrch) {
            if (kTlbidxNe.get(idx)) result = "miss";
            else result = "hit", out = {{"index", kTlbidxIndex.get(idx)}};
        } else if (t.tlb_op == cpu::TlbOp::Rd || t.tlb_op == cpu::TlbOp::GRd) {
            if (kTlbidxNe.get(idx)) result = "invalid";
            else
                out = {{"ehi", csr(bank, Csr::TLBEHI)}, {"elo0", csr(bank, Csr::TLBELO0)},
                       {"elo1", csr(bank, Csr::TLBELO1)}, {"ps", kTlbidxPs.get(idx)},
                       {"asid", kAsidAsid.get(csr(bank, Csr::ASID))}};
        }
        if (format_ == Format::Text) {
            std::string s = text_head(Kind::Tlb, h.id, t.pc, t.n);
            mark_guest(s, h);
            append(s, " {}", op);
            for (const auto& kv : t.tlb_args) append(s, " {}={:#x}", kv.key, kv.value);
            append(s, " -> {}", result);
            for (const auto& kv : out) append(s, " {}={:#x}", kv.key, kv.value);
            emit(std::move(s), false);
        } else {
            JsonObject j = json_head(Kind::Tlb, h.id, t.pc, t.n);
            mark_guest(j, h);
            j.str("op", op).begin("args");
            for (const auto& kv : t.tlb_args) j.hex(kv.key, kv.value);
            j.end().str("result", result).begin("out");
            for (const auto& kv : out) j.hex(kv.key, kv.value);
            j.end();
            emit(j.take(), false);
        }
    }
    if (on(kTraceCsr)) sync_csrs(h, t, Cause{"tlb", std::string(op)}, false);
}

// ---- instructions, output, end of run -------------------------------------------------

namespace {

// n of an executed instruction: the instructions retired before it (h is the state after
// it; one that trapped did not retire).
uint64_t insn_n(const HartState& h, const cpu::StepRecord& rec) {
    return rec.trapped || h.retired == 0 ? h.retired : h.retired - 1;
}

}  // namespace

std::string insn_text(const HartState& h, const cpu::StepRecord& rec) {
    return text_head(Kind::Insn, h.id, rec.pc, insn_n(h, rec)) +
           fmt::format(" ({:08x}) {}{}", rec.word, la::decoder::disassemble(rec.word),
                       rec.trapped ? "  [exception]" : "");
}

void Tracer::insn(const HartState& h, const cpu::StepRecord& rec) {
    if (h.id < harts_.size() && harts_[h.id].pending_interrupt) finish_pending_interrupt(h, harts_[h.id]);
    const uint64_t n = insn_n(h, rec);
    if (format_ == Format::Text) {
        emit(insn_text(h, rec), true);
    } else {
        JsonObject j = json_head(Kind::Insn, h.id, rec.pc, n);
        j.str("word", fmt::format("{:#010x}", rec.word)).str("text", la::decoder::disassemble(rec.word));
        j.boolean("exception", rec.trapped);
        emit(j.take(), true);
    }
    release();
}

void Tracer::release() {
    if (pending_.empty()) return;
    std::fwrite(pending_.data(), 1, pending_.size(), out_);
    pending_.clear();
}

void Tracer::emit(std::string line, bool now) {
    line += '\n';
    if ((hold_ || on(kTraceInsn)) && !now) {
        pending_ += line;
        return;
    }
    std::fwrite(line.data(), 1, line.size(), out_);
}

void Tracer::finish() {
    if (on(kTraceCsr)) {
        for (HartTrace& t : harts_) {
            if (!t.known || t.state == nullptr) continue;
            if (t.pending_interrupt) finish_pending_interrupt(*t.state, t);
            t.pc = t.state->pc;
            t.n = t.state->retired;
            sync_csrs(*t.state, t, Cause{"hw", {}}, false);
        }
    }
    release();
    if (on(kTraceExc)) summary();
    std::fflush(out_);
}

void Tracer::summary() {
    if (format_ == Format::Text) {
        auto list = [](const Counts& c) {
            std::string s;
            for (const auto& [index, e] : c.entries()) append(s, "{}{} {}", s.empty() ? "" : " ", e.first, e.second);
            return s;
        };
        std::string line = fmt::format("summary exceptions={} [{}] interrupts={} [{}] ertn={}", exceptions_.total(),
                                       list(exceptions_), interrupts_.total(), list(interrupts_), ertns_);
        if (lvz_used()) append(line, " genter={} exits={} [{}]", guest_entries_, exits_.total(), list(exits_));
        if (gspr_.total() != 0) append(line, " gspr=[{}]", list(gspr_));
        line += '\n';
        std::fwrite(line.data(), 1, line.size(), out_);
        return;
    }
    JsonObject j;
    j.str("type", kind_name(Kind::Summary)).num("exceptions", exceptions_.total()).begin("by_exception");
    for (const auto& [index, e] : exceptions_.entries()) j.num(e.first, e.second);
    j.end().num("interrupts", interrupts_.total()).begin("by_interrupt");
    for (const auto& [index, e] : interrupts_.entries()) j.num(e.first, e.second);
    j.end().num("ertn", ertns_);
    if (lvz_used()) {
        j.num("genter", guest_entries_).num("exits", exits_.total()).begin("by_exit");
        for (const auto& [index, e] : exits_.entries()) j.num(e.first, e.second);
        j.end().begin("by_gspr_insn");
        for (const auto& [index, e] : gspr_.entries()) j.num(e.first, e.second);
        j.end();
    }
    const std::string line = j.take() + '\n';
    std::fwrite(line.data(), 1, line.size(), out_);
}

}  // namespace la::trace
