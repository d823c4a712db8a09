// SPDX-License-Identifier: Apache-2.0
// The TLB of a la464 core (Loongson 3A5000, QEMU's loongarch `virt` CPU) and the TLB
// maintenance instructions (manual Vol. 1 §4.2.4, §5.4; la64-privileged.md §5.4-§6).
//
// Model. One `Tlb` is one TLB array: an STLB of kStlbWays x kStlbSets entries that all use
// the page size CSR.STLBPS.PS, followed by a fully associative MTLB of kMtlbEntries with a
// page size per entry. TLBIDX.Index numbers them STLB first (index = way * kStlbSets + set),
// then the MTLB (kStlbEntries ..). Each entry maps an even/odd page pair and carries, besides
// the architectural E/VPPN/PS/G/ASID and the two TLBELO halves, the LVZ guest ID it was
// written with (lvz.md §5.3): root translations are GID 0, a guest's entries its GSTAT.GID.
// Every lookup and every instruction takes the GID to match; LVZ gives each hart a root
// Tlb and a guest Tlb with the same geometry. Nothing here reads a clock or host
// randomness: TLBFILL's replacement choice is a function of the Tlb's own state.
//
// The instructions come in two forms: on a CSR bank (`uint64_t* csr`, indexed by CSR number
// like HartState::csr — the root bank or an LVZ guest bank) and on a HartState (its own
// bank) returning the ExecResult a semantics function returns. They do not check PLV
// (IPE is the decoder's generic privilege gate) and do not flush any translation cache:
// callers compare Tlb::generation() or install a TlbObserver instead.
#pragma once

#include "lvzemu/lvz/lvz.h"

#include <array>
#include <cstdint>

#include "lvzemu/cpu/exception.h"
#include "lvzemu/cpu/hart_state.h"
#include "lvzemu/gen/csr_table.h"

namespace la::mmu {

namespace detail {
constexpr uint64_t prcfg3_field(const char* name) {
    const auto& d = la::gen::csr_desc(la::gen::Csr::PRCFG3);
    return la::gen::find_field(d, name)->get(d.reset);
}
}  // namespace detail

/// TLB geometry as PRCFG3 reports it (spec/csrs.tbl: 8 ways x 256 sets + 64 MTLB entries).
inline constexpr unsigned kStlbWays = unsigned(detail::prcfg3_field("STLBWays")) + 1;
inline constexpr unsigned kStlbSets = 1u << detail::prcfg3_field("STLBSets");
inline constexpr unsigned kStlbEntries = kStlbWays * kStlbSets;
inline constexpr unsigned kMtlbEntries = unsigned(detail::prcfg3_field("MTLBEntries")) + 1;
inline constexpr unsigned kTlbEntries = kStlbEntries + kMtlbEntries;
static_assert(kStlbEntries == 2048 && kMtlbEntries == 64, "la464 / QEMU geometry");

/// One TLB entry (manual Vol. 1 §5.4.2).
// TLB tags (the `gid` of entries and lookups) follow the LVZ scheme of
// lvzemu/lvz/lvz.h (kStage1, is_stage2_tag): one TLB for root and guests.
using la::lvz::is_stage2_tag;
using la::lvz::kStage1;

struct TlbEntry {
    uint64_t vppn = 0;    // VA[VALEN-1:13], in place (an address with bits 12:0 and 63:VALEN clear)
    uint64_t lo[2] = {};  // even / odd page as a TLBELO image without G (V D PLV MAT PPN NR NX RPLV)
    uint16_t asid = 0;
    uint8_t ps = 0;       // log2 page size as written; STLB entries match with STLBPS instead
    uint16_t gid = 0;      // LVZ guest ID tag, 0 = root
    bool e = false;       // exists (takes part in lookups)
    bool g = false;       // global: matches every ASID (TLBELO0.G & TLBELO1.G at write time)
};

/// What an entry must satisfy to be invalidated or found, besides VA (INVTLB, TLBCLR, ...).
struct TlbMatch {
    enum class Kind : uint8_t {
        Any,           // every entry
        Global,        // G = 1
        NonGlobal,     // G = 0
        Asid,          // G = 0 and ASID = asid
        GlobalOrAsid,  // G = 1 or ASID = asid (a lookup)
    };
    Kind kind = Kind::Any;
    uint16_t asid = 0;
    bool any_gid = false;  // ignore GID tags (root INVTLB 0)
    uint16_t gid = 0;       // otherwise: only entries tagged with this GID
};

/// Told about every existing entry (E = 1) that is overwritten or invalidated, so that a
/// per-hart translation cache can drop exactly the pages it covered: the canonical VA
/// range [va, va + 2^pair_shift) of the page pair, for `gid`.
struct TlbObserver {
    void* ctx = nullptr;
    void (*evicted)(void* ctx, uint64_t va, unsigned pair_shift, uint16_t gid) = nullptr;
};

class Tlb {
public:
    Tlb() { reset(); }

