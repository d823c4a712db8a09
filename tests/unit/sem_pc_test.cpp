// SPDX-License-Identifier: Apache-2.0
// The spec attribute `reads-pc` is complete and exact. The threaded interpreter stores the
// PC into the hart only before instructions that have it (lvzemu/cpu/threaded.h), so a
// semantics function that reads h.pc without it would compute with a stale PC, silently.
// Here every implemented instruction runs on random operands from two harts identical
// except for the PC: those without `reads-pc` must end in identical states (and memory),
// and each with it must show the difference for at least one of its words.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>

#include "lvzemu/decoder/decoder.h"
#include "support/hart_fixture.h"

namespace {

using namespace la::decoder;
using la::cpu::ExecResult;
using la::test::HartFixture;

uint64_t splitmix(uint64_t& s) {
    uint64_t z = (s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

// Registers hold a mix of RAM addresses (so loads, stores and bound checks do something),
// a few common values and arbitrary ones; FP and vector registers, FCCs and FCSR are random. Everything
// the fixture offers is enabled (FP, LSX, LASX, LBT), at PLV0 in DA mode.
// With `few`, every register holds one of four values, so that comparisons go both ways.
void randomize(HartFixture& t, uint64_t seed, bool few) {
    la::cpu::HartState& h = t.h;
    constexpr uint64_t kFew[4] = {0, 1, ~uint64_t{0}, 0x8000};
    for (unsigned r = 1; r < 32; ++r) {
        const uint64_t v = splitmix(seed);
        h.gpr[r] = few ? kFew[v & 3] : (r & 1) ? 0x8000 + (v & 0x7ff8) : (r & 2) ? kFew[v & 3] : v;
    }
    for (auto& v : h.vr)
        for (auto& x : v) x = splitmix(seed);
    for (auto& c : h.fcc) c = splitmix(seed) & 1;
    h.csr[la::cpu::kEUEN] = 0xf;
    for (unsigned i = 0; i < 256; ++i) t.write(0x8000 + 8 * i, 8, splitmix(seed));
}

// The hart's state after one instruction without h.pc (it differs by construction; where
// execution goes is compared on the result) and the port pointer.
std::unique_ptr<la::cpu::HartState> without_pc(const la::cpu::HartState& h) {
    auto c = std::make_unique<la::cpu::HartState>();
    std::memcpy(c.get(), &h, sizeof h);
    c->pc = 0;
    c->mem = nullptr;  // each fixture has its own port
    return c;
}

TEST(SemPc, ReadsPcAttributeMatchesTheSemantics) {
    constexpr uint64_t kPcA = 0x10000, kPcB = 0x23450;
    constexpr unsigned kWords = 32;
    unsigned checked = 0;
    for (unsigned op = 1; op < kNumOpcodes; ++op) {
        if (la::gen::kSemTable[op] == &la::gen::sem_unimplemented) continue;
        const InsnInfo& inf = info(static_cast<Opcode>(op));
        const bool reads_pc = (inf.attrs & kAttrReadsPc) != 0;
        bool differed = false;
        uint64_t seed = 0x5eed0000ull + op;
        for (unsigned k = 0; k < kWords; ++k) {
            const uint32_t word = inf.match | (static_cast<uint32_t>(splitmix(seed)) & ~inf.mask);
            if (static_cast<unsigned>(decode(word)) != op) continue;  // a `within=` special case
            const uint64_t state_seed = splitmix(seed);
            HartFixture a, b;
            randomize(a, state_seed, k % 4 == 3);
            randomize(b, state_seed, k % 4 == 3);
            a.h.pc = kPcA;
            b.h.pc = kPcB;
            const ExecResult ra = a.exec(word), rb = b.exec(word);
            // Where execution continues, relative to the instruction (fall-through) or
            // absolute (a jump whose target does not depend on the PC).
            const bool same_flow = ra == rb && (ra != ExecResult::Next || (a.h.pc - kPcA == b.h.pc - kPcB)) &&
                                   (ra != ExecResult::Jumped || a.h.pc == b.h.pc);
            const bool same = same_flow && std::memcmp(without_pc(a.h).get(), without_pc(b.h).get(),
                                                       sizeof(la::cpu::HartState)) == 0 &&
                              a.ram == b.ram;
            if (!same) differed = true;
            if (!reads_pc) {
                EXPECT_TRUE(same) << inf.name << " (word " << std::hex << word
                                  << ") depends on the PC: give it the spec attribute reads-pc";
                if (!same) break;
            }
        }
        if (reads_pc) EXPECT_TRUE(differed) << inf.name << " has reads-pc but never depends on the PC";
        ++checked;
    }
    EXPECT_GT(checked, 200u);
}

}  // namespace
