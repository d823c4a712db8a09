// SPDX-License-Identifier: Apache-2.0
// FP moves (manual Vol. 1 §3.2.4): FPR<->FPR, GPR<->FPR (word, doubleword, high word),
// GPR<->FCSR, FPR/GPR<->FCC. None of them is an arithmetic operation: no IEEE exception,
// FCSR0.Cause is left as it is. The bits above a word follow QEMU 7.2
// (target/loongarch/insn_trans/trans_fmov.c.inc); the manual leaves them undefined.
#include "sem/fp_util.h"

namespace la::sem {

LA_SEM(fmov_s) { set_fpr_s(h, f.fd, fpr_s(h, f.fj)); return ExecResult::Next; }  // NaN-boxed as QEMU
LA_SEM(fmov_d) { set_fpr(h, f.fd, fpr(h, f.fj)); return ExecResult::Next; }

// MOVGR2FR.W writes bits 31:0 and keeps 63:32 (QEMU gen_movgr2fr_w deposits);
// MOVGR2FRH.W writes bits 63:32 and keeps 31:0.
LA_SEM(movgr2fr_w) {
    set_fpr(h, f.fd, (fpr(h, f.fd) & 0xffffffff00000000ull) | (h.gpr[f.rj] & 0xffffffffu));
    return ExecResult::Next;
}
LA_SEM(movgr2fr_d) { set_fpr(h, f.fd, h.gpr[f.rj]); return ExecResult::Next; }
LA_SEM(movgr2frh_w) {
    set_fpr(h, f.fd, (fpr(h, f.fd) & 0xffffffffu) | (h.gpr[f.rj] << 32));
    return ExecResult::Next;
}

// MOVFR2GR.S / MOVFRH2GR.S sign-extend the word to the 64-bit GPR (LA64 rule for word
// results, manual §2.2).
LA_SEM(movfr2gr_s) {
    set_gpr(h, f.rd, static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(fpr(h, f.fj)))));
    return ExecResult::Next;
}
LA_SEM(movfr2gr_d) { set_gpr(h, f.rd, fpr(h, f.fj)); return ExecResult::Next; }
LA_SEM(movfrh2gr_s) {
    set_gpr(h, f.rd, static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(fpr(h, f.fj) >> 32))));
    return ExecResult::Next;
}

// MOVGR2FCSR / MOVFCSR2GR (§3.2.4, FCSR views §3.1.3.3): fcsr1..3 are aliases of fields
// of FCSR0; writing one changes only that field. Reserved FCSR0 bits are not stored and
// read 0 (kFcsrViewMask documents QEMU 7.2's different FCSR0 write). Writing FCSR0 so that
// a Cause bit and its Enables bit are both set raises nothing (§3.2.4). For FCSR numbers
// 4..31, which name no register, the manual says the result is undefined: lvzemu ignores
// the write and reads 0 (QEMU indexes its 4-entry mask table out of bounds there).
LA_SEM(movgr2fcsr) {
    if (f.fcsr > 3) return ExecResult::Next;
    const uint32_t m = kFcsrViewMask[f.fcsr];
    h.fcsr0 = (h.fcsr0 & ~m) | (static_cast<uint32_t>(h.gpr[f.rj]) & m);
    return ExecResult::Next;
}
LA_SEM(movfcsr2gr) {
    set_gpr(h, f.rd, f.fcsr > 3 ? 0 : h.fcsr0 & kFcsrViewMask[f.fcsr]);
    return ExecResult::Next;
}

// FCC moves: a condition flag is bit 0 of the source; reading one gives 0 or 1
// zero-extended to 64 bits (movcf2fr writes the whole FPR).
LA_SEM(movfr2cf) { h.fcc[f.cd] = fpr(h, f.fj) & 1; return ExecResult::Next; }
LA_SEM(movcf2fr) { set_fpr(h, f.fd, h.fcc[f.cj] & 1); return ExecResult::Next; }
LA_SEM(movgr2cf) { h.fcc[f.cd] = h.gpr[f.rj] & 1; return ExecResult::Next; }
LA_SEM(movcf2gr) { set_gpr(h, f.rd, h.fcc[f.cj] & 1); return ExecResult::Next; }

}  // namespace la::sem
