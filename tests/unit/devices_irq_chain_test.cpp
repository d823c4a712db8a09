// SPDX-License-Identifier: Apache-2.0
// The whole interrupt path of QEMU virt as docs/interrupts.md tells the machine to wire it:
// device -> PCH-PIC / PCH-MSI -> EIOINTC -> CPU HWI line, driven by the register accesses
// Linux 6.12's irqchip drivers make (irq-loongson-eiointc.c, irq-loongson-pch-pic.c,
// irq-loongson-pch-msi.c), at the physical and IOCSR addresses they use.
#include "lvzemu/devices/bus.h"
#include "lvzemu/devices/eiointc.h"
#include "lvzemu/devices/iocsr.h"
#include "lvzemu/devices/ls7a_rtc.h"
#include "lvzemu/devices/pch_msi.h"
#include "lvzemu/devices/pch_pic.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <tuple>
#include <utility>
#include <vector>

namespace {

using namespace la::dev;

using Event = std::tuple<unsigned, unsigned, bool>;  // hart, hwi, level
using Events = std::vector<Event>;

constexpr uint64_t kPic = 0x10000000, kMsi = 0x2ff00000, kRtc = 0x100d0100;
constexpr unsigned kUartPin = 2, kRtcPin = 3;  // QEMU virt: VIRT_UART_IRQ / VIRT_RTC_IRQ - 64

struct Board {
    explicit Board(unsigned harts)
        : io(harts), eio(harts), rtc([this] { return now; }), estat(harts, 0) {
        EXPECT_TRUE(io.map(Eiointc::kIocsrBase, Eiointc::kIocsrSize, &eio));
        bus.add_mmio(PchPic::kBase, PchPic::kSize, &pic);
        bus.add_mmio(PchMsi::kBase, PchMsi::kSize, &msi);
        bus.add_mmio(Ls7aRtc::kBase, Ls7aRtc::kSize, &rtc);
        pic.set_output_handler([this](unsigned v, bool l) { eio.set_irq(v, l); });
        msi.set_output_handler([this](unsigned line, bool l) { eio.set_irq(line, l); });
        rtc.set_irq_handler([this](bool l) { pic.set_irq(PchPic::kRtcIrq, l); });
        eio.set_cpu_line_handler([this](unsigned h, unsigned hwi, bool l) {
            events.emplace_back(h, hwi, l);
            // The CPU side: HWI n is ESTAT.IS bit n + 2.
            if (l) estat[h] |= 1u << (hwi + 2);
            else estat[h] &= ~(1u << (hwi + 2));
        });
    }
    Events take() { return std::exchange(events, {}); }
    void mmio_w(uint64_t pa, unsigned size, uint64_t v) {
        ASSERT_TRUE(bus.write(pa, size, v)) << std::hex << pa;
    }
    uint64_t mmio_r(uint64_t pa, unsigned size) {
        uint64_t v = 0;
        EXPECT_TRUE(bus.read(pa, size, v)) << std::hex << pa;
        return v;
    }

