// SPDX-License-Identifier: Apache-2.0
// FP compares into the condition flags (manual Vol. 1 §3.2.2, FCMP.cond.{S,D}), FSEL
// (§3.2.4) and the FCC branches BCEQZ/BCNEZ (§3.2.5).
#include "sem/fp_util.h"

namespace la::sem {
namespace {

using fp::F32;
using fp::F64;
using fp::FpEnv;
using fp::Rel;

/// FCMP.cond: `cond` is the 5-bit field (bits 19:15). Bit 0 selects the signalling
/// compare (S*: invalid for any NaN operand) over the quiet one (C*: invalid only for a
/// sNaN). Bits 4:1 say which relations make the result true, as QEMU's
/// get_fcmp_flags (trans_fcmp.c.inc) decodes them: 1 LT, 2 EQ, 4 UN, 8 LT|GT. The
/// undefined cond values never get here (they decode as INE, spec/insns/fp.tbl).
template <class F>
ExecResult fcmp(HartState& h, const fields::F_cd_fj_fk& f, unsigned cond) {
    const auto a = fpr_as<F>(h, f.fj), b = fpr_as<F>(h, f.fk);
    const bool signalling = (cond & 1) != 0;
    const unsigned c = cond >> 1;
    return fp_exec(
        h,
        [&](FpEnv& e) {
            switch (fp::compare<F>(a, b, signalling, e)) {
            case Rel::Less: return (c & 0x9) != 0;
            case Rel::Equal: return (c & 0x2) != 0;
            case Rel::Greater: return (c & 0x8) != 0;
            default: return (c & 0x4) != 0;
            }
        },
        [&](bool r) { h.fcc[f.cd] = r ? 1 : 0; });
}

}  // namespace

// cond 0x00 AF, 0x02 LT, 0x04 EQ, 0x06 LE, 0x08 UN, 0x0A ULT, 0x0C UEQ, 0x0E ULE,
// 0x10 NE, 0x14 OR, 0x18 UNE; +1 = the signalling variant (manual Table "FCMP cond").
LA_SEM(fcmp_caf_s) { return fcmp<F32>(h, f, 0x00); }
LA_SEM(fcmp_saf_s) { return fcmp<F32>(h, f, 0x01); }
LA_SEM(fcmp_clt_s) { return fcmp<F32>(h, f, 0x02); }
LA_SEM(fcmp_slt_s) { return fcmp<F32>(h, f, 0x03); }
LA_SEM(fcmp_ceq_s) { return fcmp<F32>(h, f, 0x04); }
LA_SEM(fcmp_seq_s) { return fcmp<F32>(h, f, 0x05); }
LA_SEM(fcmp_cle_s) { return fcmp<F32>(h, f, 0x06); }
LA_SEM(fcmp_sle_s) { return fcmp<F32>(h, f, 0x07); }
LA_SEM(fcmp_cun_s) { return fcmp<F32>(h, f, 0x08); }
LA_SEM(fcmp_sun_s) { return fcmp<F32>(h, f, 0x09); }
LA_SEM(fcmp_cult_s) { return fcmp<F32>(h, f, 0x0a); }
LA_SEM(fcmp_sult_s) { return fcmp<F32>(h, f, 0x0b); }
LA_SEM(fcmp_cueq_s) { return fcmp<F32>(h, f, 0x0c); }
LA_SEM(fcmp_sueq_s) { return fcmp<F32>(h, f, 0x0d); }
LA_SEM(fcmp_cule_s) { return fcmp<F32>(h, f, 0x0e); }
LA_SEM(fcmp_sule_s) { return fcmp<F32>(h, f, 0x0f); }
LA_SEM(fcmp_cne_s) { return fcmp<F32>(h, f, 0x10); }
LA_SEM(fcmp_sne_s) { return fcmp<F32>(h, f, 0x11); }
LA_SEM(fcmp_cor_s) { return fcmp<F32>(h, f, 0x14); }
LA_SEM(fcmp_sor_s) { return fcmp<F32>(h, f, 0x15); }
LA_SEM(fcmp_cune_s) { return fcmp<F32>(h, f, 0x18); }
LA_SEM(fcmp_sune_s) { return fcmp<F32>(h, f, 0x19); }

LA_SEM(fcmp_caf_d) { return fcmp<F64>(h, f, 0x00); }
LA_SEM(fcmp_saf_d) { return fcmp<F64>(h, f, 0x01); }
LA_SEM(fcmp_clt_d) { return fcmp<F64>(h, f, 0x02); }
LA_SEM(fcmp_slt_d) { return fcmp<F64>(h, f, 0x03); }
LA_SEM(fcmp_ceq_d) { return fcmp<F64>(h, f, 0x04); }
LA_SEM(fcmp_seq_d) { return fcmp<F64>(h, f, 0x05); }
LA_SEM(fcmp_cle_d) { return fcmp<F64>(h, f, 0x06); }
LA_SEM(fcmp_sle_d) { return fcmp<F64>(h, f, 0x07); }
LA_SEM(fcmp_cun_d) { return fcmp<F64>(h, f, 0x08); }
LA_SEM(fcmp_sun_d) { return fcmp<F64>(h, f, 0x09); }
LA_SEM(fcmp_cult_d) { return fcmp<F64>(h, f, 0x0a); }
LA_SEM(fcmp_sult_d) { return fcmp<F64>(h, f, 0x0b); }
LA_SEM(fcmp_cueq_d) { return fcmp<F64>(h, f, 0x0c); }
LA_SEM(fcmp_sueq_d) { return fcmp<F64>(h, f, 0x0d); }
LA_SEM(fcmp_cule_d) { return fcmp<F64>(h, f, 0x0e); }
LA_SEM(fcmp_sule_d) { return fcmp<F64>(h, f, 0x0f); }
LA_SEM(fcmp_cne_d) { return fcmp<F64>(h, f, 0x10); }
LA_SEM(fcmp_sne_d) { return fcmp<F64>(h, f, 0x11); }
LA_SEM(fcmp_cor_d) { return fcmp<F64>(h, f, 0x14); }
LA_SEM(fcmp_sor_d) { return fcmp<F64>(h, f, 0x15); }
LA_SEM(fcmp_cune_d) { return fcmp<F64>(h, f, 0x18); }
LA_SEM(fcmp_sune_d) { return fcmp<F64>(h, f, 0x19); }

// FSEL: fd = FCC[ca] ? fk : fj, all 64 bits, no FCSR change (§3.2.4).
LA_SEM(fsel) {
    set_fpr(h, f.fd, h.fcc[f.ca] ? fpr(h, f.fk) : fpr(h, f.fj));
    return ExecResult::Next;
}

// BCEQZ/BCNEZ: branch to PC + offs21 (already scaled by 4) on FCC[cj] == 0 / != 0.
LA_SEM(bceqz) { return h.fcc[f.cj] == 0 ? jump(h, h.pc + static_cast<uint64_t>(f.offs21)) : ExecResult::Next; }
LA_SEM(bcnez) { return h.fcc[f.cj] != 0 ? jump(h, h.pc + static_cast<uint64_t>(f.offs21)) : ExecResult::Next; }

}  // namespace la::sem
