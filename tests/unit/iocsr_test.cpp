// SPDX-License-Identifier: Apache-2.0
// The IOCSR space (src/devices/iocsr.cpp). Expected values are written out from QEMU's
// sources (hw/loongarch/virt.c, hw/intc/loongson_ipi_common.c, include/hw/loongarch/virt.h)
// and Linux's send encodings (arch/loongarch/include/asm/loongarch.h), not taken from the
// class's own constants, so a wrong constant in iocsr.h makes these tests fail.
#include "lvzemu/devices/iocsr.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

namespace {

using la::dev::Iocsr;
using la::dev::IocsrDevice;

using Events = std::vector<std::pair<unsigned, bool>>;

// An Iocsr that records every IPI line change.
struct Recorder {
    explicit Recorder(unsigned harts, Iocsr::Access a = Iocsr::Access::Qemu) : io(harts, a) {
        io.set_ipi_line_handler([this](unsigned h, bool l) { events.emplace_back(h, l); });
    }
    Events take() { return std::exchange(events, {}); }
    Iocsr io;
    Events events;
};

// Linux's encodings (asm/loongarch.h): IOCSR_IPI_SEND_CPU_SHIFT 16, _BLOCKING bit 31;
// IOCSR_MBUF_SEND_BOX_SHIFT 2, _BOX_LO(box) = box << 1, _BOX_HI(box) = (box << 1) + 1,
// _CPU_SHIFT 16, _BUF_SHIFT 32, _H32_MASK 0xFFFFFFFF00000000, _BLOCKING bit 31.
constexpr uint64_t ipi_send(unsigned cpu, unsigned vector) {
    return (uint64_t{1} << 31) | (uint64_t{cpu} << 16) | vector;
}
constexpr uint64_t mail_send_hi(unsigned cpu, unsigned box, uint64_t data) {
    return (uint64_t{1} << 31) | (uint64_t{(box << 1) + 1} << 2) | (uint64_t{cpu} << 16) |
           (data & 0xffffffff00000000ull);
}
constexpr uint64_t mail_send_lo(unsigned cpu, unsigned box, uint64_t data) {
    return (uint64_t{1} << 31) | (uint64_t{box << 1} << 2) | (uint64_t{cpu} << 16) | (data << 32);
}
// ANY_SEND: bits 15:0 address, 25:16 cpu, 30:27 byte mask (1 = keep), 63:32 data.
constexpr uint64_t any_send(unsigned cpu, uint16_t addr, uint32_t data, unsigned keep = 0) {
    return (uint64_t{data} << 32) | (uint64_t{keep} << 27) | (uint64_t{cpu} << 16) | addr;
}

std::string bytes_of(uint64_t v, size_t n) {
    std::string s(n, '\0');
    for (size_t i = 0; i < n; ++i) s[i] = static_cast<char>(v >> (8 * i));
    return s;
}

// --- misc registers ------------------------------------------------------------------------

TEST(IocsrMisc, ReadsWhatQemuVirtAnswers) {
    Iocsr io(2);
    for (unsigned hart : {0u, 1u}) {
        EXPECT_EQ(io.read(hart, 0x0, 8), 0x11u);  // VERSION_REG
        // FEATURE_REG under TCG: IOCSRF_MSI (2) | IOCSRF_EXTIOI (3) | IOCSRF_CSRIPI (4).
        EXPECT_EQ(io.read(hart, 0x8, 8), 0x1cu);
        EXPECT_EQ(bytes_of(io.read(hart, 0x10, 8), 8), "Loongson");
        EXPECT_EQ(bytes_of(io.read(hart, 0x20, 8), 8), std::string("3A5000\0\0", 8));
        EXPECT_EQ(io.read(hart, 0x420, 8), uint64_t{1} << 48);  // MISC_FUNC: IOCSRM_EXTIOI_EN
    }
    // No VM (KVM only) and no DMSI bit (bit 15) for a la464 under TCG.
    EXPECT_EQ(io.read(0, 0x8, 8) & ((1u << 11) | (1u << 15)), 0u);
}

TEST(IocsrMisc, FourByteReadsSeeOnlyTheRegisterStartUnderQemuRules) {
    Iocsr io(1);
    EXPECT_EQ(io.read(0, 0x0, 4), 0x11u);
    EXPECT_EQ(io.read(0, 0x8, 4), 0x1cu);
    EXPECT_EQ(io.read(0, 0x10, 4), 0x6e6f6f4cu);  // "Loon"
    // QEMU's misc region has impl.min_access_size = 8 and misc_read decodes only the
    // register start: the upper halves at +4 read 0.
    EXPECT_EQ(io.read(0, 0x14, 4), 0u);
    EXPECT_EQ(io.read(0, 0x424, 4), 0u);
    EXPECT_EQ(io.read(0, 0x420, 4), 0u);  // EXTIOI_EN is bit 48: not in the low word
    // valid.min_access_size = 4: byte and halfword reads are invalid and read 0.
    EXPECT_EQ(io.read(0, 0x0, 1), 0u);
    EXPECT_EQ(io.read(0, 0x10, 2), 0u);
    // Unaligned: invalid.
    EXPECT_EQ(io.read(0, 0xc, 8), 0u);
    EXPECT_EQ(io.read(0, 0x12, 4), 0u);
}

TEST(IocsrMisc, WritesAreIgnored) {
    Iocsr io(1);
    io.write(0, 0x420, 8, 0);  // clearing EXTIOI_EN: QEMU without v-eiointc ignores it
    io.write(0, 0x420, 8, ~uint64_t{0});
    io.write(0, 0x0, 8, 0x99);
    io.write(0, 0x8, 4, 0);
    io.write(0, 0x10, 8, 0);
    EXPECT_EQ(io.read(0, 0x420, 8), uint64_t{1} << 48);
    EXPECT_EQ(io.read(0, 0x0, 8), 0x11u);
    EXPECT_EQ(io.read(0, 0x8, 8), 0x1cu);
    EXPECT_EQ(bytes_of(io.read(0, 0x10, 8), 8), "Loongson");
}

TEST(IocsrMisc, UnknownAddressesReadZeroAndIgnoreWrites) {
    Iocsr io(2);
    io.write(0, 0x1004, 4, 0xffffffff);
    io.write(0, 0x1028, 8, 0x1122334455667788ull);
    const uint64_t addrs[] = {0x18, 0x28, 0x400, 0x408 /* NODECNT */, 0x428 /* CPUTEMP */,
                              0x800, 0xff8, 0x1010, 0x1018, 0x1044, 0x1160, 0x1400,
                              0x1800, 0x4000'0000, 0xffff'ffff'ffff'fff8ull};
    for (uint64_t a : addrs) {
        for (unsigned size : {4u, 8u}) {
            EXPECT_EQ(io.read(0, a, size), 0u) << std::hex << a << " size " << size;
            io.write(0, a, size, ~uint64_t{0});
        }
    }
    // Nothing leaked into state.
    EXPECT_EQ(io.status(0), 0u);
    EXPECT_EQ(io.status(1), 0u);
    EXPECT_EQ(io.enable(0), 0xffffffffu);
    EXPECT_EQ(io.mailbox(0, 1), 0x1122334455667788ull);
    EXPECT_EQ(io.read(0, 0x8, 8), 0x1cu);
}

TEST(IocsrMisc, AccessesAtTheTopOfTheAddressSpaceDoNotWrap) {
    Iocsr io(1);
    EXPECT_EQ(io.read(0, ~uint64_t{0}, 1), 0u);
    EXPECT_EQ(io.read(0, ~uint64_t{0} - 3, 4), 0u);
    io.write(0, ~uint64_t{0} - 7, 8, ~uint64_t{0});
    EXPECT_EQ(io.status(0), 0u);
}

// --- the IPI block -------------------------------------------------------------------------------

TEST(IocsrIpi, StatusEnableSetClear) {
    Iocsr io(1);
    io.write(0, 0x1004, 4, 0x0000ff0f);  // EN
    EXPECT_EQ(io.read(0, 0x1004, 4), 0x0000ff0fu);
    EXPECT_EQ(io.enable(0), 0x0000ff0fu);

    io.write(0, 0x1008, 4, 0x80000011);  // SET
    EXPECT_EQ(io.read(0, 0x1000, 4), 0x80000011u);
    io.write(0, 0x1008, 4, 0x00000100);  // SET ors
    EXPECT_EQ(io.read(0, 0x1000, 4), 0x80000111u);
    // SET and CLEAR are write-only: read 0.
    EXPECT_EQ(io.read(0, 0x1008, 4), 0u);
    EXPECT_EQ(io.read(0, 0x100c, 4), 0u);
    // STATUS is read-only.
    io.write(0, 0x1000, 4, 0);
    EXPECT_EQ(io.status(0), 0x80000111u);

    io.write(0, 0x100c, 4, 0x80000001);  // CLEAR
    EXPECT_EQ(io.read(0, 0x1000, 4), 0x00000110u);
    io.write(0, 0x100c, 4, 0xffffffff);
    EXPECT_EQ(io.read(0, 0x1000, 4), 0u);
}

TEST(IocsrIpi, EightByteAccessesAreTwoWordAccesses) {
    Iocsr io(1);
    // One 8-byte store at SET: low word to SET, high word to CLEAR (QEMU impl.max = 4).
    io.write(0, 0x1008, 8, 0x00000000'000000f0ull);
    EXPECT_EQ(io.status(0), 0xf0u);
    io.write(0, 0x1008, 8, 0x00000030'00000001ull);  // set bit 0, then clear bits 4,5
    EXPECT_EQ(io.status(0), 0xc1u);
    // 8-byte store at STATUS: low word dropped (read-only), high word to EN.
    io.write(0, 0x1000, 8, 0x0000abcd'ffffffffull);
    EXPECT_EQ(io.status(0), 0xc1u);
    EXPECT_EQ(io.enable(0), 0xabcdu);
    EXPECT_EQ(io.read(0, 0x1000, 8), 0x0000abcd'000000c1ull);
}

TEST(IocsrIpi, LineFollowsStatusAndEnable) {
    Recorder r(2);
    Iocsr& io = r.io;
    io.write(1, 0x1008, 4, 0x4);  // pending but not enabled
    EXPECT_FALSE(io.ipi_line(1));
    EXPECT_TRUE(r.take().empty());

    io.write(1, 0x1004, 4, 0x4);  // enabling a pending bit raises the line
    EXPECT_TRUE(io.ipi_line(1));
    EXPECT_EQ(r.take(), (Events{{1, true}}));

    io.write(1, 0x1008, 4, 0x8);  // more pending (masked) bits: no change, no call
    io.write(1, 0x1004, 4, 0xc);
    EXPECT_TRUE(r.take().empty());

    io.write(1, 0x1004, 4, 0x0);  // masking everything lowers it
    EXPECT_FALSE(io.ipi_line(1));
    EXPECT_EQ(r.take(), (Events{{1, false}}));

    io.write(1, 0x1004, 4, 0x8);
    EXPECT_EQ(r.take(), (Events{{1, true}}));
    io.write(1, 0x100c, 4, 0x8);  // status 0x4 remains but is masked: line low
    EXPECT_EQ(io.status(1), 0x4u);
    EXPECT_FALSE(io.ipi_line(1));
    EXPECT_EQ(r.take(), (Events{{1, false}}));

    io.write(1, 0x100c, 4, 0x4);
    EXPECT_TRUE(r.take().empty());
    EXPECT_FALSE(io.ipi_line(0));  // hart 0 untouched throughout
}

TEST(IocsrIpi, EachHartSeesItsOwnBlock) {
    Iocsr io(3);
    io.write(0, 0x1004, 4, 0x1);
    io.write(1, 0x1004, 4, 0x2);
    io.write(2, 0x1008, 4, 0x4);
    io.write(1, 0x1020, 8, 0x1111);
    EXPECT_EQ(io.read(0, 0x1004, 4), 0x1u);
    EXPECT_EQ(io.read(1, 0x1004, 4), 0x2u);
    EXPECT_EQ(io.read(2, 0x1004, 4), 0x0u);
    EXPECT_EQ(io.read(2, 0x1000, 4), 0x4u);
    EXPECT_EQ(io.read(0, 0x1000, 4), 0x0u);
    EXPECT_EQ(io.read(1, 0x1020, 8), 0x1111u);
    EXPECT_EQ(io.read(0, 0x1020, 8), 0u);
}

TEST(IocsrIpi, MailboxesIn32And64BitAccesses) {
    Iocsr io(1);
    io.write(0, 0x1020, 8, 0x01234567'89abcdefull);
    io.write(0, 0x1028, 4, 0xdeadbeef);
    io.write(0, 0x102c, 4, 0x0badf00d);
    io.write(0, 0x1030, 8, 0x1c000000ull);
    io.write(0, 0x1038, 8, ~uint64_t{0});
    EXPECT_EQ(io.mailbox(0, 0), 0x01234567'89abcdefull);
    EXPECT_EQ(io.mailbox(0, 1), 0x0badf00d'deadbeefull);
    EXPECT_EQ(io.mailbox(0, 2), 0x1c000000ull);
    EXPECT_EQ(io.mailbox(0, 3), ~uint64_t{0});
    EXPECT_EQ(io.read(0, 0x1020, 4), 0x89abcdefu);
    EXPECT_EQ(io.read(0, 0x1024, 4), 0x01234567u);
    EXPECT_EQ(io.read(0, 0x1028, 8), 0x0badf00d'deadbeefull);
    EXPECT_EQ(io.read(0, 0x1034, 4), 0u);
    // Misaligned 8-byte access (0x1024) is invalid: ignored.
    io.write(0, 0x1024, 8, 0);
    EXPECT_EQ(io.mailbox(0, 0), 0x01234567'89abcdefull);
    // Host-side accessors.
    io.set_mailbox(0, 2, 0x9000'0000'0020'0000ull);
    EXPECT_EQ(io.read(0, 0x1030, 8), 0x9000'0000'0020'0000ull);
    EXPECT_EQ(io.read(0, 0x1034, 4), 0x90000000u);
    EXPECT_EQ(io.mailbox(0, 4), 0u);  // no mailbox 4
    io.set_mailbox(0, 4, 1);          // ignored, no overflow into anything
    EXPECT_EQ(io.read(0, 0x1040, 8), 0u);
}

TEST(IocsrIpi, QemuRulesRejectNarrowAndMisalignedAccesses) {
    Recorder r(1);
    Iocsr& io = r.io;
    io.write(0, 0x1004, 1, 0xff);  // byte write to EN: invalid under QEMU rules
    io.write(0, 0x1004, 2, 0xffff);
    io.write(0, 0x1008, 1, 0x1);
    io.write(0, 0x1006, 4, 0xffffffff);  // misaligned
    EXPECT_EQ(io.enable(0), 0u);
    EXPECT_EQ(io.status(0), 0u);
    io.write(0, 0x1004, 4, 0x12345678);
    EXPECT_EQ(io.read(0, 0x1004, 1), 0u);
    EXPECT_EQ(io.read(0, 0x1004, 2), 0u);
    EXPECT_EQ(io.read(0, 0x1004, 4), 0x12345678u);
    EXPECT_TRUE(r.take().empty());
}

// --- send registers -------------------------------------------------------------------------------

TEST(IocsrSend, IpiSendSetsTheTargetsStatusBit) {
    Recorder r(4);
    Iocsr& io = r.io;
    io.write(2, 0x1004, 4, 0xffffffff);
    io.write(0, 0x1040, 4, ipi_send(2, 5));  // hart 0 -> hart 2, vector 5
    EXPECT_EQ(io.status(2), 1u << 5);
    EXPECT_EQ(io.status(0), 0u);
    EXPECT_EQ(r.take(), (Events{{2, true}}));

    io.write(3, 0x1040, 4, ipi_send(2, 31));
    io.write(3, 0x1040, 4, ipi_send(2, 0) & ~(uint64_t{1} << 31));  // non-blocking form too
    EXPECT_EQ(io.status(2), (1u << 31) | (1u << 5) | 1u);
    EXPECT_TRUE(r.take().empty());  // already high

    io.write(1, 0x1040, 4, ipi_send(1, 3));  // to itself, not enabled: no line
    EXPECT_EQ(io.status(1), 1u << 3);
    EXPECT_TRUE(r.take().empty());

    // Vector field is bits 4:0 only: bits 15:5 are not part of it.
    io.write(0, 0x1040, 4, ipi_send(3, 0) | 0x7fe0 | 7);
    EXPECT_EQ(io.status(3), 1u << 7);

    // 8-byte store at IPI_SEND: the low word is the command (QEMU splits it).
    io.write(0, 0x1040, 8, 0xffffffff'00000000ull | ipi_send(0, 9));
    EXPECT_EQ(io.status(0), 1u << 9);
    EXPECT_EQ(io.read(0, 0x1040, 4), 0u);  // write-only
}

TEST(IocsrSend, IpiSendToAMissingCpuIsDropped) {
    Recorder r(4);
    Iocsr& io = r.io;
    io.write(0, 0x1040, 4, ipi_send(4, 1));
    io.write(0, 0x1040, 4, ipi_send(1023, 1));
    io.write(0, 0x1040, 4, 0xffffffff);  // cpu 0x3ff
    for (unsigned h = 0; h < 4; ++h) EXPECT_EQ(io.status(h), 0u) << h;
    EXPECT_TRUE(r.take().empty());
    // Bits above 25 are not part of the cpu id: 0x0400 << 16 | cpu 1 addresses cpu 1.
    io.write(0, 0x1040, 4, (uint64_t{0x400} << 16) | (uint64_t{1} << 16) | 2);
    EXPECT_EQ(io.status(1), 1u << 2);
}

TEST(IocsrSend, MailSendAsLinuxUsesIt) {
    Iocsr io(4);
    const uint64_t entry = 0x9000'0000'0123'4560ull;
    io.write(0, 0x1048, 8, mail_send_hi(3, 2, entry));
    EXPECT_EQ(io.mailbox(3, 2), 0x90000000'00000000ull);
    io.write(0, 0x1048, 8, mail_send_lo(3, 2, entry));
    EXPECT_EQ(io.mailbox(3, 2), entry);
    for (unsigned box = 0; box < 4; ++box)
        if (box != 2) EXPECT_EQ(io.mailbox(3, box), 0u) << box;
    for (unsigned h = 0; h < 3; ++h) EXPECT_EQ(io.mailbox(h, 2), 0u) << h;
    EXPECT_EQ(io.status(3), 0u);  // a mail is not an interrupt

    // Every box and half.
    for (unsigned box = 0; box < 4; ++box) {
        const uint64_t v = 0x1111'1111'0000'0000ull * (box + 1) + 0x100 + box;
        io.write(1, 0x1048, 8, mail_send_lo(0, box, v));
        io.write(1, 0x1048, 8, mail_send_hi(0, box, v));
        EXPECT_EQ(io.mailbox(0, box), v) << box;
    }
}

TEST(IocsrSend, MailSendByteMaskKeepsMaskedBytes) {
    Iocsr io(2);
    io.set_mailbox(1, 0, 0x55667788'11223344ull);
    // Mask bits 27 and 29 set: bytes 0 and 2 of the target word keep their old value.
    const uint64_t cmd = (uint64_t{0xaabbccdd} << 32) | (uint64_t{0b0101} << 27) |
                         (uint64_t{1} << 16) | (0u << 2);
    io.write(0, 0x1048, 8, cmd);
    EXPECT_EQ(io.mailbox(1, 0), 0x55667788'aa22cc44ull);
    // All four bytes masked: nothing changes.
    io.write(0, 0x1048, 8, (uint64_t{0xffffffff} << 32) | (uint64_t{0xf} << 27) |
                               (uint64_t{1} << 16) | (1u << 2));
    EXPECT_EQ(io.mailbox(1, 0), 0x55667788'aa22cc44ull);
    // Only the high byte written (mask 0b0111) into the high half.
    io.write(0, 0x1048, 8, (uint64_t{0x99000000} << 32) | (uint64_t{0x7} << 27) |
                               (uint64_t{1} << 16) | (1u << 2));
    EXPECT_EQ(io.mailbox(1, 0), 0x99667788'aa22cc44ull);
}

TEST(IocsrSend, SendRegistersTakeOnlyEightByteWrites) {
    Iocsr io(2);
    io.write(0, 0x1048, 4, mail_send_lo(1, 0, 0x1234));
    io.write(0, 0x104c, 4, 0x1234);
    io.write(0, 0x1158, 4, any_send(1, 0x1008, 1));
    io.write(0, 0x1050, 8, mail_send_lo(1, 0, 0x1234));  // inside the region, no register
    EXPECT_EQ(io.mailbox(1, 0), 0u);
    EXPECT_EQ(io.status(1), 0u);
    // Reads: QEMU's region has no read callback; here they read 0.
    io.write(0, 0x1048, 8, mail_send_lo(1, 0, 0x1234));
    EXPECT_EQ(io.read(0, 0x1048, 8), 0u);
    EXPECT_EQ(io.read(0, 0x1158, 8), 0u);
    EXPECT_EQ(io.mailbox(1, 0), 0x1234u);
}

TEST(IocsrSend, AnySendWritesAnyRegisterOfTheTarget) {
    Recorder r(3);
    Iocsr& io = r.io;
    io.write(0, 0x1158, 8, any_send(2, 0x1004, 0x0000ffff));  // EN of hart 2
    EXPECT_EQ(io.enable(2), 0xffffu);
    EXPECT_EQ(io.enable(0), 0u);
    io.write(1, 0x1158, 8, any_send(2, 0x1008, 0x00000100));  // SET of hart 2
    EXPECT_EQ(io.status(2), 0x100u);
    EXPECT_EQ(r.take(), (Events{{2, true}}));
    io.write(1, 0x1158, 8, any_send(2, 0x100c, 0x00000100));  // CLEAR
    EXPECT_EQ(r.take(), (Events{{2, false}}));

    // Into a mailbox word, with a byte mask (keep bytes 1 and 3).
    io.set_mailbox(2, 3, 0xcafef00d'12345678ull);
    io.write(0, 0x1158, 8, any_send(2, 0x103c, 0xa1b2c3d4, 0b1010));
    EXPECT_EQ(io.mailbox(2, 3), 0xcab2f0d4'12345678ull);

    // IPI_SEND reached through ANY_SEND, issued as hart 2: sets hart 1's bit 4.
    io.write(0, 0x1158, 8, any_send(2, 0x1040, static_cast<uint32_t>(ipi_send(1, 4))));
    EXPECT_EQ(io.status(1), 1u << 4);

    // Misaligned target address, the send registers themselves, a misc register,
    // a missing cpu: all without effect.
    io.write(0, 0x1158, 8, any_send(2, 0x1006, 0xffffffff));
    io.write(0, 0x1158, 8, any_send(2, 0x1158, 0xffffffff));
    io.write(0, 0x1158, 8, any_send(2, 0x1048, 0xffffffff));
    io.write(0, 0x1158, 8, any_send(2, 0x0420, 0));
    io.write(0, 0x1158, 8, any_send(3, 0x1004, 0xffffffff));
    EXPECT_EQ(io.enable(2), 0xffffu);
    EXPECT_EQ(io.read(0, 0x420, 8), uint64_t{1} << 48);
    for (unsigned h = 0; h < 3; ++h) EXPECT_EQ(io.mailbox(h, 0), 0u);
}

// --- extension point -------------------------------------------------------------------------------

struct FakeDevice final : IocsrDevice {
    struct Access {
        bool write;
        unsigned hart;
        uint64_t offset;
        unsigned size;
        uint64_t value;
        bool operator==(const Access&) const = default;
    };
    const char* name() const override { return "fake"; }
    bool read(unsigned hart, uint64_t offset, unsigned size, uint64_t& value) override {
        log.push_back({false, hart, offset, size, 0});
        if (offset >= 0x100) return false;  // does not decode the upper part
        value = store[hart % 4] | 0xffff'0000'0000'0000ull;  // garbage above `size`
        return true;
    }
    bool write(unsigned hart, uint64_t offset, unsigned size, uint64_t value) override {
        log.push_back({true, hart, offset, size, value});
        if (offset >= 0x100) return false;
        store[hart % 4] = value;
        return true;
    }
    std::vector<Access> log;
    uint64_t store[4] = {};
};

TEST(IocsrMap, DeviceSeesRequesterAndOffset) {
    Iocsr io(4);
    FakeDevice dev;
    ASSERT_TRUE(io.map(0x1400, 0x800, &dev));
    io.write(1, 0x1408, 4, 0x1234'5678'9abc'def0ull);  // value truncated to the size
    EXPECT_EQ(io.read(1, 0x1408, 4), 0x9abcdef0u);
    EXPECT_EQ(io.read(1, 0x1408, 8), 0xffff'0000'9abc'def0ull);
    EXPECT_EQ(io.read(1, 0x1408, 2), 0xdef0u);  // device's extra bits masked off
    EXPECT_EQ(io.read(1, 0x1500, 4), 0u);        // device refused: 0
    using A = FakeDevice::Access;
    const std::vector<A> want = {{true, 1, 0x8, 4, 0x9abcdef0u}, {false, 1, 0x8, 4, 0},
                                 {false, 1, 0x8, 8, 0},          {false, 1, 0x8, 2, 0},
                                 {false, 1, 0x100, 4, 0}};
    EXPECT_EQ(dev.log, want);

    // ANY_SEND into the device: the target is the requester, 32-bit, masked merge.
    dev.log.clear();
    dev.store[3] = 0x11223344;
    io.write(0, 0x1158, 8, any_send(3, 0x1410, 0xaabbccdd, 0b0001));
    const std::vector<A> want2 = {{false, 3, 0x10, 4, 0}, {true, 3, 0x10, 4, 0xaabbcc44}};
    EXPECT_EQ(dev.log, want2);

    // Straddling the end of the range: not delivered, reads 0. Out-of-range hart: same.
    dev.log.clear();
    EXPECT_EQ(io.read(0, 0x1bfc, 8), 0u);
    io.write(0, 0x1bfc, 8, 1);
    EXPECT_EQ(io.read(4, 0x1408, 4), 0u);
    io.write(7, 0x1408, 4, 1);
    EXPECT_TRUE(dev.log.empty());
}

TEST(IocsrMap, RefusesOverlapsAndBadRanges) {
    Iocsr io(1);
    FakeDevice a, b;
    EXPECT_FALSE(io.map(0x0, 0x10, &a));      // misc
    EXPECT_FALSE(io.map(0x420, 0x10, &a));    // misc end (0x428)
    EXPECT_FALSE(io.map(0x1040, 0x8, &a));    // IPI block
    EXPECT_FALSE(io.map(0x1150, 0x100, &a));  // ANY_SEND
    EXPECT_FALSE(io.map(0x2000, 0, &a));
    EXPECT_FALSE(io.map(0x2000, 0x10, nullptr));
    EXPECT_FALSE(io.map(~uint64_t{0} - 0xf, 0x20, &a));  // wraps
    EXPECT_TRUE(io.map(0x428, 0x8, &a));                 // just after misc
    EXPECT_TRUE(io.map(0x1160, 0x2a0, &b));              // just after ANY_SEND
    EXPECT_FALSE(io.map(0x13f0, 0x20, &b));              // overlaps b's last bytes
    EXPECT_FALSE(io.map(0x1000, 0x1000, &b));            // covers built-ins and b
    EXPECT_TRUE(io.map(~uint64_t{0} - 0xf, 0x10, &b));   // the very top
    io.write(0, ~uint64_t{0} - 7, 8, 5);
    EXPECT_EQ(b.store[0], 5u);
    EXPECT_EQ(io.read(0, 0x428, 8), 0xffff'0000'0000'0000ull);  // a's store[0] = 0
}

// --- explicit-target access (3A5000 per-core blocks) ---------------------------------------------

TEST(IocsrCore, ExplicitTargetAccess) {
    Recorder r(4);
    Iocsr& io = r.io;
    // hvisor's wake-up of core n: EN = ~0, mailbox 0 = entry, SET bit 0.
    io.write_core(3, 0x04, 4, 0xffffffff);
    io.write_core(3, 0x20, 8, 0x1'f000'0000ull);
    io.write_core(3, 0x08, 4, 0x1);
    EXPECT_EQ(io.mailbox(3, 0), 0x1'f000'0000ull);
    EXPECT_EQ(io.status(3), 1u);
    EXPECT_EQ(r.take(), (Events{{3, true}}));
    EXPECT_EQ(io.read_core(3, 0x00, 4), 1u);
    EXPECT_EQ(io.read_core(3, 0x24, 4), 1u);
    EXPECT_EQ(io.read(3, 0x1020, 8), 0x1'f000'0000ull);  // the same state as hart 3 sees it
    EXPECT_EQ(io.read_core(0, 0x20, 8), 0u);
    // Out of the block or of the harts: nothing.
    EXPECT_EQ(io.read_core(3, 0x48, 4), 0u);
    EXPECT_EQ(io.read_core(3, 0x44, 8), 0u);
    EXPECT_EQ(io.read_core(4, 0x00, 4), 0u);
    io.write_core(4, 0x08, 4, 1);
    io.write_core(3, 0x1000, 4, 0);
    io.write_core(3, ~uint64_t{0} - 3, 4, 0);
    EXPECT_EQ(io.status(3), 1u);
    io.write_core(3, 0x0c, 4, 1);
    EXPECT_EQ(r.take(), (Events{{3, false}}));
}

TEST(IocsrCore, ByteLanesAccess) {
    Recorder r(2, Iocsr::Access::ByteLanes);
    Iocsr& io = r.io;
    EXPECT_EQ(io.access(), Iocsr::Access::ByteLanes);
    // Misc registers byte by byte (the 3A5000 window: hvisor reads the version byte at +0).
    EXPECT_EQ(io.read(0, 0x0, 1), 0x11u);
    std::string vendor;
    for (unsigned i = 0; i < 8; ++i) vendor += static_cast<char>(io.read(0, 0x10 + i, 1));
    EXPECT_EQ(vendor, "Loongson");
    EXPECT_EQ(io.read(0, 0x14, 4), 0x6e6f7367u);  // "gson"
    EXPECT_EQ(io.read(0, 0x24, 2), 0x3030u);      // "00"
    EXPECT_EQ(io.read(0, 0x424, 4), 0x10000u);    // EXTIOI_EN = bit 48 = bit 16 of the high word
    EXPECT_EQ(io.read(0, 0x8, 1), 0x1cu);
    EXPECT_EQ(io.read(0, 0x11, 2), 0u);  // misaligned: still invalid
    // Narrow writes merge into the word.
    io.write(1, 0x1004, 4, 0x11223344);
    io.write(1, 0x1005, 1, 0xaa);
    EXPECT_EQ(io.enable(1), 0x1122aa44u);
    io.write(1, 0x1006, 2, 0x0000);
    EXPECT_EQ(io.enable(1), 0x0000aa44u);
    EXPECT_EQ(io.read(1, 0x1005, 1), 0xaau);
    // SET reads 0, so a byte write sets only that byte's bits.
    io.write(1, 0x1009, 1, 0x02);
    EXPECT_EQ(io.status(1), 0x200u);
    EXPECT_EQ(r.take(), (Events{{1, true}}));
    io.write(1, 0x100d, 1, 0x02);  // CLEAR the same bit
    EXPECT_EQ(io.status(1), 0u);
    EXPECT_EQ(r.take(), (Events{{1, false}}));
    // Mailbox halfwords.
    io.write_core(0, 0x3a, 2, 0xbeef);
    EXPECT_EQ(io.mailbox(0, 3), 0xbeef0000ull);  // bytes 2-3 of mailbox 3's low word
    EXPECT_EQ(io.read_core(0, 0x3b, 1), 0xbeu);
    // The send registers still take 8-byte writes only.
    io.write(0, 0x1048, 4, 0);
    io.write(0, 0x1158, 1, 0);
    EXPECT_EQ(io.mailbox(0, 0), 0u);
}

// --- host safety, reset, the direct-boot flow -----------------------------------------------------

TEST(IocsrHarts, OutOfRangeHartsAndSizesDoNothing) {
    Recorder r(4);
    Iocsr& io = r.io;
    EXPECT_EQ(io.harts(), 4u);
    for (unsigned hart : {4u, 5u, 1023u, 1024u, ~0u}) {
        EXPECT_EQ(io.read(hart, 0x8, 8), 0u);
        EXPECT_EQ(io.read(hart, 0x1000, 4), 0u);
        io.write(hart, 0x1004, 4, 0xffffffff);
        io.write(hart, 0x1008, 4, 0xffffffff);
        io.write(hart, 0x1158, 8, any_send(0, 0x1008, 1));
        EXPECT_EQ(io.mailbox(hart, 0), 0u);
        io.set_mailbox(hart, 0, 1);
        io.send_ipi(hart, 1);
        EXPECT_EQ(io.status(hart), 0u);
        EXPECT_EQ(io.enable(hart), 0u);
        EXPECT_FALSE(io.ipi_line(hart));
    }
    for (unsigned size : {0u, 3u, 5u, 16u, ~0u}) {
        EXPECT_EQ(io.read(0, 0x8, size), 0u);
        EXPECT_EQ(io.read(0, 0x1000, size), 0u);
        io.write(0, 0x1008, size, 1);
        io.write(0, 0x1040, size, ipi_send(0, 0));
    }
    io.send_ipi(0, 32);  // no vector 32
    for (unsigned h = 0; h < 4; ++h) {
        EXPECT_EQ(io.status(h), 0u) << h;
        EXPECT_EQ(io.enable(h), 0u) << h;
    }
    EXPECT_TRUE(r.take().empty());
}

TEST(IocsrHarts, HartCountIsClamped) {
    EXPECT_EQ(Iocsr(0).harts(), 1u);
    Iocsr big(5000);
    EXPECT_EQ(big.harts(), 1024u);
    big.write(0, 0x1040, 4, ipi_send(1023, 6));  // the largest cpu id is reachable
    EXPECT_EQ(big.status(1023), 1u << 6);
    big.write(0, 0x1048, 8, mail_send_lo(1023, 1, 0x77));
    EXPECT_EQ(big.mailbox(1023, 1), 0x77u);
}

TEST(IocsrHarts, ResetClearsStateAndLowersLines) {
    Recorder r(2);
    Iocsr& io = r.io;
    io.write(0, 0x1004, 4, 1);
    io.send_ipi(0, 0);
    io.write(1, 0x1008, 4, 2);
    io.set_mailbox(1, 3, 42);
    EXPECT_EQ(r.take(), (Events{{0, true}}));
    io.reset();
    EXPECT_EQ(r.take(), (Events{{0, false}}));
    for (unsigned h = 0; h < 2; ++h) {
        EXPECT_EQ(io.status(h), 0u);
        EXPECT_EQ(io.enable(h), 0u);
        for (unsigned n = 0; n < 4; ++n) EXPECT_EQ(io.mailbox(h, n), 0u);
    }
    EXPECT_EQ(io.read(0, 0x8, 8), 0x1cu);  // constants survive
}

TEST(IocsrHarts, CallbackMayReadTheDevice) {
    Iocsr io(2);
    std::vector<uint32_t> seen;
    io.set_ipi_line_handler([&](unsigned h, bool) { seen.push_back(static_cast<uint32_t>(io.read(h, 0x1000, 4))); });
    io.write(0, 0x1004, 4, 0xff);
    io.send_ipi(0, 3);
    io.write(0, 0x100c, 4, 0x8);
    EXPECT_EQ(seen, (std::vector<uint32_t>{0x8, 0x0}));  // state already updated when called
}

// QEMU's direct-boot secondary stub (hw/loongarch/boot.c slave_boot_code) against Linux's
// loongson_boot_secondary: mailbox 0 via two MAIL_SENDs (high half first), then IPI_SEND.
TEST(IocsrHarts, DirectBootSecondaryStartFlow) {
    Recorder r(2);
    Iocsr& io = r.io;
    // Secondary (hart 1): clear mailbox 0 (iocsrwr.d), EN = -1 (iocsrwr.w).
    io.write(1, 0x1020, 8, 0);
    io.write(1, 0x1004, 4, 0xffffffffffffffffull);
    EXPECT_EQ(io.read(1, 0x1020, 4), 0u);  // the stub's poll: still 0
    // Primary (hart 0).
    const uint64_t entry = 0x9000'0000'0021'4000ull;
    io.write(0, 0x1048, 8, mail_send_hi(1, 0, entry));
    EXPECT_EQ(io.read(1, 0x1020, 4), 0u);  // high half first: the poll keeps waiting
    io.write(0, 0x1048, 8, mail_send_lo(1, 0, entry));
    io.write(0, 0x1040, 4, ipi_send(1, 0));  // SMP_BOOT_CPU
    EXPECT_EQ(r.take(), (Events{{1, true}}));
    // Secondary: poll sees non-zero, reads and clears STATUS, jumps to mailbox 0.
    EXPECT_NE(io.read(1, 0x1020, 4), 0u);
    const uint64_t st = io.read(1, 0x1000, 4);
    EXPECT_EQ(st, 1u);
    io.write(1, 0x100c, 4, st);
    EXPECT_EQ(r.take(), (Events{{1, false}}));
    EXPECT_EQ(io.read(1, 0x1020, 8), entry);
    EXPECT_EQ(io.mailbox(1, 0), entry);
}

// Random guest traffic: never crashes (run under ASan by the asan preset), and the line
// reported through the handler always equals (status & enable) != 0.
TEST(IocsrHarts, RandomTrafficKeepsTheLineInvariant) {
    Iocsr io(5);
    std::vector<bool> seen(5, false);
    io.set_ipi_line_handler([&](unsigned h, bool l) {
        ASSERT_LT(h, 5u);
        EXPECT_NE(seen[h], l) << "handler called without a level change";
        seen[h] = l;
    });
    uint64_t x = 0x9e3779b97f4a7c15ull;
    auto next = [&] {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        return x;
    };
    const uint64_t hot[] = {0x0, 0x8, 0x420, 0x1000, 0x1004, 0x1008, 0x100c, 0x1020,
                            0x1028, 0x1038, 0x1040, 0x1048, 0x1158, 0x1400};
    const unsigned sizes[] = {1, 2, 4, 8, 3, 0};
    unsigned raised = 0;
    for (int i = 0; i < 200000; ++i) {
        const uint64_t r = next();
        const unsigned hart = static_cast<unsigned>(r % 7);  // includes 5 and 6: out of range
        const uint64_t addr = (r >> 8) & 1 ? hot[(r >> 9) % 14] + ((r >> 13) & 7)
                                           : ((r >> 16) & 0x1fff);
        const unsigned size = sizes[(r >> 29) % 6];
        uint64_t v = next();
        if ((r >> 40) & 1) v = (v & ~(uint64_t{0x3ff} << 16)) | (((v >> 16) % 6) << 16);
        if ((r >> 41) & 1) io.write(hart, addr, size, v);
        else (void)io.read(hart, addr, size);
        for (unsigned h = 0; h < 5; ++h) {
            const bool want = (io.status(h) & io.enable(h)) != 0;
            ASSERT_EQ(io.ipi_line(h), want) << "step " << i << " hart " << h;
            ASSERT_EQ(seen[h], want) << "step " << i << " hart " << h;
        }
        raised += io.ipi_line(r % 5);
    }
    EXPECT_GT(raised, 0u);  // the traffic did reach the lines
    EXPECT_EQ(io.read(0, 0x8, 8), 0x1cu);
}

}  // namespace
