// SPDX-License-Identifier: Apache-2.0
// Decoder unit tests: generated encoders and decoder agree, overlaps resolve to the
// specific entry, and operand extraction matches the manual's formats.
#include <gtest/gtest.h>

#include <random>

#include "lvzemu/decoder/decoder.h"
#include "lvzemu/decoder/disasm.h"
#include "lvzemu/gen/encode.h"
#include "lvzemu/gen/fields.h"

namespace {

using la::decoder::decode;
using la::decoder::info;
using la::decoder::Opcode;

// Every entry, filled with random operands, decodes to itself or to an entry that is a
// special case of it (csrrd/csrwr inside csrxchg): the decoded entry's fixed bits are a
// superset of this one's and agree with them.
TEST(Decoder, EveryEntryRoundTrips) {
    std::mt19937 rng(1);
    for (unsigned op = 1; op < la::decoder::kNumOpcodes; ++op) {
        const auto& inf = info(static_cast<Opcode>(op));
        for (int i = 0; i < 200; ++i) {
            const uint32_t w = inf.match | (rng() & ~inf.mask);
            const Opcode got = decode(w);
            ASSERT_NE(got, Opcode::invalid) << inf.name << std::hex << " 0x" << w;
            if (static_cast<unsigned>(got) == op) continue;
            const auto& g = info(got);
            EXPECT_EQ(g.mask & inf.mask, inf.mask) << inf.name << " decoded as " << g.name;
            EXPECT_EQ(g.match & inf.mask, inf.match) << inf.name << " decoded as " << g.name;
        }
    }
}

TEST(Decoder, CsrFormsSelectedByRj) {
    EXPECT_EQ(decode(la::enc::csrrd(4, 0x5)), Opcode::csrrd);
    EXPECT_EQ(decode(la::enc::csrwr(4, 0x5)), Opcode::csrwr);
    EXPECT_EQ(decode(la::enc::csrxchg(4, 2, 0x5)), Opcode::csrxchg);
    EXPECT_EQ(decode(la::enc::csrxchg(4, 0, 0x5)), Opcode::csrrd);
    EXPECT_EQ(decode(la::enc::csrxchg(4, 1, 0x5)), Opcode::csrwr);
    // lvz.md §7, binutils test vectors.
    EXPECT_EQ(la::enc::gcsrrd(0, 1), 0x05000400u);
    EXPECT_EQ(la::enc::gcsrwr(0, 1), 0x05000420u);
    EXPECT_EQ(la::enc::gcsrxchg(3, 4, 1), 0x05000483u);
    EXPECT_EQ(decode(0x05000483u), Opcode::gcsrxchg);
    EXPECT_EQ(la::enc::hvcl(1), 0x002b8001u);
}

TEST(Decoder, KnownWords) {
    EXPECT_EQ(decode(0x00000000u), Opcode::invalid);  // all-zero word is INE
    EXPECT_EQ(decode(0x03400000u), Opcode::andi);     // canonical nop
    EXPECT_EQ(decode(0x06493000u), Opcode::invalid);  // provisional entry dropped
    EXPECT_EQ(decode(0x06498000u), Opcode::invtlb);
    EXPECT_EQ(decode(0x4c000020u), Opcode::jirl);
}

TEST(Fields, BranchOffsetsAreScaledAndSigned) {
    const uint32_t w = la::enc::beq(4, 5, -8);
    EXPECT_EQ(decode(w), Opcode::beq);
    const auto f = la::fields::beq::decode(w);
    EXPECT_EQ(f.rj, 4u);
    EXPECT_EQ(f.rd, 5u);
    EXPECT_EQ(f.offs16, -8);
    const auto b = la::fields::b::decode(la::enc::b(-(1 << 27)));
    EXPECT_EQ(b.offs26, -(1 << 27));  // most negative 26-bit offset, << 2
    const auto bc = la::fields::bceqz::decode(la::enc::bceqz(7, (1 << 22) - 4));
    EXPECT_EQ(bc.cj, 7u);
    EXPECT_EQ(bc.offs21, (1 << 22) - 4);
}

TEST(Fields, ImmediatesFollowTheManual) {
    const auto a = la::fields::alsl_d::decode(la::enc::alsl_d(1, 2, 3, 4));
    EXPECT_EQ(a.sa2, 4u);  // field holds sa2-1 (manual §2.2.1.4)
    EXPECT_EQ(la::enc::alsl_d(1, 2, 3, 1) & 0x18000u, 0u);
    const auto l = la::fields::lu12i_w::decode(la::enc::lu12i_w(4, -1));
    EXPECT_EQ(l.si20, -1);
    const auto o = la::fields::ori::decode(la::enc::ori(4, 4, 4095));
    EXPECT_EQ(o.ui12, 4095u);
    const auto p = la::fields::ldptr_d::decode(la::enc::ldptr_d(4, 5, -32768));
    EXPECT_EQ(p.si14, -32768);
    const auto bs = la::fields::bstrpick_d::decode(la::enc::bstrpick_d(4, 5, 63, 2));
    EXPECT_EQ(bs.msbd, 63u);
    EXPECT_EQ(bs.lsbd, 2u);
}

TEST(Disasm, LlvmStyleText) {
    EXPECT_EQ(la::decoder::disassemble(la::enc::add_d(4, 5, 6)), "add.d\t$a0, $a1, $a2");
    EXPECT_EQ(la::decoder::disassemble(la::enc::or_(4, 5, 0)), "move\t$a0, $a1");
    EXPECT_EQ(la::decoder::disassemble(la::enc::andi(0, 0, 0)), "nop");
    EXPECT_EQ(la::decoder::disassemble(la::enc::jirl(0, 1, 0)), "ret");
    EXPECT_EQ(la::decoder::disassemble(la::enc::jirl(0, 4, 0)), "jr\t$a0");
    EXPECT_EQ(la::decoder::disassemble(la::enc::gcsrrd(4, 5)), "gcsrrd\t$a0, 5");
    EXPECT_EQ(la::decoder::disassemble(0), "<unknown>");
}

TEST(Decoder, FindOpcodeByMnemonic) {
    EXPECT_EQ(la::decoder::find_opcode("gtlbflush"), Opcode::gtlbflush);
    EXPECT_EQ(la::decoder::find_opcode("no.such"), Opcode::invalid);
}

}  // namespace
