/* SPDX-License-Identifier: Apache-2.0 — quicksort of 64k 64-bit keys, 40 rounds. */
#include "common.h"

#define N 65536
static uint64_t a[N];

static void qsort_u64(uint64_t* v, long lo, long hi) {
    while (lo < hi) {
        uint64_t p = v[(lo + hi) / 2];
        long i = lo, j = hi;
        while (i <= j) {
            while (v[i] < p) i++;
            while (v[j] > p) j--;
            if (i <= j) { uint64_t t = v[i]; v[i] = v[j]; v[j] = t; i++; j--; }
        }
        if (j - lo < hi - i) { qsort_u64(v, lo, j); lo = i; } else { qsort_u64(v, i, hi); hi = j; }
    }
}

int main(void) {
    uint64_t sum = 0;
    for (int r = 0; r < 120; r++) {
        for (int i = 0; i < N; i++) a[i] = bench_rand();
        qsort_u64(a, 0, N - 1);
        for (int i = 0; i < N; i += 97) sum = sum * 31 + a[i];
    }
    return bench_done("sort", sum);
}
