/* SPDX-License-Identifier: Apache-2.0 — pointer chasing through a random cycle of 128k nodes. */
#include "common.h"

#define N 131072
static uint32_t next[N];

int main(void) {
    for (uint32_t i = 0; i < N; i++) next[i] = i;
    for (uint32_t i = N - 1; i > 0; i--) {  /* Sattolo: one cycle through every node */
        uint32_t j = (uint32_t)(bench_rand() % i), t = next[i];
        next[i] = next[j];
        next[j] = t;
    }
    uint32_t p = 0;
    uint64_t sum = 0;
    for (int i = 0; i < 120000000; i++) { p = next[p]; sum += p; }
    return bench_done("ptrchase", sum);
}
