// SPDX-License-Identifier: Apache-2.0
// Invariants of the generated CSR table (spec/csrs.tbl -> lvzemu/gen/csr_table.h).
//
// The expected numbers and masks below are written out from the references
// (the LoongArch Reference Manual Vol. 1 v1.10 CSR chapter, ../shared/reference/
// la64-privileged.md §3, lvz.md §2-§3, QEMU's la464 model and Linux KVM), not computed from
// the table, so an edit to spec/csrs.tbl that contradicts the references makes these
// tests fail.
#include "lvzemu/gen/csr_table.h"

#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

namespace {

using la::gen::Csr;
using la::gen::CsrAccess;
using la::gen::CsrDesc;
using la::gen::CsrField;
using la::gen::CsrHook;
using la::gen::csr_desc;
using la::gen::find_csr;
using la::gen::find_field;
using la::gen::kCsrTable;

constexpr uint64_t bits(unsigned msb, unsigned lsb) {
    return (~uint64_t{0} >> (63 - msb)) & (~uint64_t{0} << lsb);
}
constexpr uint64_t bit(unsigned n) { return uint64_t{1} << n; }

// The lookup is usable at compile time (the CSR instructions' fast path relies on it).
static_assert(find_csr(0x0) != nullptr);
static_assert(find_csr(0x9) == nullptr);
static_assert(csr_desc(Csr::ESTAT).writable_mask == 0x3);

const CsrField& field_of(Csr c, std::string_view name) {
    const CsrField* f = find_field(csr_desc(c), name);
    EXPECT_NE(f, nullptr) << csr_desc(c).name << "." << name;
    static const CsrField kNone{"<missing>", 0, 0, CsrAccess::R0, false, false};
    return f ? *f : kNone;
}

// --- numbers and names (la64-privileged.md §3, lvz.md §2) ------------------------------

TEST(CsrTable, KnownNumbersMapToManualNames) {
    struct Known {
        uint16_t num;
        const char* name;
    };
    const Known known[] = {
        {0x0, "CRMD"},       {0x1, "PRMD"},      {0x2, "EUEN"},      {0x3, "MISC"},
        {0x4, "ECFG"},       {0x5, "ESTAT"},     {0x6, "ERA"},       {0x7, "BADV"},
        {0x8, "BADI"},       {0xC, "EENTRY"},    {0x10, "TLBIDX"},   {0x11, "TLBEHI"},
        {0x12, "TLBELO0"},   {0x13, "TLBELO1"},  {0x15, "GTLBC"},    {0x16, "TRGP"},
        {0x18, "ASID"},      {0x19, "PGDL"},     {0x1A, "PGDH"},     {0x1B, "PGD"},
        {0x1C, "PWCL"},      {0x1D, "PWCH"},     {0x1E, "STLBPS"},   {0x1F, "RVACFG"},
        {0x20, "CPUID"},     {0x21, "PRCFG1"},   {0x22, "PRCFG2"},   {0x23, "PRCFG3"},
        {0x30, "SAVE0"},     {0x37, "SAVE7"},    {0x40, "TID"},      {0x41, "TCFG"},
        {0x42, "TVAL"},      {0x43, "CNTC"},     {0x44, "TICLR"},    {0x50, "GSTAT"},
        {0x51, "GCFG"},      {0x52, "GINTC"},    {0x53, "GCNTC"},    {0x60, "LLBCTL"},
        {0x80, "IMPCTL1"},   {0x81, "IMPCTL2"},  {0x88, "TLBRENTRY"}, {0x89, "TLBRBADV"},
        {0x8A, "TLBRERA"},   {0x8B, "TLBRSAVE"}, {0x8C, "TLBRELO0"}, {0x8D, "TLBRELO1"},
        {0x8E, "TLBREHI"},   {0x8F, "TLBRPRMD"}, {0x90, "MERRCTL"},  {0x91, "MERRINFO1"},
        {0x92, "MERRINFO2"}, {0x93, "MERRENTRY"}, {0x94, "MERRERA"}, {0x95, "MERRSAVE"},
        {0x98, "CTAG"},      {0x180, "DMW0"},    {0x183, "DMW3"},    {0x200, "PMCFG0"},
        {0x201, "PMCNT0"},   {0x206, "PMCFG3"},  {0x207, "PMCNT3"},  {0x500, "DBG"},
        {0x501, "DERA"},     {0x502, "DSAVE"},
    };
    for (const Known& k : known) {
        const CsrDesc* d = find_csr(k.num);
        ASSERT_NE(d, nullptr) << "CSR 0x" << std::hex << k.num << " missing";
        EXPECT_STREQ(d->name, k.name) << "CSR 0x" << std::hex << k.num;
        EXPECT_EQ(d->num, k.num);
    }
    // The enum carries the same numbers.
    EXPECT_EQ(static_cast<uint16_t>(Csr::CRMD), 0x0);
    EXPECT_EQ(static_cast<uint16_t>(Csr::ESTAT), 0x5);
    EXPECT_EQ(static_cast<uint16_t>(Csr::GSTAT), 0x50);
    EXPECT_EQ(static_cast<uint16_t>(Csr::TLBRENTRY), 0x88);
    EXPECT_EQ(static_cast<uint16_t>(Csr::DMW0), 0x180);
    EXPECT_EQ(static_cast<uint16_t>(Csr::PMCNT2), 0x205);
    EXPECT_EQ(static_cast<uint16_t>(Csr::DSAVE), 0x502);
}

TEST(CsrTable, SaveRegistersAreExactlySaveNum) {
    // Manual "Data Save Register": SAVE0 .. SAVE(SAVENum-1) at 0x30.. exist, no others;
    // la464 (QEMU, 3A5000) has SAVENum = 8 and KVM saves exactly KS0-KS7.
    const uint64_t save_num = find_field(csr_desc(Csr::PRCFG1), "SAVENum")->get(csr_desc(Csr::PRCFG1).reset);
    EXPECT_EQ(save_num, 8u);
    for (uint16_t n = 0; n < 16; ++n) {
        const CsrDesc* d = find_csr(0x30 + n);
        if (n < save_num) {
            ASSERT_NE(d, nullptr) << "SAVE" << n;
            EXPECT_EQ(std::string(d->name), "SAVE" + std::to_string(n));
            EXPECT_EQ(d->writable_mask, ~uint64_t{0});
            EXPECT_TRUE(d->in_guest_bank);
        } else {
            EXPECT_EQ(d, nullptr) << "SAVE" << n << " exists beyond PRCFG1.SAVENum";
        }
    }
}

TEST(CsrTable, UndefinedNumbersAreNull) {
    // Holes in the map, counters/watchpoints the model does not implement, numbers
    // beyond the table and beyond the 14-bit CSR space.
    for (uint16_t n : {0x9, 0xA, 0xB, 0xD, 0x14, 0x17, 0x24, 0x2F, 0x38, 0x3F, 0x45, 0x54, 0x61,
                       0x7F, 0x96, 0x99, 0xC1, 0x100, 0x184, 0x208, 0x209, 0x302, 0x310,
                       0x390, 0x503, 0x3FFF, 0x4000, 0xFFFF}) {
        EXPECT_EQ(find_csr(n), nullptr) << "0x" << std::hex << n;
    }
}

TEST(CsrTable, TableIsSortedUniqueAndIndexed) {
    std::set<std::string> names;
    for (size_t i = 0; i < kCsrTable.size(); ++i) {
        const CsrDesc& d = kCsrTable[i];
        if (i > 0) {
            EXPECT_LT(kCsrTable[i - 1].num, d.num) << d.name;
        }
        EXPECT_TRUE(names.insert(d.name).second) << "duplicate " << d.name;
        EXPECT_EQ(find_csr(d.num), &d) << d.name;
        EXPECT_LE(d.num, 0x3FFF) << d.name;
    }
}

// --- masks against the architectural definitions ---------------------------------------

TEST(CsrTable, WritableMasksMatchReferences) {
    // priv §3: CRMD PLV 1:0, IE 2, DA 3, PG 4, DATF 6:5, DATM 8:7, WE 9 — all RW.
    EXPECT_EQ(csr_desc(Csr::CRMD).writable_mask, bits(9, 0));
    EXPECT_EQ(csr_desc(Csr::PRMD).writable_mask, bits(2, 0) | bit(3));
    EXPECT_EQ(csr_desc(Csr::EUEN).writable_mask, bits(3, 0));
    EXPECT_EQ(csr_desc(Csr::ECFG).writable_mask, bits(12, 0) | bits(18, 16));
    // priv §2: ESTAT — only IS[1:0] is writable.
    EXPECT_EQ(csr_desc(Csr::ESTAT).writable_mask, bits(1, 0));
    EXPECT_EQ(csr_desc(Csr::ESTAT).readonly_mask, bits(12, 2) | bits(30, 16));
    // priv §3: MISC per-level bits (bit 0, 4, 8 reserved; no DWPL3).
    EXPECT_EQ(csr_desc(Csr::MISC).writable_mask, 0x7FEEEull);
    EXPECT_EQ(csr_desc(Csr::EENTRY).writable_mask, bits(63, 12));
    // TLBIDX: Index (12 bits in this model), PS 29:24, NE 31.
    EXPECT_EQ(csr_desc(Csr::TLBIDX).writable_mask, 0xBF000FFFull);
    // TLBELO: V D PLV MAT G, PPN 47:12 (PALEN 48), NR NX RPLV.
    const uint64_t elo = bits(6, 0) | bits(47, 12) | bits(63, 61);
    EXPECT_EQ(csr_desc(Csr::TLBELO0).writable_mask, elo);
    EXPECT_EQ(csr_desc(Csr::TLBELO1).writable_mask, elo);
    EXPECT_EQ(csr_desc(Csr::TLBRELO0).writable_mask, elo);
    EXPECT_EQ(csr_desc(Csr::TLBEHI).writable_mask, bits(47, 13));
    EXPECT_EQ(csr_desc(Csr::TLBREHI).writable_mask, bits(47, 13) | bits(5, 0));
    EXPECT_EQ(csr_desc(Csr::ASID).writable_mask, bits(9, 0));
    EXPECT_EQ(csr_desc(Csr::TLBRERA).writable_mask, bits(63, 2) | bit(0));
    EXPECT_EQ(csr_desc(Csr::DMW0).writable_mask, bits(5, 0) | bits(63, 60));
    EXPECT_EQ(csr_desc(Csr::DMW3).writable_mask, bits(5, 0) | bits(63, 60));
    EXPECT_EQ(csr_desc(Csr::TCFG).writable_mask, bits(47, 0));
    EXPECT_EQ(csr_desc(Csr::PGDL).writable_mask, bits(63, 12));
    // Read-only CSRs (manual R; priv §2: writes ignored, no exception). QEMU marks MISC
    // read-only too; the manual makes it RW (checked above).
    for (Csr c : {Csr::BADI, Csr::PGD, Csr::CPUID, Csr::PRCFG1, Csr::PRCFG2, Csr::PRCFG3,
                  Csr::TVAL, Csr::DBG, Csr::TRGP, Csr::MWPC, Csr::FWPC})
        EXPECT_EQ(csr_desc(c).writable_mask, 0u) << csr_desc(c).name;
    // Manual: EENTRY/PGDL/TLBRENTRY low 12 bits R 0, TLBRERA bit 1 R 0, DMW 59:6 R0,
    // STLBPS.PS is 6 bits (QEMU keeps 5), RVACFG.RBits 4, PWCL all 32 bits, PWCH 23:0,
    // TLBRPRMD PPLV/PIE/PGM/PWE, PMCFG EvCode + PLV0-3 + PMIEn + GMOD.
    EXPECT_EQ(csr_desc(Csr::TLBRENTRY).writable_mask, bits(47, 12));
    EXPECT_EQ(csr_desc(Csr::MERRENTRY).writable_mask, bits(47, 12));
    EXPECT_EQ(csr_desc(Csr::STLBPS).writable_mask, bits(5, 0));
    EXPECT_EQ(csr_desc(Csr::RVACFG).writable_mask, bits(3, 0));
    EXPECT_EQ(csr_desc(Csr::PWCL).writable_mask, bits(31, 0));
    EXPECT_EQ(csr_desc(Csr::PWCH).writable_mask, bits(23, 0));
    EXPECT_EQ(csr_desc(Csr::TLBRPRMD).writable_mask, bits(4, 0));
    EXPECT_EQ(csr_desc(Csr::PMCFG0).writable_mask, bits(9, 0) | bits(22, 16));
    EXPECT_EQ(csr_desc(Csr::PMCFG3).writable_mask, bits(9, 0) | bits(22, 16));
    EXPECT_EQ(csr_desc(Csr::LLBCTL).writable_mask, bit(2));
    EXPECT_EQ(csr_desc(Csr::TID).writable_mask, bits(31, 0));
    EXPECT_EQ(csr_desc(Csr::MWPS).writable_mask, bit(16));  // Skip; Status is empty (Num 0)
    EXPECT_EQ(csr_desc(Csr::MERRCTL).writable_mask, bits(12, 1));
    EXPECT_EQ(csr_desc(Csr::MERRCTL).readonly_mask, bit(0) | bits(23, 16));
    // lvz §2.1: GSTAT PVM and GID writable, VM and GIDBIT read-only.
    EXPECT_EQ(csr_desc(Csr::GSTAT).writable_mask, bit(1) | bits(23, 16));
    EXPECT_EQ(csr_desc(Csr::GSTAT).readonly_mask, bit(0) | bits(9, 4));
    // lvz §2.3: the controls are RW, the "...P" capability bits read-only.
    EXPECT_EQ(csr_desc(Csr::GCFG).writable_mask,
              bits(5, 4) | bit(7) | bit(9) | bit(11) | bit(13) | bit(15) | bits(21, 20) |
                  bits(26, 24));
    EXPECT_EQ(csr_desc(Csr::GINTC).writable_mask, bits(23, 0));
    EXPECT_EQ(csr_desc(Csr::GCNTC).writable_mask, ~uint64_t{0});
}

TEST(CsrTable, WriteOneToClearBits) {
    // priv §2/§8: TICLR.CLR clears the timer interrupt; §12: LLBCTL.WCLLB clears LLBit.
    EXPECT_EQ(csr_desc(Csr::TICLR).w1c_mask, bit(0));
    EXPECT_EQ(csr_desc(Csr::TICLR).writable_mask, 0u);
    EXPECT_EQ(csr_desc(Csr::LLBCTL).w1c_mask, bit(1));
    EXPECT_EQ(csr_desc(Csr::LLBCTL).writable_mask, bit(2));   // KLO
    EXPECT_EQ(csr_desc(Csr::LLBCTL).readonly_mask, bit(0));   // ROLLB
    size_t with_w1c = 0;
    for (const CsrDesc& d : kCsrTable) with_w1c += d.w1c_mask != 0;
    EXPECT_EQ(with_w1c, 2u);
}

TEST(CsrTable, GuestBankRootWritableFields) {
    // lvz §6.1: root may set/clear guest ESTAT bits 0,1,10,11,12 and Ecode/EsubCode.
    EXPECT_EQ(csr_desc(Csr::ESTAT).gcsr_writable_mask,
              bits(1, 0) | bits(12, 10) | bits(21, 16) | bits(30, 22));
    // lvz §6.2 / §3.2: root writes GCSR.TVAL and GCSR.CPUID.
    EXPECT_EQ(csr_desc(Csr::TVAL).gcsr_writable_mask, bits(47, 0));
    EXPECT_EQ(csr_desc(Csr::CPUID).gcsr_writable_mask, bits(8, 0));
    // Linux KVM restores (and injects) the guest BADI with gcsrwr; the CPU cannot write it.
    EXPECT_EQ(csr_desc(Csr::BADI).gcsr_writable_mask, bits(31, 0));
    EXPECT_EQ(csr_desc(Csr::BADI).writable_mask, 0u);
    // Anywhere else the guest copy has the same writable bits as the CPU view.
    for (const CsrDesc& d : kCsrTable) {
        if (d.num == 0x5 || d.num == 0x8 || d.num == 0x20 || d.num == 0x42) continue;
        EXPECT_EQ(d.gcsr_writable_mask, d.writable_mask) << d.name;
    }
}

TEST(CsrTable, FieldsAreConsistentWithMasks) {
    for (const CsrDesc& d : kCsrTable) {
        SCOPED_TRACE(d.name);
        ASSERT_GT(d.num_fields, 0);
        ASSERT_NE(d.fields, nullptr);
        // The access classes never share a bit.
        const uint64_t classes[] = {d.writable_mask, d.readonly_mask, d.w1c_mask,
                                    d.write_only_mask};
        uint64_t all = 0;
        for (uint64_t m : classes) {
            EXPECT_EQ(all & m, 0u);
            all |= m;
        }
        uint64_t seen = 0, from_fields = 0;
        for (uint8_t i = 0; i < d.num_fields; ++i) {
            const CsrField& f = d.fields[i];
            SCOPED_TRACE(f.name);
            ASSERT_LE(f.lsb, f.msb);
            ASSERT_LT(f.msb, d.width);
            const uint64_t m = bits(f.msb, f.lsb);
            EXPECT_EQ(f.mask(), m);
            EXPECT_EQ(seen & m, 0u) << "overlapping fields";
            seen |= m;
            if (i > 0) {
                EXPECT_GT(f.lsb, d.fields[i - 1].msb) << "fields out of order";
            }
            switch (f.access) {
            case CsrAccess::RW: EXPECT_EQ(d.writable_mask & m, m); break;
            case CsrAccess::R: EXPECT_EQ(d.readonly_mask & m, m); break;
            case CsrAccess::W1C: EXPECT_EQ(d.w1c_mask & m, m); break;
            case CsrAccess::W: EXPECT_EQ(d.write_only_mask & m, m); break;
            case CsrAccess::R0: EXPECT_EQ(all & m, 0u); break;
            }
            if (f.access != CsrAccess::R0) from_fields |= m;
            if (f.gcsr_writable) {
                EXPECT_EQ(f.access, CsrAccess::R);
                EXPECT_TRUE(d.in_guest_bank);
            }
        }
        // Every bit of a mask belongs to some field of that class.
        EXPECT_EQ(all, from_fields);
        // 32-bit CSRs define nothing above bit 31 (priv §2: reads sign-extend).
        if (d.width == 32) {
            EXPECT_EQ(seen >> 32, 0u);
        }
        // Reset values only set stored/reported bits.
        EXPECT_EQ(d.reset & ~(d.writable_mask | d.readonly_mask), 0u);
        // LVZ-only bits belong to fields flagged lvz_only, and only base CSRs have them.
        uint64_t lvz = 0;
        for (uint8_t i = 0; i < d.num_fields; ++i)
            if (d.fields[i].lvz_only) lvz |= d.fields[i].mask();
        EXPECT_EQ(d.lvz_mask, lvz);
        if (d.root_only) {
            EXPECT_EQ(d.lvz_mask, 0u);
        }
    }
}

TEST(CsrTable, LvzOnlyFields) {
    // Manual: TLBRPRMD bit 3, MERRCTL bit 5 and PMCFG 22:21 are read-only 0 "if the
    // virtualization extension is not implemented"; nothing else is.
    EXPECT_EQ(csr_desc(Csr::TLBRPRMD).lvz_mask, bit(3));
    EXPECT_EQ(csr_desc(Csr::MERRCTL).lvz_mask, bit(5));
    EXPECT_EQ(csr_desc(Csr::PMCFG0).lvz_mask, bits(22, 21));
    EXPECT_EQ(csr_desc(Csr::PMCFG2).lvz_mask, bits(22, 21));
    size_t with_lvz = 0;
    for (const CsrDesc& d : kCsrTable) with_lvz += d.lvz_mask != 0;
    EXPECT_EQ(with_lvz, 6u);  // TLBRPRMD, MERRCTL, PMCFG0-3
    EXPECT_TRUE(field_of(Csr::TLBRPRMD, "PGM").lvz_only);
    EXPECT_FALSE(field_of(Csr::TLBRPRMD, "PIE").lvz_only);
}

TEST(CsrTable, WidthsFollowTheReferenceMap) {
    for (Csr c : {Csr::CRMD, Csr::ESTAT, Csr::TLBIDX, Csr::ASID, Csr::PWCL, Csr::TID,
                  Csr::TICLR, Csr::LLBCTL, Csr::TLBRPRMD, Csr::PMCFG0, Csr::DBG})
        EXPECT_EQ(csr_desc(c).width, 32) << csr_desc(c).name;
    for (Csr c : {Csr::ERA, Csr::BADV, Csr::EENTRY, Csr::TLBEHI, Csr::TLBELO0, Csr::PGDL,
                  Csr::PRCFG2, Csr::SAVE0, Csr::TCFG, Csr::TVAL, Csr::CNTC, Csr::TLBRERA,
                  Csr::DMW0, Csr::PMCNT0, Csr::GCNTC, Csr::DERA})
        EXPECT_EQ(csr_desc(c).width, 64) << csr_desc(c).name;
}

// --- guest bank and root-only flags (lvz.md §2, §3.2) -----------------------------------

TEST(CsrTable, GuestBankAndRootOnlyFlags) {
    EXPECT_TRUE(csr_desc(Csr::CRMD).in_guest_bank);
    EXPECT_FALSE(csr_desc(Csr::GSTAT).in_guest_bank);
    EXPECT_FALSE(csr_desc(Csr::GCFG).in_guest_bank);
    const std::set<uint16_t> root_only = {0x15, 0x16, 0x50, 0x51, 0x52, 0x53};
    // lvz §3.2 list of hardware guest CSRs.
    std::set<uint16_t> guest = {0x0,  0x1,  0x2,  0x3,  0x4,  0x5,  0x6,  0x7,  0x8,
                                0xC,  0x10, 0x11, 0x12, 0x13, 0x18, 0x19, 0x1A, 0x1B,
                                0x1C, 0x1D, 0x1E, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x40,
                                0x41, 0x42, 0x43, 0x44, 0x60, 0x180, 0x181, 0x182, 0x183};
    for (uint16_t n = 0x30; n <= 0x37; ++n) guest.insert(n);  // SAVE0-7 (KVM KS0-KS7)
    for (uint16_t n = 0x88; n <= 0x8F; ++n) guest.insert(n);
    for (const CsrDesc& d : kCsrTable) {
        EXPECT_EQ(d.root_only, root_only.count(d.num) == 1) << d.name;
        EXPECT_EQ(d.in_guest_bank, guest.count(d.num) == 1) << d.name;
        EXPECT_FALSE(d.root_only && d.in_guest_bank) << d.name;
    }
}

// --- reset values and cross-CSR consistency ---------------------------------------------

TEST(CsrTable, ResetValues) {
    // priv §4.8: direct address mode, PLV0, interrupts off.
    // Manual "Reset": DA 1, everything else of CRMD 0 (QEMU 7.2 sets DATF=DATM=1, 0xa8;
    // QEMU master 0x8).
    EXPECT_EQ(csr_desc(Csr::CRMD).reset, 0x8u);
    for (Csr c : {Csr::PRMD, Csr::EUEN, Csr::MISC, Csr::ECFG, Csr::ESTAT, Csr::RVACFG, Csr::TCFG,
                  Csr::LLBCTL, Csr::TLBRERA, Csr::MERRCTL, Csr::DMW0, Csr::DMW3, Csr::PMCFG0,
                  Csr::DBG})
        EXPECT_EQ(csr_desc(c).reset, 0u) << csr_desc(c).name;
    // QEMU la464 (cpu.c loongarch_la464_initfn) and the 3A5000: PRCFG1 = SAVENum 8,
    // TimerBits 0x2f, VSMax 7; PRCFG3 = TLBType 2, 64 MTLB, 8 ways, 2^8 sets (measured on
    // QEMU 7.2: 0x8073f2); ASID.ASIDBITS 10 (0xa0000, measured).
    EXPECT_EQ(csr_desc(Csr::PRCFG1).reset, 0x72F8u);
    EXPECT_EQ(csr_desc(Csr::PRCFG3).reset, 0x8073F2u);
    EXPECT_EQ(csr_desc(Csr::ASID).reset, 0xA0000u);
    // The ASIDBITS field reports the ASID width (10 bits, priv §3).
    const CsrField& asid = field_of(Csr::ASID, "ASID");
    EXPECT_EQ(field_of(Csr::ASID, "ASIDBITS").get(csr_desc(Csr::ASID).reset), 10u);
    EXPECT_EQ(asid.msb - asid.lsb + 1, 10);
    // lvz §1: GSTAT.GIDBIT = 8 and the GID field can hold 8 bits.
    EXPECT_EQ(field_of(Csr::GSTAT, "GIDBIT").get(csr_desc(Csr::GSTAT).reset), 8u);
    // lvz §1/§2.3: KVM needs MATP_ROOT and GCIP_SECURE.
    EXPECT_NE(csr_desc(Csr::GCFG).reset & bit(1), 0u);
    EXPECT_NE(csr_desc(Csr::GCFG).reset & bit(18), 0u);
    EXPECT_EQ(csr_desc(Csr::PRCFG2).reset, 0x3FFFF000u);
}

TEST(CsrTable, ConfigurationAgreesWithFieldWidths) {
    const uint64_t prcfg1 = csr_desc(Csr::PRCFG1).reset;
    // TimerBits = timer width - 1 (priv §3); TCFG.InitVal is n-1:2, TVAL.TimeVal n-1:0.
    const uint64_t n = field_of(Csr::PRCFG1, "TimerBits").get(prcfg1) + 1;
    EXPECT_EQ(field_of(Csr::TCFG, "InitVal").msb + 1u, n);
    EXPECT_EQ(field_of(Csr::TCFG, "InitVal").lsb, 2);
    EXPECT_EQ(field_of(Csr::TVAL, "TimeVal").msb + 1u, n);
    // SAVENum never exceeds the SAVE CSRs that exist.
    const uint64_t saves = field_of(Csr::PRCFG1, "SAVENum").get(prcfg1);
    EXPECT_GE(saves, 1u);
    for (uint64_t i = 0; i < saves; ++i) EXPECT_NE(find_csr(0x30 + i), nullptr);
    // VSMax covers the 3-bit ECFG.VS.
    EXPECT_EQ(field_of(Csr::PRCFG1, "VSMax").get(prcfg1), 7u);
    // TLBIDX.Index addresses every STLB + MTLB entry of PRCFG3 (priv §5.4).
    const uint64_t prcfg3 = csr_desc(Csr::PRCFG3).reset;
    const uint64_t entries =
        (field_of(Csr::PRCFG3, "STLBWays").get(prcfg3) + 1) *
            (uint64_t{1} << field_of(Csr::PRCFG3, "STLBSets").get(prcfg3)) +
        field_of(Csr::PRCFG3, "MTLBEntries").get(prcfg3) + 1;
    EXPECT_EQ(entries, 2112u);
    const CsrField& index = field_of(Csr::TLBIDX, "Index");
    EXPECT_LE(entries, uint64_t{1} << (index.msb + 1));
    // VPPN and PPN follow VALEN/PALEN = 48; Sign_Ext covers the rest of TLBEHI.
    EXPECT_EQ(field_of(Csr::TLBEHI, "VPPN").msb, 47);
    EXPECT_EQ(field_of(Csr::TLBEHI, "Sign_Ext").mask(), bits(63, 48));
    EXPECT_EQ(field_of(Csr::TLBELO0, "PPN").mask(), field_of(Csr::TLBRENTRY, "PPN").mask());
}

TEST(CsrTable, FieldLookupAndAccessors) {
    const CsrField& plv = field_of(Csr::CRMD, "PLV");
    EXPECT_EQ(plv.msb, 1);
    EXPECT_EQ(plv.lsb, 0);
    EXPECT_EQ(field_of(Csr::CRMD, "DATM").get(0x180), 3u);
    EXPECT_EQ(field_of(Csr::CRMD, "DA").insert(0x3, 1), 0xBu);
    EXPECT_EQ(field_of(Csr::DMW0, "VSEG").insert(0x11, 0x9), 0x9000000000000011ull);
    EXPECT_EQ(find_field(csr_desc(Csr::CRMD), "NOPE"), nullptr);
    EXPECT_EQ(field_of(Csr::ESTAT, "Ecode").mask(), bits(21, 16));
    EXPECT_EQ(field_of(Csr::TICLR, "CLR").access, CsrAccess::W1C);
    // like= copies share the original's field list.
    EXPECT_EQ(csr_desc(Csr::SAVE7).fields, csr_desc(Csr::SAVE0).fields);
}

TEST(CsrTable, SideEffectHooks) {
    auto hook = [](Csr c) -> std::string {
        const char* h = csr_desc(c).hook;
        return h ? h : "";
    };
    EXPECT_EQ(hook(Csr::TICLR), "ticlr");
    EXPECT_EQ(hook(Csr::TCFG), "timer");
    EXPECT_EQ(hook(Csr::TVAL), "timer");
    EXPECT_EQ(hook(Csr::ESTAT), "irq");
    EXPECT_EQ(hook(Csr::ECFG), "irq");
    EXPECT_EQ(hook(Csr::GINTC), "irq");
    EXPECT_EQ(hook(Csr::LLBCTL), "llbit");
    EXPECT_EQ(hook(Csr::ASID), "asid");
    EXPECT_EQ(hook(Csr::CRMD), "mode");
    EXPECT_EQ(hook(Csr::EUEN), "euen");
    EXPECT_EQ(hook(Csr::MISC), "misc");
    EXPECT_EQ(hook(Csr::TLBEHI), "vppn_sext");
    EXPECT_EQ(hook(Csr::TLBREHI), "vppn_sext");
    EXPECT_EQ(hook(Csr::PMCNT1), "pmu");
    EXPECT_EQ(hook(Csr::GCFG), "gcfg");
    // Everything that changes translation: windows, STLB page size, VA width, GID/TGID.
    for (Csr c : {Csr::DMW0, Csr::DMW1, Csr::DMW2, Csr::DMW3, Csr::STLBPS, Csr::RVACFG,
                  Csr::GSTAT, Csr::GTLBC})
        EXPECT_EQ(hook(c), "xlate") << csr_desc(c).name;
    // Plain storage, or read-only with nothing to do on a write.
    for (Csr c : {Csr::SAVE0, Csr::ERA, Csr::PRMD, Csr::BADV, Csr::TLBIDX, Csr::TLBELO0,
                  Csr::PGDL, Csr::PGD, Csr::PWCL, Csr::CPUID, Csr::PRCFG1, Csr::TID, Csr::CNTC,
                  Csr::GCNTC, Csr::DSAVE})
        EXPECT_EQ(hook(c), "") << csr_desc(c).name;
    // The enum ids agree with the names.
    for (const CsrDesc& d : kCsrTable) {
        SCOPED_TRACE(d.name);
        EXPECT_EQ(la::gen::csr_hook_name(d.hook_id), d.hook ? std::string_view(d.hook) : "");
        EXPECT_EQ(d.hook == nullptr, d.hook_id == CsrHook::None);
    }
    static_assert(csr_desc(Csr::TICLR).hook_id == CsrHook::Ticlr);
    static_assert(csr_desc(Csr::TLBEHI).hook_id == CsrHook::VppnSext);
    static_assert(csr_desc(Csr::SAVE3).hook_id == CsrHook::None);
    // Values computed on read: TVAL (the countdown), PGD (PGDL or PGDH), LLBCTL.ROLLB (the
    // LLBit), ESTAT (guest IS[9:2] from GINTC); nothing else.
    std::set<std::string> read_hooked;
    for (const CsrDesc& d : kCsrTable)
        if (d.read_hook != CsrHook::None)
            read_hooked.insert(std::string(d.name) + ":" + std::string(la::gen::csr_hook_name(d.read_hook)));
    EXPECT_EQ(read_hooked, (std::set<std::string>{"ESTAT:irq", "LLBCTL:llbit", "PGD:pgd", "TVAL:timer"}));
    // kCsrHooks lists every name used, write or read; kCsrHookNames is the enum's spelling.
    std::set<std::string> used;
    for (const CsrDesc& d : kCsrTable) {
        if (d.hook) used.insert(d.hook);
        if (d.read_hook != CsrHook::None) used.insert(std::string(la::gen::csr_hook_name(d.read_hook)));
    }
    std::set<std::string> listed(la::gen::kCsrHooks.begin(), la::gen::kCsrHooks.end());
    EXPECT_EQ(used, listed);
    EXPECT_EQ(la::gen::kNumCsrHooks, la::gen::kCsrHooks.size() + 1);
    EXPECT_EQ(la::gen::kCsrHookNames[0], "");
    for (size_t i = 0; i < la::gen::kCsrHooks.size(); ++i)
        EXPECT_EQ(la::gen::kCsrHookNames[i + 1], la::gen::kCsrHooks[i]);
}

}  // namespace
