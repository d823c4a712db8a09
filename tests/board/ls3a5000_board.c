// SPDX-License-Identifier: Apache-2.0
// ls3a5000_board: a self-checking program for `lvzemu run --machine ls3a5000`, doing what
// hvisor's ls3a5000 platform does with the board before it starts a zone (reference
// ls3a5000-board.md, docs/ls3a5000.md): the chip-configuration window and its aliasing
// of IOCSR space, the per-core IPI blocks, UART0 and UART1, the 7A2000 RTC, PCH-PIC and
// ACPI block, the HyperTransport PCI configuration windows, CSR 0x420, CPUCFG 4/5, RAM up
// to 8 GiB, and the secondary-core start protocol: cores 1-3 are woken through their
// MMIO IPI blocks (enable all, mailbox 0 = entry's physical address, set bit 0) and
// must each check in. Output: "ok NAME" per check, "FAIL ..." on a mismatch, last line
// "PASS ls3a5000_board"; then power-off through the 7A's ACPI PM1_CNT (exit 0), or the
// exit register with status 1 after a failure.
#include "board.h"

#define UART1 (UNCACHED | 0x10080000ull)
#define PCH_PIC (UNCACHED | 0x10000000ull)
#define ACPI (UNCACHED | 0x100d0000ull)
#define RTC (UNCACHED | 0x100d0100ull)
#define HT_TYPE0 (UNCACHED | 0xefe00000000ull)
#define HT_TYPE1 (UNCACHED | 0xefe10000000ull)

static inline uint64_t iocsr_rd_d(uint64_t a) {
    uint64_t v;
    __asm__ volatile("iocsrrd.d %0, %1" : "=r"(v) : "r"(a));
    return v;
}
static inline uint32_t iocsr_rd_w(uint64_t a) {
    uint32_t v;
    __asm__ volatile("iocsrrd.w %0, %1" : "=r"(v) : "r"(a));
    return v;
}
static unsigned failures;
static void check(int ok, const char* name, uint64_t got, uint64_t want) {
    if (ok) {
        puts_("ok ");
        puts_(name);
        puts_("\n");
        return;
    }
    ++failures;
    puts_("FAIL ");
    puts_(name);
    puts_(": got ");
    puthex(got);
    puts_(" want ");
    puthex(want);
    puts_("\n");
}
#define CHECK_EQ(name, got, want)                        \
    do {                                                 \
        uint64_t g_ = (got), w_ = (want);                \
        check(g_ == w_, name, g_, w_);                   \
    } while (0)

static void finish(void) {
    if (failures == 0) {
        puts_("PASS ls3a5000_board\n");
        wr32(ACPI + 0x14, 0x3c00);  // PM1_CNT: SLP_EN | SLP_TYP = S5
    }
    puts_("FAILED ls3a5000_board\n");
    exit_failed();
}

// Any exception is a failure (CSR 0x420 must not trap, every device must answer).
__attribute__((aligned(4096), noreturn)) void board_trap(void) {
    uint64_t estat, era, badv;
    __asm__ volatile("csrrd %0, 0x5" : "=r"(estat));
    __asm__ volatile("csrrd %0, 0x6" : "=r"(era));
    __asm__ volatile("csrrd %0, 0x7" : "=r"(badv));
    puts_("FAIL unexpected exception ESTAT=");
    puthex(estat);
    puts_(" ERA=");
    puthex(era);
    puts_(" BADV=");
    puthex(badv);
    puts_("\n");
    ++failures;
    finish();
    for (;;) {}
}

// ---- secondary cores ----------------------------------------------------------------------
static volatile uint32_t checked_in;  // count; .bss, so it starts at 0 only if the loader zeroed it
static volatile uint32_t cpu_mask;
static volatile uint64_t secondary_mailbox[4], secondary_mail3[4], secondary_block_mbox1[4];

static void secondary(unsigned id) {
    // What woke us: mailbox 0 of our own block, seen through IOCSR (own block) and through
    // the chip-configuration window (block `id`); MAIL_SEND's word and the window write.
    secondary_mailbox[id] = rd64(CHIP_CFG + 0x1000 + 0x100 * id + 0x20) == iocsr_rd_d(0x1020)
                                ? iocsr_rd_d(0x1020) : ~0ull;
    secondary_mail3[id] = iocsr_rd_w(0x1038);
    secondary_block_mbox1[id] = iocsr_rd_d(0x1028);
    __atomic_fetch_or(&cpu_mask, 1u << id, __ATOMIC_SEQ_CST);
    __atomic_fetch_add(&checked_in, 1, __ATOMIC_SEQ_CST);
    for (;;) __asm__ volatile("idle 0");
}

