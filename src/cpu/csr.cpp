// SPDX-License-Identifier: Apache-2.0
#include "lvzemu/cpu/csr.h"

#include "lvzemu/cpu/mem.h"

namespace la::cpu {

namespace {

// Whether a CSR write changes what the translation cache holds: CRMD's DA, PG, DATF and
// DATM (not PLV: the cache is per PLV; not IE, which kernels toggle constantly), ASID,
// STLBPS and the direct-map windows (manual Vol. 1 §5).
bool changes_translation(uint16_t num, uint64_t old, uint64_t nv) {
    using la::gen::Csr;
    if (num == kCRMD) {
        static constexpr uint64_t kXlate = csr_field(Csr::CRMD, "DA").mask() | csr_field(Csr::CRMD, "PG").mask() |
                                           csr_field(Csr::CRMD, "DATF").mask() | csr_field(Csr::CRMD, "DATM").mask();
        return ((old ^ nv) & kXlate) != 0;
    }
    return old != nv && (num == csr_num(Csr::ASID) || num == csr_num(Csr::STLBPS) ||
                         (num >= csr_num(Csr::DMW0) && num <= csr_num(Csr::DMW3)));
}

}  // namespace

uint64_t csr_read(const HartState& h, uint16_t num) {
    const auto* d = la::gen::find_csr(num);
    if (d == nullptr) return 0;
    uint64_t v = h.csr[num] & ~d->write_only_mask;
    if (num == kLLBCTL) v = kLlbctlRollb.insert(v, h.llbit);  // ROLLB reads the LLBit itself
    if (d->width == 32) v = static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(v)));
    return v;
}

void csr_write(HartState& h, uint16_t num, uint64_t value) {
    const auto* d = la::gen::find_csr(num);
    if (d == nullptr) return;  // undefined CSR: write ignored (la64-privileged.md §2)
    if (d->width == 32) value &= 0xffffffffu;
    const uint64_t old = h.csr[num];
    uint64_t nv = (old & ~d->writable_mask) | (value & d->writable_mask);
    if (num == kLLBCTL && kLlbctlWcllb.get(value)) h.llbit = 0;  // WCLLB: write 1 clears LLBit (§12)
    if (num == kTICLR && kTiclrClr.get(value)) h.csr[kESTAT] &= ~kEstatTi;  // CLR clears TI
    nv &= ~d->w1c_mask;  // W1C fields are actions, they read 0
    h.csr[num] = nv;
    if (changes_translation(num, old, nv)) tlbc_flush(h);
}

void csr_reset(HartState& h) {
    for (const auto& d : la::gen::kCsrTable) h.csr[d.num] = d.reset;
    tlbc_flush(h);  // translations depend on CSRs (CRMD, DMW, ASID, ...)
}

}  // namespace la::cpu
