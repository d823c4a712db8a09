// SPDX-License-Identifier: Apache-2.0
// CSR numbers, field positions and model parameters the MMU uses, all looked up at compile
// time in the table generated from spec/csrs.tbl (the one home of CSR layouts). Private to
// src/mmu/.
#pragma once

#include <cstdint>

#include "lvzemu/cpu/csr.h"
#include "lvzemu/gen/csr_table.h"

namespace la::mmu::detail {

using la::cpu::csr_field;
using la::cpu::csr_num;
using la::gen::Csr;
using la::gen::CsrField;

// --- CSR numbers ------------------------------------------------------------------------
inline constexpr uint16_t kCrmd = csr_num(Csr::CRMD), kMisc = csr_num(Csr::MISC),
                          kTlbidx = csr_num(Csr::TLBIDX), kTlbehi = csr_num(Csr::TLBEHI),
                          kTlbelo0 = csr_num(Csr::TLBELO0), kTlbelo1 = csr_num(Csr::TLBELO1),
                          kAsid = csr_num(Csr::ASID), kPwcl = csr_num(Csr::PWCL),
                          kPwch = csr_num(Csr::PWCH), kStlbps = csr_num(Csr::STLBPS),
                          kRvacfg = csr_num(Csr::RVACFG), kPrcfg2 = csr_num(Csr::PRCFG2),
                          kTlbrbadv = csr_num(Csr::TLBRBADV), kTlbrera = csr_num(Csr::TLBRERA),
                          kTlbrelo0 = csr_num(Csr::TLBRELO0), kTlbrelo1 = csr_num(Csr::TLBRELO1),
                          kTlbrehi = csr_num(Csr::TLBREHI);
inline constexpr uint16_t kDmw[4] = {csr_num(Csr::DMW0), csr_num(Csr::DMW1), csr_num(Csr::DMW2),
                                     csr_num(Csr::DMW3)};

// --- fields -----------------------------------------------------------------------------
inline constexpr const CsrField& kCrmdPlv = csr_field(Csr::CRMD, "PLV");
inline constexpr const CsrField& kCrmdDa = csr_field(Csr::CRMD, "DA");
inline constexpr const CsrField& kCrmdPg = csr_field(Csr::CRMD, "PG");
inline constexpr const CsrField& kCrmdDatf = csr_field(Csr::CRMD, "DATF");
inline constexpr const CsrField& kCrmdDatm = csr_field(Csr::CRMD, "DATM");

/// MISC.VA32L1..3 (index = PLV; PLV0 has none) and MISC.DWPL0..2 (no DWPL3: PLV3 always
/// checks D), la64-privileged.md §3 notes.
inline constexpr const CsrField* kMiscVa32l[4] = {nullptr, &csr_field(Csr::MISC, "VA32L1"),
                                                  &csr_field(Csr::MISC, "VA32L2"),
                                                  &csr_field(Csr::MISC, "VA32L3")};
inline constexpr const CsrField* kMiscDwpl[4] = {&csr_field(Csr::MISC, "DWPL0"),
                                                 &csr_field(Csr::MISC, "DWPL1"),
                                                 &csr_field(Csr::MISC, "DWPL2"), nullptr};

inline constexpr const CsrField& kTlbidxIndex = csr_field(Csr::TLBIDX, "Index");
inline constexpr const CsrField& kTlbidxPs = csr_field(Csr::TLBIDX, "PS");
inline constexpr const CsrField& kTlbidxNe = csr_field(Csr::TLBIDX, "NE");

inline constexpr const CsrField& kEhiVppn = csr_field(Csr::TLBEHI, "VPPN");
inline constexpr const CsrField& kEhiSignExt = csr_field(Csr::TLBEHI, "Sign_Ext");
inline constexpr const CsrField& kRehiPs = csr_field(Csr::TLBREHI, "PS");
inline constexpr const CsrField& kRehiVppn = csr_field(Csr::TLBREHI, "VPPN");
static_assert(kRehiVppn.lsb == kEhiVppn.lsb && kRehiVppn.msb == kEhiVppn.msb,
              "TLBREHI and TLBEHI share the VPPN layout (manual Vol. 1 §7.5)");

// TLBELO layout; TLBELO1 and TLBRELO0/1 are declared like=TLBELO0 in spec/csrs.tbl.
inline constexpr const CsrField& kLoV = csr_field(Csr::TLBELO0, "V");
inline constexpr const CsrField& kLoD = csr_field(Csr::TLBELO0, "D");
inline constexpr const CsrField& kLoPlv = csr_field(Csr::TLBELO0, "PLV");
inline constexpr const CsrField& kLoMat = csr_field(Csr::TLBELO0, "MAT");
inline constexpr const CsrField& kLoG = csr_field(Csr::TLBELO0, "G");
inline constexpr const CsrField& kLoPpn = csr_field(Csr::TLBELO0, "PPN");
inline constexpr const CsrField& kLoNr = csr_field(Csr::TLBELO0, "NR");
inline constexpr const CsrField& kLoNx = csr_field(Csr::TLBELO0, "NX");
inline constexpr const CsrField& kLoRplv = csr_field(Csr::TLBELO0, "RPLV");
/// Every architectural bit of a TLBELO image (what the TLB can hold; P, W and software
/// bits of a PTE are not among them, manual Vol. 1 §5.4.5).
inline constexpr uint64_t kLoMask = la::gen::csr_desc(Csr::TLBELO0).writable_mask;
static_assert(la::gen::csr_desc(Csr::TLBELO1).writable_mask == kLoMask);
static_assert(la::gen::csr_desc(Csr::TLBRELO0).writable_mask == kLoMask);

inline constexpr const CsrField& kAsidAsid = csr_field(Csr::ASID, "ASID");
inline constexpr const CsrField& kStlbpsPs = csr_field(Csr::STLBPS, "PS");
inline constexpr const CsrField& kRvacfgRbits = csr_field(Csr::RVACFG, "RBits");
inline constexpr const CsrField& kTlbreraIsTlbr = csr_field(Csr::TLBRERA, "IsTLBR");

inline constexpr const CsrField* kDmwPlv[4] = {
    &csr_field(Csr::DMW0, "PLV0"), &csr_field(Csr::DMW0, "PLV1"), &csr_field(Csr::DMW0, "PLV2"),
    &csr_field(Csr::DMW0, "PLV3")};
inline constexpr const CsrField& kDmwMat = csr_field(Csr::DMW0, "MAT");
inline constexpr const CsrField& kDmwVseg = csr_field(Csr::DMW0, "VSEG");

inline constexpr const CsrField& kPwclPtBase = csr_field(Csr::PWCL, "PTbase");
inline constexpr const CsrField& kPwclPtWidth = csr_field(Csr::PWCL, "PTwidth");
inline constexpr const CsrField& kPwclDir1Base = csr_field(Csr::PWCL, "Dir1_base");
inline constexpr const CsrField& kPwclDir1Width = csr_field(Csr::PWCL, "Dir1_width");
inline constexpr const CsrField& kPwclDir2Base = csr_field(Csr::PWCL, "Dir2_base");
inline constexpr const CsrField& kPwclDir2Width = csr_field(Csr::PWCL, "Dir2_width");
inline constexpr const CsrField& kPwclPteWidth = csr_field(Csr::PWCL, "PTEWidth");
inline constexpr const CsrField& kPwchDir3Base = csr_field(Csr::PWCH, "Dir3_base");
inline constexpr const CsrField& kPwchDir3Width = csr_field(Csr::PWCH, "Dir3_width");
inline constexpr const CsrField& kPwchDir4Base = csr_field(Csr::PWCH, "Dir4_base");
inline constexpr const CsrField& kPwchDir4Width = csr_field(Csr::PWCH, "Dir4_width");

// --- model parameters (spec/csrs.tbl header: VALEN = PALEN = 48) ------------------------
/// VALEN: TLBEHI.VPPN is VA[VALEN-1:13] (manual Vol. 1 §7.5.2).
inline constexpr unsigned kValen = kEhiVppn.msb + 1u;
/// PALEN: TLBELO.PPN is PA[PALEN-1:12] (manual Vol. 1 §7.5.3).
inline constexpr unsigned kPalen = kLoPpn.msb + 1u;
inline constexpr uint64_t kVaMask = (uint64_t{1} << kValen) - 1;
inline constexpr uint64_t kPaMask = (uint64_t{1} << kPalen) - 1;
static_assert(kValen == 48 && kPalen == 48, "la464: VALEN = PALEN = 48 (CPUCFG1)");

/// Bits set from `shift` upward; 0 when shift >= 64 (shifts past the width are not UB here).
constexpr uint64_t high_bits(unsigned shift) { return shift >= 64 ? 0 : ~uint64_t{0} << shift; }
/// Bits below `shift`.
constexpr uint64_t low_bits(unsigned shift) { return ~high_bits(shift); }

/// A TLBEHI/TLBREHI image with VPPN taken from `va` and Sign_Ext recomputed, other bits of
/// `old` (TLBREHI.PS) kept (manual Vol. 1 §7.5.2: Sign_Ext reads as VPPN's msb extended).
constexpr uint64_t with_vppn(uint64_t old, uint64_t va) {
    uint64_t v = (old & ~(kEhiVppn.mask() | kEhiSignExt.mask())) | (va & kEhiVppn.mask());
    if ((va >> (kValen - 1)) & 1) v |= kEhiSignExt.mask();
    return v;
}

/// True when the hart is inside the TLB refill handler: the TLB instructions then use the
/// TLBR* CSRs (manual Vol. 1 §7.5.13, TLBRERA.IsTLBR).
inline bool in_refill(const uint64_t* csr) { return kTlbreraIsTlbr.get(csr[kTlbrera]) != 0; }

}  // namespace la::mmu::detail