// ---- the checks of core 0 ---------------------------------------------------------------
static void check_chip_config(void) {
    // The window is IOCSR space: byte, word and doubleword reads agree with IOCSRRD.
    CHECK_EQ("chipcfg version byte = iocsr 0x0", rd8(CHIP_CFG + 0x0), iocsr_rd_w(0x0) & 0xff);
    const uint64_t feature = rd64(CHIP_CFG + 0x8);
    CHECK_EQ("chipcfg feature = iocsr 0x8", feature, iocsr_rd_d(0x8));
    check((feature & 0x18) == 0x18, "feature has EXTIOI and CSRIPI", feature, 0x18);
    const char* vendor = "Loongson";
    for (int i = 0; i < 8; ++i) {
        if (rd8(CHIP_CFG + 0x10 + i) != (uint8_t)vendor[i]) {
            check(0, "vendor string", rd64(CHIP_CFG + 0x10), 0);
            break;
        }
    }
    CHECK_EQ("vendor string", rd64(CHIP_CFG + 0x10), iocsr_rd_d(0x10));
    CHECK_EQ("chip name 3A5000", rd64(CHIP_CFG + 0x20) & 0xffffffffffffull, 0x303030354133ull);
    CHECK_EQ("other-function config = iocsr 0x420", rd64(CHIP_CFG + 0x420), iocsr_rd_d(0x420));
    check((iocsr_rd_d(0x420) >> 48) & 1, "iocsr 0x420 EXTIOI_EN", iocsr_rd_d(0x420), 1ull << 48);
    // ext-IOI per-core ISR blocks (+0x1800..+0x1B00), read and written back as hvisor does.
    for (unsigned i = 0; i < 4; ++i) {
        const uint64_t a = CHIP_CFG + 0x1800 + 0x100 * i;
        const uint64_t v = rd64(a);
        wr64(a, v);
        CHECK_EQ("ext-IOI core ISR idle", v, 0);
    }
    // Per-core blocks: core 1's mailbox 1 written through the window; core 1 reads it back
    // through IOCSR 0x1028 (its own block) when it starts.
    wr64(CHIP_CFG + 0x1100 + 0x28, 0x1111222233334444ull);
    CHECK_EQ("core 1 mailbox 1 via window", rd64(CHIP_CFG + 0x1100 + 0x28), 0x1111222233334444ull);
    CHECK_EQ("own block via iocsr is core 0's", iocsr_rd_d(0x1028), rd64(CHIP_CFG + 0x1000 + 0x28));
    // MAIL_SEND through the window (+0x1048): core 2, mailbox 3's low word (word index 6).
    wr64(CHIP_CFG + 0x1048, (0xabcd1234ull << 32) | (2u << 16) | (6u << 2));
    CHECK_EQ("MAIL_SEND to core 2 mailbox 3", rd32(CHIP_CFG + 0x1200 + 0x38), 0xabcd1234u);
}

