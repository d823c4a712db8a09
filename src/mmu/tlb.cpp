// SPDX-License-Identifier: Apache-2.0
// The TLB array and the TLB maintenance instructions (manual Vol. 1 §4.2.4, §5.4;
// la64-privileged.md §5.4-§6).
#include "lvzemu/mmu/tlb.h"

#include "fields.h"

namespace la::mmu {

using namespace detail;

static_assert((kTlbidxIndex.mask() >> kTlbidxIndex.lsb) + 1 >= kTlbEntries,
              "TLBIDX.Index must reach every entry (manual Vol. 1 §7.5.1)");

namespace {

/// Seed of the TLBFILL replacement generator (any non-zero value; fixed for determinism).
constexpr uint32_t kFillSeed = 0x2545f491u;

/// SPEC(vol1 §5.4.4): an entry maps va when VPPN[VALEN-1:PS+1] == va[VALEN-1:PS+1].
bool maps(const TlbEntry& e, uint64_t va, unsigned ps) {
    return ((va ^ e.vppn) & kVaMask & high_bits(ps + 1)) == 0;
}

/// The canonical (sign-extended from VALEN) VA of an entry's page pair.
uint64_t pair_base(const TlbEntry& e, unsigned ps) {
    const uint64_t va = e.vppn & high_bits(ps + 1);
    return (va >> (kValen - 1)) & 1 ? va | ~kVaMask : va;
}

uint16_t csr_asid(const uint64_t* csr) { return uint16_t(kAsidAsid.get(csr[kAsid])); }
unsigned csr_stlb_ps(const uint64_t* csr) { return unsigned(kStlbpsPs.get(csr[kStlbps])); }

}  // namespace

// --- the array --------------------------------------------------------------------------

void Tlb::reset() {
    entries_.fill(TlbEntry{});
    rng_ = kFillSeed;
    ++generation_;
}

unsigned Tlb::stlb_set(uint64_t va, unsigned stlb_ps) {
    const unsigned shift = stlb_ps + 1;
    return shift >= 64 ? 0 : unsigned((va & kVaMask) >> shift) & (kStlbSets - 1);
}

int Tlb::lookup(uint64_t va, uint16_t asid, uint16_t gid, unsigned stlb_ps) const {
    const bool any_asid = is_stage2_tag(gid);
    const unsigned set = stlb_set(va, stlb_ps);
    for (unsigned way = 0; way < kStlbWays; ++way) {
        const unsigned i = way * kStlbSets + set;
        const TlbEntry& e = entries_[i];
        if (e.e && e.gid == gid && (e.g || e.asid == asid || any_asid) && maps(e, va, stlb_ps)) return int(i);
    }
    for (unsigned i = kStlbEntries; i < kTlbEntries; ++i) {
        const TlbEntry& e = entries_[i];
        if (e.e && e.gid == gid && (e.g || e.asid == asid || any_asid) && maps(e, va, e.ps)) return int(i);
    }
    return -1;
}

void Tlb::evict(unsigned i, unsigned stlb_ps) {
    const TlbEntry& e = entries_[i];
    const unsigned ps = page_shift(i, stlb_ps);
    ++generation_;
    if (observer_.evicted) observer_.evicted(observer_.ctx, pair_base(e, ps), ps + 1, e.gid);
}

void Tlb::write(unsigned index, const TlbEntry& e, unsigned stlb_ps) {
    if (entries_[index].e) evict(index, stlb_ps);
    entries_[index] = e;
}

unsigned Tlb::choose_fill_slot(uint64_t va, unsigned ps, unsigned stlb_ps) {
    auto next = [this] {  // xorshift32 (Marsaglia 2003): full period over non-zero states
        rng_ ^= rng_ << 13;
        rng_ ^= rng_ >> 17;
        rng_ ^= rng_ << 5;
        return rng_;
    };
    // SPEC(vol1 §4.2.4.4): the STLB takes the pair iff its page size is STLBPS.PS.
    if (ps == stlb_ps) {
        const unsigned set = stlb_set(va, stlb_ps);
        for (unsigned way = 0; way < kStlbWays; ++way)
            if (!entries_[way * kStlbSets + set].e) return way * kStlbSets + set;
        return (next() % kStlbWays) * kStlbSets + set;
    }
    for (unsigned i = kStlbEntries; i < kTlbEntries; ++i)
        if (!entries_[i].e) return i;
    return kStlbEntries + next() % kMtlbEntries;
}

bool Tlb::matches(const TlbEntry& e, const TlbMatch& m) const {
    if (!e.e || (!m.any_gid && e.gid != m.gid)) return false;
    switch (m.kind) {
    case TlbMatch::Kind::Any: return true;
    case TlbMatch::Kind::Global: return e.g;
    case TlbMatch::Kind::NonGlobal: return !e.g;
    case TlbMatch::Kind::Asid: return !e.g && e.asid == m.asid;
    case TlbMatch::Kind::GlobalOrAsid: return e.g || e.asid == m.asid;
    }
    return false;
}

bool Tlb::kill_if(unsigned i, const TlbMatch& m, unsigned stlb_ps, bool by_va, uint64_t va) {
    TlbEntry& e = entries_[i];
    if (!matches(e, m) || (by_va && !maps(e, va, page_shift(i, stlb_ps)))) return false;
    evict(i, stlb_ps);
    e.e = false;
    return true;
}

bool Tlb::invalidate(const TlbMatch& m, unsigned stlb_ps) {
    bool any = false;
    for (unsigned i = 0; i < kTlbEntries; ++i) any |= kill_if(i, m, stlb_ps, false, 0);
    return any;
}

bool Tlb::invalidate_mtlb(const TlbMatch& m, unsigned stlb_ps) {
    bool any = false;
    for (unsigned i = kStlbEntries; i < kTlbEntries; ++i) any |= kill_if(i, m, stlb_ps, false, 0);
    return any;
}

bool Tlb::invalidate_stlb_set(unsigned set, const TlbMatch& m, unsigned stlb_ps) {
    bool any = false;
    for (unsigned way = 0; way < kStlbWays; ++way)
        any |= kill_if(way * kStlbSets + set, m, stlb_ps, false, 0);
    return any;
}

bool Tlb::invalidate_va(const TlbMatch& m, uint64_t va, unsigned stlb_ps) {
    bool any = false;
    const unsigned set = stlb_set(va, stlb_ps);
    for (unsigned way = 0; way < kStlbWays; ++way)
        any |= kill_if(way * kStlbSets + set, m, stlb_ps, true, va);
    for (unsigned i = kStlbEntries; i < kTlbEntries; ++i) any |= kill_if(i, m, stlb_ps, true, va);
    return any;
}

// --- instructions (manual Vol. 1 §4.2.4) -------------------------------------------------

namespace {

/// The entry TLBWR/TLBFILL write. SPEC(vol1 §7.5.13): inside the refill handler (IsTLBR)
/// the pair comes from TLBREHI/TLBRELO0/TLBRELO1 with PS from TLBREHI.PS, otherwise from
/// TLBEHI/TLBELO0/TLBELO1 with PS from TLBIDX.PS; the ASID is CSR.ASID either way (§7.5.4).
/// SPEC(vol1 §7.5.3): the entry's G is TLBELO0.G & TLBELO1.G.
TlbEntry entry_from_csrs(const uint64_t* csr, uint16_t gid) {
    const bool refill = in_refill(csr);
    TlbEntry e;
    e.vppn = (refill ? csr[kTlbrehi] : csr[kTlbehi]) & kEhiVppn.mask();
    e.ps = uint8_t(refill ? kRehiPs.get(csr[kTlbrehi]) : kTlbidxPs.get(csr[kTlbidx]));
    const uint64_t lo0 = (refill ? csr[kTlbrelo0] : csr[kTlbelo0]) & kLoMask;
    const uint64_t lo1 = (refill ? csr[kTlbrelo1] : csr[kTlbelo1]) & kLoMask;
    e.g = kLoG.get(lo0) && kLoG.get(lo1);
    e.lo[0] = lo0 & ~kLoG.mask();
    e.lo[1] = lo1 & ~kLoG.mask();
    e.asid = csr_asid(csr);
    e.gid = gid;
    return e;
}

}  // namespace

void tlbsrch(uint64_t* csr, const Tlb& tlb, uint16_t gid) {
    const uint64_t hi = in_refill(csr) ? csr[kTlbrehi] : csr[kTlbehi];
    const int i = tlb.lookup(hi & kEhiVppn.mask(), csr_asid(csr), gid, csr_stlb_ps(csr));
    uint64_t& idx = csr[kTlbidx];
    if (i >= 0) idx = kTlbidxNe.insert(kTlbidxIndex.insert(idx, uint64_t(i)), 0);
    else idx = kTlbidxNe.insert(idx, 1);
}

void tlbrd(uint64_t* csr, const Tlb& tlb) {
    const unsigned i = unsigned(kTlbidxIndex.get(csr[kTlbidx]));
    uint64_t& idx = csr[kTlbidx];
    // IMPL-DEFINED: an Index past the TLB (Index has 12 bits, the TLB 2112 entries) is
    // undefined (manual §4.2.4.2); it reads like an entry with E = 0.
    if (i >= kTlbEntries || !tlb.entry(i).e) {
        csr[kTlbehi] = 0;
        csr[kTlbelo0] = 0;
        csr[kTlbelo1] = 0;
        // QEMU-COMPAT: the manual lists TLBEHI, TLBELO0/1 and TLBIDX.PS as zeroed; QEMU
        // also zeroes ASID.ASID, which the manual leaves open.
        csr[kAsid] = kAsidAsid.insert(csr[kAsid], 0);
        idx = kTlbidxNe.insert(kTlbidxPs.insert(idx, 0), 1);
        return;
    }
    const TlbEntry& e = tlb.entry(i);
    const uint64_t g = e.g ? kLoG.mask() : 0;  // SPEC(vol1 §7.5.3): G goes to both halves
    csr[kTlbehi] = with_vppn(0, e.vppn);
    csr[kTlbelo0] = e.lo[0] | g;
    csr[kTlbelo1] = e.lo[1] | g;
    csr[kAsid] = kAsidAsid.insert(csr[kAsid], e.asid);
    idx = kTlbidxNe.insert(kTlbidxPs.insert(idx, tlb.page_shift(i, csr_stlb_ps(csr))), 0);
}

void tlbwr(uint64_t* csr, Tlb& tlb, uint16_t gid) {
    const unsigned i = unsigned(kTlbidxIndex.get(csr[kTlbidx]));
    if (i >= kTlbEntries) return;  // IMPL-DEFINED: no such entry, nothing written
    TlbEntry e = entry_from_csrs(csr, gid);
    // SPEC(vol1 §7.5.1, TLBIDX.NE): E <- !NE, except in the refill handler where E <- 1.
    e.e = in_refill(csr) || kTlbidxNe.get(csr[kTlbidx]) == 0;
    tlb.write(i, e, csr_stlb_ps(csr));
}

void tlbfill(uint64_t* csr, Tlb& tlb, uint16_t gid) {
    TlbEntry e = entry_from_csrs(csr, gid);
    // QEMU-COMPAT: the manual's TLBFILL paragraph repeats TLBWR's "NE = 1 fills an invalid
    // entry", but the TLBIDX.NE field description names only TLBWR, QEMU always fills with
    // E = 1, and Linux's __update_tlb issues TLBFILL right after a missing TLBSRCH (NE = 1)
    // expecting a usable entry. E <- 1.
    e.e = true;
    const unsigned stlb_ps = csr_stlb_ps(csr);
    tlb.write(tlb.choose_fill_slot(e.vppn, e.ps, stlb_ps), e, stlb_ps);
}

namespace {

/// SPEC(vol1 §4.2.4.5-6): TLBCLR/TLBFLUSH act on one STLB set (Index mod sets) when
/// TLBIDX.Index is an STLB index, else on the whole MTLB. IMPL-DEFINED: an Index past the
/// MTLB also selects the MTLB (the manual's "greater than or equal to the number of STLB
/// entries"; QEMU does nothing there).
void clear_by_index(uint64_t* csr, Tlb& tlb, const TlbMatch& m) {
    const unsigned i = unsigned(kTlbidxIndex.get(csr[kTlbidx]));
    if (Tlb::is_stlb(i)) tlb.invalidate_stlb_set(i % kStlbSets, m, csr_stlb_ps(csr));
    else tlb.invalidate_mtlb(m, csr_stlb_ps(csr));
}

}  // namespace

void tlbclr(uint64_t* csr, Tlb& tlb, uint16_t gid) {
    clear_by_index(csr, tlb, TlbMatch{TlbMatch::Kind::Asid, csr_asid(csr), false, gid});
}

void tlbflush(uint64_t* csr, Tlb& tlb, uint16_t gid) {
    clear_by_index(csr, tlb, TlbMatch{TlbMatch::Kind::Any, 0, false, gid});
}

bool invtlb(uint64_t* csr, Tlb& tlb, unsigned op, uint64_t rj, uint64_t rk, uint16_t gid,
            bool root) {
    using K = TlbMatch::Kind;
    // SPEC(vol1 §4.2.4.7): ASID = rj[9:0] ("register specified ASID"), VA = rk.
    const uint16_t asid = uint16_t(kAsidAsid.get(rj));
    const unsigned stlb_ps = csr_stlb_ps(csr);
    switch (op) {
    case 0: tlb.invalidate(TlbMatch{K::Any, 0, root, gid}, stlb_ps); return true;
    case 1: tlb.invalidate(TlbMatch{K::Any, 0, false, gid}, stlb_ps); return true;
    case 2: tlb.invalidate(TlbMatch{K::Global, 0, false, gid}, stlb_ps); return true;
    case 3: tlb.invalidate(TlbMatch{K::NonGlobal, 0, false, gid}, stlb_ps); return true;
    case 4: tlb.invalidate(TlbMatch{K::Asid, asid, false, gid}, stlb_ps); return true;
    // QEMU-COMPAT note: QEMU invalidates only the first entry found for ops 5/6; the manual
    // says "all page table entries" — identical unless software created duplicates.
    case 5: tlb.invalidate_va(TlbMatch{K::Asid, asid, false, gid}, rk, stlb_ps); return true;
    case 6: tlb.invalidate_va(TlbMatch{K::GlobalOrAsid, asid, false, gid}, rk, stlb_ps); return true;
    default: return false;
    }
}

// --- on the hart's own bank ---------------------------------------------------------------

cpu::ExecResult tlbsrch(cpu::HartState& h, const Tlb& tlb, uint16_t gid) {
    tlbsrch(h.csr, tlb, gid);
    return cpu::ExecResult::Next;
}
cpu::ExecResult tlbrd(cpu::HartState& h, const Tlb& tlb) {
    tlbrd(h.csr, tlb);
    return cpu::ExecResult::Next;
}
cpu::ExecResult tlbwr(cpu::HartState& h, Tlb& tlb, uint16_t gid) {
    tlbwr(h.csr, tlb, gid);
    return cpu::ExecResult::Next;
}
cpu::ExecResult tlbfill(cpu::HartState& h, Tlb& tlb, uint16_t gid) {
    tlbfill(h.csr, tlb, gid);
    return cpu::ExecResult::Next;
}
cpu::ExecResult tlbclr(cpu::HartState& h, Tlb& tlb, uint16_t gid) {
    tlbclr(h.csr, tlb, gid);
    return cpu::ExecResult::Next;
}
cpu::ExecResult tlbflush(cpu::HartState& h, Tlb& tlb, uint16_t gid) {
    tlbflush(h.csr, tlb, gid);
    return cpu::ExecResult::Next;
}
cpu::ExecResult invtlb(cpu::HartState& h, Tlb& tlb, unsigned op, uint64_t rj, uint64_t rk,
                       uint16_t gid, bool root) {
    if (!invtlb(h.csr, tlb, op, rj, rk, gid, root)) return cpu::trap(h, cpu::Ecode::INE);
    return cpu::ExecResult::Next;
}

}  // namespace la::mmu
