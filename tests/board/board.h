// SPDX-License-Identifier: Apache-2.0
// What the tests/board programs share: the ls3a5000 board's addresses through hvisor's
// windows (DMW0 uncached 0x8..., DMW1 cached 0x9..., set by start.S), MMIO accessors, and a
// UART0 console polled on LSR.THRE as hvisor's is (docs/ls3a5000.md).
#pragma once
#include <stdint.h>

#define UNCACHED 0x8000000000000000ull
#define CACHED 0x9000000000000000ull
#define CHIP_CFG (UNCACHED | 0x1fe00000ull)
#define UART0 (UNCACHED | 0x1fe001e0ull)
#define EXIT_REG (UNCACHED | 0x100e0100ull)  // lvzemu's exit register (both boards)
#define ENTRY_PA 0x1f0000000ull              // where the loader put the program (ELF paddr)

static inline uint8_t rd8(uint64_t a) { return *(volatile uint8_t*)a; }
static inline uint16_t rd16(uint64_t a) { return *(volatile uint16_t*)a; }
static inline uint32_t rd32(uint64_t a) { return *(volatile uint32_t*)a; }
static inline uint64_t rd64(uint64_t a) { return *(volatile uint64_t*)a; }
static inline void wr8(uint64_t a, uint8_t v) { *(volatile uint8_t*)a = v; }
static inline void wr32(uint64_t a, uint32_t v) { *(volatile uint32_t*)a = v; }
static inline void wr64(uint64_t a, uint64_t v) { *(volatile uint64_t*)a = v; }

static inline uint32_t cpucfg(uint32_t w) {
    uint32_t v;
    __asm__ volatile("cpucfg %0, %1" : "=r"(v) : "r"(w));
    return v;
}

// A 16550 at `base`: wait (bounded, so a missing THRE cannot hang a test) for LSR.THRE.
static inline void uart_putc(uint64_t base, char c) {
    for (unsigned i = 0; i < 1000000 && !(rd8(base + 5) & 0x20); ++i) {}
    wr8(base, (uint8_t)c);
}
static inline void puts_(const char* s) {
    for (; *s; ++s) uart_putc(UART0, *s);
}
static inline void puthex(uint64_t v) {
    puts_("0x");
    for (int i = 60; i >= 0; i -= 4) uart_putc(UART0, "0123456789abcdef"[(v >> i) & 0xf]);
}
static inline void putdec(uint64_t v) {
    char b[21];
    int i = 20;
    b[i] = 0;
    do b[--i] = (char)('0' + v % 10); while ((v /= 10) != 0);
    puts_(b + i);
}
// The exit register with status 1 (a failed run), then stop.
static inline __attribute__((noreturn)) void exit_failed(void) {
    wr32(EXIT_REG, (1u << 16) | 0x3333);
    for (;;) {}
}
