// SPDX-License-Identifier: Apache-2.0
// Address translation (src/mmu/translate.cpp): direct address mode, DMW0-3, VA legality,
// TLB lookups for every page size in the STLB and the MTLB, the permission checks and their
// priority, and the CSR side effects of a fault (note_fault).
//
// CSR numbers and bit positions are written out from the references (manual Vol. 1 §5,
// §7; la64-privileged.md §3, §5), not taken from the generated table.
#include <gtest/gtest.h>

#include <cstdint>

#include "lvzemu/cpu/csr.h"
#include "lvzemu/mmu/tlb.h"
#include "lvzemu/mmu/translate.h"

namespace {

using la::cpu::Access;
using la::cpu::Ecode;
using la::mmu::access_bit;
using la::mmu::kAllAccess;
using la::mmu::Translation;
using la::mmu::Via;

constexpr uint16_t kCRMD = 0x0, kMISC = 0x3, kBADV = 0x7, kTLBIDX = 0x10, kTLBEHI = 0x11,
                   kTLBELO0 = 0x12, kTLBELO1 = 0x13, kASID = 0x18, kSTLBPS = 0x1e, kRVACFG = 0x1f,
                   kTLBRBADV = 0x89, kTLBREHI = 0x8e, kDMW0 = 0x180, kDMW1 = 0x181, kDMW2 = 0x182;
constexpr uint64_t kPG = 0x10, kDA = 0x8;  // CRMD bits 4 and 3
constexpr uint8_t kL = 1u << 0, kS = 1u << 1, kF = 1u << 2;  // Access::Load/Store/Fetch

struct Lo {  // TLBELO: V 0, D 1, PLV 3:2, MAT 5:4, G 6, PPN 47:12, NR 61, NX 62, RPLV 63
    uint64_t pa = 0;
    unsigned plv = 0, mat = 1;
    bool v = true, d = true, g = false, nr = false, nx = false, rplv = false;
    operator uint64_t() const {
        return uint64_t{v} | uint64_t{d} << 1 | uint64_t{plv} << 2 | uint64_t{mat} << 4 |
               uint64_t{g} << 6 | (pa & 0x0000fffffffff000) | uint64_t{nr} << 61 |
               uint64_t{nx} << 62 | uint64_t{rplv} << 63;
    }
};

class MmuTranslateTest : public ::testing::Test {
protected:
    void SetUp() override {
        la::cpu::csr_reset(h);
        h.csr[kCRMD] = kPG;  // mapped, PLV0
        h.csr[kSTLBPS] = 14;
        set_asid(1);
    }
    void set_asid(unsigned a) { h.csr[kASID] = (h.csr[kASID] & ~uint64_t{0x3ff}) | a; }
    void set_plv(unsigned plv) { h.csr[kCRMD] = (h.csr[kCRMD] & ~uint64_t{3}) | plv; }
    /// TLBFILL of a pair at `va` (page size 2^ps) for the current ASID.
    void map(uint64_t va, unsigned ps, uint64_t lo0, uint64_t lo1, uint8_t gid = 0) {
        h.csr[kTLBEHI] = va & 0x0000ffffffffe000;
        h.csr[kTLBELO0] = lo0;
        h.csr[kTLBELO1] = lo1;
        h.csr[kTLBIDX] = uint64_t{ps} << 24;
        la::mmu::tlbfill(h, tlb, gid);
    }
    Translation xl(uint64_t va, Access a, uint8_t gid = 0) { return la::mmu::translate(h, tlb, va, a, gid); }
    Ecode fault(uint64_t va, Access a) {
        const Translation t = xl(va, a);
        EXPECT_FALSE(t.ok);
        EXPECT_FALSE(t.refill);
        EXPECT_TRUE(t.exc.has_badv);
        EXPECT_EQ(t.exc.badv, va);
        return t.exc.ecode;
    }