    // eiointc_router_init on cpu 0 (one EIO node, cpu 0 = arch id 0).
    void linux_eiointc_init() {
        const uint64_t misc = io.read(0, 0x420, 8);
        io.write(0, 0x420, 8, misc | (uint64_t{1} << 48));
        for (unsigned i = 0; i < 8; ++i)
            io.write(0, 0x14a0 + 4 * i, 4, ((1u << (i * 2 + 1)) << 16) | (1u << (i * 2)));
        for (unsigned i = 0; i < 2; ++i) io.write(0, 0x14c0 + 4 * i, 4, 0x02020202);
        for (unsigned i = 0; i < 64; ++i) io.write(0, 0x1c00 + 4 * i, 4, 0x01010101);
        for (unsigned i = 0; i < 8; ++i) {
            io.write(0, 0x1600 + 4 * i, 4, 0xffffffff);
            io.write(0, 0x1680 + 4 * i, 4, 0xffffffff);
        }
    }
    // pch_pic_init + pch_pic_reset (pic-base-vec 0), then the two allocations the FDT
    // causes, in probe order: the UART (pin 2) gets hwirq 0, the RTC (pin 3) hwirq 1, and
    // IRQ_TYPE_LEVEL_HIGH (edge and polarity bits clear), then unmask.
    unsigned vec_count = 0;
    void linux_pch_pic_init() {
        vec_count = static_cast<unsigned>(((mmio_r(kPic, 8) >> 48) & 0xff) + 1);
        for (unsigned i = 0; i < 64; ++i) {
            mmio_w(kPic + 0x200 + 255, 1, i);  // HTVEC(table[i] = PIC_UNDEF_VECTOR)
            mmio_w(kPic + 0x100 + i, 1, 1);
        }
        for (unsigned i = 0; i < 2; ++i) {
            mmio_w(kPic + 0x20 + 4 * i, 4, 0xffffffff);
            mmio_w(kPic + 0x80 + 4 * i, 4, 0xffffffff);
            mmio_w(kPic + 0xc0 + 4 * i, 4, 0);
            mmio_w(kPic + 0xe0 + 4 * i, 4, 0);
            mmio_w(kPic + 0x40 + 4 * i, 4, 0xffffffff);
        }
        const unsigned pins[] = {kUartPin, kRtcPin};
        for (unsigned hwirq = 0; hwirq < 2; ++hwirq) {
            const unsigned pin = pins[hwirq];
            mmio_w(kPic + 0x200 + pin, 1, hwirq);  // writeb(ht_vec_base + hwirq, HTVEC(pin))
            bitclr(0x60, pin);
            bitclr(0x3e0, pin);
            unmask(pin);
        }
    }
    void bitset(uint64_t reg, unsigned bit) {
        const uint64_t a = kPic + reg + bit / 32 * 4;
        mmio_w(a, 4, mmio_r(a, 4) | (1u << (bit % 32)));
    }
    void bitclr(uint64_t reg, unsigned bit) {
        const uint64_t a = kPic + reg + bit / 32 * 4;
        mmio_w(a, 4, mmio_r(a, 4) & ~(1u << (bit % 32)));
    }
    void unmask(unsigned pin) {
        mmio_w(kPic + 0x80 + pin / 32 * 4, 4, 1u << (pin % 32));
        bitclr(0x20, pin);
    }
    void mask(unsigned pin) { bitset(0x20, pin); }
    // eiointc_irq_dispatch on `hart`: returns the pending vectors it acknowledged.
    std::vector<unsigned> dispatch(unsigned hart) {
        std::vector<unsigned> vecs;
        for (unsigned i = 0; i < 4; ++i) {
            const uint64_t pending = io.read(hart, 0x1800 + 8 * i, 8);
            if (!pending) continue;
            io.write(hart, 0x1800 + 8 * i, 8, pending);
            for (unsigned b = 0; b < 64; ++b)
                if ((pending >> b) & 1) vecs.push_back(64 * i + b);
        }
        return vecs;
    }

