// SPDX-License-Identifier: Apache-2.0
// Replays cases recorded from qemu-loongarch64 by fp_diff.py through the lvzemu semantics
// (the generated dispatch table, as tests/support/hart_fixture.h runs them) and prints
// every difference as "index field lvzemu qemu". Not built by CMake: fp_diff.py compiles
// it against a build tree (see its --build option).
#include <cinttypes>
#include <cstdio>
#include <vector>

#include "support/hart_fixture.h"

namespace {

struct Case {
    uint32_t word, pad;
    uint64_t fcsr, fcc, fj, fk, fa, fd, rj, rd, rk, scratch;
    uint64_t q_fd, q_fcsr, q_fcc, q_rd, q_sig, q_mem0, q_mem1;
};
static_assert(sizeof(Case) == 144);

constexpr uint64_t kScratch = 0x8000;
constexpr uint64_t kScratchInit[2] = {0x8899aabbccddeeffull, 0x0123456789abcdefull};

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s CASES.bin\n", argv[0]);
        return 2;
    }
    std::FILE* in = std::fopen(argv[1], "rb");
    if (!in) return 2;
    std::vector<Case> cases;
    Case c;
    while (std::fread(&c, sizeof c, 1, in) == 1) cases.push_back(c);
    std::fclose(in);

    unsigned bad = 0;
    la::test::HartFixture t;
    for (size_t i = 0; i < cases.size(); ++i) {
        const Case& k = cases[i];
        auto& h = t.h;
        h.fcsr0 = static_cast<uint32_t>(k.fcsr);
        for (unsigned j = 0; j < 8; ++j) h.fcc[j] = (k.fcc >> j) & 1;
        h.vr[4][0] = k.fd;
        h.vr[5][0] = k.fj;
        h.vr[6][0] = k.fk;
        h.vr[7][0] = k.fa;
        h.gpr[13] = k.rj + (k.scratch ? kScratch : 0);
        h.gpr[14] = k.rd;
        h.gpr[15] = k.rk;
        t.write(kScratch, 8, kScratchInit[0]);
        t.write(kScratch + 8, 8, kScratchInit[1]);
        h.exc = {};
        const auto r = t.exec(k.word);
        uint64_t fcc = 0;
        for (unsigned j = 0; j < 8; ++j) fcc |= uint64_t{h.fcc[j] & 1u} << j;
        const bool trapped = r == la::cpu::ExecResult::Trap;
        // QEMU user mode reports an FPE as SIGFPE (8), BCE as SIGSYS (31), ALE as SIGBUS (7).
        uint64_t sig = 0;
        if (trapped) {
            switch (h.exc.ecode) {
            case la::cpu::Ecode::FPE: sig = 8; break;
            case la::cpu::Ecode::BCE: sig = 31; break;
            case la::cpu::Ecode::ALE: sig = 7; break;
            default: sig = 11; break;
            }
        }
        const struct {
            const char* name;
            uint64_t ours, qemu;
        } cmp[] = {
            {"fd", h.vr[4][0], k.q_fd},     {"fcsr", h.fcsr0, k.q_fcsr},
            {"fcc", fcc, k.q_fcc},          {"rd", h.gpr[14], k.q_rd},
            {"sig", sig, k.q_sig},          {"mem0", t.read(kScratch, 8), k.q_mem0},
            {"mem1", t.read(kScratch + 8, 8), k.q_mem1},
        };
        for (const auto& x : cmp) {
            if (x.ours != x.qemu) {
                std::printf("%zu %s %016" PRIx64 " %016" PRIx64 "\n", i, x.name, x.ours, x.qemu);
                ++bad;
            }
        }
    }
    std::fprintf(stderr, "replay: %zu cases, %u differences\n", cases.size(), bad);
    return bad == 0 ? 0 : 1;
}
