/* SPDX-License-Identifier: Apache-2.0 — FNV-1a and an open-addressing hash table. */
#include "common.h"

#define SLOTS 16384
static uint64_t keys[SLOTS];
static uint32_t vals[SLOTS];

static uint64_t fnv(uint64_t x) {
    uint64_t h = 0xcbf29ce484222325ull;
    for (int i = 0; i < 8; i++) { h ^= (x >> (8 * i)) & 0xff; h *= 0x100000001b3ull; }
    return h;
}

int main(void) {
    uint64_t sum = 0;
    for (int r = 0; r < 4800; r++) {
        for (int i = 0; i < SLOTS; i++) keys[i] = 0;
        for (int i = 0; i < SLOTS / 2; i++) {
            uint64_t k = (bench_rand() | 1), h = fnv(k) & (SLOTS - 1);
            while (keys[h] && keys[h] != k) h = (h + 1) & (SLOTS - 1);
            keys[h] = k;
            vals[h] += (uint32_t)i;
        }
        for (int i = 0; i < SLOTS; i++) sum += keys[i] ^ vals[i];
    }
    return bench_done("hash", sum);
}
