// SPDX-License-Identifier: Apache-2.0
// The generated CPUCFG table (spec/cpucfg.tbl -> lvzemu/gen/cpucfg_table.h) against facts:
// QEMU's la464 model (target/loongarch/cpu.c loongarch_la464_initfn), the words measured on
// qemu-system-loongarch64 7.2 -M virt (the differential reference), the LoongArch Reference
// Manual Vol. 1 v1.10 CPUCFG table, and the CSR table that must agree with it (address
// widths, TLB geometry, feature-dependent CSR bits). The expected values are written out,
// not computed from the table, so a wrong edit of spec/cpucfg.tbl makes these tests fail.
#include "lvzemu/gen/cpucfg_table.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "lvzemu/gen/csr_table.h"

namespace {

namespace cfg = la::gen::cpucfg;
using la::gen::Csr;
using la::gen::csr_desc;
using la::gen::CpucfgField;
using la::gen::find_cpucfg_ext;
using la::gen::find_cpucfg_field;
using la::gen::kCpucfgExts;
using la::gen::kCpucfgFields;
using la::gen::kCpucfgLa464;
using la::gen::kCpucfgLa464Lvz;

constexpr uint64_t bits(unsigned msb, unsigned lsb) {
    return (~uint64_t{0} >> (63 - msb)) & (~uint64_t{0} << lsb);
}

// Usable at compile time (the interpreter initialises a hart from it).
static_assert(la::gen::kCpucfgWords == 0x15);
static_assert(kCpucfgLa464[1] == 0x03F2F2FEu);
static_assert(cfg::PALEN.get(kCpucfgLa464[1]) == 47);
static_assert(find_cpucfg_ext("lvz")->present(kCpucfgLa464Lvz.data()));

const la::gen::CsrField& csr_field(Csr c, std::string_view name) {
    const la::gen::CsrField* f = la::gen::find_field(csr_desc(c), name);
    EXPECT_NE(f, nullptr) << csr_desc(c).name << "." << name;
    static const la::gen::CsrField kNone{"<missing>", 0, 0, la::gen::CsrAccess::R0, false, false};
    return f ? *f : kNone;
}

// --- the words -----------------------------------------------------------------------

TEST(CpucfgTable, La464WordsMatchQemu) {
    // QEMU loongarch_la464_initfn, field by field (cpu.h FIELD()s):
    // PRID 0x14c010.
    EXPECT_EQ(kCpucfgLa464[0x0], 0x0014C010u);
    // ARCH 2 | PGMMU | IOCSR | PALEN 0x2f | VALEN 0x2f | UAL | RI | EP | RPLV | HP | CRC.
    EXPECT_EQ(kCpucfgLa464[0x1], 2u | 1u << 2 | 1u << 3 | 0x2Fu << 4 | 0x2Fu << 12 | 1u << 20 |
                                     1u << 21 | 1u << 22 | 1u << 23 | 1u << 24 | 1u << 25);
    // FP | FP_SP | FP_DP | FP_VER 1 | LLFTP | LLFTP_VER 1 | LSPW | LAM (LSX/LASX: switches).
    EXPECT_EQ(kCpucfgLa464[0x2], 0x0060C00Fu);
    EXPECT_EQ(kCpucfgLa464[0x3], 0u);            // not set by QEMU's la464
    EXPECT_EQ(kCpucfgLa464[0x4], 100000000u);    // 100 MHz crystal
    EXPECT_EQ(kCpucfgLa464[0x5], 0x00010001u);   // CC_MUL = CC_DIV = 1
    for (unsigned w = 0x6; w <= 0xF; ++w) EXPECT_EQ(kCpucfgLa464[w], 0u) << "word " << w;
    // L1_IUPRE L1_DPRE L2_IUPRE L2_IUUNIFY L2_IUPRIV L3_IUPRE L3_IUUNIFY L3_IUINCL.
    EXPECT_EQ(kCpucfgLa464[0x10], 1u | 1u << 2 | 1u << 3 | 1u << 4 | 1u << 5 | 1u << 10 | 1u << 11 | 1u << 13);
    EXPECT_EQ(kCpucfgLa464[0x11], 3u | 8u << 16 | 6u << 24);     // 4 ways, 256 sets, 64 B
    EXPECT_EQ(kCpucfgLa464[0x12], 3u | 8u << 16 | 6u << 24);
    EXPECT_EQ(kCpucfgLa464[0x13], 15u | 8u << 16 | 6u << 24);    // 16 ways, 256 sets
    EXPECT_EQ(kCpucfgLa464[0x14], 15u | 14u << 16 | 6u << 24);   // 16 ways, 16384 sets
}

TEST(CpucfgTable, MatchesQemu72Measurement) {
    // cpucfg 0..0x14 on qemu-system-loongarch64 7.2 -M virt. The only difference: QEMU 7.2
    // does not advertise LSPW (bit 21 of word 2) although it executes lddir/ldpte.
    const uint32_t q72[] = {0x0014c010, 0x03f2f2fe, 0x0040c00f, 0, 0x05f5e100, 0x00010001, 0, 0, 0,
                            0,          0,          0,          0, 0,          0,          0, 0x2c3d,
                            0x06080003, 0x06080003, 0x0608000f, 0x060e000f};
    static_assert(std::size(q72) == la::gen::kCpucfgWords);
    for (unsigned w = 0; w < std::size(q72); ++w) {
        const uint32_t expect = w == 2 ? q72[w] | 1u << 21 : q72[w];
        EXPECT_EQ(kCpucfgLa464[w], expect) << "word " << w;
    }
}

TEST(CpucfgTable, Switches) {
    // LVZ on: CPUCFG2.LVZ (bit 10) = 1 and LVZ_ver (13:11) = 1 (manual: 1 = initial
    // version; lvz.md §1); nothing else changes.
    EXPECT_EQ(kCpucfgLa464Lvz[2], 0x0060C00Fu | 1u << 10 | 1u << 11);
    for (unsigned w = 0; w < la::gen::kCpucfgWords; ++w)
        if (w != 2) EXPECT_EQ(kCpucfgLa464Lvz[w], kCpucfgLa464[w]) << "word " << w;
    EXPECT_EQ(cfg::LVZ.get(kCpucfgLa464[2]), 0u);
    EXPECT_EQ(cfg::LVZ.get(kCpucfgLa464Lvz[2]), 1u);
    EXPECT_EQ(cfg::LVZ_ver.get(kCpucfgLa464Lvz[2]), 1u);
    // LSX + LASX on gives QEMU master's la464 word 2 (it sets both).
    const auto vec = la::gen::cpucfg_la464(la::gen::kCpucfgSwitchLsx | la::gen::kCpucfgSwitchLasx);
    EXPECT_EQ(vec[2], 0x0060C0CFu);
    // Only LVZ, LVZ_ver, LSX and LASX are switchable.
    std::set<std::string> switchable;
    for (const CpucfgField& f : kCpucfgFields)
        if (f.switch_mask != 0) switchable.insert(f.name);
    EXPECT_EQ(switchable, (std::set<std::string>{"LASX", "LSX", "LVZ", "LVZ_ver"}));
    EXPECT_EQ(cfg::LVZ.switch_mask, la::gen::kCpucfgSwitchLvz);
    EXPECT_EQ(cfg::LVZ_ver.switch_mask, la::gen::kCpucfgSwitchLvz);
}

// --- named fields ------------------------------------------------------------------------

TEST(CpucfgTable, NamedFields) {
    // Positions from the manual's table.
    EXPECT_EQ(cfg::PALEN.word, 1);
    EXPECT_EQ(cfg::PALEN.lsb, 4);
    EXPECT_EQ(cfg::PALEN.width, 8);
    EXPECT_EQ(cfg::PALEN.msb(), 11);
    EXPECT_EQ(cfg::VALEN.lsb, 12);
    EXPECT_EQ(cfg::CRC.lsb, 25);
    EXPECT_EQ(cfg::LVZ.word, 2);
    EXPECT_EQ(cfg::LVZ.lsb, 10);
    EXPECT_EQ(cfg::LVZ_ver.lsb, 11);
    EXPECT_EQ(cfg::LVZ_ver.width, 3);
    EXPECT_EQ(cfg::LAM.lsb, 22);
    EXPECT_EQ(cfg::HPTW.lsb, 24);
    EXPECT_EQ(cfg::SCQ.lsb, 30);
    EXPECT_EQ(cfg::SPW_LVL.mask(), 0x700u);
    EXPECT_EQ(cfg::RVAMAX_1.mask(), 0x1E000u);
    EXPECT_EQ(cfg::PMNUM.mask(), 0xF0u);
    EXPECT_EQ(cfg::CC_DIV.mask(), 0xFFFF0000u);
    EXPECT_EQ(cfg::PRID.mask(), 0xFFFFFFFFu);
    EXPECT_EQ(cfg::L3_IU_Index_log2.word, 0x14);
    // Values through get().
    EXPECT_EQ(cfg::ARCH.get(kCpucfgLa464[1]), 2u);               // LA64
    EXPECT_EQ(cfg::PALEN.get(kCpucfgLa464[1]) + 1, 48u);
    EXPECT_EQ(cfg::VALEN.get(kCpucfgLa464[1]) + 1, 48u);
    EXPECT_EQ(cfg::FP_ver.get(kCpucfgLa464[2]), 1u);
    EXPECT_EQ(cfg::LLFTP_ver.get(kCpucfgLa464[2]), 1u);
    EXPECT_EQ(cfg::MSG_INT.get(kCpucfgLa464[1]), 0u);
    EXPECT_EQ(cfg::PALEN.insert(0, 0x2F), 0x2F0u);
    // Lookup by the manual's name.
    EXPECT_EQ(find_cpucfg_field("RVAMAX-1"), &cfg::RVAMAX_1);
    EXPECT_EQ(find_cpucfg_field("L1_IU_Present"), &cfg::L1_IU_Present);
    EXPECT_EQ(find_cpucfg_field("ITLBTHMC"), &cfg::ITLBTHMC);   // the manual's spelling
    EXPECT_EQ(find_cpucfg_field("NOPE"), nullptr);
}

TEST(CpucfgTable, FieldsAreWellFormed) {
    std::set<std::string> names;
    uint32_t seen[la::gen::kCpucfgWords] = {};
    for (const CpucfgField& f : kCpucfgFields) {
        SCOPED_TRACE(f.name);
        EXPECT_TRUE(names.insert(f.name).second);
        ASSERT_LT(f.word, la::gen::kCpucfgWords);
        ASSERT_GE(f.width, 1);
        ASSERT_LE(f.msb(), 31);
        EXPECT_EQ(seen[f.word] & f.mask(), 0u) << "overlap";
        seen[f.word] |= f.mask();
        if (f.width < 32) {
            EXPECT_EQ(f.la464 >> f.width, 0u);
            EXPECT_EQ(f.switch_value >> f.width, 0u);
        }
        EXPECT_EQ(f.get(kCpucfgLa464[f.word]), f.la464);
    }
    // The manual defines words 0-6 and 0x10-0x14, nothing in 7..0xF.
    for (unsigned w = 0; w < la::gen::kCpucfgWords; ++w)
        EXPECT_EQ(seen[w] != 0, w <= 6 || w >= 0x10) << "word " << w;
    // Every bit of word 0, 4, 5 is a field; word 2 has only bits 23 and 31 reserved.
    EXPECT_EQ(seen[0], 0xFFFFFFFFu);
    EXPECT_EQ(seen[2], 0x7F7FFFFFu);
    EXPECT_EQ(seen[4], 0xFFFFFFFFu);
    EXPECT_EQ(seen[5], 0xFFFFFFFFu);
    EXPECT_EQ(seen[1], bits(26, 0));
}

// --- consistency with the CSR table -------------------------------------------------

TEST(CpucfgTable, AddressWidthsMatchCsrFields) {
    const unsigned palen = cfg::PALEN.get(kCpucfgLa464[1]) + 1;
    const unsigned valen = cfg::VALEN.get(kCpucfgLa464[1]) + 1;
    // Manual: PPN is PALEN-1:12 in TLBELO, TLBRELO, TLBRENTRY, MERRENTRY.
    for (Csr c : {Csr::TLBELO0, Csr::TLBELO1, Csr::TLBRELO0, Csr::TLBRENTRY, Csr::MERRENTRY}) {
        EXPECT_EQ(csr_field(c, "PPN").msb + 1u, palen) << csr_desc(c).name;
        EXPECT_EQ(csr_field(c, "PPN").lsb, 12) << csr_desc(c).name;
    }
    // VPPN is VALEN-1:13, Sign_Ext 63:VALEN.
    for (Csr c : {Csr::TLBEHI, Csr::TLBREHI}) {
        EXPECT_EQ(csr_field(c, "VPPN").msb + 1u, valen) << csr_desc(c).name;
        EXPECT_EQ(csr_field(c, "Sign_Ext").lsb, valen) << csr_desc(c).name;
        EXPECT_EQ(csr_field(c, "Sign_Ext").msb, 63) << csr_desc(c).name;
    }
}

TEST(CpucfgTable, TlbGeometryMatchesPrcfg3AndTlbidx) {
    const uint64_t prcfg3 = csr_desc(Csr::PRCFG3).reset;
    const uint64_t ways = csr_field(Csr::PRCFG3, "STLBWays").get(prcfg3) + 1;
    const uint64_t sets = uint64_t{1} << csr_field(Csr::PRCFG3, "STLBSets").get(prcfg3);
    const uint64_t mtlb = csr_field(Csr::PRCFG3, "MTLBEntries").get(prcfg3) + 1;
    EXPECT_EQ(csr_field(Csr::PRCFG3, "TLBType").get(prcfg3), 2u);  // MTLB + STLB
    EXPECT_EQ(ways, 8u);                                             // QEMU la464
    EXPECT_EQ(sets, 256u);
    EXPECT_EQ(mtlb, 64u);
    // TLBIDX.Index is exactly wide enough for every STLB and MTLB entry (manual: at most
    // 16 bits): 2112 entries need 12 bits.
    const unsigned idx_bits = csr_field(Csr::TLBIDX, "Index").msb + 1u;
    EXPECT_EQ(csr_field(Csr::TLBIDX, "Index").lsb, 0);
    const uint64_t entries = ways * sets + mtlb;
    EXPECT_EQ(entries, 2112u);
    EXPECT_LE(entries, uint64_t{1} << idx_bits);
    EXPECT_GT(entries, uint64_t{1} << (idx_bits - 1));
    EXPECT_LE(idx_bits, 16u);
}

TEST(CpucfgTable, FeatureBitsMatchCsrLayout) {
    const uint32_t w1 = kCpucfgLa464[1], w2 = kCpucfgLa464[2];
    // UAL = 1: MISC.ALCL0-3 are RW (manual; with UAL = 0 they would read 1).
    ASSERT_EQ(cfg::UAL.get(w1), 1u);
    EXPECT_EQ(csr_desc(Csr::MISC).writable_mask & bits(15, 12), bits(15, 12));
    // RI / EP / RPLV = 1: the TLBELO NR / NX / RPLV bits exist.
    ASSERT_EQ(cfg::RI.get(w1) & cfg::EP.get(w1) & cfg::RPLV.get(w1), 1u);
    EXPECT_EQ(csr_field(Csr::TLBELO0, "NR").lsb, 61);
    EXPECT_EQ(csr_field(Csr::TLBELO0, "NX").lsb, 62);
    EXPECT_EQ(csr_field(Csr::TLBELO0, "RPLV").lsb, 63);
    // HPTW = 0: PWCH bit 24 (the walker enable of v1.1) is reserved.
    ASSERT_EQ(cfg::HPTW.get(w2), 0u);
    EXPECT_EQ(csr_desc(Csr::PWCH).writable_mask & (uint64_t{1} << 24), 0u);
    // Stable counter: CC_FREQ * CC_MUL / CC_DIV = 100 MHz (QEMU, 3A5000), LLFTP set.
    EXPECT_EQ(cfg::LLFTP.get(w2), 1u);
    EXPECT_EQ(uint64_t{cfg::CC_FREQ.get(kCpucfgLa464[4])} * cfg::CC_MUL.get(kCpucfgLa464[5]) /
                  cfg::CC_DIV.get(kCpucfgLa464[5]),
              100'000'000u);
    // Timer width (PRCFG1.TimerBits + 1) is the 48 bits of TCFG.InitVal/TVAL.TimeVal.
    EXPECT_EQ(csr_field(Csr::PRCFG1, "TimerBits").get(csr_desc(Csr::PRCFG1).reset) + 1, 48u);
    // No PMU advertised (QEMU la464), though PMCFG0-3/PMCNT0-3 exist as storage.
    EXPECT_EQ(cfg::PMP.get(kCpucfgLa464[6]), 0u);
    // The LVZ-only CSR bits belong to the switch that turns CPUCFG2.LVZ on.
    EXPECT_NE(csr_desc(Csr::TLBRPRMD).lvz_mask, 0u);
}

TEST(CpucfgTable, CacheGeometry) {
    auto size = [](uint32_t word, const CpucfgField& way, const CpucfgField& idx, const CpucfgField& line) {
        return (uint64_t{way.get(word)} + 1) << idx.get(word) << line.get(word);
    };
    const auto& w = kCpucfgLa464;
    EXPECT_EQ(size(w[0x11], cfg::L1_IU_Way_1, cfg::L1_IU_Index_log2, cfg::L1_IU_Linesize_log2), 64u << 10);
    EXPECT_EQ(size(w[0x12], cfg::L1_D_Way_1, cfg::L1_D_Index_log2, cfg::L1_D_Linesize_log2), 64u << 10);
    EXPECT_EQ(size(w[0x13], cfg::L2_IU_Way_1, cfg::L2_IU_Index_log2, cfg::L2_IU_Linesize_log2), 256u << 10);
    EXPECT_EQ(size(w[0x14], cfg::L3_IU_Way_1, cfg::L3_IU_Index_log2, cfg::L3_IU_Linesize_log2), 16u << 20);
    // Word 0x10 describes the caches 0x11-0x14 describe: L1 I, L1 D, unified L2, L3.
    EXPECT_EQ(cfg::L1_IU_Present.get(w[0x10]), 1u);
    EXPECT_EQ(cfg::L1_D_Present.get(w[0x10]), 1u);
    EXPECT_EQ(cfg::L2_IU_Unify.get(w[0x10]), 1u);
    EXPECT_EQ(cfg::L3_IU_Inclusive.get(w[0x10]), 1u);
    EXPECT_EQ(cfg::L2_D_Present.get(w[0x10]), 0u);
}

// --- extensions ----------------------------------------------------------------------------

TEST(CpucfgTable, ExtensionFields) {
    struct Want {
        const char* ext;
        uint8_t word, lsb, width;
    };
    // Manual CPUCFG table; the same word/bit pairs src/cpu/interp.cpp hand-wrote, plus lbt
    // (any of LBT_X86/ARM/MIPS, bits 20:18).
    const Want want[] = {
        {"crc", 1, 25, 1},     {"fp_sp", 2, 1, 1},   {"fp_dp", 2, 2, 1},       {"lsx", 2, 6, 1},
        {"lasx", 2, 7, 1},     {"lvz", 2, 10, 1},    {"lbt", 2, 18, 3},        {"lam", 2, 22, 1},
        {"frecipe", 2, 25, 1}, {"lam_bh", 2, 27, 1}, {"lamcas", 2, 28, 1},     {"llacq_screl", 2, 29, 1},
        {"scq", 2, 30, 1},
    };
    EXPECT_EQ(kCpucfgExts.size(), std::size(want));
    for (const Want& x : want) {
        SCOPED_TRACE(x.ext);
        const la::gen::CpucfgExt* e = find_cpucfg_ext(x.ext);
        ASSERT_NE(e, nullptr);
        EXPECT_EQ(e->word, x.word);
        EXPECT_EQ(e->lsb, x.lsb);
        EXPECT_EQ(e->width, x.width);
    }
    EXPECT_EQ(find_cpucfg_ext("base"), nullptr);  // always present, never gated
    EXPECT_EQ(find_cpucfg_ext("fp"), nullptr);
}

TEST(CpucfgTable, ExtensionsPresentOnLa464) {
    std::set<std::string> present, present_lvz;
    for (const auto& e : kCpucfgExts) {
        if (e.present(kCpucfgLa464.data())) present.insert(std::string(e.ext));
        if (e.present(kCpucfgLa464Lvz.data())) present_lvz.insert(std::string(e.ext));
    }
    // The user ISA lvzemu executes today: CRC, scalar FP, AM* atomics.
    EXPECT_EQ(present, (std::set<std::string>{"crc", "fp_dp", "fp_sp", "lam"}));
    EXPECT_EQ(present_lvz, (std::set<std::string>{"crc", "fp_dp", "fp_sp", "lam", "lvz"}));
    // lbt is present iff any of its three bits is set.
    uint32_t words[la::gen::kCpucfgWords] = {};
    const auto* lbt = find_cpucfg_ext("lbt");
    EXPECT_FALSE(lbt->present(words));
    words[2] = cfg::LBT_MIPS.insert(0, 1);
    EXPECT_TRUE(lbt->present(words));
}

}  // namespace
