/* SPDX-License-Identifier: Apache-2.0
 * A tiny freestanding runtime for guest test programs: console output on the virt
 * board's ns16550a, check macros, exit. */
#pragma once

#include <stdint.h>

#define RT_UART ((volatile uint8_t*)0x1fe001e0UL)

void rt_exit(int code) __attribute__((noreturn));

static inline void rt_putc(char c) {
    while (!(RT_UART[5] & 0x20)) {}  /* LSR.THRE */
    RT_UART[0] = (uint8_t)c;
}

static inline void rt_puts(const char* s) {
    while (*s) rt_putc(*s++);
}

static inline void rt_puthex(uint64_t v) {
    rt_puts("0x");
    for (int i = 60; i >= 0; i -= 4) rt_putc("0123456789abcdef"[(v >> i) & 0xf]);
}

static int rt_failures;

/* CHECK_EQ(a, b): compare two 64-bit values; report and count a mismatch. */
#define CHECK_EQ(a, b)                                                       \
    do {                                                                     \
        uint64_t rt_a_ = (uint64_t)(a), rt_b_ = (uint64_t)(b);              \
        if (rt_a_ != rt_b_) {                                                \
            rt_puts("FAIL " __FILE__ ":");                                   \
            rt_puthex(__LINE__);                                             \
            rt_puts(" " #a " = ");                                           \
            rt_puthex(rt_a_);                                                \
            rt_puts(", expected ");                                          \
            rt_puthex(rt_b_);                                                \
            rt_putc('\n');                                                   \
            ++rt_failures;                                                   \
        }                                                                    \
    } while (0)

/* End of a test's main: print the verdict, return it as the exit code. */
static inline int rt_done(const char* name) {
    rt_puts(rt_failures ? "FAIL " : "PASS ");
    rt_puts(name);
    rt_putc('\n');
    return rt_failures ? 1 : 0;
}
