/* SPDX-License-Identifier: Apache-2.0 — 96x96 integer matrix multiply, 40 rounds. */
#include "common.h"

#define N 96
static int64_t A[N][N], B[N][N], C[N][N];

int main(void) {
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) { A[i][j] = (int64_t)(bench_rand() & 0xff); B[i][j] = (int64_t)(bench_rand() & 0xff); }
    uint64_t sum = 0;
    for (int r = 0; r < 400; r++) {
        for (int i = 0; i < N; i++)
            for (int j = 0; j < N; j++) {
                int64_t s = 0;
                for (int k = 0; k < N; k++) s += A[i][k] * B[k][j];
                C[i][j] = s;
            }
        for (int i = 0; i < N; i++) { sum += (uint64_t)C[i][(i * 7 + r) % N]; A[i][r % N] += 1; }
    }
    return bench_done("matmul", sum);
}
