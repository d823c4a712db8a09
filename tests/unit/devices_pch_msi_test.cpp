// SPDX-License-Identifier: Apache-2.0
// The PCH-MSI doorbell (src/devices/pch_msi.cpp). Values from QEMU's hw/loongarch/virt.c
// (msi_irq_base = 32, msi_irq_num = 224, doorbell 0x2FF0_0000, 8 bytes) and Linux's
// drivers/irqchip/irq-loongson-pch-msi.c (msg.data = the parent vector).
#include "lvzemu/devices/pch_msi.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <utility>
#include <vector>

namespace {

using la::dev::PchMsi;

using Events = std::vector<std::pair<unsigned, bool>>;

struct Rig {
    explicit Rig(unsigned base = 32, unsigned count = 224) : m(base, count) {
        m.set_output_handler([this](unsigned line, bool l) { events.emplace_back(line, l); });
    }
    Events take() { return std::exchange(events, {}); }
    PchMsi m;
    Events events;
};

TEST(PchMsiLayout, QemuVirtPlacement) {
    EXPECT_EQ(PchMsi::kBase, 0x2ff00000u);
    EXPECT_EQ(PchMsi::kSize, 8u);
    PchMsi m;
    EXPECT_EQ(m.irq_base(), 32u);
    EXPECT_EQ(m.irq_count(), 224u);
}

TEST(PchMsiDoorbell, WriteOfAVectorRaisesThatEiointcLine) {
    Rig r;
    EXPECT_TRUE(r.m.write(0, 4, 0x25));
    EXPECT_EQ(r.take(), (Events{{0x25, true}}));
    EXPECT_TRUE(r.m.write(0, 4, 0xffffff20));  // only the low byte counts
    EXPECT_EQ(r.take(), (Events{{0x20, true}}));
    EXPECT_TRUE(r.m.write(4, 4, 0xff));        // the second word is a doorbell too
    EXPECT_EQ(r.take(), (Events{{0xff, true}}));
    EXPECT_TRUE(r.m.write(3, 1, 0x30));
    EXPECT_TRUE(r.m.write(6, 2, 0x1031));
    EXPECT_EQ(r.take(), (Events{{0x30, true}, {0x31, true}}));
    EXPECT_EQ(r.m.messages(), 5u);
}

TEST(PchMsiDoorbell, VectorsOutsideTheWindowAreIgnored) {
    Rig r;
    EXPECT_TRUE(r.m.write(0, 4, 0x1f));  // a PCH-PIC vector: QEMU would abort
    EXPECT_TRUE(r.m.write(0, 4, 0));
    EXPECT_TRUE(r.take().empty());
    EXPECT_EQ(r.m.messages(), 0u);
    Rig small(200, 100);  // clipped to the 256 EIOINTC lines
    EXPECT_EQ(small.m.irq_count(), 56u);
    EXPECT_TRUE(small.m.write(0, 4, 199));
    EXPECT_TRUE(small.m.write(0, 4, 200));
    EXPECT_EQ(small.take(), (Events{{200, true}}));
    EXPECT_EQ(PchMsi(300, 5).irq_count(), 0u);
}

TEST(PchMsiDoorbell, EightByteWriteIsTwoDoorbells) {
    Rig r;
    EXPECT_TRUE(r.m.write(0, 8, 0x0000002100000040ull));
    EXPECT_EQ(r.take(), (Events{{0x40, true}, {0x21, true}}));
    EXPECT_TRUE(r.m.write(0, 8, 0x41));  // high word 0: outside the window
    EXPECT_EQ(r.take(), (Events{{0x41, true}}));
}

TEST(PchMsiAccess, ReadsZeroAndRefusesBadAccesses) {
    Rig r;
    uint64_t v = 0xdead;
    EXPECT_TRUE(r.m.read(0, 4, v));
    EXPECT_EQ(v, 0u);
    EXPECT_TRUE(r.m.read(0, 8, v));
    EXPECT_EQ(v, 0u);
    EXPECT_FALSE(r.m.read(2, 4, v));
    EXPECT_FALSE(r.m.write(1, 2, 0x40));
    EXPECT_FALSE(r.m.write(0, 3, 0x40));
    EXPECT_FALSE(r.m.write(8, 1, 0x40));
    EXPECT_FALSE(r.m.write(~uint64_t{0}, 1, 0x40));
    EXPECT_TRUE(r.take().empty());
}

TEST(PchMsiWired, WiredInputPassesThroughAtItsLevel) {
    Rig r;
    r.m.set_irq(0, true);
    r.m.set_irq(223, false);
    r.m.set_irq(224, true);  // beyond the window
    EXPECT_EQ(r.take(), (Events{{32, true}, {255, false}}));
}

}  // namespace
