// SPDX-License-Identifier: Apache-2.0
// The PCH-PIC (src/devices/pch_pic.cpp). Offsets and values are written out from QEMU's
// include/hw/intc/loongarch_pic_common.h, hw/intc/loongarch_pch_pic.c and Linux's
// drivers/irqchip/irq-loongson-pch-pic.c, not taken from the class's constants.
#include "lvzemu/devices/pch_pic.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <utility>
#include <vector>

namespace {

using la::dev::PchPic;

using Events = std::vector<std::pair<unsigned, bool>>;  // vector, level

constexpr uint64_t kId = 0x00, kMask = 0x20, kHtmsiEn = 0x40, kEdge = 0x60, kClear = 0x80,
                   kAuto0 = 0xc0, kAuto1 = 0xe0, kRoute = 0x100, kHtvec = 0x200, kStatus = 0x3a0,
                   kPol = 0x3e0;

struct Rig {
    explicit Rig(unsigned inputs = 32) : p(inputs) {
        p.set_output_handler([this](unsigned v, bool l) { events.emplace_back(v, l); });
    }
    Events take() { return std::exchange(events, {}); }
    uint64_t rd(uint64_t off, unsigned size = 4) {
        uint64_t v = 0xdead;
        EXPECT_TRUE(p.read(off, size, v)) << std::hex << off;
        return v;
    }
    void wr(uint64_t off, uint64_t v, unsigned size = 4) {
        EXPECT_TRUE(p.write(off, size, v)) << std::hex << off;
    }
    // Linux: pch_pic_unmask_irq = write CLR bit, then clear the MASK bit (read-modify-write).
    void linux_unmask(unsigned bit) {
        wr(kClear + bit / 32 * 4, 1u << (bit % 32));
        wr(kMask + bit / 32 * 4, rd(kMask + bit / 32 * 4) & ~(1u << (bit % 32)));
    }
    void linux_mask(unsigned bit) { wr(kMask + bit / 32 * 4, rd(kMask + bit / 32 * 4) | (1u << (bit % 32))); }
    PchPic p;
    Events events;
};

TEST(PchPicLayout, QemuVirtPlacementAndIrqNumbers) {
    EXPECT_EQ(PchPic::kBase, 0x10000000u);  // VIRT_PCH_REG_BASE
    EXPECT_EQ(PchPic::kSize, 0x400u);       // VIRT_PCH_REG_SIZE
    EXPECT_EQ(PchPic::kUartIrq, 2u);        // VIRT_UART_IRQ - VIRT_GSI_BASE
    EXPECT_EQ(PchPic::kRtcIrq, 3u);         // VIRT_RTC_IRQ - VIRT_GSI_BASE (QEMU 7.2..9.x)
    EXPECT_EQ(PchPic::kRtcIrqFourUarts, 6u);
    EXPECT_EQ(PchPic().inputs(), 32u);      // VIRT_PCH_PIC_IRQ_NUM
}

TEST(PchPicReset, RegistersReadQemusResetValues) {
    Rig r;
    // INT_ID: id 7 in byte 3, version 1 in byte 4, inputs - 1 in byte 6.
    EXPECT_EQ(r.rd(kId, 8), 0x001f000107000000ull);
    EXPECT_EQ(r.rd(kId), 0x07000000u);
    EXPECT_EQ(r.rd(kId + 4), 0x001f0001u);
    EXPECT_EQ(r.rd(kId + 3, 1), 0x07u);
    EXPECT_EQ((r.rd(kId, 8) >> 48 & 0xff) + 1, 32u);  // what Linux computes
    EXPECT_EQ(r.rd(kMask, 8), ~uint64_t{0});
    EXPECT_EQ(r.rd(kHtmsiEn, 8), 0u);
    EXPECT_EQ(r.rd(kEdge, 8), 0u);
    EXPECT_EQ(r.rd(kClear, 8), 0u);
    EXPECT_EQ(r.rd(kAuto0, 8), 0u);
    EXPECT_EQ(r.rd(kAuto1, 8), 0u);
    EXPECT_EQ(r.rd(kStatus, 8), 0u);
    EXPECT_EQ(r.rd(kPol, 8), 0u);
    for (unsigned i = 0; i < 64; ++i) {
        EXPECT_EQ(r.rd(kRoute + i, 1), 1u) << i;
        EXPECT_EQ(r.rd(kHtvec + i, 1), 0u) << i;
    }
    EXPECT_EQ(r.rd(kRoute, 8), 0x0101010101010101ull);
    EXPECT_EQ(r.rd(kRoute + 0x38, 8), 0x0101010101010101ull);
    EXPECT_EQ(r.rd(0x140, 8), 0u);  // past the route entries
    EXPECT_EQ(Rig(64).rd(kId + 4), 0x003f0001u);
    EXPECT_EQ(Rig(100).p.inputs(), 64u);
}

TEST(PchPicAccess, ByteLanesAlignmentAndUnknownRegisters) {
    Rig r;
    uint64_t v = 0;
    EXPECT_FALSE(r.p.read(kMask + 1, 2, v));
    EXPECT_FALSE(r.p.read(kMask + 2, 4, v));
    EXPECT_FALSE(r.p.write(kMask + 4, 8, 0));
    EXPECT_FALSE(r.p.read(kMask, 3, v));
    EXPECT_FALSE(r.p.read(0x400, 1, v));
    EXPECT_FALSE(r.p.read(0x3fc, 8, v));
    EXPECT_EQ(r.rd(kMask, 8), ~uint64_t{0});

    r.wr(kHtvec + 2, 0x05, 1);  // writeb, as Linux sets a vector
    EXPECT_EQ(r.rd(kHtvec, 8), 0x0000000000050000ull);
    EXPECT_EQ(r.rd(kHtvec + 2, 2), 0x0005u);
    EXPECT_EQ(r.p.htmsi_vector(2), 5u);
    r.wr(kHtvec + 0x38, 0x8877665544332211ull, 8);
    EXPECT_EQ(r.p.htmsi_vector(63), 0x88u);
    EXPECT_EQ(r.rd(kHtvec + 0x3c), 0x88776655u);
    r.wr(kRoute + 8, 0x0200, 2);  // bytes 8 and 9
    EXPECT_EQ(r.p.route_entry(8), 0u);
    EXPECT_EQ(r.p.route_entry(9), 2u);
    r.wr(kMask + 6, 0x1234, 2);
    EXPECT_EQ(r.rd(kMask, 8), 0x1234ffffffffffffull);
    r.wr(kPol + 4, 0xa5a5a5a5);
    EXPECT_EQ(r.rd(kPol, 8), 0xa5a5a5a500000000ull);
    r.wr(kHtmsiEn, 0xffffffff);
    EXPECT_EQ(r.rd(kHtmsiEn, 8), 0xffffffffull);
    // AUTO_CTRL, INT_ID, INT_STATUS writes are discarded; unknown offsets read 0.
    r.wr(kAuto0, 0xffffffff);
    r.wr(kAuto1 + 4, 0xffffffff);
    r.wr(kId, 0);
    r.wr(kStatus, 0xffffffff);
    EXPECT_EQ(r.rd(kAuto0), 0u);
    EXPECT_EQ(r.rd(kId), 0x07000000u);
    EXPECT_EQ(r.rd(kStatus), 0u);
    r.wr(0x2ff, 0x12, 1);  // Linux 6.12's reset writes HTVEC(255) here
    EXPECT_EQ(r.rd(0x2f8, 8), 0u);
    EXPECT_EQ(r.rd(0x380, 8), 0u);
    EXPECT_TRUE(r.take().empty());
}

TEST(PchPicMask, MaskedInputIsHeldUntilUnmasked) {
    Rig r;
    r.wr(kHtvec + 2, 7, 1);
    r.p.set_irq(2, true);  // masked at reset
    EXPECT_TRUE(r.take().empty());
    EXPECT_EQ(r.p.request(), 1u << 2);
    EXPECT_EQ(r.rd(kStatus), 0u);
    r.linux_unmask(2);
    EXPECT_EQ(r.take(), (Events{{7, true}}));
    EXPECT_EQ(r.rd(kStatus), 1u << 2);
    EXPECT_EQ(r.rd(kMask), 0xfffffffbu);
    // Level: lowering the input lowers the vector.
    r.p.set_irq(2, false);
    EXPECT_EQ(r.take(), (Events{{7, false}}));
    EXPECT_EQ(r.rd(kStatus), 0u);
}

TEST(PchPicLevel, MaskingAHighInputKeepsItAndUnmaskResends) {
    Rig r;
    r.wr(kHtvec + 4, 9, 1);
    r.linux_unmask(4);
    r.p.set_irq(4, true);
    EXPECT_EQ(r.take(), (Events{{9, true}}));
    // handle_level_irq: mask, handler, unmask. The device still asserts the line.
    r.linux_mask(4);
    EXPECT_TRUE(r.take().empty());        // masking does not lower a requested input
    EXPECT_EQ(r.rd(kStatus), 0u);         // status hides masked inputs
    EXPECT_EQ(r.p.in_service(), 1u << 4);
    r.linux_unmask(4);                    // CLEAR does nothing to a level input
    EXPECT_EQ(r.take(), (Events{{9, true}}));  // re-sent: the EIOINTC raises it again
    EXPECT_EQ(r.p.request(), 1u << 4);
    // A level input that goes low while masked is lowered at once.
    r.linux_mask(4);
    r.p.set_irq(4, false);
    EXPECT_EQ(r.take(), (Events{{9, false}}));
    r.linux_unmask(4);
    EXPECT_TRUE(r.take().empty());
}

TEST(PchPicEdge, RisingEdgeLatchesUntilClear) {
    Rig r;
    r.wr(kHtvec + 5, 3, 1);
    r.wr(kEdge, 1u << 5);
    r.linux_unmask(5);
    r.p.set_irq(5, true);
    EXPECT_EQ(r.take(), (Events{{3, true}}));
    r.p.set_irq(5, false);  // falling edge: still pending
    EXPECT_TRUE(r.take().empty());
    EXPECT_EQ(r.p.request(), 1u << 5);
    EXPECT_EQ(r.rd(kStatus), 1u << 5);
    // pch_pic_ack_irq: EDGE has the bit, so write CLR.
    r.wr(kClear, 1u << 5);
    EXPECT_EQ(r.take(), (Events{{3, false}}));
    EXPECT_EQ(r.p.request(), 0u);
    EXPECT_EQ(r.rd(kStatus), 0u);
    // A new rising edge latches again; a second "high" without a low does not.
    r.p.set_irq(5, true);
    EXPECT_EQ(r.take(), (Events{{3, true}}));
    r.wr(kClear, 1u << 5);
    EXPECT_EQ(r.take(), (Events{{3, false}}));
    r.p.set_irq(5, true);  // still high: no new edge
    EXPECT_TRUE(r.take().empty());
    EXPECT_EQ(r.p.request(), 0u);
}

TEST(PchPicEdge, ClearOnlyTouchesEdgeInputs) {
    Rig r;
    r.wr(kHtvec + 1, 1, 1);
    r.wr(kHtvec + 6, 6, 1);
    r.wr(kEdge, 1u << 6);
    r.wr(kMask, 0);
    r.p.set_irq(1, true);  // level
    r.p.set_irq(6, true);  // edge
    EXPECT_EQ(r.take(), (Events{{1, true}, {6, true}}));
    r.wr(kClear, (1u << 1) | (1u << 6));
    EXPECT_EQ(r.take(), (Events{{6, false}}));
    EXPECT_EQ(r.rd(kStatus), 1u << 1);
    EXPECT_EQ(r.p.request(), 1u << 1);
}

TEST(PchPicMask, UnmaskingSeveralPendingInputsDeliversAll) {
    Rig r;
    for (unsigned i = 0; i < 32; ++i) r.wr(kHtvec + i, i, 1);
    r.p.set_irq(3, true);
    r.p.set_irq(10, true);
    r.p.set_irq(31, true);
    EXPECT_TRUE(r.take().empty());
    r.wr(kMask, 0, 8);
    EXPECT_EQ(r.take(), (Events{{3, true}, {10, true}, {31, true}}));
    EXPECT_EQ(r.rd(kStatus), 0x80000408u);
}

TEST(PchPicOutput, VectorsOutsideTheWiredOutputsAreDropped) {
    Rig r;  // 32 outputs wired, as QEMU virt
    r.wr(kHtvec + 0, 31, 1);
    r.wr(kHtvec + 1, 32, 1);
    r.wr(kHtvec + 2, 255, 1);
    r.wr(kMask, 0);
    r.p.set_irq(0, true);
    r.p.set_irq(1, true);
    r.p.set_irq(2, true);
    EXPECT_EQ(r.take(), (Events{{31, true}}));
    EXPECT_EQ(r.rd(kStatus), 0x7u);  // still in service inside the PIC
    // Inputs past inputs() are ignored.
    r.p.set_irq(32, true);
    r.p.set_irq(64, true);
    r.p.set_irq(~0u, true);
    EXPECT_EQ(r.p.request(), 0x7u);
    // Two inputs sharing a vector: QEMU forwards each edge of each input.
    r.wr(kHtvec + 3, 31, 1);
    r.p.set_irq(3, true);
    r.p.set_irq(3, false);
    EXPECT_EQ(r.take(), (Events{{31, true}, {31, false}}));
}

TEST(PchPicReset, ResetLowersInServiceVectors) {
    Rig r;
    r.wr(kHtvec + 2, 4, 1);
    r.wr(kMask, 0);
    r.p.set_irq(2, true);
    r.take();
    r.p.reset();
    EXPECT_EQ(r.take(), (Events{{4, false}}));
    EXPECT_EQ(r.rd(kMask, 8), ~uint64_t{0});
    EXPECT_EQ(r.rd(kHtvec + 2, 1), 0u);
    EXPECT_EQ(r.p.request(), 0u);
}

TEST(PchPicRobustness, RandomTrafficNeverCrashes) {
    PchPic p(32);
    unsigned outputs = 0;
    p.set_output_handler([&](unsigned v, bool) {
        ASSERT_LT(v, 32u);
        ++outputs;
    });
    std::mt19937_64 rng(7);
    const unsigned sizes[] = {1, 2, 3, 4, 8, 16, 0};
    for (int i = 0; i < 100000; ++i) {
        const uint64_t off = (rng() % 2) ? rng() % 0x400 : rng();
        const unsigned size = sizes[rng() % 7];
        uint64_t v = rng();
        switch (rng() % 3) {
            case 0: p.read(off, size, v); break;
            case 1: p.write(off, size, v & ((rng() & 1) ? ~0ull : 0x1f1f1f1f1f1f1f1full)); break;
            default: p.set_irq(static_cast<unsigned>(rng() % 80), rng() & 1); break;
        }
    }
    EXPECT_GT(outputs, 0u);
}

}  // namespace