    la::cpu::HartState h{};
    la::mmu::Tlb tlb;
};

// --- direct address mode -----------------------------------------------------------------

TEST_F(MmuTranslateTest, DirectModeKeepsLowPalenBitsAndUsesDatfDatm) {
    h.csr[kCRMD] = kDA | 1u << 5 | 2u << 7;  // DATF = CC, DATM = WUC
    h.csr[kDMW0] = 0xf000000000000001;       // windows do not apply in DA mode
    const Translation f = xl(0xffff123456789abc, Access::Fetch);
    EXPECT_TRUE(f.ok);
    EXPECT_EQ(f.via, Via::Direct);
    EXPECT_EQ(f.pa, 0x123456789abcu);
    EXPECT_EQ(f.mat, 1);
    EXPECT_EQ(f.allowed, kL | kS | kF);
    EXPECT_EQ(f.page_shift, 48);
    const Translation l = xl(0xf000000000001000, Access::Store);
    EXPECT_EQ(l.via, Via::Direct);
    EXPECT_EQ(l.pa, 0x1000u);
    EXPECT_EQ(l.mat, 2);
}

TEST_F(MmuTranslateTest, DaAndPgBothSetIsMappedMode) {  // QEMU-COMPAT: undefined pair
    h.csr[kCRMD] = kDA | kPG;
    h.csr[kDMW0] = 0x9000000000000001;
    EXPECT_EQ(xl(0x9000000000002000, Access::Load).via, Via::Dmw);
    EXPECT_TRUE(xl(0x2000, Access::Load).refill);
}

// --- direct-mapped windows -----------------------------------------------------------------

TEST_F(MmuTranslateTest, DmwMapsItsSegmentAtEnabledLevels) {
    h.csr[kDMW0] = 0x9000000000000011;  // VSEG 9, PLV0, CC
    h.csr[kDMW1] = 0x8000000000000008;  // VSEG 8, PLV3, SUC
    const Translation t = xl(0x9000000012345678, Access::Load);
    EXPECT_TRUE(t.ok);
    EXPECT_EQ(t.via, Via::Dmw);
    EXPECT_EQ(t.pa, 0x12345678u);
    EXPECT_EQ(t.mat, 1);
    EXPECT_EQ(t.allowed, kAllAccess);
    EXPECT_EQ(t.page_shift, 48);
    EXPECT_EQ(xl(0x9000000012345678, Access::Fetch).pa, 0x12345678u);
    EXPECT_EQ(xl(0x9000ffff12345678, Access::Store).pa, 0xffff12345678u);  // bits 59:48 dropped
    // DMW1 is PLV3-only: at PLV0 its segment is an ordinary (non-canonical) VA.
    EXPECT_EQ(fault(0x8000000000001000, Access::Load), Ecode::ADE);
    set_plv(3);
    EXPECT_EQ(fault(0x9000000012345678, Access::Load), Ecode::ADE);
    const Translation u = xl(0x8000000000001000, Access::Load);
    EXPECT_TRUE(u.ok);
    EXPECT_EQ(u.pa, 0x1000u);
    EXPECT_EQ(u.mat, 0);
}

TEST_F(MmuTranslateTest, FirstMatchingWindowWins) {
    h.csr[kDMW0] = 0x9000000000000001;  // SUC
    h.csr[kDMW1] = 0x9000000000000011;  // CC
    EXPECT_EQ(xl(0x9000000000000000, Access::Load).mat, 0);
}

TEST_F(MmuTranslateTest, Dmw2And3ServeLoadsAndStoresOnly) {  // manual Vol. 1 §5.2.1
    h.csr[kDMW2] = 0xa000000000000021;  // VSEG 0xa, PLV0, WUC
    const Translation t = xl(0xa000000000004000, Access::Store);
    EXPECT_TRUE(t.ok);
    EXPECT_EQ(t.mat, 2);
    EXPECT_EQ(t.allowed, kL | kS);
    const Translation f = xl(0xa000000000004000, Access::Fetch);
    EXPECT_FALSE(f.ok);
    EXPECT_EQ(f.exc.ecode, Ecode::ADE);  // the TLB path rejects the non-canonical VA
    EXPECT_EQ(f.exc.esubcode, la::cpu::kSubADEF);
}

// --- VA legality -------------------------------------------------------------------------

TEST_F(MmuTranslateTest, NonCanonicalVaIsAde) {
    for (uint64_t va : {0x0001000000000000ull, 0x0000800000000000ull, 0xffff7fffffffffffull,
                        0x8000000000000000ull}) {
        const Translation l = xl(va, Access::Load);
        EXPECT_EQ(l.exc.ecode, Ecode::ADE) << std::hex << va;
        EXPECT_EQ(l.exc.esubcode, la::cpu::kSubADEM);
        EXPECT_EQ(l.exc.badv, va);
        EXPECT_FALSE(l.refill);
        const Translation f = xl(va, Access::Fetch);
        EXPECT_EQ(f.exc.ecode, Ecode::ADE);
        EXPECT_EQ(f.exc.esubcode, la::cpu::kSubADEF);
    }
    EXPECT_TRUE(xl(0xffff800000000000, Access::Load).refill);
    EXPECT_TRUE(xl(0x00007ffffffff000, Access::Store).refill);
}

TEST_F(MmuTranslateTest, RvacfgNarrowsTheLegalVa) {
    h.csr[kRVACFG] = 8;  // VALEN - 8 = 40 bits
    EXPECT_EQ(fault(0x0000008000000000, Access::Load), Ecode::ADE);
    EXPECT_TRUE(xl(0xffffff8000000000, Access::Load).refill);
    EXPECT_TRUE(xl(0x0000007ffffff000, Access::Load).refill);
    h.csr[kRVACFG] = 1;  // 47 bits
    EXPECT_EQ(fault(0x0000400000000000, Access::Load), Ecode::ADE);
    EXPECT_TRUE(xl(0x00003ffffffff000, Access::Load).refill);
}

TEST_F(MmuTranslateTest, Va32ModeZeroExtendsAtItsLevel) {
    set_plv(3);
    h.csr[kMISC] = 1u << 3;  // VA32L3
    const Translation t = xl(0xdeadbeef00001234, Access::Load);
    EXPECT_TRUE(t.refill);
    EXPECT_EQ(t.exc.badv, 0x1234u);
    h.csr[kMISC] = 1u << 1 | 1u << 2;  // VA32L1, VA32L2: not this level
    EXPECT_EQ(fault(0xdeadbeef00001234, Access::Load), Ecode::ADE);
    set_plv(0);
    h.csr[kMISC] = 0xe;  // PLV0 has no 32-bit mode
    EXPECT_EQ(fault(0xdeadbeef00001234, Access::Load), Ecode::ADE);
}

// --- TLB hits ----------------------------------------------------------------------------

TEST_F(MmuTranslateTest, PairSelectsEvenAndOddPage) {
    map(0x12340000, 14, Lo{.pa = 0x80000000, .mat = 1}, Lo{.pa = 0x90004000, .mat = 2});
    const Translation e = xl(0x12340123, Access::Load);
    ASSERT_TRUE(e.ok);
    EXPECT_EQ(e.via, Via::Tlb);
    EXPECT_EQ(e.pa, 0x80000123u);
    EXPECT_EQ(e.mat, 1);
    EXPECT_EQ(e.page_shift, 14);
    EXPECT_GE(e.tlb_index, 0);
    EXPECT_LT(e.tlb_index, 2048);
    const Translation o = xl(0x12347ffc, Access::Fetch);
    ASSERT_TRUE(o.ok);
    EXPECT_EQ(o.pa, 0x90007ffcu);
    EXPECT_EQ(o.mat, 2);
    EXPECT_TRUE(xl(0x12348000, Access::Load).refill);
    EXPECT_TRUE(xl(0x1233fffc, Access::Load).refill);
}

TEST_F(MmuTranslateTest, PpnBitsBelowThePageSizeAreIgnored) {
    map(0x12340000, 14, Lo{.pa = 0x80003000}, Lo{.pa = 0x90007000});
    EXPECT_EQ(xl(0x12340010, Access::Load).pa, 0x80000010u);
    EXPECT_EQ(xl(0x12344010, Access::Load).pa, 0x90004010u);
}

TEST_F(MmuTranslateTest, EveryPageSizeInTheMtlb) {
    const uint64_t va = uint64_t{1} << 40, pa0 = uint64_t{1} << 45, pa1 = uint64_t{1} << 46;
    for (unsigned ps = 12; ps <= 36; ++ps) {
        tlb.reset();
        h.csr[kSTLBPS] = ps == 14 ? 12 : 14;  // never the STLB size: the pair goes to the MTLB
        map(va, ps, Lo{.pa = pa0}, Lo{.pa = pa1});
        const uint64_t page = uint64_t{1} << ps;
        const Translation t = xl(va + 8, Access::Load);
        ASSERT_TRUE(t.ok) << ps;
        EXPECT_GE(t.tlb_index, 2048) << ps;
        EXPECT_EQ(t.pa, pa0 + 8) << ps;
        EXPECT_EQ(t.page_shift, ps);
        EXPECT_EQ(xl(va + page - 1, Access::Load).pa, pa0 + page - 1) << ps;
        EXPECT_EQ(xl(va + page + 8, Access::Store).pa, pa1 + 8) << ps;
        EXPECT_EQ(xl(va + 2 * page - 8, Access::Fetch).pa, pa1 + page - 8) << ps;
        EXPECT_TRUE(xl(va + 2 * page, Access::Load).refill) << ps;
        EXPECT_TRUE(xl(va - 8, Access::Load).refill) << ps;
    }
}

TEST_F(MmuTranslateTest, EveryPageSizeInTheStlb) {
    const uint64_t va = uint64_t{3} << 40, pa0 = uint64_t{1} << 44, pa1 = uint64_t{3} << 44;
    for (unsigned ps = 12; ps <= 30; ++ps) {
        tlb.reset();
        h.csr[kSTLBPS] = ps;
        map(va, ps, Lo{.pa = pa0}, Lo{.pa = pa1});
        const uint64_t page = uint64_t{1} << ps;
        const Translation t = xl(va + page + 0x10, Access::Load);
        ASSERT_TRUE(t.ok) << ps;
        EXPECT_LT(t.tlb_index, 2048) << ps;
        EXPECT_EQ(unsigned(t.tlb_index) % 256, unsigned(va >> (ps + 1)) & 0xff) << ps;
        EXPECT_EQ(t.pa, pa1 + 0x10) << ps;
        EXPECT_EQ(t.page_shift, ps);
        EXPECT_EQ(xl(va, Access::Load).pa, pa0) << ps;
        EXPECT_TRUE(xl(va + 2 * page, Access::Load).refill) << ps;
    }
}

TEST_F(MmuTranslateTest, AsidMustMatchUnlessGlobal) {
    map(0x12340000, 14, Lo{.pa = 0x80000000}, Lo{.pa = 0x80004000});
    map(0x22340000, 14, Lo{.pa = 0x70000000, .g = true}, Lo{.pa = 0x70004000, .g = true});
    set_asid(2);
    EXPECT_TRUE(xl(0x12340000, Access::Load).refill);
    EXPECT_EQ(xl(0x22340000, Access::Load).pa, 0x70000000u);
    set_asid(1);
    EXPECT_EQ(xl(0x12340000, Access::Load).pa, 0x80000000u);
}

TEST_F(MmuTranslateTest, EntriesAreMatchedByGid) {
    map(0x12340000, 14, Lo{.pa = 0x80000000}, Lo{.pa = 0x80004000}, 2);
    EXPECT_TRUE(xl(0x12340000, Access::Load, 0).refill);
    EXPECT_EQ(xl(0x12340000, Access::Load, 2).pa, 0x80000000u);
}

TEST_F(MmuTranslateTest, TranslateTlbSkipsDaAndDmw) {  // LVZ stage 2
    map(0x12340000, 14, Lo{.pa = 0x80000000, .plv = 0}, Lo{.pa = 0x80004000});
    h.csr[kCRMD] = kDA;
    const Translation t = la::mmu::translate_tlb(h.csr, tlb, 0x12340040, Access::Load, 0, 0);
    EXPECT_TRUE(t.ok);
    EXPECT_EQ(t.via, Via::Tlb);
    EXPECT_EQ(t.pa, 0x80000040u);
    EXPECT_EQ(la::mmu::translate_tlb(h.csr, tlb, 0x12340040, Access::Load, 0, 3).exc.ecode, Ecode::PPI);
}

// --- refill and page faults ----------------------------------------------------------------

TEST_F(MmuTranslateTest, MissIsRefillAndNoteFaultFillsTheTlbrCsrs) {
    h.csr[kTLBREHI] = 14;  // PS survives
    h.csr[kTLBEHI] = 0x5550000;
    const Translation t = xl(0xffff800012345678, Access::Fetch);
    EXPECT_FALSE(t.ok);
    EXPECT_TRUE(t.refill);
    EXPECT_EQ(t.exc.badv, 0xffff800012345678u);
    la::mmu::note_fault(h.csr, t);
    EXPECT_EQ(h.csr[kTLBRBADV], 0xffff800012345678u);
    EXPECT_EQ(h.csr[kTLBREHI], 0xffff800012344000u | 14);
    EXPECT_EQ(h.csr[kTLBEHI], 0x5550000u);  // the general-exception CSRs stay
    EXPECT_EQ(h.csr[kBADV], 0u);
}

TEST_F(MmuTranslateTest, InvalidPageFaultsByAccessKindAndSetsTlbehi) {
    map(0x12340000, 14, Lo{.pa = 0x80000000, .v = false}, Lo{.pa = 0x80004000});
    EXPECT_EQ(fault(0x12340008, Access::Load), Ecode::PIL);
    EXPECT_EQ(fault(0x12340008, Access::Store), Ecode::PIS);
    EXPECT_EQ(fault(0x12340008, Access::Fetch), Ecode::PIF);
    EXPECT_TRUE(xl(0x12344008, Access::Load).ok);  // the odd page is valid
    h.csr[kTLBREHI] = 0x777000;
    const Translation t = xl(0x12340008, Access::Load);
    EXPECT_EQ(t.tlb_index, xl(0x12344008, Access::Load).tlb_index);
    EXPECT_EQ(t.allowed, 0);
    la::mmu::note_fault(h.csr, t);
    EXPECT_EQ(h.csr[kTLBEHI], 0x12340000u);
    EXPECT_EQ(h.csr[kTLBREHI], 0x777000u);
}

TEST_F(MmuTranslateTest, NoteFaultOnUpperHalfVaSignExtendsTlbehi) {
    map(0xffff800000000000, 14, Lo{.pa = 0, .plv = 0}, Lo{.pa = 0x4000});
    set_plv(3);
    const Translation t = xl(0xffff800000006000, Access::Load);
    EXPECT_EQ(t.exc.ecode, Ecode::PPI);
    la::mmu::note_fault(h.csr, t);
    EXPECT_EQ(h.csr[kTLBEHI], 0xffff800000006000u);
}

TEST_F(MmuTranslateTest, NoteFaultLeavesTlbehiAloneForAde) {
    h.csr[kTLBEHI] = 0x5550000;
    const Translation t = xl(0x0001000000000000, Access::Load);
    la::mmu::note_fault(h.csr, t);
    EXPECT_EQ(h.csr[kTLBEHI], 0x5550000u);
}

TEST_F(MmuTranslateTest, FetchFromNxPageIsPnx) {
    map(0x12340000, 14, Lo{.pa = 0x80000000, .nx = true}, Lo{.pa = 0x80004000});
    EXPECT_EQ(fault(0x12340000, Access::Fetch), Ecode::PNX);
    EXPECT_TRUE(xl(0x12340000, Access::Load).ok);
    EXPECT_TRUE(xl(0x12340000, Access::Store).ok);
}

TEST_F(MmuTranslateTest, LoadFromNrPageIsPnr) {
    map(0x12340000, 14, Lo{.pa = 0x80000000, .nr = true}, Lo{.pa = 0x80004000});
    EXPECT_EQ(fault(0x12340000, Access::Load), Ecode::PNR);
    EXPECT_TRUE(xl(0x12340000, Access::Fetch).ok);
    EXPECT_TRUE(xl(0x12340000, Access::Store).ok);
}

TEST_F(MmuTranslateTest, StoreToCleanPageIsPmeUnlessDwplAllowsIt) {
    map(0x12340000, 14, Lo{.pa = 0x80000000, .plv = 3, .d = false}, Lo{.pa = 0x80004000});
    EXPECT_EQ(fault(0x12340000, Access::Store), Ecode::PME);
    EXPECT_TRUE(xl(0x12340000, Access::Load).ok);
    h.csr[kMISC] = 1u << 16;  // DWPL0
    EXPECT_TRUE(xl(0x12340000, Access::Store).ok);
    set_plv(1);
    EXPECT_EQ(fault(0x12340000, Access::Store), Ecode::PME);
    h.csr[kMISC] = 1u << 17;  // DWPL1
    EXPECT_TRUE(xl(0x12340000, Access::Store).ok);
    set_plv(3);
    h.csr[kMISC] = 7u << 16;  // there is no DWPL3
    EXPECT_EQ(fault(0x12340000, Access::Store), Ecode::PME);
}

TEST_F(MmuTranslateTest, PrivilegeLevelChecks) {
    map(0x10000000, 14, Lo{.pa = 0x1000000, .plv = 0}, Lo{.pa = 0x1004000, .plv = 3});
    map(0x20000000, 14, Lo{.pa = 0x2000000, .plv = 3, .rplv = true},
        Lo{.pa = 0x2004000, .plv = 2, .rplv = true});
    struct Case {
        uint64_t va;
        unsigned plv;
        bool ok;
    };
    const Case cases[] = {
        {0x10000000, 0, true},  {0x10000000, 1, false}, {0x10000000, 3, false},  // PLV0 page
        {0x10004000, 0, true},  {0x10004000, 2, true},  {0x10004000, 3, true},   // PLV3 page
        {0x20000000, 0, false}, {0x20000000, 2, false}, {0x20000000, 3, true},   // RPLV, PLV3
        {0x20004000, 2, true},  {0x20004000, 1, false}, {0x20004000, 3, false},  // RPLV, PLV2
    };
    for (const Case& c : cases) {
        set_plv(c.plv);
        const Translation t = xl(c.va, Access::Load);
        EXPECT_EQ(t.ok, c.ok) << std::hex << c.va << " at PLV" << c.plv;
        if (!c.ok) EXPECT_EQ(t.exc.ecode, Ecode::PPI);
    }
}

TEST_F(MmuTranslateTest, ExceptionPriorityFollowsTheManual) {
    // V, then NX (fetch), then PLV, then NR (load), then D (store): manual Vol. 1 §5.4.4.
    map(0x10000000, 14, Lo{.pa = 0x1000000, .plv = 0, .v = false, .d = false, .nr = true, .nx = true},
        Lo{.pa = 0x1004000, .plv = 0, .d = false, .nr = true, .nx = true});
    map(0x20000000, 14, Lo{.pa = 0x2000000, .plv = 3, .d = false, .nr = true},
        Lo{.pa = 0x2004000});
    set_plv(3);
    EXPECT_EQ(fault(0x10000000, Access::Fetch), Ecode::PIF);  // V=0 beats NX and PLV
    EXPECT_EQ(fault(0x10000000, Access::Load), Ecode::PIL);
    EXPECT_EQ(fault(0x10004000, Access::Fetch), Ecode::PNX);  // NX beats PLV
    EXPECT_EQ(fault(0x10004000, Access::Load), Ecode::PPI);   // PLV beats NR (QEMU: PNR)
    EXPECT_EQ(fault(0x10004000, Access::Store), Ecode::PPI);  // PLV beats D
    EXPECT_EQ(fault(0x20000000, Access::Load), Ecode::PNR);   // NR on a load, D irrelevant
    EXPECT_EQ(fault(0x20000000, Access::Store), Ecode::PME);  // NR irrelevant for a store
}

TEST_F(MmuTranslateTest, AllowedSummarisesThePagePermissions) {
    map(0x10000000, 14, Lo{.pa = 0x1000000, .d = false, .nx = true},
        Lo{.pa = 0x1004000, .nr = true});
    EXPECT_EQ(xl(0x10000000, Access::Load).allowed, access_bit(Access::Load));
    EXPECT_EQ(xl(0x10004000, Access::Fetch).allowed, kS | kF);
    set_plv(3);  // PLV0 pages: nothing allowed
    EXPECT_EQ(xl(0x10000000, Access::Load).allowed, 0);
}

}  // namespace
