// SPDX-License-Identifier: Apache-2.0
#include "lvzemu/lvz/lvz.h"

#include <array>

#include "lvzemu/cpu/csr.h"
#include "lvzemu/cpu/mem.h"

namespace la::lvz {

namespace {

using cpu::csr_field;
using cpu::csr_num;
using la::gen::Csr;

constexpr const la::gen::CsrField& kGstatVm = csr_field(Csr::GSTAT, "VM");
constexpr const la::gen::CsrField& kGstatPvm = csr_field(Csr::GSTAT, "PVM");
constexpr const la::gen::CsrField& kGstatGid = csr_field(Csr::GSTAT, "GID");
constexpr const la::gen::CsrField& kGtlbcUsetgid = csr_field(Csr::GTLBC, "USETGID");
constexpr const la::gen::CsrField& kGtlbcToti = csr_field(Csr::GTLBC, "TOTI");
constexpr const la::gen::CsrField& kGtlbcTgid = csr_field(Csr::GTLBC, "TGID");
constexpr const la::gen::CsrField& kGcfgTit = csr_field(Csr::GCFG, "TIT");
constexpr const la::gen::CsrField& kGcfgToe = csr_field(Csr::GCFG, "TOE");
constexpr const la::gen::CsrField& kGcfgTop = csr_field(Csr::GCFG, "TOP");
constexpr const la::gen::CsrField& kGcfgGci = csr_field(Csr::GCFG, "GCI");
constexpr const la::gen::CsrField& kGintcVip = csr_field(Csr::GINTC, "VIP");
constexpr const la::gen::CsrField& kGintcPip = csr_field(Csr::GINTC, "PIP");
constexpr uint16_t kGSTAT = csr_num(Csr::GSTAT), kGCFG = csr_num(Csr::GCFG), kGTLBC = csr_num(Csr::GTLBC),
                   kGINTC = csr_num(Csr::GINTC), kECFG = csr_num(Csr::ECFG);
// ESTAT.IS[9:2]: HWI0-7 (la64-privileged.md §9).
constexpr uint64_t kHwiMask = uint64_t{0xff} << 2;

// The CSRs with a guest copy, from spec/csrs.tbl: what a mode switch swaps.
constexpr auto kGuestBank = [] {
    std::array<uint16_t, la::gen::kCsrTable.size()> a{};
    size_t n = 0;
    for (const auto& d : la::gen::kCsrTable)
        if (d.in_guest_bank) a[n++] = d.num;
    return std::pair{a, n};
}();

void swap_banks(HartState& h) {
    for (size_t i = 0; i < kGuestBank.second; ++i) {
        const uint16_t n = kGuestBank.first[i];
        const uint64_t t = h.csr[n];
        h.csr[n] = h.csr_other[n];
        h.csr_other[n] = t;
    }
    const uint64_t d = h.timer_deadline;
    h.timer_deadline = h.timer_deadline_other;
    h.timer_deadline_other = d;
}

// Timer CSRs a guest reaches only without GCFG.TIT (lvz.md §2.3).
bool is_timer_csr(uint16_t num) {
    return num == csr_num(Csr::TCFG) || num == csr_num(Csr::TVAL) || num == csr_num(Csr::TICLR) ||
           num == csr_num(Csr::CNTC);
}

}  // namespace

bool enabled(const HartState& h) { return ((h.cpucfg[2] >> 10) & 1) != 0; }

uint8_t gid(const HartState& h) { return static_cast<uint8_t>(kGstatGid.get(h.csr[kGSTAT])); }

uint16_t root_tlb_tag(const HartState& h) {
    const uint64_t gtlbc = h.csr[kGTLBC];
    if (kGtlbcUsetgid.get(gtlbc)) return static_cast<uint16_t>(kGtlbcTgid.get(gtlbc));
    return kGstatPvm.get(h.csr[kGSTAT]) ? gid(h) : 0;
}

void enter_guest(HartState& h) {
    swap_banks(h);
    h.vm = 1;
    h.csr[kGSTAT] = kGstatVm.insert(h.csr[kGSTAT], 1);
    update_guest_irqs(h);
    cpu::trace_event(h, cpu::TraceEvent::GuestEnter);
}

void exit_to_root(HartState& h) {
    swap_banks(h);
    h.vm = 0;
    h.csr[kGSTAT] = kGstatPvm.insert(kGstatVm.insert(h.csr[kGSTAT], 0), 1);
}

ExecResult trap_to_root(HartState& h, cpu::Ecode e, uint16_t sub) {
    h.exc = cpu::Exception{e, sub, false, 0};
    h.exc.to_root = true;
    return ExecResult::Trap;
}

bool guest_csr_traps(const HartState& h, uint16_t num) {
    const auto* d = la::gen::find_csr(num);
    if (d == nullptr || !d->in_guest_bank) return true;
    const uint64_t gcfg = h.csr[kGCFG];
    if (kGcfgTop.get(gcfg)) return true;
    return kGcfgTit.get(gcfg) && is_timer_csr(num);
}

bool guest_cacop_traps(const HartState& h, unsigned code) {
    // GCI: 0 = every CACOP, 1 = hit-type ones (code[4:3] = 2), 2 = the index/init ones
    // (code[4:3] = 0, 1) (lvz.md §2.3 [P]); 3 (reserved) treated as 0.
    const unsigned kind = (code >> 3) & 3;
    switch (kGcfgGci.get(h.csr[kGCFG])) {
        case 1: return kind == 2;
        case 2: return kind == 0 || kind == 1;
        default: return true;
    }
}

bool guest_exceptions_trap(const HartState& h) { return kGcfgToe.get(h.csr[kGCFG]) != 0; }
bool guest_tlb_traps(const HartState& h) { return kGtlbcToti.get(h.csr[kGTLBC]) != 0; }

void update_guest_irqs(HartState& h) {
    const uint64_t gintc = h.csr[kGINTC];
    const uint64_t physical = root_bank(h)[cpu::kESTAT] & kHwiMask;
    const uint64_t lines = (kGintcVip.get(gintc) << 2) | ((kGintcPip.get(gintc) << 2) & physical);
    uint64_t& estat = guest_bank(h)[cpu::kESTAT];
    estat = (estat & ~kHwiMask) | (lines & kHwiMask);
}

int pending_root_interrupt(const HartState& h) {
    const uint64_t* r = root_bank(h);
    if (!cpu::kCrmdIe.get(r[cpu::kCRMD])) return -1;
    const uint64_t pending = r[cpu::kESTAT] & r[kECFG] & 0x1fff;
    return pending == 0 ? -1 : 63 - __builtin_clzll(pending);
}

}  // namespace la::lvz
