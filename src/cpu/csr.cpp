// SPDX-License-Identifier: Apache-2.0
#include "lvzemu/cpu/csr.h"

#include "lvzemu/cpu/mem.h"
#include "lvzemu/cpu/timer.h"
#include "lvzemu/lvz/lvz.h"

namespace la::cpu {

namespace {

using la::gen::Csr;
using la::gen::CsrHook;

constexpr const la::gen::CsrField& kTlbreraIsTlbr = csr_field(Csr::TLBRERA, "IsTLBR");
constexpr const la::gen::CsrField& kEuenAll = csr_field(Csr::EUEN, "FPE");
constexpr uint16_t kGSTAT = csr_num(Csr::GSTAT), kGINTC = csr_num(Csr::GINTC), kTVAL = csr_num(Csr::TVAL),
                   kTCFG = csr_num(Csr::TCFG);

// One CSR bank as the hooks see it: the root's, or (LVZ) a guest's, with the deadline of
// that bank's constant timer. `root_view`: the access is the root's gcsr* on the guest
// bank (R+G fields writable, lvz.md §3.3).
struct Bank {
    uint64_t* csr;
    uint64_t* deadline;
    bool guest;
    bool root_view;
};

Bank current_bank(HartState& h) { return Bank{h.csr, &h.timer_deadline, h.vm != 0, false}; }

// PGD reads PGDL or PGDH by bit 63 of the faulting address: TLBRBADV inside the TLB
// refill handler, BADV otherwise (manual Vol. 1 §7.5.7; QEMU helper_csrrd_pgd).
uint64_t pgd_value(const uint64_t* csr) {
    const bool refill = kTlbreraIsTlbr.get(csr[csr_num(Csr::TLBRERA)]) != 0;
    const uint64_t badv = refill ? csr[csr_num(Csr::TLBRBADV)] : csr[kBADV];
    return csr[csr_num(badv >> 63 ? Csr::PGDH : Csr::PGDL)];
}

// The units EUEN may enable are those CPUCFG2 reports (la64-privileged.md §11): enable
// bits of absent units read 0.
uint64_t euen_present_mask(const HartState& h) {
    uint64_t m = kEuenAll.mask();  // FP: CPUCFG2.FP is always set on la464
    if ((h.cpucfg[2] >> 6) & 1) m |= kEuenSxe.mask();
    if ((h.cpucfg[2] >> 7) & 1) m |= kEuenAsxe.mask();
    if ((h.cpucfg[2] >> 18) & 7) m |= kEuenBte.mask();
    return m;
}

// TLBEHI/TLBREHI: bits 63:48 read as the sign extension of VPPN's top bit (VALEN = 48).
uint64_t vppn_sext(uint64_t v) {
    return (v & ((uint64_t{1} << 48) - 1)) | ((v >> 47) & 1 ? ~((uint64_t{1} << 48) - 1) : 0);
}

uint64_t bank_read(const HartState& h, const Bank& b, const la::gen::CsrDesc& d) {
    uint64_t v = b.csr[d.num] & ~d.write_only_mask;
    switch (d.read_hook) {
        case CsrHook::Llbit: v = kLlbctlRollb.insert(v, h.llbit); break;  // ROLLB reads the LLBit itself
        case CsrHook::Timer: v = timer_value(b.csr, *b.deadline, now(h)); break;
        case CsrHook::Pgd: v = pgd_value(b.csr); break;
        default: break;
    }
    if (d.width == 32) v = static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(v)));
    return v;
}

void bank_write(HartState& h, const Bank& b, const la::gen::CsrDesc& d, uint64_t value) {
    const uint16_t num = d.num;
    if (d.width == 32) value &= 0xffffffffu;
    const uint64_t old = b.csr[num];
    uint64_t writable = b.root_view ? d.gcsr_writable_mask : d.writable_mask;
    if (!la::lvz::enabled(h)) writable &= ~d.lvz_mask;  // LVZ-only bits are R0 without LVZ
    uint64_t nv = (old & ~writable) | (value & writable);
    nv &= ~d.w1c_mask;  // W1C fields are actions, they read 0
    switch (d.hook_id) {
        case CsrHook::Llbit:
            if (kLlbctlWcllb.get(value)) h.llbit = 0;  // WCLLB: write 1 clears LLBit (§12)
            break;
        case CsrHook::Ticlr:
            if (kTiclrClr.get(value)) b.csr[kESTAT] &= ~kEstatTi;  // CLR clears TI
            break;
        case CsrHook::Euen: nv &= euen_present_mask(h); break;
        case CsrHook::VppnSext: nv = vppn_sext(nv); break;
        default: break;
    }
    b.csr[num] = nv;
    switch (d.hook_id) {
        case CsrHook::Timer:
            if (num == kTCFG) timer_configure(b.csr, *b.deadline, now(h));
            else if (num == kTVAL && b.root_view) timer_set_value(b.csr, *b.deadline, now(h), value);
            break;
        case CsrHook::Asid:
        case CsrHook::Xlate:
        case CsrHook::Misc:
            // ASID, STLBPS, RVACFG, the DMWs, MISC (VA32L, DWPL), GSTAT (GID), GTLBC:
            // cached translations of that bank's mode may be stale.
            if (nv == old) break;
            if (num == kGSTAT || b.guest) tlbc_flush_guest(h);
            else std::memset(h.tlbc[0], 0xff, 4 * sizeof h.tlbc[0]);  // the root's mapped tables
            break;
        case CsrHook::Irq:
            if (num == kGINTC) la::lvz::update_guest_irqs(h);
            break;
        default: break;
    }
    // Reported after the side effects, so that a tracer attributes what they changed
    // (TVAL frozen by stopping the timer) to this write.
    trace_event(h, TraceEvent::CsrWrite, b.guest ? num | kTraceGuestCsr : num, old, nv);
}

}  // namespace

uint64_t csr_read(const HartState& h, uint16_t num) {
    const auto* d = la::gen::find_csr(num);
    if (d == nullptr) return 0;
    auto& hm = const_cast<HartState&>(h);  // the bank is only read
    return bank_read(h, current_bank(hm), *d);
}

void csr_write(HartState& h, uint16_t num, uint64_t value) {
    const auto* d = la::gen::find_csr(num);
    if (d == nullptr) return;  // undefined CSR: write ignored (la64-privileged.md §2)
    bank_write(h, current_bank(h), *d, value);
}

void csr_reset(HartState& h) {
    for (const auto& d : la::gen::kCsrTable) {
        h.csr[d.num] = d.reset;
        if (d.in_guest_bank) h.csr_other[d.num] = d.reset;  // the guest bank resets alike
    }
    h.timer_deadline = kNoDeadline;
    h.timer_deadline_other = kNoDeadline;
    h.idle = 0;
    h.vm = 0;
    tlbc_flush(h);  // translations depend on CSRs (CRMD, DMW, ASID, ...)
}

}  // namespace la::cpu

namespace la::lvz {

uint64_t gcsr_read(const HartState& h, uint16_t num) {
    const auto* d = la::gen::find_csr(num);
    if (d == nullptr || !d->in_guest_bank) return 0;
    auto& hm = const_cast<HartState&>(h);
    return cpu::bank_read(h, cpu::Bank{guest_bank(hm), &guest_deadline(hm), true, true}, *d);
}

void gcsr_write(HartState& h, uint16_t num, uint64_t value) {
    const auto* d = la::gen::find_csr(num);
    if (d == nullptr || !d->in_guest_bank) return;
    cpu::bank_write(h, cpu::Bank{guest_bank(h), &guest_deadline(h), true, true}, *d, value);
}

}  // namespace la::lvz
