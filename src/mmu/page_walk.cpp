// SPDX-License-Identifier: Apache-2.0
// LDDIR / LDPTE (manual Vol. 1 §4.2.5, §5.4.5; la64-privileged.md §5.7, §7).
#include "lvzemu/mmu/page_walk.h"

#include "fields.h"

namespace la::mmu {

using namespace detail;

namespace {

struct Level {
    unsigned base, width;
};

/// SPEC(vol1 §4.2.5.1): level 1..4 = Dir1/Dir2 (PWCL), Dir3/Dir4 (PWCH); 0 = the last page
/// table (PTbase/PTwidth).
Level level_of(const uint64_t* csr, unsigned level) {
    const uint64_t l = csr[kPwcl], h = csr[kPwch];
    switch (level) {
    case 1: return {unsigned(kPwclDir1Base.get(l)), unsigned(kPwclDir1Width.get(l))};
    case 2: return {unsigned(kPwclDir2Base.get(l)), unsigned(kPwclDir2Width.get(l))};
    case 3: return {unsigned(kPwchDir3Base.get(h)), unsigned(kPwchDir3Width.get(h))};
    case 4: return {unsigned(kPwchDir4Base.get(h)), unsigned(kPwchDir4Width.get(h))};
    default: return {unsigned(kPwclPtBase.get(l)), unsigned(kPwclPtWidth.get(l))};
    }
}

/// VA[base+width-1:base] of the address being refilled.
uint64_t index_of(const uint64_t* csr, Level lv) {
    const uint64_t va = csr[kTlbrbadv];
    return lv.base >= 64 ? 0 : (va >> lv.base) & low_bits(lv.width);
}

}  // namespace

cpu::ExecResult lddir(cpu::HartState& h, uint64_t* csr, uint64_t rj, unsigned level,
                      const PhysReader& mem, uint64_t& rd) {
    if (level == 0 || level > 4) {  // QEMU-COMPAT: undefined level, rd <- rj
        rd = rj;
        return cpu::ExecResult::Next;
    }
    if (rj & kPteHuge) {
        // SPEC(vol1 §4.2.5.1): a huge PTE passes through. The level tag (QEMU's scheme) is
        // the level of this LDDIR, one below the table the PTE came from, so LDPTE's
        // base + width - 1 of that level is half the huge page (see ldpte).
        rd = (level < 4 && (rj & kPteLevelMask) == 0) ? rj | uint64_t{level} << kPteLevelShift
                                                       : rj;
        return cpu::ExecResult::Next;
    }
    const uint64_t pa = (rj & kPaMask) | index_of(csr, level_of(csr, level)) << 3;
    uint64_t v = 0;
    if (!mem.read64(mem.ctx, h, pa, v)) return cpu::ExecResult::Trap;
    // QEMU masks every loaded entry to PALEN bits, which also strips NR/NX/RPLV from a huge
    // PTE found in this directory; the manual has LDPTE turn the huge PTE into the TLB
    // entry "directly", so lvzemu keeps a huge PTE whole and masks table addresses only.
    rd = (v & kPteHuge) ? v : v & kPaMask;
    return cpu::ExecResult::Next;
}

cpu::ExecResult ldpte(cpu::HartState& h, uint64_t* csr, uint64_t rj, unsigned seq,
                      const PhysReader& mem) {
    const bool odd = seq != 0;  // QEMU-COMPAT: any non-zero seq selects the odd page
    uint64_t lo = 0;
    unsigned ps = 0;
    if (rj & kPteHuge) {
        // SPEC(vol1 §5.4.5): a huge PTE is split into two TLB halves of half its size; its
        // G is bit 12 (bit 6 is H).
        const Level lv = level_of(csr, unsigned((rj & kPteLevelMask) >> kPteLevelShift));
        ps = lv.base + lv.width - 1;  // wraps to a huge value when both are 0
        if (ps >= 64 || ((csr[kPrcfg2] >> ps) & 1) == 0) return cpu::ExecResult::Next;
        uint64_t pte = rj & ~(kPteHuge | kPteLevelMask);
        if (pte & kPteHGlobal) pte = (pte & ~kPteHGlobal) | kLoG.mask();
        lo = pte & kLoMask;
        if (odd) lo = (lo + (uint64_t{1} << ps)) & kLoMask;
    } else {
        const Level pt = level_of(csr, 0);
        ps = pt.base;
        // SPEC(vol1 §7.5.8): PWCL.PTEWidth 0..3 = PTEs of 64, 128, 192 or 256 bits in memory;
        // the fields the TLB takes all live in the first doubleword.
        const uint64_t stride = 8 * (kPwclPteWidth.get(csr[kPwcl]) + 1);
        const uint64_t index = (index_of(csr, pt) & ~uint64_t{1}) + (odd ? 1 : 0);
        uint64_t v = 0;
        if (!mem.read64(mem.ctx, h, (rj & kPaMask) | index * stride, v)) return cpu::ExecResult::Trap;
        lo = v & kLoMask;
    }
    csr[odd ? kTlbrelo1 : kTlbrelo0] = lo;
    csr[kTlbrehi] = kRehiPs.insert(csr[kTlbrehi], ps);
    return cpu::ExecResult::Next;
}

}  // namespace la::mmu