    /// Every entry E = 0, replacement state back to its seed, generation bumped (the
    /// observer is not called). The manual leaves the TLB undefined at reset (firmware
    /// runs `invtlb 0`); an empty TLB is the model's choice.
    void reset();

    const TlbEntry& entry(unsigned index) const { return entries_[index]; }
    static constexpr bool is_stlb(unsigned index) { return index < kStlbEntries; }

    /// log2 of the page size entry `index` translates with: STLBPS.PS for the STLB (it has
    /// no per-entry PS, manual Vol. 1 §5.4.2), the entry's own PS for the MTLB.
    unsigned page_shift(unsigned index, unsigned stlb_ps) const {
        return is_stlb(index) ? stlb_ps : entries_[index].ps;
    }

    /// Changes whenever an existing entry (E = 1) is overwritten or invalidated. A per-hart
    /// translation cache that remembers the value it was filled under must be flushed when
    /// it changes. Writing into an empty slot does not change it: no cached translation can
    /// come from an entry that did not exist. (CSR changes — ASID, STLBPS, DMW, CRMD — are
    /// the CSR hooks' business.)
    uint64_t generation() const { return generation_; }
    /// Finer-grained alternative to generation(): called for each entry it counts.
    void set_observer(const TlbObserver& o) { observer_ = o; }

    /// The entry that translates `va` for (asid, gid): E = 1, GID = gid, G = 1 or ASID =
    /// asid, VPPN[VALEN-1:PS+1] = va[VALEN-1:PS+1], searching the ways of va's STLB set
    /// and then the MTLB. With several matches (undefined, manual Vol. 1 §5.4.4) the first
    /// in index order wins. Returns the index, or -1 (TLB refill).
    int lookup(uint64_t va, uint16_t asid, uint16_t gid, unsigned stlb_ps) const;

    /// Writes entry `index` (< kTlbEntries).
    void write(unsigned index, const TlbEntry& e, unsigned stlb_ps);

    /// The slot TLBFILL writes for a pair at `va` with page size `ps`: the STLB set of `va`
    /// when ps == stlb_ps, else the MTLB. The first entry with E = 0 among the candidates
    /// is taken; when all exist, a 32-bit xorshift generator (advanced only here, reseeded
    /// by reset()) picks one. IMPL-DEFINED: the manual says "randomly selected by hardware".
    unsigned choose_fill_slot(uint64_t va, unsigned ps, unsigned stlb_ps);

    /// E <- 0 for every entry satisfying `m`: in the whole TLB, in the MTLB, or in the
    /// ways of one STLB set. Each returns true if an existing entry was invalidated.
    bool invalidate(const TlbMatch& m, unsigned stlb_ps);
    bool invalidate_mtlb(const TlbMatch& m, unsigned stlb_ps);
    bool invalidate_stlb_set(unsigned set, const TlbMatch& m, unsigned stlb_ps);
    /// E <- 0 for the entries satisfying `m` that map `va` (the lookup compare, over the
    /// ways of va's STLB set and the whole MTLB).
    bool invalidate_va(const TlbMatch& m, uint64_t va, unsigned stlb_ps);

