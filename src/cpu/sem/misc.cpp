// SPDX-License-Identifier: Apache-2.0
// CRC, bound assertions, stable-counter reads, CPUCFG and barriers (manual Vol. 1 §2.2.8,
// §2.2.9, §2.2.10). BREAK and SYSCALL are in system.cpp.
#include <array>

#include "lvzemu/lvz/lvz.h"
#include "sem/int_util.h"

namespace la::sem {

namespace {

// CRC-32, LSB first (§2.2.9 and the CRC32 pseudocode in Appendix A): the old checksum is
// GR[rk][31:0], the message GR[rj]'s low 1/2/4/8 bytes, and there is no pre- or
// post-inversion (the instruction is one step of a running checksum). A byte-at-a-time
// table gives the same result as the manual's bit-at-a-time loop.
constexpr uint32_t kCrc32Poly = 0xEDB88320u;   // IEEE 802.3, reflected
constexpr uint32_t kCrc32cPoly = 0x82F63B78u;  // Castagnoli, reflected

constexpr std::array<uint32_t, 256> crc_table(uint32_t poly) {
    std::array<uint32_t, 256> t{};
    for (uint32_t i = 0; i < 256; ++i) {
        uint32_t c = i;
        for (int k = 0; k < 8; ++k) c = (c & 1) ? (c >> 1) ^ poly : c >> 1;
        t[i] = c;
    }
    return t;
}

template <uint32_t Poly, unsigned Size>
ExecResult crc(HartState& h, const fields::F_rd_rj_rk& f) {
    static constexpr std::array<uint32_t, 256> kTable = crc_table(Poly);
    auto c = static_cast<uint32_t>(h.gpr[f.rk]);
    uint64_t msg = h.gpr[f.rj];
    for (unsigned i = 0; i < Size; ++i, msg >>= 8) c = kTable[(c ^ msg) & 0xff] ^ (c >> 8);
    set_gpr(h, f.rd, sext32(c));
    return ExecResult::Next;
}

// RDTIME* (§2.2.10.4): rd gets the stable counter plus CSR.CNTC, the software
// compensation added to every readout (§7.6.4; QEMU ignores CNTC), and rj the counter ID
// (CSR.TID, §7.6.1). At PLV1..3, MISC.DRDTL<PLV> = 1 disables the instruction: IPE (§7.4.4).
enum class TimePart : uint8_t { Low, High, All };

template <TimePart P>
ExecResult rdtime(HartState& h, const fields::F_rd_rj& f) {
    constexpr unsigned kDrdtl1 = csr_field_lsb(gen::Csr::MISC, "DRDTL1");
    const unsigned plv = cur_plv(h);
    if (plv != 0 && ((csr_val(h, gen::Csr::MISC) >> (kDrdtl1 - 1 + plv)) & 1) != 0)
        return trap(h, Ecode::IPE);
    // LVZ guest: + GCNTC, the root's compensation, then the guest's own CNTC (lvz.md §2.5,
    // §9.16: decision in docs/lvz.md).
    const uint64_t t = stable_counter(h) + csr_val(h, gen::Csr::CNTC) + (h.vm ? csr_val(h, gen::Csr::GCNTC) : 0);
    set_gpr(h, f.rd, P == TimePart::Low ? sext32(t) : P == TimePart::High ? sext32(t >> 32) : t);
    set_gpr(h, f.rj, csr_val(h, gen::Csr::TID));
    return ExecResult::Next;
}

}  // namespace

LA_SEM(crc_w_b_w) { return crc<kCrc32Poly, 1>(h, f); }
LA_SEM(crc_w_h_w) { return crc<kCrc32Poly, 2>(h, f); }
LA_SEM(crc_w_w_w) { return crc<kCrc32Poly, 4>(h, f); }
LA_SEM(crc_w_d_w) { return crc<kCrc32Poly, 8>(h, f); }
LA_SEM(crcc_w_b_w) { return crc<kCrc32cPoly, 1>(h, f); }
LA_SEM(crcc_w_h_w) { return crc<kCrc32cPoly, 2>(h, f); }
LA_SEM(crcc_w_w_w) { return crc<kCrc32cPoly, 4>(h, f); }
LA_SEM(crcc_w_d_w) { return crc<kCrc32cPoly, 8>(h, f); }

// BADV = PC on BCE, as for the bound-checked accesses (mem.cpp has the source).
LA_SEM(asrtle_d) {
    return bound_le(h.gpr[f.rj], h.gpr[f.rk]) ? ExecResult::Next
                                              : trap_badv(h, Ecode::BCE, h.pc);
}
LA_SEM(asrtgt_d) {
    return bound_gt(h.gpr[f.rj], h.gpr[f.rk]) ? ExecResult::Next
                                              : trap_badv(h, Ecode::BCE, h.pc);
}

LA_SEM(rdtimel_w) { return rdtime<TimePart::Low>(h, f); }
LA_SEM(rdtimeh_w) { return rdtime<TimePart::High>(h, f); }
LA_SEM(rdtime_d) { return rdtime<TimePart::All>(h, f); }

// Words the hart does not define read 0; a word is written sign-extended on LA64
// (§2.2.10.5). QEMU zero-extends (target/loongarch/tcg/op_helper.c, helper_cpucfg),
// which differs only for a word with bit 31 set.
// In LVZ guest mode CPUCFG always goes to the root (GSPR), which answers for the guest
// (lvz.md §1, §3.4).
LA_SEM(cpucfg) {
    if (h.vm) return la::lvz::trap_to_root(h, Ecode::GSPR);
    const uint64_t idx = h.gpr[f.rj];
    set_gpr(h, f.rd, idx < std::size(h.cpucfg) ? sext32(h.cpucfg[idx]) : 0);
    return ExecResult::Next;
}

// One hart executes in program order, so every DBAR hint is already satisfied (§2.2.8.1).
// IBAR (§2.2.8.2) ends the translated block (spec attribute ends-block); stores into code
// are caught by MemPort::code_written, so there is nothing left to do here.
LA_SEM(dbar) {
    static_cast<void>(h);
    return ExecResult::Next;
}
LA_SEM(ibar) {
    static_cast<void>(h);
    return ExecResult::Next;
}

}  // namespace la::sem