    uint64_t now = 0;
    Bus bus;
    Iocsr io;
    Eiointc eio;
    PchPic pic;
    PchMsi msi;
    Ls7aRtc rtc;
    std::vector<uint32_t> estat;
    Events events;
};

TEST(EiointcChain, UartInterruptReachesHwi1OfHart0AndIsAcknowledged) {
    Board b(1);
    b.linux_eiointc_init();
    b.linux_pch_pic_init();
    EXPECT_EQ(b.vec_count, 32u);
    EXPECT_EQ(b.mmio_r(kPic + 0x200, 8), 0x0000000001000000ull);  // HTVEC[2] = 0, HTVEC[3] = 1
    EXPECT_TRUE(b.take().empty());

    // The 8250 asserts its interrupt (THR empty, say).
    b.pic.set_irq(kUartPin, true);
    EXPECT_EQ(b.take(), (Events{{0, 1, true}}));
    EXPECT_EQ(b.estat[0], 1u << 3);  // ESTAT.IS[3] = HWI1, where the FDT's eiointc hangs
    EXPECT_EQ(b.mmio_r(kPic + 0x3a0, 4), 1u << kUartPin);

    // handle_level_irq: mask the PCH-PIC input, then the driver runs.
    EXPECT_EQ(b.dispatch(0), (std::vector<unsigned>{0}));
    EXPECT_EQ(b.take(), (Events{{0, 1, false}}));
    b.mask(kUartPin);
    b.pic.set_irq(kUartPin, false);  // the 8250 handler cleared the cause
    b.unmask(kUartPin);
    EXPECT_TRUE(b.take().empty());
    EXPECT_EQ(b.estat[0], 0u);
    EXPECT_FALSE(b.eio.input(0));
    EXPECT_EQ(b.mmio_r(kPic + 0x3a0, 4), 0u);

    // Still asserted after the handler: the unmask re-delivers it.
    b.pic.set_irq(kUartPin, true);
    EXPECT_EQ(b.take(), (Events{{0, 1, true}}));
    EXPECT_EQ(b.dispatch(0), (std::vector<unsigned>{0}));
    b.mask(kUartPin);
    EXPECT_EQ(b.take(), (Events{{0, 1, false}}));
    b.unmask(kUartPin);
    EXPECT_EQ(b.take(), (Events{{0, 1, true}}));
    EXPECT_EQ(b.dispatch(0), (std::vector<unsigned>{0}));
    b.pic.set_irq(kUartPin, false);
    EXPECT_EQ(b.take(), (Events{{0, 1, false}}));
}

TEST(EiointcChain, MsiDoorbellReachesTheCpu) {
    Board b(1);
    b.linux_eiointc_init();
    // pch_msi_compose_msi_msg: address = doorbell, data = the EIOINTC vector.
    b.mmio_w(kMsi, 4, 40);
    EXPECT_EQ(b.take(), (Events{{0, 1, true}}));
    EXPECT_EQ(b.io.read(0, 0x1800, 8), uint64_t{1} << 40);
    EXPECT_EQ(b.dispatch(0), (std::vector<unsigned>{40}));
    EXPECT_EQ(b.take(), (Events{{0, 1, false}}));
    // The next message raises it again although nobody lowered the line.
    b.mmio_w(kMsi, 4, 40);
    b.mmio_w(kMsi, 4, 200);
    EXPECT_EQ(b.take(), (Events{{0, 1, true}}));
    EXPECT_EQ(b.dispatch(0), (std::vector<unsigned>{40, 200}));
    EXPECT_EQ(b.take(), (Events{{0, 1, false}}));
    // A PCH-PIC vector written to the doorbell is ignored.
    b.mmio_w(kMsi, 4, 5);
    EXPECT_TRUE(b.take().empty());
}

TEST(EiointcChain, RtcAlarmReachesTheCpuThroughPchPic) {
    Board b(1);
    b.linux_eiointc_init();
    b.linux_pch_pic_init();
    // rtc-loongson: reads CTRL, then TOY_READ0/1.
    EXPECT_EQ(b.mmio_r(kRtc + 0x40, 4) & 0x900, 0x900u);
    b.now = 3600ull * 100'000'000;  // one hour of virtual time
    EXPECT_EQ(b.mmio_r(kRtc + 0x2c, 4), (1u << 26) | (1u << 21) | (1u << 16));
    EXPECT_EQ(b.mmio_r(kRtc + 0x30, 4), 126u);
    // Alarm at 01:00:05.
    b.mmio_w(kRtc + 0x34, 4, (62u << 26) | (1u << 22) | (1u << 17) | (1u << 12) | 5u);
    b.now = b.rtc.next_deadline();
    EXPECT_EQ(b.now, 3605ull * 100'000'000);
    b.rtc.poll();
    EXPECT_EQ(b.take(), (Events{{0, 1, true}}));
    EXPECT_EQ(b.dispatch(0), (std::vector<unsigned>{1}));  // hwirq 1 = the RTC
    b.mask(kRtcPin);
    b.mmio_w(kRtc + 0x34, 4, 0);  // loongson_rtc_isr
    b.unmask(kRtcPin);
    EXPECT_EQ(b.take(), (Events{{0, 1, false}}));
    EXPECT_FALSE(b.eio.input(1));
}

TEST(EiointcChain, AffinityMovesTheUartToHart1) {
    Board b(2);
    b.linux_eiointc_init();
    b.linux_pch_pic_init();
    // Route EIOINTC line 0 (the UART's vector) to core 1: ROUTE byte 0 = bit 1.
    b.io.write(0, 0x1c00, 4, 0x01010102);
    b.pic.set_irq(kUartPin, true);
    EXPECT_EQ(b.take(), (Events{{1, 1, true}}));
    EXPECT_EQ(b.estat[1], 1u << 3);
    EXPECT_EQ(b.estat[0], 0u);
    EXPECT_TRUE(b.dispatch(0).empty());
    EXPECT_EQ(b.dispatch(1), (std::vector<unsigned>{0}));
    EXPECT_EQ(b.take(), (Events{{1, 1, false}}));
}

}  // namespace
