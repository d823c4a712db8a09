/* SPDX-License-Identifier: Apache-2.0 — table-driven CRC-32 over 256 KiB, 120 rounds. */
#include "common.h"

static uint32_t table[256];
static uint8_t buf[262144];

int main(void) {
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
        table[i] = c;
    }
    for (unsigned i = 0; i < sizeof buf; i++) buf[i] = (uint8_t)bench_rand();
    uint64_t sum = 0;
    for (int r = 0; r < 720; r++) {
        uint32_t c = 0xffffffffu;
        for (unsigned i = 0; i < sizeof buf; i++) c = table[(c ^ buf[i]) & 0xff] ^ (c >> 8);
        sum = sum * 3 + (c ^ 0xffffffffu);
        buf[r % sizeof buf] ^= 1;
    }
    return bench_done("crc", sum);
}
