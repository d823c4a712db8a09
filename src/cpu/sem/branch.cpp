// SPDX-License-Identifier: Apache-2.0
// Branches and jumps (manual Vol. 1 §2.2.4). Offsets arrive already scaled (<< 2) and
// sign-extended. A misaligned target is not checked here: it raises ADEF at the fetch
// (§2.1.8), with ERA = the target, as on hardware.
#include "sem/int_util.h"

namespace la::sem {

namespace {

ExecResult branch_if(HartState& h, bool taken, int64_t offs) {
    return taken ? jump(h, h.pc + static_cast<uint64_t>(offs)) : ExecResult::Next;
}

constexpr int64_t s64(uint64_t v) { return static_cast<int64_t>(v); }

}  // namespace

// The comparisons are GR[rj] against GR[rd], in that order (§2.2.4.1).
LA_SEM(beq) { return branch_if(h, h.gpr[f.rj] == h.gpr[f.rd], f.offs16); }
LA_SEM(bne) { return branch_if(h, h.gpr[f.rj] != h.gpr[f.rd], f.offs16); }
LA_SEM(blt) { return branch_if(h, s64(h.gpr[f.rj]) < s64(h.gpr[f.rd]), f.offs16); }
LA_SEM(bge) { return branch_if(h, s64(h.gpr[f.rj]) >= s64(h.gpr[f.rd]), f.offs16); }
LA_SEM(bltu) { return branch_if(h, h.gpr[f.rj] < h.gpr[f.rd], f.offs16); }
LA_SEM(bgeu) { return branch_if(h, h.gpr[f.rj] >= h.gpr[f.rd], f.offs16); }
LA_SEM(beqz) { return branch_if(h, h.gpr[f.rj] == 0, f.offs21); }
LA_SEM(bnez) { return branch_if(h, h.gpr[f.rj] != 0, f.offs21); }

LA_SEM(b) { return jump(h, h.pc + static_cast<uint64_t>(f.offs26)); }

// The link register of BL is always r1 (§2.2.4.4).
LA_SEM(bl) {
    set_gpr(h, 1, h.pc + 4);
    return jump(h, h.pc + static_cast<uint64_t>(f.offs26));
}

// The target is computed from rj before rd is written, so `jirl ra, ra, 0` works.
LA_SEM(jirl) {
    const uint64_t target = h.gpr[f.rj] + static_cast<uint64_t>(f.offs16);
    set_gpr(h, f.rd, h.pc + 4);
    return jump(h, target);
}

}  // namespace la::sem
