// SPDX-License-Identifier: Apache-2.0
// LDDIR / LDPTE (src/mmu/page_walk.cpp) over in-memory page tables laid out as Linux lays
// them out (16 KiB pages with 3 levels, 4 KiB pages with 4 levels), including huge pages
// at the PMD and PUD levels, and a whole software refill: translate -> note_fault ->
// LDDIR... -> LDPTE 0/1 -> TLBFILL -> translate.
//
// CSR numbers, PWCL/PWCH layouts, table addresses and PTE bits are written out from the
// references (manual Vol. 1 §4.2.5, §5.4.5, §7.5; la64-privileged.md §3, §5.7, §7).
#include <gtest/gtest.h>

#include <cstdint>
#include <map>

#include "lvzemu/cpu/csr.h"
#include "lvzemu/mmu/page_walk.h"
#include "lvzemu/mmu/tlb.h"
#include "lvzemu/mmu/translate.h"

namespace {

using la::cpu::Access;
using la::cpu::Ecode;
using la::cpu::ExecResult;

constexpr uint16_t kCRMD = 0x0, kASID = 0x18, kPWCL = 0x1c, kPWCH = 0x1d, kSTLBPS = 0x1e,
                   kTLBRBADV = 0x89, kTLBRERA = 0x8a, kTLBRELO0 = 0x8c, kTLBRELO1 = 0x8d,
                   kTLBREHI = 0x8e;
// PTE bits (manual Vol. 1 §5.4.5): V 0, D 1, PLV 3:2, MAT 5:4, G/H 6, P 7, W 8, HGLOBAL 12,
// NR 61, NX 62, RPLV 63.
constexpr uint64_t V = 1, D = 2, PLV3 = 3u << 2, CC = 1u << 4, G = 1u << 6, H = 1u << 6,
                   P = 1u << 7, W = 1u << 8, HGLOBAL = 1u << 12, NR = 1ull << 61, NX = 1ull << 62;

constexpr uint64_t pwcl(unsigned ptb, unsigned ptw, unsigned d1b, unsigned d1w, unsigned d2b,
                        unsigned d2w, unsigned ptew = 0) {
    return ptb | ptw << 5 | d1b << 10 | d1w << 15 | d2b << 20 | uint64_t{d2w} << 25 |
           uint64_t{ptew} << 30;
}
constexpr uint64_t pwch(unsigned d3b, unsigned d3w, unsigned d4b = 0, unsigned d4w = 0) {
    return d3b | d3w << 6 | d4b << 12 | d4w << 18;
}

class MmuPageWalkTest : public ::testing::Test {
protected:
    void SetUp() override {
        la::cpu::csr_reset(h);  // PRCFG2 = 0x3ffff000: page sizes 2^12 .. 2^29
        h.csr[kCRMD] = 0x10;    // PG
        h.csr[kSTLBPS] = 14;
        h.csr[kASID] = (h.csr[kASID] & ~uint64_t{0x3ff}) | 7;
        // Linux, 16 KiB pages, 3 levels: PTE 14/11, PMD 25/11, (PUD folded), PGD 36/11.
        h.csr[kPWCL] = pwcl(14, 11, 25, 11, 36, 0);
        h.csr[kPWCH] = pwch(36, 11);
    }
    static bool read(void* ctx, la::cpu::HartState& h, uint64_t pa, uint64_t& out) {
        auto& m = static_cast<MmuPageWalkTest*>(ctx)->mem;
        ++static_cast<MmuPageWalkTest*>(ctx)->reads;
        const auto it = m.find(pa);
        if (it == m.end()) {  // what a machine might do for a PA nothing answers
            h.exc = la::cpu::Exception{Ecode::ADE, la::cpu::kSubADEM, true, pa};
            return false;
        }
        out = it->second;
        return true;
    }
    uint64_t lddir(uint64_t rj, unsigned level, ExecResult expect = ExecResult::Next) {
        uint64_t rd = 0xdead;
        EXPECT_EQ(la::mmu::lddir(h, rj, level, port, rd), expect);
        return rd;
    }
    void ldpte(uint64_t rj, unsigned seq, ExecResult expect = ExecResult::Next) {
        EXPECT_EQ(la::mmu::ldpte(h, rj, seq, port), expect);
    }

