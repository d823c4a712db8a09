// SPDX-License-Identifier: Apache-2.0
// Address translation: direct address mode, direct-mapped windows, TLB (manual Vol. 1 §5.2,
// §5.4.4; la64-privileged.md §5.1-§5.6).
#include "lvzemu/mmu/translate.h"

#include "fields.h"

namespace la::mmu {

using namespace detail;
using cpu::Ecode;

namespace {

cpu::Exception fault(Ecode code, uint64_t va, uint16_t sub = 0) {
    return cpu::Exception{code, sub, true, va};
}

/// Page-invalid code for an access kind (manual Vol. 1 §5.4.3).
Ecode page_invalid(Access a) {
    switch (a) {
    case Access::Load: return Ecode::PIL;
    case Access::Store: return Ecode::PIS;
    case Access::Fetch: return Ecode::PIF;
    }
    return Ecode::PIL;
}

/// SPEC(vol1 §5.2, §7.4.11): in mapped mode a VA outside the direct-mapped windows must be
/// the sign extension of its low VALEN - RVACFG.RBits bits (the manual writes PALEN in
/// §5.2; VALEN is meant, la64-privileged.md §5.3 — both are 48 on la464).
/// IMPL-DEFINED: RBits above 8 (undefined) act as 8. QEMU does not model RVACFG at all.
bool va_legal(const uint64_t* csr, uint64_t va) {
    unsigned rbits = unsigned(kRvacfgRbits.get(csr[kRvacfg]));
    if (rbits > 8) rbits = 8;
    const unsigned width = kValen - rbits;
    const int64_t top = int64_t(va) >> (width - 1);  // all sign bits: 0 or -1
    return top == 0 || top == -1;
}

}  // namespace

Translation translate_tlb(const uint64_t* csr, const Tlb& tlb, uint64_t va, Access a, uint16_t gid,
                          unsigned plv) {
    Translation t;
    t.via = Via::Tlb;
    const unsigned stlb_ps = unsigned(kStlbpsPs.get(csr[kStlbps]));
    const int i = tlb.lookup(va, uint16_t(kAsidAsid.get(csr[kAsid])), gid, stlb_ps);
    if (i < 0) {
        t.refill = true;
        t.exc.badv = va;
        return t;
    }
    t.tlb_index = int16_t(i);
    const TlbEntry& e = tlb.entry(unsigned(i));
    const unsigned ps = tlb.page_shift(unsigned(i), stlb_ps);
    // SPEC(vol1 §5.4.4): VA[PS] picks the odd or even half of the pair.
    const uint64_t lo = e.lo[ps < 64 ? (va >> ps) & 1 : 0];
    const bool v = kLoV.get(lo), d = kLoD.get(lo), nr = kLoNr.get(lo), nx = kLoNx.get(lo);
    const unsigned page_plv = unsigned(kLoPlv.get(lo));
    // RPLV = 0: any level at least as privileged as PLV; RPLV = 1: exactly PLV.
    const bool plv_ok = kLoRplv.get(lo) ? plv == page_plv : plv <= page_plv;
    // SPEC(vol1 §5.4.4): MISC.DWPL<n> (n = 0..2) turns the dirty check off at PLVn.
    const bool writable = d || (kMiscDwpl[plv & 3] && kMiscDwpl[plv & 3]->get(csr[kMisc]));
    if (v && plv_ok) {
        t.allowed = uint8_t((nr ? 0 : access_bit(Access::Load)) |
                            (writable ? access_bit(Access::Store) : 0) |
                            (nx ? 0 : access_bit(Access::Fetch)));
    }
    // SPEC(vol1 §5.4.4): V, then NX (fetch), then the privilege level, then NR (load), then
    // D (store). QEMU tests NR before the privilege level; the two orders differ only when
    // both fail (PPI here, PNR in QEMU).
    if (!v) t.exc = fault(page_invalid(a), va);
    else if (a == Access::Fetch && nx) t.exc = fault(Ecode::PNX, va);
    else if (!plv_ok) t.exc = fault(Ecode::PPI, va);
    else if (a == Access::Load && nr) t.exc = fault(Ecode::PNR, va);
    else if (a == Access::Store && !writable) t.exc = fault(Ecode::PME, va);
    else {
        t.ok = true;
        // SPEC(vol1 §5.4.4): PA = {PPN[PALEN-1:PS], VA[PS-1:0]}; PPN bits below PS are
        // don't-care (§5.4.2).
        t.pa = ((lo & kLoPpn.mask() & high_bits(ps)) | (va & low_bits(ps))) & kPaMask;
        t.mat = uint8_t(kLoMat.get(lo));
        t.page_shift = uint8_t(ps);
    }
    return t;
}

Translation translate(const uint64_t* csr, const Tlb& tlb, uint64_t va, Access a, uint16_t gid) {
    const uint64_t crmd = csr[kCrmd];
    const unsigned plv = unsigned(kCrmdPlv.get(crmd));
    // SPEC(vol1 §5.2.2): 32-bit address mode zero-extends the VA at PLV1..3.
    if (kMiscVa32l[plv] && kMiscVa32l[plv]->get(csr[kMisc])) va &= 0xffffffffu;

    Translation t;
    // SPEC(vol1 §5.2): DA = 1, PG = 0 is direct address mode; every VA is legal.
    if (kCrmdDa.get(crmd) && !kCrmdPg.get(crmd)) {
        t.ok = true;
        t.via = Via::Direct;
        t.pa = va & kPaMask;
        t.mat = uint8_t(a == Access::Fetch ? kCrmdDatf.get(crmd) : kCrmdDatm.get(crmd));
        t.page_shift = kPalen;
        t.allowed = kAllAccess;
        return t;
    }

    // SPEC(vol1 §5.2.1): a window hits when VA[63:60] = VSEG and its PLV<CRMD.PLV> bit is
    // set; PA = VA[PALEN-1:0]; no permission check, no legality check. Searched 0..3.
    for (unsigned n = 0; n < 4; ++n) {
        if (a == Access::Fetch && n >= kDmwFetchWindows) break;
        const uint64_t dmw = csr[kDmw[n]];
        if (kDmwPlv[plv]->get(dmw) && kDmwVseg.get(dmw) == va >> kDmwVseg.lsb) {
            t.ok = true;
            t.via = Via::Dmw;
            t.pa = va & kPaMask;
            t.mat = uint8_t(kDmwMat.get(dmw));
            t.page_shift = kPalen;
            t.allowed = n < kDmwFetchWindows ? kAllAccess
                                             : uint8_t(access_bit(Access::Load) | access_bit(Access::Store));
            return t;
        }
    }

    if (!va_legal(csr, va)) {
        t.exc = fault(Ecode::ADE, va, a == Access::Fetch ? cpu::kSubADEF : cpu::kSubADEM);
        return t;
    }
    return translate_tlb(csr, tlb, va, a, gid, plv);
}

void note_fault(uint64_t* csr, const Translation& t) {
    if (t.ok) return;
    const uint64_t va = t.exc.badv;
    if (t.refill) {
        csr[kTlbrbadv] = va;
        csr[kTlbrehi] = with_vppn(csr[kTlbrehi], va);
        return;
    }
    switch (t.exc.ecode) {
    case Ecode::PIL: case Ecode::PIS: case Ecode::PIF: case Ecode::PME:
    case Ecode::PNR: case Ecode::PNX: case Ecode::PPI:
        csr[kTlbehi] = with_vppn(csr[kTlbehi], va);
        break;
    default: break;
    }
}

}  // namespace la::mmu