    /// STLB set of `va` for page size `stlb_ps`: VA[PS+8:PS+1] (one entry maps a page pair,
    /// so the index starts above bit PS; QEMU la464 uses the same bits).
    static unsigned stlb_set(uint64_t va, unsigned stlb_ps);

private:
    bool matches(const TlbEntry& e, const TlbMatch& m) const;
    /// Clears entry i if it satisfies m (and maps va when by_va); reports and counts it.
    bool kill_if(unsigned i, const TlbMatch& m, unsigned stlb_ps, bool by_va, uint64_t va);
    void evict(unsigned i, unsigned stlb_ps);
    std::array<TlbEntry, kTlbEntries> entries_;
    uint64_t generation_ = 0;
    uint32_t rng_ = 0;
    TlbObserver observer_;
};

// --- TLB maintenance instructions (manual Vol. 1 §4.2.4; la64-privileged.md §6) --------------
// `gid` is the GID the instruction reads and writes entries under (0 without LVZ; the
// "TGID in use" in root mode or GSTAT.GID in guest mode, lvz.md §5.3).

/// TLBSRCH: search with the VPPN of TLBEHI (TLBREHI when TLBRERA.IsTLBR) and CSR.ASID. Hit:
/// TLBIDX.Index <- index, TLBIDX.NE <- 0. Miss: TLBIDX.NE <- 1, Index unchanged.
void tlbsrch(uint64_t* csr, const Tlb& tlb, uint16_t gid = 0);
/// TLBRD: entry TLBIDX.Index into TLBEHI, TLBELO0/1 (G replicated), TLBIDX.PS, ASID.ASID,
/// TLBIDX.NE <- 0; for an entry with E = 0 (or an index past the TLB) TLBEHI, TLBELO0/1,
/// TLBIDX.PS and ASID.ASID <- 0, NE <- 1. Always the non-TLBR CSRs (manual §7.5.16).
/// Reads entries of any GID; the LVZ layer reads tlb.entry(i).gid for TRGP.
void tlbrd(uint64_t* csr, const Tlb& tlb);
/// TLBWR: writes entry TLBIDX.Index from TLBEHI/TLBELO0/TLBELO1/TLBIDX.PS/ASID, or from
/// TLBREHI/TLBRELO0/TLBRELO1/TLBREHI.PS when IsTLBR. E <- !TLBIDX.NE, or 1 when IsTLBR.
void tlbwr(uint64_t* csr, Tlb& tlb, uint16_t gid = 0);
/// TLBFILL: as TLBWR into the slot Tlb::choose_fill_slot() picks; E <- 1.
void tlbfill(uint64_t* csr, Tlb& tlb, uint16_t gid = 0);
/// TLBCLR: G = 0 and ASID = CSR.ASID entries of STLB set (Index mod kStlbSets) when
/// TLBIDX.Index < kStlbEntries, else of the whole MTLB, become E = 0.
void tlbclr(uint64_t* csr, Tlb& tlb, uint16_t gid = 0);
/// TLBFLUSH: as TLBCLR without the G/ASID condition.
void tlbflush(uint64_t* csr, Tlb& tlb, uint16_t gid = 0);
/// INVTLB op, rj, rk for op 0..6 (ASID = rj[9:0], VA = rk). Returns false, changing
/// nothing, for any other op (the caller raises INE, or handles LVZ ops 9+ first).
/// Op 0 reaches every GID when `root` (Linux INVTLB_ALL), else only `gid` like ops 1-6.
bool invtlb(uint64_t* csr, Tlb& tlb, unsigned op, uint64_t rj, uint64_t rk, uint16_t gid = 0,
            bool root = true);

// The same on the hart's own CSR bank, as semantics functions return them.
cpu::ExecResult tlbsrch(cpu::HartState& h, const Tlb& tlb, uint16_t gid = 0);
cpu::ExecResult tlbrd(cpu::HartState& h, const Tlb& tlb);
cpu::ExecResult tlbwr(cpu::HartState& h, Tlb& tlb, uint16_t gid = 0);
cpu::ExecResult tlbfill(cpu::HartState& h, Tlb& tlb, uint16_t gid = 0);
cpu::ExecResult tlbclr(cpu::HartState& h, Tlb& tlb, uint16_t gid = 0);
cpu::ExecResult tlbflush(cpu::HartState& h, Tlb& tlb, uint16_t gid = 0);
/// Op > 6: Trap with INE (manual Vol. 1 §4.2.4.7: an op not in the table is a reserved
/// instruction).
cpu::ExecResult invtlb(cpu::HartState& h, Tlb& tlb, unsigned op, uint64_t rj, uint64_t rk,
                       uint16_t gid = 0, bool root = true);

}  // namespace la::mmu