static void check_devices(void) {
    // UART1 (7A2000): hvisor's late init programs it and writes a line, polling LSR.THRE.
    check(rd8(UART1 + 5) & 0x20, "uart1 LSR.THRE", rd8(UART1 + 5), 0x20);
    wr8(UART1 + 3, 0x80);  // LCR.DLAB
    wr8(UART1 + 0, 27);    // 50 MHz / (16 * 115200)
    wr8(UART1 + 1, 0);
    wr8(UART1 + 3, 0x03);  // 8N1
    CHECK_EQ("uart1 LCR", rd8(UART1 + 3), 0x03);
    for (const char* s = "ls3a5000 uart1 ok\n"; *s; ++s) uart_putc(UART1, *s);
    // RTC (0x100D_0100): firmware leaves the TOY running; the year is 2026 at time 0.
    check((rd32(RTC + 0x40) & 0x900) == 0x900, "rtc TOYEN|EO", rd32(RTC + 0x40), 0x900);
    CHECK_EQ("rtc year", rd32(RTC + 0x30), 2026 - 1900);
    // PCH-PIC (0x1000_0000): ID register, byte 3 = 7.
    CHECK_EQ("pch-pic id", (rd64(PCH_PIC) >> 24) & 0xff, 7);
    // ACPI block: PM1_CNT reads back what was written, without SLP_EN.
    wr32(ACPI + 0x14, 0x1c00);  // SLP_TYP = 7 without SLP_EN: nothing happens
    CHECK_EQ("acpi PM1_CNT", rd32(ACPI + 0x14), 0x1c00);
    // HyperTransport PCI configuration: no function answers, vendor ID 0xFFFF everywhere.
    CHECK_EQ("ht type0 bus0 dev0", rd32(HT_TYPE0), 0xffffffffu);
    CHECK_EQ("ht type0 dev31 fn7", rd16(HT_TYPE0 | (31u << 11) | (7u << 8)), 0xffff);
    wr32(HT_TYPE0 | 0x4, 0x7);  // a command-register write is dropped
    CHECK_EQ("ht type0 after write", rd32(HT_TYPE0 | 0x4), 0xffffffffu);
    CHECK_EQ("ht type1 bus255", rd16(HT_TYPE1 | (255u << 16)), 0xffff);
}

static void check_cpu(void) {
    // CPUCFG4/5: the stable-counter frequency hvisor divides by (divider must not be 0).
    const uint32_t base = cpucfg(4), w5 = cpucfg(5);
    const uint32_t mul = w5 & 0xffff, div = w5 >> 16;
    check(base != 0 && mul != 0 && div != 0, "cpucfg4/5 sane", ((uint64_t)w5 << 32) | base, 0);
    if (div) CHECK_EQ("counter frequency", (uint64_t)base * mul / div, 100000000);
    // CSR 0x420 is not architectural: read and write must not trap (board_trap would).
    uint64_t v;
    __asm__ volatile("csrrd %0, 0x420" : "=r"(v));
    __asm__ volatile("csrwr %0, 0x420" : "+r"(v));
    check(1, "csr 0x420 no trap", 0, 0);
    // RAM where hvisor lives and the root zone's highest region, and the end of 8 GiB.
    const uint64_t addrs[] = {0x1f4400000ull, 0x16fff0000ull, 0x27ffff000ull};
    for (unsigned i = 0; i < 3; ++i) {
        wr64(CACHED | addrs[i], 0x5a5a000000000000ull | addrs[i]);
        CHECK_EQ("ram read back", rd64(CACHED | addrs[i]), 0x5a5a000000000000ull | addrs[i]);
    }
    extern char __bss_start[], __bss_end[];
    uint64_t nonzero = 0;
    for (volatile char* p = __bss_start; p < __bss_end; ++p) nonzero |= (uint64_t)(uint8_t)*p;
    CHECK_EQ("bss zero at entry", nonzero, 0);
}

static void start_secondaries(void) {
    for (unsigned id = 1; id < 4; ++id) {
        const uint64_t blk = CHIP_CFG + 0x1000 + 0x100 * id;
        wr32(blk + 0x04, 0xffffffffu);  // enable every IPI
        wr64(blk + 0x20, ENTRY_PA);     // mailbox 0: where to go
        wr32(blk + 0x08, 1);            // set bit 0 (SMP_BOOT_CPU)
    }
    for (unsigned long spin = 0; spin < 20000000 && checked_in < 3; ++spin) {}
    CHECK_EQ("secondaries checked in", checked_in, 3);
    CHECK_EQ("cpu mask", cpu_mask, 0xe);
    for (unsigned id = 1; id < 4; ++id) CHECK_EQ("mailbox 0 = entry", secondary_mailbox[id], ENTRY_PA);
    CHECK_EQ("core 2 sees MAIL_SEND", secondary_mail3[2], 0xabcd1234u);
    CHECK_EQ("core 1 sees window write", secondary_block_mbox1[1], 0x1111222233334444ull);
}

void board_main(unsigned id) {
    if (id != 0) secondary(id);
    __asm__ volatile("csrwr %0, 0xc" ::"r"((uint64_t)&board_trap));  // EENTRY
    puts_("ls3a5000_board: core 0 up\n");
    check_cpu();  // first: it looks at .bss before anything writes it
    check_chip_config();
    check_devices();
    start_secondaries();
    finish();
}
