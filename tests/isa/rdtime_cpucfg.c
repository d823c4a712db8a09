/* SPDX-License-Identifier: Apache-2.0
 * Stable counter and configuration words (LoongArch Reference Manual Vol 1 v1.10,
 * §2.2.10.4 RDTIME{L/H}.W / RDTIME.D, §2.2.10.5 CPUCFG and its table).
 *
 *  - rdtime.d rd, rj: rd = StableCounter, rj = Counter ID (CSR.TID, 0x40); the counter
 *    only counts up (it starts at 0 and wraps at 2^64). rdtimel.w / rdtimeh.w return
 *    bits 31:0 / 63:32, sign-extended on LA64.
 *  - cpucfg rd, rj: word GR[rj]; undefined words read 0. On an la464-class LA64 core:
 *    word 1 ARCH (1:0) = 2 (LA64), UAL (20) = 1, CRC (25) = 1; word 2 FP (0), FP_SP (1),
 *    FP_DP (2) = 1, FP_ver (5:3) = 1, LAM (22) = 1 (the other tests use these
 *    features); words 4/5 (counter frequency, multiplier, divider) are non-zero when
 *    word 2 LLFTP (14) is set. */
#include "rt.h"

typedef uint64_t u64;

#define RDTIME(v, id) __asm__ volatile("rdtime.d %0, %1" : "=r"(v), "=r"(id) :: "memory")
static inline u64 cpucfg(u64 w) { u64 r; __asm__ volatile("cpucfg %0, %1" : "=r"(r) : "r"(w)); return r; }
#define SEXT32_OK(x) (((x) >> 32) == (((x) >> 31) & 1 ? 0xffffffffULL : 0))

static void test_rdtime(void) {
    u64 t0, id, prev, t, tid = 0x5a5;
    __asm__ volatile("csrwr %0, 0x40" : "+r"(tid) :: "memory");    /* TID is RW: make it distinctive */
    __asm__ volatile("csrrd %0, 0x40" : "=r"(tid));
    CHECK_EQ(tid, 0x5a5);
    RDTIME(t0, id);
    CHECK_EQ(id, tid);                                 /* rj receives the counter ID */
    /* monotonic: 1000 back-to-back reads never go backwards */
    int back = 0;
    prev = t0;
    for (int i = 0; i < 1000; ++i) {
        RDTIME(t, id);
        back += t < prev;
        prev = t;
    }
    CHECK_EQ(back, 0);
    /* and it does advance across a busy loop */
    RDTIME(t0, id);
    volatile u64 sink = 0;
    for (int i = 0; i < 200000; ++i) sink += i;
    RDTIME(t, id);
    CHECK_EQ(t > t0, 1);
    /* rdtimel.w / rdtimeh.w: the two halves, sign-extended */
    u64 d1, lo, hi, d2, id2;
    __asm__ volatile("rdtime.d %0, %4\n\trdtimel.w %1, %4\n\trdtimeh.w %2, %5\n\trdtime.d %3, %5"
                     : "=&r"(d1), "=&r"(lo), "=&r"(hi), "=&r"(d2), "=&r"(id), "=&r"(id2) :: "memory");
    CHECK_EQ(id, tid);
    CHECK_EQ(id2, tid);
    CHECK_EQ(SEXT32_OK(lo), 1);
    CHECK_EQ(SEXT32_OK(hi), 1);
    CHECK_EQ(d2 >= d1, 1);
    if ((d1 >> 32) == (d2 >> 32)) {                    /* no carry into bit 32 meanwhile */
        CHECK_EQ((uint32_t)hi, (uint32_t)(d1 >> 32));
        CHECK_EQ((uint32_t)lo >= (uint32_t)d1, 1);
        CHECK_EQ((uint32_t)lo <= (uint32_t)d2, 1);
    }
    /* rd = r0: only rj is written */
    __asm__ volatile("or %0, $zero, $zero\n\trdtime.d $zero, %0" : "=&r"(id) :: "memory");
    CHECK_EQ(id, tid);
}

static void test_cpucfg(void) {
    u64 w1 = cpucfg(1), w2 = cpucfg(2);
    CHECK_EQ(w1 & 3, 2);                               /* ARCH = LA64 */
    CHECK_EQ((w1 >> 20) & 1, 1);                       /* UAL */
    CHECK_EQ((w1 >> 25) & 1, 1);                       /* CRC */
    CHECK_EQ(((w1 >> 4) & 0xff) >= 31, 1);             /* PALEN - 1: at least 32-bit PA */
    CHECK_EQ(((w1 >> 12) & 0xff) >= 31, 1);            /* VALEN - 1 */
    CHECK_EQ(w2 & 7, 7);                               /* FP, FP_SP, FP_DP */
    CHECK_EQ((w2 >> 3) & 7, 1);                        /* FP_ver */
    CHECK_EQ((w2 >> 22) & 1, 1);                       /* LAM */
    CHECK_EQ(SEXT32_OK(w1), 1);
    CHECK_EQ(SEXT32_OK(w2), 1);
    if ((w2 >> 14) & 1) {                              /* LLFTP: constant-frequency counter */
        CHECK_EQ(cpucfg(4) != 0, 1);                   /* CC_FREQ */
        CHECK_EQ((cpucfg(5) & 0xffff) != 0, 1);        /* CC_MUL */
        CHECK_EQ(((cpucfg(5) >> 16) & 0xffff) != 0, 1);/* CC_DIV */
    }
    /* undefined configuration words read 0 */
    CHECK_EQ(cpucfg(7), 0);
    CHECK_EQ(cpucfg(0xf), 0);
    CHECK_EQ(cpucfg(0x40), 0);
    CHECK_EQ(cpucfg(0x12345), 0);
    /* same word, same answer; rd == rj allowed */
    u64 x = 2;
    __asm__ volatile("cpucfg %0, %0" : "+r"(x));
    CHECK_EQ(x, w2);
}

int main(void) {
    test_rdtime();
    test_cpucfg();
    return rt_done("rdtime_cpucfg");
}
