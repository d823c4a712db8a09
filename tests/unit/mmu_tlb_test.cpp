// SPDX-License-Identifier: Apache-2.0
// The TLB array and the TLB maintenance instructions (src/mmu/tlb.cpp): TLBSRCH, TLBRD,
// TLBWR, TLBFILL, TLBCLR, TLBFLUSH, INVTLB 0-6, GID tags and change reporting.
//
// CSR numbers and bit positions are written out from the references (manual Vol. 1 §7.5,
// la64-privileged.md §3), not taken from the generated table, so a wrong table fails here.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "lvzemu/cpu/csr.h"
#include "lvzemu/mmu/tlb.h"

namespace {

using la::cpu::Ecode;
using la::cpu::ExecResult;
using la::mmu::kMtlbEntries;
using la::mmu::kStlbEntries;
using la::mmu::kStlbSets;
using la::mmu::kStlbWays;
using la::mmu::Tlb;

constexpr uint16_t kCRMD = 0x0, kTLBIDX = 0x10, kTLBEHI = 0x11, kTLBELO0 = 0x12, kTLBELO1 = 0x13,
                   kASID = 0x18, kSTLBPS = 0x1e, kTLBRERA = 0x8a, kTLBRELO0 = 0x8c,
                   kTLBRELO1 = 0x8d, kTLBREHI = 0x8e;
constexpr uint64_t kNE = uint64_t{1} << 31;

/// A TLBELO image: V 0, D 1, PLV 3:2, MAT 5:4, G 6, PPN 47:12, NR 61, NX 62, RPLV 63.
struct Lo {
    uint64_t pa = 0;
    unsigned plv = 0, mat = 1;
    bool v = true, d = true, g = false, nr = false, nx = false, rplv = false;
    operator uint64_t() const {
        return uint64_t{v} | uint64_t{d} << 1 | uint64_t{plv} << 2 | uint64_t{mat} << 4 |
               uint64_t{g} << 6 | (pa & 0x0000fffffffff000) | uint64_t{nr} << 61 |
               uint64_t{nx} << 62 | uint64_t{rplv} << 63;
    }
};

class MmuTlbTest : public ::testing::Test {
protected:
    void SetUp() override {
        la::cpu::csr_reset(h);
        h.csr[kCRMD] = 0x10;   // PG = 1, PLV0
        h.csr[kSTLBPS] = 14;   // 16 KiB STLB pages (Linux default)
    }

    /// Loads the non-TLBR CSRs with a page pair: TLBEHI, TLBELO0/1, TLBIDX.PS, ASID.
    void stage(uint64_t va, unsigned ps, uint64_t lo0, uint64_t lo1, unsigned asid) {
        h.csr[kTLBEHI] = va & 0x0000ffffffffe000;
        h.csr[kTLBELO0] = lo0;
        h.csr[kTLBELO1] = lo1;
        h.csr[kTLBIDX] = (h.csr[kTLBIDX] & ~(uint64_t{0x3f} << 24) & ~kNE) | uint64_t{ps} << 24;
        h.csr[kASID] = (h.csr[kASID] & ~uint64_t{0x3ff}) | asid;
    }
    /// TLBFILL of a pair; returns the index it landed at (found back by lookup).
    int fill(uint64_t va, unsigned ps, unsigned asid, bool g = false, uint8_t gid = 0) {
        stage(va, ps, Lo{.pa = 0x100000, .g = g}, Lo{.pa = 0x200000, .g = g}, asid);
        EXPECT_EQ(la::mmu::tlbfill(h, tlb, gid), ExecResult::Next);
        return find(va, asid, gid);
    }
    int find(uint64_t va, unsigned asid, uint8_t gid = 0) const {
        return tlb.lookup(va, uint16_t(asid), gid, unsigned(h.csr[kSTLBPS]));
    }
    void set_index(unsigned index) { h.csr[kTLBIDX] = (h.csr[kTLBIDX] & ~uint64_t{0xfff}) | index; }
    unsigned index() const { return unsigned(h.csr[kTLBIDX] & 0xfff); }
    static unsigned set16k(uint64_t va) { return unsigned(va >> 15) & 0xff; }  // VA[22:15]

