// SPDX-License-Identifier: Apache-2.0
#include "lvzemu/cpu/csr.h"

#include "lvzemu/cpu/mem.h"
#include "lvzemu/cpu/timer.h"

namespace la::cpu {

namespace {

using la::gen::Csr;
using la::gen::CsrHook;

constexpr const la::gen::CsrField& kTlbreraIsTlbr = csr_field(Csr::TLBRERA, "IsTLBR");
constexpr const la::gen::CsrField& kEuenAll = csr_field(Csr::EUEN, "FPE");

// PGD reads PGDL or PGDH by bit 63 of the faulting address: TLBRBADV inside the TLB
// refill handler, BADV otherwise (manual Vol. 1 §7.5.7; QEMU helper_csrrd_pgd).
uint64_t pgd_value(const HartState& h) {
    const bool refill = kTlbreraIsTlbr.get(h.csr[csr_num(Csr::TLBRERA)]) != 0;
    const uint64_t badv = refill ? h.csr[csr_num(Csr::TLBRBADV)] : h.csr[kBADV];
    return h.csr[csr_num(badv >> 63 ? Csr::PGDH : Csr::PGDL)];
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

}  // namespace

uint64_t csr_read(const HartState& h, uint16_t num) {
    const auto* d = la::gen::find_csr(num);
    if (d == nullptr) return 0;
    uint64_t v = h.csr[num] & ~d->write_only_mask;
    switch (d->read_hook) {
        case CsrHook::Llbit: v = kLlbctlRollb.insert(v, h.llbit); break;  // ROLLB reads the LLBit itself
        case CsrHook::Timer: v = timer_value(h); break;
        case CsrHook::Pgd: v = pgd_value(h); break;
        default: break;
    }
    if (d->width == 32) v = static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(v)));
    return v;
}

void csr_write(HartState& h, uint16_t num, uint64_t value) {
    const auto* d = la::gen::find_csr(num);
    if (d == nullptr) return;  // undefined CSR: write ignored (la64-privileged.md §2)
    if (d->width == 32) value &= 0xffffffffu;
    const uint64_t old = h.csr[num];
    const uint64_t writable = d->writable_mask & ~d->lvz_mask;  // LVZ is absent (issue #5)
    uint64_t nv = (old & ~writable) | (value & writable);
    nv &= ~d->w1c_mask;  // W1C fields are actions, they read 0
    switch (d->hook_id) {
        case CsrHook::Llbit:
            if (kLlbctlWcllb.get(value)) h.llbit = 0;  // WCLLB: write 1 clears LLBit (§12)
            break;
        case CsrHook::Ticlr:
            if (kTiclrClr.get(value)) h.csr[kESTAT] &= ~kEstatTi;  // CLR clears TI
            break;
        case CsrHook::Euen: nv &= euen_present_mask(h); break;
        case CsrHook::VppnSext: nv = vppn_sext(nv); break;
        default: break;
    }
    h.csr[num] = nv;
    switch (d->hook_id) {
        case CsrHook::Timer:
            if (num == csr_num(Csr::TCFG)) timer_configure(h);
            break;
        case CsrHook::Asid:
        case CsrHook::Xlate:
        case CsrHook::Misc:
            // ASID, STLBPS, RVACFG, the DMWs, MISC (VA32L, DWPL): cached mapped-mode
            // translations may be stale.
            if (nv != old) tlbc_flush_mapped(h);
            break;
        default: break;
    }
    // Reported after the side effects, so that a tracer attributes what they changed
    // (TVAL frozen by stopping the timer) to this write.
    trace_event(h, TraceEvent::CsrWrite, num, old, nv);
}

void csr_reset(HartState& h) {
    for (const auto& d : la::gen::kCsrTable) h.csr[d.num] = d.reset;
    h.timer_deadline = kNoDeadline;
    h.idle = 0;
    tlbc_flush(h);  // translations depend on CSRs (CRMD, DMW, ASID, ...)
}

}  // namespace la::cpu
