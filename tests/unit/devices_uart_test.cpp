// SPDX-License-Identifier: Apache-2.0
// The ns16550a's interrupt output (src/devices/uart16550.cpp; 16550A data sheet, QEMU
// hw/char/serial.c): THR-empty with IER.ETBEI, acknowledged by reading IIR, raised again
// by the (instantaneous) transmission of the next byte.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <vector>

#include "lvzemu/devices/uart16550.h"

namespace {

class UartIrq : public ::testing::Test {
protected:
    int null_ = ::open("/dev/null", O_RDWR);
    la::dev::Uart16550 uart{null_, null_};
    std::vector<bool> levels;
    void SetUp() override { uart.set_irq_handler([this](bool l) { levels.push_back(l); }); }
    void TearDown() override { ::close(null_); }
    uint64_t rd(unsigned off) {
        uint64_t v = 0;
        EXPECT_TRUE(uart.read(off, 1, v));
        return v;
    }
    void wr(unsigned off, uint8_t v) { EXPECT_TRUE(uart.write(off, 1, v)); }
};

TEST_F(UartIrq, ThrEmptyRaisedByEtbeiAcknowledgedByIirAgainAfterAByte) {
    EXPECT_EQ(rd(2), 0xc1u);  // nothing pending
    EXPECT_TRUE(levels.empty());
    wr(1, 0x02);  // IER.ETBEI
    ASSERT_EQ(levels, (std::vector<bool>{true}));
    EXPECT_EQ(rd(2), 0xc2u);  // THR empty; this read acknowledges it
    EXPECT_EQ(levels, (std::vector<bool>{true, false}));
    EXPECT_EQ(rd(2), 0xc1u);
    wr(0, 'x');  // sent at once: THR empty again
    EXPECT_EQ(levels, (std::vector<bool>{true, false, true}));
    wr(1, 0x00);  // interrupts off: the line drops
    EXPECT_EQ(levels, (std::vector<bool>{true, false, true, false}));
    EXPECT_EQ(rd(2), 0xc1u);
}

TEST_F(UartIrq, NoReceiveInterruptWithoutInput) {
    wr(1, 0x01);  // IER.ERBFI, no input (stdin is /dev/null: EOF)
    EXPECT_TRUE(levels.empty());
    EXPECT_EQ(rd(2), 0xc1u);
}

}  // namespace