    la::cpu::HartState h{};
    Tlb tlb;
};

// --- geometry ----------------------------------------------------------------------------

TEST(MmuTlbGeometry, MatchesLa464) {
    EXPECT_EQ(kStlbWays, 8u);
    EXPECT_EQ(kStlbSets, 256u);
    EXPECT_EQ(kStlbEntries, 2048u);
    EXPECT_EQ(kMtlbEntries, 64u);
    EXPECT_EQ(la::mmu::kTlbEntries, 2112u);
    // STLB set = VA[PS+8:PS+1].
    EXPECT_EQ(Tlb::stlb_set(0x1fe000, 12), 0xffu);
    EXPECT_EQ(Tlb::stlb_set(0x200000, 12), 0x00u);
    EXPECT_EQ(Tlb::stlb_set(0x12344000, 14), 0x68u);
    EXPECT_EQ(Tlb::stlb_set(~uint64_t{0}, 63), 0u);  // no shift past 64 bits
}

TEST(MmuTlbGeometry, ResetLeavesEveryEntryEmpty) {
    Tlb t;
    for (unsigned i = 0; i < la::mmu::kTlbEntries; ++i) ASSERT_FALSE(t.entry(i).e) << i;
}

// --- TLBFILL -----------------------------------------------------------------------------

TEST_F(MmuTlbTest, FillWithStlbPageSizeGoesToStlbFirstFreeWay) {
    const uint64_t va = 0x12344000;
    const unsigned set = set16k(va);
    EXPECT_EQ(fill(va, 14, 1), int(0 * 256 + set));
    EXPECT_EQ(fill(va + (uint64_t{1} << 23), 14, 1), int(1 * 256 + set));  // same set, way 1
    EXPECT_EQ(fill(va + 0x8000, 14, 1), int(set + 1));                     // next set, way 0
}

TEST_F(MmuTlbTest, FillWithOtherPageSizeGoesToMtlb) {
    EXPECT_EQ(fill(0x40000000, 21, 1), 2048);
    EXPECT_EQ(fill(0x40400000, 21, 1), 2049);
    EXPECT_EQ(fill(0x80000000, 12, 1), 2050);  // 4 KiB != STLBPS: MTLB too
    EXPECT_EQ(tlb.entry(2048).ps, 21);
}

TEST_F(MmuTlbTest, FillVictimIsDeterministicWhenSetIsFull) {
    const uint64_t base = 0x12344000, step = uint64_t{1} << 23;  // same set, new VPPN
    const unsigned set = set16k(base);
    for (unsigned w = 0; w < 8; ++w) ASSERT_EQ(fill(base + w * step, 14, 1), int(w * 256 + set));
    const uint64_t gen = tlb.generation();
    // xorshift32 from seed 0x2545f491: first draw % 8 = 2, second = 3.
    EXPECT_EQ(fill(base + 8 * step, 14, 1), int(2 * 256 + set));
    EXPECT_EQ(find(base + 2 * step, 1), -1);  // evicted
    EXPECT_EQ(tlb.generation(), gen + 1);     // an existing entry was replaced
    EXPECT_EQ(fill(base + 9 * step, 14, 1), int(3 * 256 + set));

    tlb.reset();  // reseeds: the same sequence makes the same choices
    for (unsigned w = 0; w < 8; ++w) fill(base + w * step, 14, 1);
    EXPECT_EQ(fill(base + 8 * step, 14, 1), int(2 * 256 + set));
}

TEST_F(MmuTlbTest, FillMtlbVictimWhenFull) {
    for (unsigned i = 0; i < 64; ++i) ASSERT_EQ(fill(0x40000000 + uint64_t{i} * 0x400000, 21, 1), int(2048 + i));
    EXPECT_EQ(fill(0x7000000000, 21, 1), 2048 + 58);  // first draw % 64 = 58
}

TEST_F(MmuTlbTest, FillIgnoresNeOutsideRefill) {  // QEMU-COMPAT (see tlb.cpp)
    stage(0x12344000, 14, Lo{.pa = 0x100000}, Lo{.pa = 0x200000}, 1);
    h.csr[kTLBIDX] |= kNE;
    la::mmu::tlbfill(h, tlb);
    EXPECT_GE(find(0x12344000, 1), 0);
}

TEST_F(MmuTlbTest, FillInRefillHandlerUsesTlbrCsrs) {
    stage(0x5550000, 14, Lo{.pa = 0x9990000}, Lo{.pa = 0x9990000}, 3);  // decoys
    h.csr[kTLBRERA] = 1;                                                  // IsTLBR
    h.csr[kTLBREHI] = 0x12344000 | 12;                                    // VPPN + PS = 12
    h.csr[kTLBRELO0] = Lo{.pa = 0x100000, .g = true};
    h.csr[kTLBRELO1] = Lo{.pa = 0x200000, .g = true};
    h.csr[kSTLBPS] = 12;
    la::mmu::tlbfill(h, tlb);
    const int i = find(0x12344000, 77);  // global
    ASSERT_GE(i, 0);
    EXPECT_LT(i, int(kStlbEntries));  // PS 12 == STLBPS: STLB
    EXPECT_EQ(tlb.entry(unsigned(i)).lo[0], uint64_t(Lo{.pa = 0x100000}));
    EXPECT_EQ(tlb.entry(unsigned(i)).asid, 3);  // ASID is CSR.ASID even in the handler
    EXPECT_EQ(find(0x5550000, 3), -1);
}

// --- TLBWR / TLBRD -----------------------------------------------------------------------

TEST_F(MmuTlbTest, WrThenRdRoundTripsEveryField) {
    const uint64_t va = 0xffff800012340000;  // upper half: TLBEHI reads sign-extended
    stage(va, 16, Lo{.pa = 0x8000120000, .plv = 3, .mat = 2, .d = false, .g = true, .nr = true},
          Lo{.pa = 0x8000130000, .plv = 1, .mat = 0, .g = true, .nx = true, .rplv = true}, 5);
    set_index(2050);
    EXPECT_EQ(la::mmu::tlbwr(h, tlb), ExecResult::Next);
    for (uint16_t c : {kTLBEHI, kTLBELO0, kTLBELO1}) h.csr[c] = 0;
    h.csr[kASID] &= ~uint64_t{0x3ff};
    h.csr[kTLBIDX] = 2050 | kNE;
    EXPECT_EQ(la::mmu::tlbrd(h, tlb), ExecResult::Next);
    EXPECT_EQ(h.csr[kTLBEHI], 0xffff800012340000);
    EXPECT_EQ(h.csr[kTLBELO0], 0x200000800012006dull);  // NR | PPN | G | MAT 2 | PLV 3 | V
    EXPECT_EQ(h.csr[kTLBELO1], 0xc000008000130047ull);  // RPLV | NX | PPN | G | PLV 1 | D | V
    EXPECT_EQ(h.csr[kTLBIDX], 2050u | 16u << 24);        // NE = 0, PS = 16, Index kept
    EXPECT_EQ(h.csr[kASID] & 0x3ff, 5u);
}

TEST_F(MmuTlbTest, WrGlobalOnlyWhenBothHalvesAreGlobal) {
    stage(0x40000, 14, Lo{.pa = 0x1000, .g = true}, Lo{.pa = 0x2000, .g = false}, 9);
    set_index(7);
    la::mmu::tlbwr(h, tlb);
    EXPECT_FALSE(tlb.entry(7).g);
    la::mmu::tlbrd(h, tlb);
    EXPECT_EQ(h.csr[kTLBELO0] & 0x40, 0u);  // G of neither half
    EXPECT_EQ(h.csr[kTLBELO1] & 0x40, 0u);
}

TEST_F(MmuTlbTest, WrWithNeWritesAnEntryThatDoesNotExist) {
    stage(0x40000, 14, Lo{.pa = 0x1000}, Lo{.pa = 0x2000}, 9);
    set_index(7);
    la::mmu::tlbwr(h, tlb);
    ASSERT_TRUE(tlb.entry(7).e);
    h.csr[kTLBIDX] |= kNE;
    la::mmu::tlbwr(h, tlb);
    EXPECT_FALSE(tlb.entry(7).e);
    EXPECT_EQ(find(0x40000, 9), -1);
}

TEST_F(MmuTlbTest, WrInRefillHandlerAlwaysExistsAndUsesTlbrCsrs) {
    stage(0x5550000, 21, Lo{.pa = 0x9990000}, Lo{.pa = 0x9990000}, 4);
    h.csr[kTLBIDX] |= kNE;
    set_index(2060);
    h.csr[kTLBRERA] = 0x1c000000 | 1;  // IsTLBR
    h.csr[kTLBREHI] = 0x7ff0000000 | 24;
    h.csr[kTLBRELO0] = Lo{.pa = 0x4000000};
    h.csr[kTLBRELO1] = Lo{.pa = 0x5000000};
    la::mmu::tlbwr(h, tlb);
    const auto& e = tlb.entry(2060);
    EXPECT_TRUE(e.e);
    EXPECT_EQ(e.vppn, 0x7ff0000000u);
    EXPECT_EQ(e.ps, 24);
    EXPECT_EQ(e.asid, 4);
    EXPECT_EQ(find(0x7ff1000000, 4), 2060);  // odd half of the 32 MiB pair
}

TEST_F(MmuTlbTest, RdOfEmptyEntryClearsCsrsAndSetsNe) {
    h.csr[kTLBEHI] = 0x1234000;
    h.csr[kTLBELO0] = 0x1111;
    h.csr[kTLBELO1] = 0x2222;
    h.csr[kASID] |= 0x155;
    h.csr[kTLBIDX] = 12 | 14u << 24;
    la::mmu::tlbrd(h, tlb);
    EXPECT_EQ(h.csr[kTLBEHI], 0u);
    EXPECT_EQ(h.csr[kTLBELO0], 0u);
    EXPECT_EQ(h.csr[kTLBELO1], 0u);
    EXPECT_EQ(h.csr[kASID], 0xa0000u);           // ASID 0 (QEMU), ASIDBITS kept
    EXPECT_EQ(h.csr[kTLBIDX], 12u | kNE);        // PS 0, NE 1, Index kept
    h.csr[kTLBIDX] = 4000;                       // past the 2112 entries: reads as empty
    la::mmu::tlbrd(h, tlb);
    EXPECT_EQ(h.csr[kTLBIDX], 4000u | kNE);
}

TEST_F(MmuTlbTest, RdOfStlbEntryReportsStlbPageSize) {
    const int i = fill(0x12344000, 14, 1);
    ASSERT_GE(i, 0);
    h.csr[kTLBIDX] = unsigned(i);
    la::mmu::tlbrd(h, tlb);
    EXPECT_EQ((h.csr[kTLBIDX] >> 24) & 0x3f, 14u);
    EXPECT_EQ(h.csr[kTLBEHI], 0x12344000u);
}

TEST_F(MmuTlbTest, RdIgnoresRefillContext) {
    stage(0x40000, 14, Lo{.pa = 0x1000}, Lo{.pa = 0x3000}, 2);
    set_index(3);
    la::mmu::tlbwr(h, tlb);
    h.csr[kTLBRERA] = 1;
    h.csr[kTLBREHI] = 0x777000 | 14;
    h.csr[kTLBEHI] = 0;
    la::mmu::tlbrd(h, tlb);
    EXPECT_EQ(h.csr[kTLBEHI], 0x40000u);            // TLBRD writes TLBEHI, never TLBREHI
    EXPECT_EQ(h.csr[kTLBREHI], 0x777000u | 14);
}

// --- TLBSRCH -----------------------------------------------------------------------------

TEST_F(MmuTlbTest, SrchHitWritesIndexAndClearsNe) {
    const int i = fill(0x12344000, 14, 6);
    h.csr[kTLBIDX] = kNE | 14u << 24 | 5;
    h.csr[kTLBEHI] = 0x12346000;  // odd page of the same pair
    la::mmu::tlbsrch(h, tlb);
    EXPECT_EQ(h.csr[kTLBIDX], unsigned(i) | 14u << 24);
}

TEST_F(MmuTlbTest, SrchMissSetsNeAndKeepsIndex) {
    fill(0x12344000, 14, 6);
    h.csr[kTLBIDX] = 5;
    h.csr[kASID] = (h.csr[kASID] & ~uint64_t{0x3ff}) | 7;  // another ASID, entry not global
    h.csr[kTLBEHI] = 0x12344000;
    la::mmu::tlbsrch(h, tlb);
    EXPECT_EQ(h.csr[kTLBIDX], 5u | kNE);
}

TEST_F(MmuTlbTest, SrchFindsGlobalEntryUnderAnyAsidAndMtlbEntries) {
    const int i = fill(0x40000000, 21, 1, /*g=*/true);
    ASSERT_EQ(i, 2048);
    h.csr[kASID] = (h.csr[kASID] & ~uint64_t{0x3ff}) | 0x3ff;
    h.csr[kTLBEHI] = 0x401fe000;  // inside the 4 MiB pair
    la::mmu::tlbsrch(h, tlb);
    EXPECT_EQ(h.csr[kTLBIDX] & (kNE | 0xfff), 2048u);
}

TEST_F(MmuTlbTest, SrchInRefillHandlerUsesTlbrehi) {
    const int i = fill(0x12344000, 14, 1);
    h.csr[kTLBEHI] = 0x7770000;
    h.csr[kTLBRERA] = 1;
    h.csr[kTLBREHI] = 0x12344000 | 14;
    la::mmu::tlbsrch(h, tlb);
    EXPECT_EQ(h.csr[kTLBIDX] & (kNE | 0xfff), unsigned(i));
}

// --- TLBCLR / TLBFLUSH -------------------------------------------------------------------

class MmuTlbClearTest : public MmuTlbTest {
protected:
    void SetUp() override {
        MmuTlbTest::SetUp();
        // One STLB set: (G=0, ASID 1), (G=0, ASID 2), (G=1); another set: (G=0, ASID 1);
        // MTLB: (G=0, ASID 1), (G=1).
        a_ = fill(0x12344000, 14, 1);
        b_ = fill(0x12344000 + (uint64_t{1} << 23), 14, 2);
        c_ = fill(0x12344000 + (uint64_t{2} << 23), 14, 3, true);
        d_ = fill(0x12354000, 14, 1);
        m1_ = fill(0x40000000, 21, 1);
        m2_ = fill(0x40400000, 21, 1, true);
        h.csr[kASID] = (h.csr[kASID] & ~uint64_t{0x3ff}) | 1;
    }
    std::vector<bool> alive() const {
        std::vector<bool> v;
        for (int i : {a_, b_, c_, d_, m1_, m2_}) v.push_back(tlb.entry(unsigned(i)).e);
        return v;
    }
    int a_, b_, c_, d_, m1_, m2_;
};

TEST_F(MmuTlbClearTest, ClrInvalidatesNonGlobalCurrentAsidOfOneStlbSet) {
    ASSERT_NE(set16k(0x12344000), set16k(0x12354000));
    set_index(3 * 256 + set16k(0x12344000));  // any way: Index mod 256 picks the set
    const uint64_t gen = tlb.generation();
    la::mmu::tlbclr(h, tlb);
    EXPECT_EQ(alive(), (std::vector<bool>{false, true, true, true, true, true}));
    EXPECT_EQ(tlb.generation(), gen + 1);
}

TEST_F(MmuTlbClearTest, ClrWithMtlbIndexClearsTheWholeMtlb) {
    set_index(2048 + 40);
    la::mmu::tlbclr(h, tlb);
    EXPECT_EQ(alive(), (std::vector<bool>{true, true, true, true, false, true}));
}

TEST_F(MmuTlbClearTest, FlushInvalidatesAllOfOneStlbSet) {
    set_index(set16k(0x12344000));
    la::mmu::tlbflush(h, tlb);
    EXPECT_EQ(alive(), (std::vector<bool>{false, false, false, true, true, true}));
}

TEST_F(MmuTlbClearTest, FlushWithMtlbIndexClearsTheWholeMtlb) {
    set_index(2111);
    la::mmu::tlbflush(h, tlb);
    EXPECT_EQ(alive(), (std::vector<bool>{true, true, true, true, false, false}));
}

// --- INVTLB ------------------------------------------------------------------------------

class MmuInvtlbTest : public MmuTlbTest {
protected:
    void SetUp() override {
        MmuTlbTest::SetUp();
        idx_[A] = fill(kVa1, 14, 1);          // STLB, G=0, ASID 1
        idx_[B] = fill(kVa1, 14, 2);          // STLB, G=0, ASID 2, same VA
        idx_[C] = fill(kVa2, 14, 1, true);    // STLB, G=1
        idx_[D] = fill(kVa3, 21, 1);          // MTLB 2 MiB pages, G=0, ASID 1
        idx_[E] = fill(kVa4, 21, 2, true);    // MTLB, G=1
        idx_[F] = fill(kVa5, 14, 1);          // STLB, G=0, ASID 1, other VA
        for (int i : idx_) EXPECT_GE(i, 0);
    }
    std::vector<bool> alive() const {
        std::vector<bool> v;
        for (int i : idx_) v.push_back(tlb.entry(unsigned(i)).e);
        return v;
    }
    ExecResult inv(unsigned op, uint64_t rj, uint64_t rk) { return la::mmu::invtlb(h, tlb, op, rj, rk); }

