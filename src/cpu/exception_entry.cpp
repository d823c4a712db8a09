// SPDX-License-Identifier: Apache-2.0
#include "lvzemu/cpu/exception_entry.h"

#include "lvzemu/cpu/csr.h"
#include "lvzemu/cpu/mem.h"
#include "lvzemu/lvz/lvz.h"

namespace la::cpu {

namespace {

using la::gen::Csr;

constexpr const la::gen::CsrField& kCrmdWe = csr_field(Csr::CRMD, "WE");
constexpr const la::gen::CsrField& kCrmdPg = csr_field(Csr::CRMD, "PG");
constexpr const la::gen::CsrField& kPrmdPwe = csr_field(Csr::PRMD, "PWE");
constexpr const la::gen::CsrField& kEcfgVs = csr_field(Csr::ECFG, "VS");
constexpr const la::gen::CsrField& kTlbrprmdPplv = csr_field(Csr::TLBRPRMD, "PPLV");
constexpr const la::gen::CsrField& kTlbrprmdPie = csr_field(Csr::TLBRPRMD, "PIE");
constexpr const la::gen::CsrField& kTlbrprmdPwe = csr_field(Csr::TLBRPRMD, "PWE");
constexpr const la::gen::CsrField& kTlbreraIsTlbr = csr_field(Csr::TLBRERA, "IsTLBR");
constexpr const la::gen::CsrField& kTlbreraPc = csr_field(Csr::TLBRERA, "PC");
constexpr const la::gen::CsrField& kTlbrentryPpn = csr_field(Csr::TLBRENTRY, "PPN");
constexpr const la::gen::CsrField& kMerrctlIsMerr = csr_field(Csr::MERRCTL, "IsMERR");
constexpr const la::gen::CsrField& kMerrctlPplv = csr_field(Csr::MERRCTL, "PPLV");
constexpr const la::gen::CsrField& kMerrctlPie = csr_field(Csr::MERRCTL, "PIE");
constexpr const la::gen::CsrField& kMerrctlPwe = csr_field(Csr::MERRCTL, "PWE");
constexpr const la::gen::CsrField& kMerrctlPda = csr_field(Csr::MERRCTL, "PDA");
constexpr const la::gen::CsrField& kMerrctlPpg = csr_field(Csr::MERRCTL, "PPG");
constexpr const la::gen::CsrField& kMerrctlPdatf = csr_field(Csr::MERRCTL, "PDATF");
constexpr const la::gen::CsrField& kMerrctlPdatm = csr_field(Csr::MERRCTL, "PDATM");
constexpr const la::gen::CsrField& kCrmdDatf = csr_field(Csr::CRMD, "DATF");
constexpr const la::gen::CsrField& kCrmdDatm = csr_field(Csr::CRMD, "DATM");
constexpr const la::gen::CsrField& kGstatPvm = csr_field(Csr::GSTAT, "PVM");

uint64_t& csr(HartState& h, Csr c) { return h.csr[csr_num(c)]; }

// Steps 1-2 of a general entry (la64-privileged.md §4.3): save PLV/IE/WE in PRMD, then
// PLV0 with interrupts and watchpoints off; DA/PG/DATF/DATM unchanged.
void save_mode_to_prmd(HartState& h) {
    uint64_t& crmd = h.csr[kCRMD];
    uint64_t& prmd = h.csr[kPRMD];
    prmd = kPrmdPplv.insert(prmd, kCrmdPlv.get(crmd));
    prmd = kPrmdPie.insert(prmd, kCrmdIe.get(crmd));
    prmd = kPrmdPwe.insert(prmd, kCrmdWe.get(crmd));
    crmd = kCrmdWe.insert(kCrmdIe.insert(kCrmdPlv.insert(crmd, 0), 0), 0);
}

// Step 5: EENTRY | code << (VS + 2), code = Ecode for exceptions, 64 + IntNum for
// interrupts; VS = 0 puts every cause at EENTRY.
uint64_t vector(const HartState& h, unsigned code) {
    const uint64_t base = h.csr[kEENTRY] & kEentryVpn.mask();
    const unsigned vs = static_cast<unsigned>(kEcfgVs.get(h.csr[csr_num(Csr::ECFG)]));
    return vs == 0 ? base : base | (uint64_t{code} << (vs + 2));
}

// TLB refill (la64-privileged.md §4.4): the TLBR* CSRs instead of PRMD/ERA/ESTAT, and the
// handler runs in DA mode.
void enter_refill(HartState& h) {
    uint64_t& crmd = h.csr[kCRMD];
    uint64_t& prmd = csr(h, Csr::TLBRPRMD);
    prmd = kTlbrprmdPplv.insert(prmd, kCrmdPlv.get(crmd));
    prmd = kTlbrprmdPie.insert(prmd, kCrmdIe.get(crmd));
    prmd = kTlbrprmdPwe.insert(prmd, kCrmdWe.get(crmd));
    crmd = kCrmdWe.insert(kCrmdIe.insert(kCrmdPlv.insert(crmd, 0), 0), 0);
    crmd = kCrmdPg.insert(kCrmdDa.insert(crmd, 1), 0);
    uint64_t& era = csr(h, Csr::TLBRERA);
    era = kTlbreraIsTlbr.insert(kTlbreraPc.insert(era, h.pc >> 2), 1);
    h.pc = csr(h, Csr::TLBRENTRY) & kTlbrentryPpn.mask();
}

// LVZ: an exception or interrupt taken into the root records the mode it came from in
// GSTAT.PVM (lvz.md §4.3, §9.2: PVM <- previous mode); one raised in guest mode for the
// root leaves guest mode first.
void to_root_mode(HartState& h, bool exit) {
    if (exit) {
        trace_event(h, TraceEvent::GuestExit, h.exc.ecode == Ecode::INT && !h.exc.refill ? 1 : 0);
        la::lvz::exit_to_root(h);
    } else if (la::lvz::enabled(h)) {
        uint64_t& gstat = csr(h, Csr::GSTAT);
        gstat = kGstatPvm.insert(gstat, 0);
    }
}

}  // namespace

void enter_exception(HartState& h) {
    const Exception& e = h.exc;
    if (h.vm) {
        if (e.to_root || la::lvz::guest_exceptions_trap(h)) to_root_mode(h, true);
        // else: the guest's own exception, entered on the guest bank below.
    } else {
        to_root_mode(h, false);
    }
    // BADI: the word of the faulting instruction, for every synchronous exception (TLB
    // refills too; manual Vol. 1 §7.4.9). A failed fetch has no word: BADI is kept (as QEMU).
    if (!e.fetch) h.csr[kBADI] = h.insn;
    if (e.refill) return enter_refill(h);
    save_mode_to_prmd(h);
    h.csr[kERA] = h.pc;
    uint64_t& estat = h.csr[kESTAT];
    estat = kEstatEcode.insert(estat, static_cast<uint64_t>(e.ecode));
    estat = kEstatEsubcode.insert(estat, e.esubcode);
    if (e.has_badv) h.csr[kBADV] = e.badv;
    h.pc = vector(h, static_cast<unsigned>(e.ecode));
}

void enter_interrupt(HartState& h, unsigned irq) {
    if (!h.vm) to_root_mode(h, false);  // a guest's own interrupt leaves GSTAT alone (lvz.md §4.4)
    save_mode_to_prmd(h);
    h.csr[kERA] = h.pc;
    uint64_t& estat = h.csr[kESTAT];
    estat = kEstatEsubcode.insert(kEstatEcode.insert(estat, static_cast<uint64_t>(Ecode::INT)), 0);
    h.pc = vector(h, 64 + irq);
}

int pending_interrupt(const HartState& h) {
    const uint64_t pending = h.csr[kESTAT] & h.csr[csr_num(Csr::ECFG)] & kIrqMask;
    if (pending == 0) return -1;
    return 63 - __builtin_clzll(pending);  // the highest IntNum wins (§4.2)
}

void return_from_exception(HartState& h) {
    trace_event(h, TraceEvent::ErtnBegin);
    uint64_t& crmd = h.csr[kCRMD];
    uint64_t& merrctl = csr(h, Csr::MERRCTL);
    uint64_t& tlbrera = csr(h, Csr::TLBRERA);
    // Debug mode (DBG.DST) is not modelled: DBCL is INE-free but never enters it.
    if (kMerrctlIsMerr.get(merrctl)) {
        crmd = kCrmdPlv.insert(crmd, kMerrctlPplv.get(merrctl));
        crmd = kCrmdIe.insert(crmd, kMerrctlPie.get(merrctl));
        crmd = kCrmdWe.insert(crmd, kMerrctlPwe.get(merrctl));
        crmd = kCrmdDa.insert(crmd, kMerrctlPda.get(merrctl));
        crmd = kCrmdPg.insert(crmd, kMerrctlPpg.get(merrctl));
        crmd = kCrmdDatf.insert(crmd, kMerrctlPdatf.get(merrctl));
        crmd = kCrmdDatm.insert(crmd, kMerrctlPdatm.get(merrctl));
        merrctl = kMerrctlIsMerr.insert(merrctl, 0);
        h.next_pc = csr(h, Csr::MERRERA);
    } else if (kTlbreraIsTlbr.get(tlbrera)) {
        const uint64_t prmd = csr(h, Csr::TLBRPRMD);
        crmd = kCrmdPlv.insert(crmd, kTlbrprmdPplv.get(prmd));
        crmd = kCrmdIe.insert(crmd, kTlbrprmdPie.get(prmd));
        crmd = kCrmdWe.insert(crmd, kTlbrprmdPwe.get(prmd));
        crmd = kCrmdPg.insert(kCrmdDa.insert(crmd, 0), 1);
        tlbrera = kTlbreraIsTlbr.insert(tlbrera, 0);
        h.next_pc = kTlbreraPc.get(tlbrera) << 2;
    } else {
        const uint64_t prmd = h.csr[kPRMD];
        crmd = kCrmdPlv.insert(crmd, kPrmdPplv.get(prmd));
        crmd = kCrmdIe.insert(crmd, kPrmdPie.get(prmd));
        crmd = kCrmdWe.insert(crmd, kPrmdPwe.get(prmd));
        h.next_pc = h.csr[kERA];
    }
    uint64_t& llbctl = h.csr[kLLBCTL];
    if (kLlbctlKlo.get(llbctl)) llbctl = kLlbctlKlo.insert(llbctl, 0);  // keeps LLBit once
    else h.llbit = 0;
    trace_event(h, TraceEvent::ErtnEnd, h.next_pc);
    // LVZ: a root ERTN with GSTAT.PVM = 1 enters the guest, through whichever context it
    // returned (lvz.md §4.2, §9.1: also from the TLB refill handler, as KVM and hvisor
    // need). PVM is left as it is.
    if (!h.vm && la::lvz::enabled(h) && kGstatPvm.get(csr(h, Csr::GSTAT))) {
        la::lvz::enter_guest(h);
    }
}

void enter_root_interrupt(HartState& h, unsigned irq) {
    h.exc = Exception{Ecode::INT, 0, false, 0};
    trace_event(h, TraceEvent::GuestExit, 1, irq);
    la::lvz::exit_to_root(h);
    save_mode_to_prmd(h);
    h.csr[kERA] = h.pc;
    uint64_t& estat = h.csr[kESTAT];
    estat = kEstatEsubcode.insert(kEstatEcode.insert(estat, static_cast<uint64_t>(Ecode::INT)), 0);
    h.pc = vector(h, 64 + irq);
}

}  // namespace la::cpu
