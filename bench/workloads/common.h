/* SPDX-License-Identifier: Apache-2.0
 * Shared by the benchmark workloads: a deterministic PRNG and the result print. Each
 * workload prints one checksum line so that lvzemu and QEMU can be checked to have done
 * the same work. */
#pragma once

#include "rt.h"

static uint64_t bench_rng = 0x9e3779b97f4a7c15ull;
static inline uint64_t bench_rand(void) {
    bench_rng ^= bench_rng << 13;
    bench_rng ^= bench_rng >> 7;
    bench_rng ^= bench_rng << 17;
    return bench_rng;
}

static inline int bench_done(const char* name, uint64_t checksum) {
    rt_puts(name);
    rt_puts(" checksum ");
    rt_puthex(checksum);
    rt_putc('\n');
    return 0;
}
