// SPDX-License-Identifier: Apache-2.0
// The EIOINTC (src/devices/eiointc.cpp). Offsets and expected values are written out from
// QEMU's include/hw/intc/loongarch_extioi_common.h / hw/intc/loongarch_extioi.c and Linux's
// drivers/irqchip/irq-loongson-eiointc.c, not taken from the class's constants, so a wrong
// constant in eiointc.h makes these tests fail.
#include "lvzemu/devices/eiointc.h"
#include "lvzemu/devices/iocsr.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <tuple>
#include <utility>
#include <vector>

namespace {

using la::dev::Eiointc;
using la::dev::Iocsr;

using Event = std::tuple<unsigned, unsigned, bool>;  // hart, hwi, level
using Events = std::vector<Event>;

// Offsets relative to IOCSR 0x1400 (QEMU: EXTIOI_*_START - APIC_OFFSET 0x400).
constexpr uint64_t kNodeType = 0xa0, kIpMap = 0xc0, kEnable = 0x200, kBounce = 0x280,
                   kCoreIsr = 0x400, kCoreMap = 0x800;

struct Rig {
    explicit Rig(unsigned harts) : e(harts) {
        e.set_cpu_line_handler([this](unsigned h, unsigned hwi, bool l) { events.emplace_back(h, hwi, l); });
    }
    Events take() { return std::exchange(events, {}); }
    uint64_t rd(unsigned hart, uint64_t off, unsigned size = 4) {
        uint64_t v = 0xdead;
        EXPECT_TRUE(e.read(hart, off, size, v)) << std::hex << off;
        return v;
    }
    void wr(unsigned hart, uint64_t off, uint64_t v, unsigned size = 4) {
        EXPECT_TRUE(e.write(hart, off, size, v)) << std::hex << off;
    }
    Eiointc e;
    Events events;
};

TEST(EiointcLayout, QemuVirtPlacement) {
    EXPECT_EQ(Eiointc::kIocsrBase, 0x1400u);  // APIC_BASE
    EXPECT_EQ(Eiointc::kIocsrSize, 0x900u);   // extioi_system_mem
    EXPECT_EQ(Eiointc::kLines, 256u);
    EXPECT_EQ(Eiointc::kIocsrBase + Eiointc::kCoreIsr, 0x1800u);
    EXPECT_EQ(Eiointc::kIocsrBase + Eiointc::kCoreMap, 0x1c00u);
    EXPECT_EQ(Eiointc::kIocsrBase + Eiointc::kIpMap, 0x14c0u);
    EXPECT_EQ(Eiointc::kIocsrBase + Eiointc::kNodeType, 0x14a0u);
}

TEST(EiointcReset, EverythingZeroAndRoutedToHart0Hwi0) {
    Rig r(2);
    for (uint64_t off = 0; off < 0x900; off += 4) EXPECT_EQ(r.rd(0, off), 0u) << std::hex << off;
    for (unsigned line = 0; line < 256; ++line) {
        EXPECT_EQ(r.e.route_hart(line), 0u);
        EXPECT_EQ(r.e.route_hwi(line), 0u);
        EXPECT_FALSE(r.e.input(line));
    }
    for (unsigned hwi = 0; hwi < 4; ++hwi) EXPECT_FALSE(r.e.cpu_line(0, hwi));
    // Nothing is enabled at reset: an input reaches no core.
    r.e.set_irq(7, true);
    EXPECT_TRUE(r.e.input(7));
    EXPECT_EQ(r.e.core_isr(0, 0), 0u);
    EXPECT_TRUE(r.take().empty());
}

TEST(EiointcAccess, SizesAlignmentAndStorage) {
    Rig r(1);
    uint64_t v = 0;
    EXPECT_FALSE(r.e.read(0, kEnable, 1, v));
    EXPECT_FALSE(r.e.read(0, kEnable, 2, v));
    EXPECT_FALSE(r.e.write(0, kEnable, 2, 0xffff));
    EXPECT_FALSE(r.e.read(0, kEnable + 2, 4, v));   // unaligned
    EXPECT_FALSE(r.e.read(0, kEnable + 4, 8, v));   // unaligned for 8
    EXPECT_FALSE(r.e.read(0, 0x900, 4, v));         // outside the region
    EXPECT_FALSE(r.e.read(0, 0x8fc, 8, v));
    EXPECT_EQ(r.e.enable_word(0), 0u);

    // An 8-byte access is two 32-bit ones, low word first.
    r.wr(0, kNodeType, 0x0000000800000001ull, 8);
    EXPECT_EQ(r.rd(0, kNodeType), 0x1u);
    EXPECT_EQ(r.rd(0, kNodeType + 4), 0x8u);
    EXPECT_EQ(r.rd(0, kNodeType, 8), 0x0000000800000001ull);
    r.wr(0, kBounce + 0x1c, 0x12345678);
    EXPECT_EQ(r.rd(0, kBounce + 0x1c), 0x12345678u);
    r.wr(0, kCoreMap + 0xfc, 0x01010101);
    EXPECT_EQ(r.rd(0, kCoreMap + 0xfc), 0x01010101u);
    // The ISR block at 0x1700 and unassigned offsets read 0 and ignore writes.
    r.wr(0, 0x300, 0xffffffff);
    EXPECT_EQ(r.rd(0, 0x300), 0u);
    EXPECT_EQ(r.rd(0, 0x7f8, 8), 0u);
    EXPECT_EQ(r.rd(0, 0x300, 8), 0u);
    EXPECT_EQ(r.rd(0, 0x8f8, 8), 0x0101010100000000ull);
}

TEST(EiointcRouting, LineGoesToTheCoreAndHwiItIsMappedTo) {
    Rig r(2);
    // Group 0 (lines 0..31) on IP1 (byte 0x02), others on IP0.
    r.wr(0, kIpMap, 0x00000002);
    // Line 5 to core 1: COREMAP byte 5 = bit 1.
    r.wr(0, kCoreMap + 4, 0x00000200);
    EXPECT_EQ(r.e.route_hart(5), 1u);
    EXPECT_EQ(r.e.route_hwi(5), 1u);
    EXPECT_EQ(r.e.route_hart(4), 0u);
    r.wr(0, kEnable, 0xffffffff);
    r.e.set_irq(5, true);
    EXPECT_EQ(r.take(), (Events{{1, 1, true}}));
    EXPECT_TRUE(r.e.cpu_line(1, 1));
    // The ISR is per core and read by the requester.
    EXPECT_EQ(r.rd(1, kCoreIsr), 0x20u);
    EXPECT_EQ(r.rd(0, kCoreIsr), 0u);
    EXPECT_EQ(r.rd(1, kCoreIsr, 8), 0x20u);
    // Line 40 (group 1, IPMAP byte 1 = 0 -> IP0) goes to core 0, HWI0.
    r.wr(0, kEnable + 4, 0xffffffff);
    r.e.set_irq(40, true);
    EXPECT_EQ(r.take(), (Events{{0, 0, true}}));
    EXPECT_EQ(r.rd(0, kCoreIsr + 4), 1u << 8);
    EXPECT_EQ(r.rd(0, kCoreIsr, 8), uint64_t{1} << 40);
}

TEST(EiointcRouting, IpmapAndCoremapBytesTakeTheLowestOfFourBits) {
    Rig r(4);
    // IPMAP bytes: 0x08 -> IP3, 0x0c -> IP2, 0x10 (bit 4) -> IP0, 0 -> IP0.
    r.wr(0, kIpMap, 0x00100c08);
    EXPECT_EQ(r.e.route_hwi(0), 3u);
    EXPECT_EQ(r.e.route_hwi(32), 2u);
    EXPECT_EQ(r.e.route_hwi(64), 0u);
    EXPECT_EQ(r.e.route_hwi(96), 0u);
    r.wr(0, kIpMap + 4, 0x01020408);
    EXPECT_EQ(r.e.route_hwi(128), 3u);
    EXPECT_EQ(r.e.route_hwi(160), 2u);
    EXPECT_EQ(r.e.route_hwi(192), 1u);
    EXPECT_EQ(r.e.route_hwi(224), 0u);
    // COREMAP bytes: 0x08 -> core 3, 0x06 -> core 1, 0x10 (node 1, core 0) -> core 0.
    r.wr(0, kCoreMap + 8, 0x00100608);
    EXPECT_EQ(r.e.route_hart(8), 3u);
    EXPECT_EQ(r.e.route_hart(9), 1u);
    EXPECT_EQ(r.e.route_hart(10), 0u);
    EXPECT_EQ(r.e.route_hart(11), 0u);
    EXPECT_EQ(r.rd(0, kCoreMap + 8), 0x00100608u);  // the raw value reads back
}

TEST(EiointcRouting, CoreWithoutHartKeepsTheOldRoute) {
    Rig r(2);
    r.wr(0, kCoreMap, 0x00000002);  // line 0 -> core 1
    EXPECT_EQ(r.e.route_hart(0), 1u);
    r.wr(0, kCoreMap, 0x00000004);  // core 2 does not exist: route unchanged
    EXPECT_EQ(r.e.route_hart(0), 1u);
    EXPECT_EQ(r.rd(0, kCoreMap), 0x4u);  // but the register holds what was written
}

TEST(EiointcEnable, MaskingLowersAndUnmaskingRedelivers) {
    Rig r(1);
    r.wr(0, kIpMap, 0x02);  // group 0 on HWI1
    r.e.set_irq(3, true);   // pending while disabled: nothing
    EXPECT_TRUE(r.take().empty());
    r.wr(0, kEnable, 1u << 3);
    EXPECT_EQ(r.take(), (Events{{0, 1, true}}));
    EXPECT_EQ(r.e.core_isr(0, 0), 1u << 3);
    r.wr(0, kEnable, 0);  // masked while pending: the core ISR bit goes
    EXPECT_EQ(r.take(), (Events{{0, 1, false}}));
    EXPECT_EQ(r.e.core_isr(0, 0), 0u);
    EXPECT_TRUE(r.e.input(3));
    r.wr(0, kEnable, 0xffffffff);
    EXPECT_EQ(r.take(), (Events{{0, 1, true}}));
    EXPECT_EQ(r.rd(0, kEnable), 0xffffffffu);
}

TEST(EiointcCoreIsr, WriteOneToClearAndReRaise) {
    Rig r(1);
    r.wr(0, kIpMap, 0x02020202);
    r.wr(0, kEnable, 0xffffffff);
    r.e.set_irq(2, true);
    r.e.set_irq(9, true);
    EXPECT_EQ(r.take(), (Events{{0, 1, true}}));  // one line for both
    EXPECT_EQ(r.rd(0, kCoreIsr), 0x204u);
    r.wr(0, kCoreIsr, 0x4);  // clear line 2 only: line 9 keeps HWI1 up
    EXPECT_TRUE(r.take().empty());
    EXPECT_EQ(r.rd(0, kCoreIsr), 0x200u);
    r.wr(0, kCoreIsr, 0xffffffff);  // Linux writes back what it read
    EXPECT_EQ(r.take(), (Events{{0, 1, false}}));
    EXPECT_EQ(r.rd(0, kCoreIsr), 0u);
    // The inputs are still high, but only a new raise sets the ISR again (MSI semantics).
    EXPECT_TRUE(r.e.input(2));
    r.e.set_irq(2, true);
    EXPECT_EQ(r.take(), (Events{{0, 1, true}}));
    EXPECT_EQ(r.rd(0, kCoreIsr), 0x4u);
    // Lowering the input clears the ISR bit and the line.
    r.e.set_irq(2, false);
    EXPECT_EQ(r.take(), (Events{{0, 1, false}}));
    EXPECT_FALSE(r.e.input(2));
}

TEST(EiointcLevel, OutputIsTheOrOfTheLinesMappedToIt) {
    Rig r(1);
    r.wr(0, kIpMap, 0x00000202);  // groups 0 and 1 on HWI1
    r.wr(0, kEnable, 0xffffffff);
    r.wr(0, kEnable + 4, 0xffffffff);
    r.e.set_irq(1, true);
    r.e.set_irq(33, true);
    EXPECT_EQ(r.take(), (Events{{0, 1, true}}));
    r.e.set_irq(1, false);
    EXPECT_TRUE(r.take().empty());
    EXPECT_TRUE(r.e.cpu_line(0, 1));
    r.e.set_irq(33, false);
    EXPECT_EQ(r.take(), (Events{{0, 1, false}}));
    r.e.set_irq(255, true);  // group 7, IPMAP byte 3 of word 1 = 0: HWI0, not enabled
    EXPECT_TRUE(r.take().empty());
    r.e.set_irq(256, true);  // no such line
    r.e.set_irq(~0u, true);
    EXPECT_TRUE(r.take().empty());
}

TEST(EiointcRouting, ChangingTheRouteOfAPendingLineMovesIt) {
    Rig r(2);
    r.wr(0, kIpMap, 0x08);  // group 0 on HWI3
    r.wr(0, kEnable, 0xffffffff);
    r.e.set_irq(6, true);
    EXPECT_EQ(r.take(), (Events{{0, 3, true}}));
    r.wr(0, kCoreMap + 4, 0x00020000);  // line 6 -> core 1
    EXPECT_EQ(r.take(), (Events{{0, 3, false}, {1, 3, true}}));
    EXPECT_EQ(r.rd(1, kCoreIsr), 0x40u);
    EXPECT_EQ(r.rd(0, kCoreIsr), 0u);
    // Changing the IPMAP of a pending group moves the output line too.
    r.wr(0, kIpMap, 0x01);
    EXPECT_EQ(r.take(), (Events{{1, 0, true}, {1, 3, false}}));
}

TEST(EiointcReset, ResetLowersTheOutputs) {
    Rig r(2);
    r.wr(0, kIpMap, 0x02);
    r.wr(0, kEnable, 0xffffffff);
    r.e.set_irq(0, true);
    r.take();
    r.e.reset();
    EXPECT_EQ(r.take(), (Events{{0, 1, false}}));
    EXPECT_FALSE(r.e.input(0));
    EXPECT_EQ(r.rd(0, kEnable), 0u);
    EXPECT_EQ(r.rd(0, kIpMap), 0u);
}

// The sequence Linux 6.12's eiointc_router_init and eiointc_irq_dispatch issue, through
// the IOCSR space at the addresses the driver uses.
TEST(EiointcIocsr, LinuxInitAndDispatchThroughIocsr) {
    Iocsr io(2);
    Eiointc e(2);
    Events events;
    e.set_cpu_line_handler([&](unsigned h, unsigned hwi, bool l) { events.emplace_back(h, hwi, l); });
    ASSERT_TRUE(io.map(0x1400, 0x900, &e));
    for (unsigned i = 0; i < 8; ++i)
        io.write(0, 0x14a0 + 4 * i, 4, ((1u << (i * 2 + 1)) << 16) | (1u << (i * 2)));
    for (unsigned i = 0; i < 2; ++i) io.write(0, 0x14c0 + 4 * i, 4, 0x02020202);  // IP[1 + 0]
    for (unsigned i = 0; i < 64; ++i) io.write(0, 0x1c00 + 4 * i, 4, 0x01010101);  // core 0
    for (unsigned i = 0; i < 8; ++i) {
        io.write(0, 0x1600 + 4 * i, 4, 0xffffffff);
        io.write(0, 0x1680 + 4 * i, 4, 0xffffffff);
    }
    EXPECT_EQ(io.read(0, 0x14c0, 8), 0x0202020202020202ull);
    EXPECT_EQ(io.read(0, 0x14a0, 4), 0x00020001u);
    EXPECT_EQ(io.read(0, 0x14bc, 4), 0x80004000u);

    e.set_irq(70, true);
    EXPECT_EQ(events, (Events{{0, 1, true}}));
    events.clear();
    // Dispatch: 4 x iocsrrd.d of the ISR, write back what is pending.
    EXPECT_EQ(io.read(0, 0x1800, 8), 0u);
    const uint64_t pending = io.read(0, 0x1808, 8);
    EXPECT_EQ(pending, uint64_t{1} << (70 - 64));
    io.write(0, 0x1808, 8, pending);
    EXPECT_EQ(events, (Events{{0, 1, false}}));
    events.clear();
    EXPECT_EQ(io.read(0, 0x1808, 8), 0u);
    // Hart 1 sees its own (empty) ISR.
    e.set_irq(71, true);
    EXPECT_EQ(io.read(1, 0x1808, 8), 0u);
    EXPECT_EQ(io.read(0, 0x1808, 8), uint64_t{1} << 7);
    events.clear();

    // eiointc_set_irq_affinity for line 71 -> cpu 1: ANY_SEND to node 0's core 0 writes
    // ENABLE with the bit masked, the ROUTE byte (other bytes kept), then ENABLE all ones.
    auto any_send = [](unsigned cpu, uint16_t addr, uint32_t data, unsigned keep) {
        return (uint64_t{data} << 32) | (uint64_t{keep} << 27) | (uint64_t{cpu} << 16) | addr;
    };
    io.write(0, 0x1158, 8, any_send(0, 0x1608, ~(1u << 7), 0));
    EXPECT_EQ(events, (Events{{0, 1, false}}));
    events.clear();
    const unsigned byte = 71 & 3;
    io.write(0, 0x1158, 8, any_send(0, 0x1c00 + (71 & ~3), 0x02u << (8 * byte), ~(1u << byte) & 0xf));
    EXPECT_EQ(io.read(0, 0x1c44, 4), 0x02010101u);
    EXPECT_EQ(e.route_hart(71), 1u);
    io.write(0, 0x1158, 8, any_send(0, 0x1608, 0xffffffff, 0));
    EXPECT_EQ(events, (Events{{1, 1, true}}));
    EXPECT_EQ(io.read(1, 0x1808, 8), uint64_t{1} << 7);
    EXPECT_EQ(io.read(0, 0x1808, 8), 0u);
    // Narrow IOCSR accesses to the EIOINTC read 0 and are dropped.
    EXPECT_EQ(io.read(1, 0x1808, 1), 0u);
    io.write(1, 0x1808, 1, 0x80);
    EXPECT_EQ(io.read(1, 0x1808, 8), uint64_t{1} << 7);
}

TEST(EiointcRobustness, RandomTrafficNeverCrashes) {
    Eiointc e(3);
    unsigned changes = 0;
    e.set_cpu_line_handler([&](unsigned h, unsigned hwi, bool) {
        ASSERT_LT(h, 3u);
        ASSERT_LT(hwi, 4u);
        ++changes;
    });
    std::mt19937_64 rng(6);
    const unsigned sizes[] = {1, 2, 3, 4, 8, 16, 0};
    for (int i = 0; i < 100000; ++i) {
        const unsigned hart = rng() % 5;  // includes harts the device does not have
        const uint64_t off = (rng() % 2) ? rng() % 0x900 : rng();
        const unsigned size = sizes[rng() % 7];
        uint64_t v = rng();
        switch (rng() % 3) {
            case 0: e.read(hart, off, size, v); break;
            case 1: e.write(hart, off, size, v); break;
            default: e.set_irq(static_cast<unsigned>(rng() % 300), rng() & 1); break;
        }
    }
    EXPECT_GT(changes, 0u);
    for (unsigned h = 0; h < 3; ++h)
        for (unsigned hwi = 0; hwi < 4; ++hwi) {
            // Consistency: a raised output has a core ISR bit in a group mapped to it.
            bool any = false;
            for (unsigned g = 0; g < 8; ++g)
                any |= e.core_isr(h, g) != 0 && e.route_hwi(g * 32) == hwi;
            EXPECT_EQ(e.cpu_line(h, hwi), any);
        }
}

}  // namespace