    enum { A, B, C, D, E, F };
    static constexpr uint64_t kVa1 = 0x12344000, kVa2 = 0x22344000, kVa3 = 0x40000000,
                              kVa4 = 0x40400000, kVa5 = 0x12354000;
    int idx_[6] = {};
};

TEST_F(MmuInvtlbTest, Op0InvalidatesEverything) {
    EXPECT_EQ(inv(0, 0, 0), ExecResult::Next);
    EXPECT_EQ(alive(), std::vector<bool>(6, false));
}

TEST_F(MmuInvtlbTest, Op1InvalidatesEverything) {
    EXPECT_EQ(inv(1, 0, 0), ExecResult::Next);
    EXPECT_EQ(alive(), std::vector<bool>(6, false));
}

TEST_F(MmuInvtlbTest, Op2InvalidatesGlobalEntries) {
    inv(2, 0, 0);
    EXPECT_EQ(alive(), (std::vector<bool>{true, true, false, true, false, true}));
}

TEST_F(MmuInvtlbTest, Op3InvalidatesNonGlobalEntries) {
    inv(3, 0, 0);
    EXPECT_EQ(alive(), (std::vector<bool>{false, false, true, false, true, false}));
}

TEST_F(MmuInvtlbTest, Op4InvalidatesNonGlobalEntriesOfAsid) {
    inv(4, 1, 0);
    EXPECT_EQ(alive(), (std::vector<bool>{false, true, true, false, true, false}));
}

TEST_F(MmuInvtlbTest, Op4TakesAsidFromRjLow10Bits) {
    inv(4, 0x7c00 | 2, 0);  // bits above 9 are not part of the ASID
    EXPECT_EQ(alive(), (std::vector<bool>{true, false, true, true, true, true}));
}

TEST_F(MmuInvtlbTest, Op5InvalidatesNonGlobalAsidAndAddress) {
    inv(5, 1, kVa1 + 0x4000);  // the next pair: nothing there
    EXPECT_EQ(alive(), std::vector<bool>(6, true));
    inv(5, 1, kVa1 - 0x3ff8);  // kVa1 is the odd page: any address of the pair matches
    EXPECT_EQ(alive(), (std::vector<bool>{false, true, true, true, true, true}));
    inv(5, 1, kVa3 + 0x3fffff);  // the 2 MiB MTLB pair covers 4 MiB
    EXPECT_EQ(alive(), (std::vector<bool>{false, true, true, false, true, true}));
    inv(5, 1, kVa2);  // G = 1: op 5 leaves it
    EXPECT_TRUE(alive()[C]);
}

TEST_F(MmuInvtlbTest, Op6InvalidatesGlobalOrAsidAtAddress) {
    inv(6, 2, kVa1);
    EXPECT_EQ(alive(), (std::vector<bool>{true, false, true, true, true, true}));
    inv(6, 9, kVa2 - 0x4000);  // the even page; G = 1 matches whatever the ASID
    EXPECT_FALSE(alive()[C]);
    inv(6, 9, kVa5);  // ASID 9 owns nothing there
    EXPECT_TRUE(alive()[F]);
    inv(6, 3, kVa4 + 0x200000);
    EXPECT_FALSE(alive()[E]);
}

TEST_F(MmuInvtlbTest, OpsAbove6AreIne) {
    for (unsigned op : {7u, 8u, 0x12u, 31u}) {
        h.exc = {};
        EXPECT_EQ(inv(op, 0, 0), ExecResult::Trap) << op;
        EXPECT_EQ(h.exc.ecode, Ecode::INE);
        EXPECT_FALSE(h.exc.has_badv);
    }
    EXPECT_EQ(alive(), std::vector<bool>(6, true));
}

// --- GID tags (LVZ, lvz.md §5.3) -----------------------------------------------------------

TEST_F(MmuTlbTest, EntriesMatchOnlyTheirGid) {
    const int root = fill(0x12344000, 14, 1, false, 0);
    stage(0x12344000, 14, Lo{.pa = 0x300000}, Lo{.pa = 0x400000}, 1);
    la::mmu::tlbfill(h, tlb, 5);
    const int guest = find(0x12344000, 1, 5);
    ASSERT_GE(root, 0);
    ASSERT_GE(guest, 0);
    EXPECT_NE(root, guest);
    EXPECT_EQ(tlb.entry(unsigned(guest)).gid, 5);
    EXPECT_EQ(find(0x12344000, 1, 6), -1);
    h.csr[kTLBEHI] = 0x12344000;
    la::mmu::tlbsrch(h, tlb, 5);
    EXPECT_EQ(h.csr[kTLBIDX] & (kNE | 0xfff), unsigned(guest));
}

TEST_F(MmuTlbTest, InvtlbOp0ReachesEveryGidOnlyInRootMode) {
    fill(0x12344000, 14, 1, false, 0);
    fill(0x22344000, 14, 1, false, 5);
    la::mmu::invtlb(h, tlb, 0, 0, 0, 5, /*root=*/false);  // guest: own GID only
    EXPECT_GE(find(0x12344000, 1, 0), 0);
    EXPECT_EQ(find(0x22344000, 1, 5), -1);
    fill(0x22344000, 14, 1, false, 5);
    la::mmu::invtlb(h, tlb, 1, 0, 0, 0);  // op 1: entries of the current GID
    EXPECT_EQ(find(0x12344000, 1, 0), -1);
    EXPECT_GE(find(0x22344000, 1, 5), 0);
    fill(0x12344000, 14, 1, false, 0);
    la::mmu::invtlb(h, tlb, 0, 0, 0, 0, /*root=*/true);
    EXPECT_EQ(find(0x12344000, 1, 0), -1);
    EXPECT_EQ(find(0x22344000, 1, 5), -1);
}

TEST_F(MmuTlbTest, ClrAndFlushLeaveOtherGidsAlone) {
    const int g0 = fill(0x12344000, 14, 1, false, 0);
    const int g5 = fill(0x12344000, 14, 1, false, 5);
    set_index(set16k(0x12344000));
    la::mmu::tlbflush(h, tlb, 5);
    EXPECT_TRUE(tlb.entry(unsigned(g0)).e);
    EXPECT_FALSE(tlb.entry(unsigned(g5)).e);
}

// --- change reporting ----------------------------------------------------------------------

struct Evictions {
    struct One {
        uint64_t va;
        unsigned shift;
        uint16_t gid;
        bool operator==(const One&) const = default;
    };
    std::vector<One> seen;
    static void cb(void* ctx, uint64_t va, unsigned shift, uint16_t gid) {
        static_cast<Evictions*>(ctx)->seen.push_back({va, shift, gid});
    }
};

TEST_F(MmuTlbTest, GenerationCountsOnlyChangesToExistingEntries) {
    Evictions ev;
    tlb.set_observer({&ev, &Evictions::cb});
    const uint64_t g0 = tlb.generation();
    fill(0xffff800000400000, 21, 1, false, 3);  // into an empty slot
    EXPECT_EQ(tlb.generation(), g0);
    la::mmu::tlbsrch(h, tlb, 3);
    la::mmu::tlbrd(h, tlb);
    EXPECT_EQ(tlb.generation(), g0);
    la::mmu::invtlb(h, tlb, 3, 0, 0, 7);  // GID 7 has nothing
    EXPECT_EQ(tlb.generation(), g0);
    EXPECT_TRUE(ev.seen.empty());
    la::mmu::invtlb(h, tlb, 0, 0, 0);
    EXPECT_EQ(tlb.generation(), g0 + 1);
    // The pair of 2 MiB pages: canonical base, 2^22 bytes, its GID.
    EXPECT_EQ(ev.seen, (std::vector<Evictions::One>{{0xffff800000400000, 22, 3}}));
}

TEST_F(MmuTlbTest, OverwritingAnEntryReportsTheOldOne) {
    Evictions ev;
    tlb.set_observer({&ev, &Evictions::cb});
    stage(0x12344000, 14, Lo{.pa = 0x1000}, Lo{.pa = 0x2000}, 1);
    set_index(9);
    la::mmu::tlbwr(h, tlb);
    EXPECT_TRUE(ev.seen.empty());
    stage(0x56788000, 14, Lo{.pa = 0x1000}, Lo{.pa = 0x2000}, 1);
    la::mmu::tlbwr(h, tlb);
    EXPECT_EQ(ev.seen, (std::vector<Evictions::One>{{0x12344000 & ~uint64_t{0x7fff}, 15, 0}}));
}

}  // namespace