    la::cpu::HartState h{};
    la::mmu::Tlb tlb;
    std::map<uint64_t, uint64_t> mem;
    unsigned reads = 0;
    la::mmu::PhysReader port{this, &MmuPageWalkTest::read};
};

// VA 0x12345678c123 with 16 KiB pages: PGD index 0x123, PMD index 0x22b, PTE index 0x1e3.
constexpr uint64_t kVa = 0x000012345678c123;

TEST_F(MmuPageWalkTest, WalksThreeLevelsAndLoadsBothPtes) {
    h.csr[kTLBRBADV] = kVa;
    mem[0x100000 + 0x123 * 8] = 0x200000 | 1ull << 50;  // bits above PALEN are not address
    mem[0x200000 + 0x22b * 8] = 0x300000;
    mem[0x300000 + 0x1e2 * 8] = 0x40000000 | V | D | PLV3 | CC | P | W | 1u << 9 | 1ull << 58 | NX;
    mem[0x300000 + 0x1e3 * 8] = 0x40004000 | V | PLV3 | G | NR;
    const uint64_t pmd = lddir(0x100000, 3);
    EXPECT_EQ(pmd, 0x200000u);
    const uint64_t pt = lddir(pmd, 1);
    EXPECT_EQ(pt, 0x300000u);
    h.csr[kTLBREHI] = 0x12345678c000 | 12;
    ldpte(pt, 0);
    ldpte(pt, 1);
    // P, W and software bits dropped; V D PLV MAT G PPN NR NX kept.
    EXPECT_EQ(h.csr[kTLBRELO0], 0x40000000 | V | D | PLV3 | CC | NX);
    EXPECT_EQ(h.csr[kTLBRELO1], 0x40004000 | V | PLV3 | G | NR);
    EXPECT_EQ(h.csr[kTLBREHI], 0x12345678c000u | 14);  // PS <- PTbase, VPPN kept
}

TEST_F(MmuPageWalkTest, TableBaseBitsAbovePalenAreIgnored) {
    h.csr[kTLBRBADV] = kVa;
    mem[0x100000 + 0x123 * 8] = 0x200000;
    EXPECT_EQ(lddir(0xff00000000100000, 3), 0x200000u);
}

TEST_F(MmuPageWalkTest, HugePmdPassesThroughAndSplitsIntoTwo16MiBHalves) {
    h.csr[kTLBRBADV] = kVa;
    mem[0x100000 + 0x123 * 8] = 0x200000;
    const uint64_t huge = 0x80000000 | H | HGLOBAL | V | D | CC | P | W | 1u << 9 | NX;
    mem[0x200000 + 0x22b * 8] = huge;
    const uint64_t e = lddir(lddir(0x100000, 3), 1);
    EXPECT_EQ(e, huge);  // a huge PTE keeps NX (and every other bit) through LDDIR
    ldpte(e, 0);
    ldpte(e, 1);
    // H cleared, HGLOBAL -> G, P/W/software dropped; PS = PTbase + PTwidth - 1 = 24.
    EXPECT_EQ(h.csr[kTLBRELO0], 0x80000000 | V | D | CC | G | NX);
    EXPECT_EQ(h.csr[kTLBRELO1], 0x81000000 | V | D | CC | G | NX);
    EXPECT_EQ(h.csr[kTLBREHI] & 0x3f, 24u);
}

TEST_F(MmuPageWalkTest, HugePudIsTaggedByTheNextLddirAndSizedByItsLevel) {
    // Linux, 4 KiB pages, 4 levels: PTE 12/9, PMD 21/9, PUD 30/9, PGD 39/9.
    h.csr[kPWCL] = pwcl(12, 9, 21, 9, 30, 9);
    h.csr[kPWCH] = pwch(39, 9);
    const uint64_t va = 0x0000004c12345678;  // PGD 0, PUD 0x130, offset 0x12345678 in 1 GiB
    h.csr[kTLBRBADV] = va;
    mem[0x100000] = 0x200000;
    mem[0x200000 + 0x130 * 8] = 0xc0000000 | H | V | D | PLV3 | CC;
    const uint64_t pud = lddir(lddir(0x100000, 3), 2);
    EXPECT_EQ(pud, 0xc0000000 | H | V | D | PLV3 | CC);
    const uint64_t tagged = lddir(pud, 1);
    EXPECT_EQ(tagged, pud | 1u << 13);  // level 1 recorded in bits 14:13 (QEMU's scheme)
    EXPECT_EQ(lddir(tagged, 2), tagged);  // an existing tag is kept
    ldpte(tagged, 0);
    ldpte(tagged, 1);
    EXPECT_EQ(h.csr[kTLBRELO0], 0xc0000000 | V | D | PLV3 | CC);  // G stays 0: no HGLOBAL
    EXPECT_EQ(h.csr[kTLBRELO1], 0xe0000000 | V | D | PLV3 | CC);
    EXPECT_EQ(h.csr[kTLBREHI] & 0x3f, 29u);  // Dir1 base + width - 1: 512 MiB halves
}

TEST_F(MmuPageWalkTest, LddirEdgeCasesReturnRjWithoutReading) {
    EXPECT_EQ(lddir(0x100000, 0), 0x100000u);  // undefined level (QEMU-COMPAT)
    EXPECT_EQ(lddir(0x100000, 5), 0x100000u);
    EXPECT_EQ(lddir(0x80000000 | H, 4), 0x80000000 | H);  // level 4 cannot be tagged
    EXPECT_EQ(reads, 0u);
}

TEST_F(MmuPageWalkTest, LdpteIgnoresHugePageOfUnlistedSize) {
    h.csr[kPWCL] = pwcl(14, 11, 25, 7, 36, 0);  // Dir1: 25 + 7 - 1 = 31, not in PRCFG2
    h.csr[kTLBRELO0] = 0x1234;
    h.csr[kTLBREHI] = 12;
    ldpte(0x80000000 | H | V | 1u << 13, 0);
    EXPECT_EQ(h.csr[kTLBRELO0], 0x1234u);
    EXPECT_EQ(h.csr[kTLBREHI], 12u);
}

TEST_F(MmuPageWalkTest, FailedReadsTrapWithTheReadersException) {
    h.csr[kTLBRBADV] = kVa;
    uint64_t rd = 0x55;
    EXPECT_EQ(la::mmu::lddir(h, 0x900000, 3, port, rd), ExecResult::Trap);
    EXPECT_EQ(rd, 0x55u);
    EXPECT_EQ(h.exc.ecode, Ecode::ADE);
    EXPECT_EQ(h.exc.badv, 0x900000u + 0x123 * 8);
    h.csr[kTLBRELO1] = 0x77;
    ldpte(0x900000, 1, ExecResult::Trap);
    EXPECT_EQ(h.exc.badv, 0x900000u + 0x1e3 * 8);
    EXPECT_EQ(h.csr[kTLBRELO1], 0x77u);
}

TEST_F(MmuPageWalkTest, PteWidthSetsTheStrideOfPageTableEntries) {
    h.csr[kPWCL] = pwcl(14, 11, 25, 11, 36, 0, /*PTEWidth=*/1);  // 128-bit PTEs
    h.csr[kTLBRBADV] = kVa;
    mem[0x300000 + 0x1e2 * 16] = 0x10000000 | V;
    mem[0x300000 + 0x1e3 * 16] = 0x20000000 | V;
    ldpte(0x300000, 0);
    ldpte(0x300000, 1);
    EXPECT_EQ(h.csr[kTLBRELO0], 0x10000000u | V);
    EXPECT_EQ(h.csr[kTLBRELO1], 0x20000000u | V);
    h.csr[kPWCL] = pwcl(14, 11, 25, 11, 36, 0, /*PTEWidth=*/2);  // 192-bit PTEs
    mem[0x300000 + 0x1e3 * 24] = 0x30000000 | V;
    ldpte(0x300000, 1);
    EXPECT_EQ(h.csr[kTLBRELO1], 0x30000000u | V);
}

// The refill handler Linux runs (arch/loongarch/mm/tlbex.S handle_tlb_refill), end to end.
TEST_F(MmuPageWalkTest, SoftwareRefillMakesTheAccessSucceed) {
    mem[0x100000 + 0x123 * 8] = 0x200000;
    mem[0x200000 + 0x22b * 8] = 0x300000;
    mem[0x300000 + 0x1e2 * 8] = 0x40000000 | V | D | PLV3 | CC;
    mem[0x300000 + 0x1e3 * 8] = 0x40004000 | V | D | PLV3 | CC;
    h.csr[kCRMD] = 0x10 | 3;  // PG, PLV3
    const la::mmu::Translation miss = la::mmu::translate(h, tlb, kVa, Access::Store);
    ASSERT_TRUE(miss.refill);
    la::mmu::note_fault(h.csr, miss);
    EXPECT_EQ(h.csr[kTLBRBADV], kVa);
    // Hardware entry: DA mode, PLV0, IsTLBR (the engine's job; only what the walk needs).
    h.csr[kCRMD] = 0x8;
    h.csr[kTLBRERA] = 1;
    ldpte(lddir(lddir(0x100000, 3), 1), 0);
    ldpte(lddir(lddir(0x100000, 3), 1), 1);
    la::mmu::tlbfill(h, tlb);
    h.csr[kTLBRERA] = 0;
    h.csr[kCRMD] = 0x10 | 3;  // ERTN back to PG, PLV3
    const la::mmu::Translation hit = la::mmu::translate(h, tlb, kVa, Access::Store);
    ASSERT_TRUE(hit.ok);
    EXPECT_EQ(hit.pa, 0x40004000u + (kVa & 0x3fff));
    EXPECT_EQ(hit.page_shift, 14);
    EXPECT_LT(hit.tlb_index, 2048);  // PS 14 = STLBPS
}

TEST_F(MmuPageWalkTest, SoftwareRefillOfAHugePageGoesToTheMtlb) {
    h.csr[kPWCL] = pwcl(12, 9, 21, 9, 30, 9);
    h.csr[kPWCH] = pwch(39, 9);
    h.csr[kSTLBPS] = 12;
    const uint64_t va = 0x0000004c12345678;
    mem[0x100000] = 0x200000;
    mem[0x200000 + 0x130 * 8] = 0xc0000000 | H | V | D | PLV3 | CC;
    h.csr[kCRMD] = 0x10 | 3;
    la::mmu::note_fault(h.csr, la::mmu::translate(h, tlb, va, Access::Load));
    h.csr[kTLBRERA] = 1;
    const uint64_t e = lddir(lddir(lddir(0x100000, 3), 2), 1);
    ldpte(e, 0);
    ldpte(e, 1);
    la::mmu::tlbfill(h, tlb);
    h.csr[kTLBRERA] = 0;
    const la::mmu::Translation hit = la::mmu::translate(h, tlb, va, Access::Load);
    ASSERT_TRUE(hit.ok);
    EXPECT_EQ(hit.pa, 0xd2345678u);
    EXPECT_EQ(hit.page_shift, 29);
    EXPECT_GE(hit.tlb_index, 2048);
    EXPECT_EQ(la::mmu::translate(h, tlb, va + 0x20000000, Access::Load).pa, 0xf2345678u);
}

}  // namespace
