// SPDX-License-Identifier: Apache-2.0
// The ls3a5000 board's own devices (src/devices/chip_config.cpp, ls7a_acpi.cpp) and the
// bus features they need (overlapping ranges, the requesting hart). Offsets and values are
// written out from the 3A5000/7A2000 register maps as hvisor uses them (reference
// ls3a5000-board.md), not taken from the classes' constants.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "lvzemu/devices/bus.h"
#include "lvzemu/devices/chip_config.h"
#include "lvzemu/devices/ged.h"
#include "lvzemu/devices/iocsr.h"
#include "lvzemu/devices/ls7a_acpi.h"

namespace {

using la::dev::AllOnes;
using la::dev::Bus;
using la::dev::ChipConfig;
using la::dev::Iocsr;
using la::dev::Ls7aAcpi;
using la::dev::StopRequest;

constexpr uint64_t kWindow = 0x1fe00000;

struct Board {
    Board() : io(4, Iocsr::Access::ByteLanes), cfg(io) {
        io.set_ipi_line_handler([this](unsigned h, bool l) { lines.push_back(h * 2 + l); });
        bus.add_mmio(kWindow, 0x10000, &cfg);
    }
    uint64_t rd(uint64_t off, unsigned size, unsigned hart = 0) {
        uint64_t v = 0xdead;
        EXPECT_TRUE(bus.read(kWindow + off, size, v, hart));
        return v;
    }
    void wr(uint64_t off, unsigned size, uint64_t v, unsigned hart = 0) {
        EXPECT_TRUE(bus.write(kWindow + off, size, v, hart));
    }
    Iocsr io;
    ChipConfig cfg;
    Bus bus;
    std::vector<unsigned> lines;
};

TEST(ChipConfig, MiscRegistersAliasIocsrAtAnyWidth) {
    Board b;
    EXPECT_EQ(b.rd(0x0, 1), b.io.read(0, 0x0, 8) & 0xff);
    EXPECT_EQ(b.rd(0x8, 8), b.io.read(0, 0x8, 8));
    EXPECT_EQ(b.rd(0x8, 8) & 0x18, 0x18u);  // ext-IOI (bit 3) and CSR IPI (bit 4) present
    EXPECT_EQ(b.rd(0x10, 8), 0x6e6f73676e6f6f4cull);  // "Loongson"
    EXPECT_EQ(b.rd(0x10, 1), uint64_t{'L'});
    EXPECT_EQ(b.rd(0x14, 4), 0x6e6f7367u);  // "gson": the upper half of the register
    EXPECT_EQ(b.rd(0x20, 8) & 0xffffffffffffull, 0x303030354133ull);  // "3A5000"
    EXPECT_EQ(b.rd(0x420, 8), b.io.read(0, 0x420, 8));
}

TEST(ChipConfig, PerCoreBlocksNameTheirCoreWhoeverAsks) {
    Board b;
    // Core 2's mailbox 0 written by hart 0 through the window...
    b.wr(0x1200 + 0x20, 8, 0x1f0000000ull, /*hart=*/0);
    EXPECT_EQ(b.io.mailbox(2, 0), 0x1f0000000ull);
    // ... is read the same by any hart through the window, and by core 2 as IOCSR 0x1020.
    EXPECT_EQ(b.rd(0x1200 + 0x20, 8, 3), 0x1f0000000ull);
    EXPECT_EQ(b.io.read(2, 0x1020, 8), 0x1f0000000ull);
    EXPECT_EQ(b.io.read(0, 0x1020, 8), 0u);
    // 32-bit halves of a mailbox.
    EXPECT_EQ(b.rd(0x1200 + 0x24, 4, 1), 0x1u);
}

TEST(ChipConfig, WakingASecondaryThroughItsBlockRaisesItsLine) {
    Board b;
    b.wr(0x1300 + 0x04, 4, 0xffffffff);  // core 3: enable all
    b.wr(0x1300 + 0x08, 4, 1);           // set bit 0
    EXPECT_EQ(b.io.status(3), 1u);
    EXPECT_TRUE(b.io.ipi_line(3));
    EXPECT_FALSE(b.io.ipi_line(0));
    EXPECT_EQ(b.lines, std::vector<unsigned>{3 * 2 + 1});
    EXPECT_EQ(b.rd(0x1300 + 0x00, 4), 1u);  // status through the window
    b.wr(0x1300 + 0x0c, 4, 1);              // clear
    EXPECT_FALSE(b.io.ipi_line(3));
}

TEST(ChipConfig, SendRegistersAndOtherRangesAreTheRequestersIocsr) {
    Board b;
    // MAIL_SEND at +0x1048: data 63:32, cpu 25:16, word 4:2 (core 1, mailbox 2 high word = 5).
    b.wr(0x1048, 8, (0xcafeull << 32) | (1u << 16) | (5u << 2));
    EXPECT_EQ(b.io.mailbox(1, 2) >> 32, 0xcafeu);
    // IPI_SEND at +0x1040: vector 4 to core 2.
    b.wr(0x1040, 4, (2u << 16) | 4u);
    EXPECT_EQ(b.io.status(2), 1u << 4);
    // A block past the fourth core is not a core block: +0x1400 is the ext-IOI range,
    // which reads 0 here (nothing mapped).
    EXPECT_EQ(b.rd(0x1400, 8), 0u);
}

TEST(ChipConfig, ExtIoiRangeIsAskedForTheRequestingHart) {
    struct Probe : la::dev::IocsrDevice {
        const char* name() const override { return "probe"; }
        bool read(unsigned hart, uint64_t offset, unsigned, uint64_t& value) override {
            value = hart * 0x100 + offset;
            return true;
        }
        bool write(unsigned hart, uint64_t, unsigned, uint64_t value) override {
            last = hart * 0x1000 + value;
            return true;
        }
        uint64_t last = 0;
    } probe;
    Board b;
    ASSERT_TRUE(b.io.map(0x1400, 0x900, &probe));
    EXPECT_EQ(b.rd(0x1800, 8, 2), 0x200u + 0x400u);
    b.wr(0x1900, 8, 7, 3);
    EXPECT_EQ(probe.last, 0x3007u);
}

TEST(Bus, FirstMappedDeviceWinsAnOverlap) {
    Iocsr io(1, Iocsr::Access::ByteLanes);
    ChipConfig cfg(io);
    AllOnes inner("inner");
    Bus bus;
    bus.add_mmio(kWindow + 0x1e0, 8, &inner);  // as UART0 inside the window
    bus.add_mmio(kWindow, 0x10000, &cfg);
    uint64_t v = 0;
    ASSERT_TRUE(bus.read(kWindow + 0x1e5, 1, v));
    EXPECT_EQ(v, 0xffu);
    ASSERT_TRUE(bus.read(kWindow + 0x1e8, 1, v));
    EXPECT_EQ(v, 0u);  // back in the window: IOCSR 0x1e8 decodes nothing
}

TEST(AllOnes, AbsentPciFunctionsReadAllOnesAndDropWrites) {
    AllOnes ht("ht");
    uint64_t v = 0;
    ASSERT_TRUE(ht.read(0, 2, v));
    EXPECT_EQ(v, 0xffffu);
    ASSERT_TRUE(ht.read(0x100, 4, v));
    EXPECT_EQ(v, 0xffffffffu);
    ASSERT_TRUE(ht.read(8, 8, v));
    EXPECT_EQ(v, ~uint64_t{0});
    EXPECT_TRUE(ht.write(4, 4, 0));
    ASSERT_TRUE(ht.read(4, 4, v));
    EXPECT_EQ(v, 0xffffffffu);
}

TEST(Ls7aAcpi, S5WithSlpEnPowersOff) {
    StopRequest stop;
    Ls7aAcpi acpi(stop);
    EXPECT_TRUE(acpi.write(0x14, 4, 7u << 10));  // SLP_TYP S5 without SLP_EN
    EXPECT_FALSE(stop.requested);
    uint64_t v = 0;
    ASSERT_TRUE(acpi.read(0x14, 4, v));
    EXPECT_EQ(v, 7u << 10);
    EXPECT_TRUE(acpi.write(0x14, 4, (1u << 13) | (5u << 10)));  // S3: not an off
    EXPECT_FALSE(stop.requested);
    EXPECT_TRUE(acpi.write(0x14, 4, 0x3c00));
    EXPECT_TRUE(stop.requested);
    EXPECT_EQ(stop.exit_code, 0);
    EXPECT_STREQ(stop.reason, "power-off");
    ASSERT_TRUE(acpi.read(0x14, 4, v));
    EXPECT_EQ(v, 0x1c00u);  // SLP_EN reads 0
}

TEST(Ls7aAcpi, RstCntBit0Resets) {
    StopRequest stop;
    Ls7aAcpi acpi(stop);
    EXPECT_TRUE(acpi.write(0x30, 4, 0));
    EXPECT_FALSE(stop.requested);
    EXPECT_TRUE(acpi.write(0x30, 4, 1));
    EXPECT_TRUE(stop.requested);
    EXPECT_STREQ(stop.reason, "reset");
}

}  // namespace
