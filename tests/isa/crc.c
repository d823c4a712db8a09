/* SPDX-License-Identifier: Apache-2.0
 * CRC instructions (LoongArch Reference Manual Vol 1 v1.10, §2.2.9 "CRC Check
 * Instructions" and the CRC32() function of the pseudo-code appendix):
 * crc.w.{b,h,w,d}.w (IEEE 802.3, reflected polynomial 0xEDB88320) and
 * crcc.w.{b,h,w,d}.w (Castagnoli, 0x82F63B78).
 *
 *   crc[c].w.X.w rd, rj, rk:  rd = SignExtend(CRC32(GR[rk][31:0], GR[rj][width-1:0]))
 * where CRC32(old, msg, width, poly) xors msg into old and shifts `width` times, LSB
 * first, with no pre-/post-inversion. The reference below is that pseudo-code in C;
 * independent anchors are the standard check values of "123456789" (CRC-32 0xCBF43926,
 * CRC-32C 0xE3069283), which use init 0xffffffff and a final inversion done in software.
 * CPUCFG1.CRC (bit 25) advertises the instructions. */
#include "rt.h"

typedef uint64_t u64;

#define POLY_IEEE 0xEDB88320u
#define POLY_CASTAGNOLI 0x82F63B78u

/* the manual's CRC32(old_chksum, msg, width, poly) */
static uint32_t ref_crc(uint32_t old, u64 msg, int width, uint32_t poly) {
    u64 c = (u64)old ^ (width == 64 ? msg : (msg & ((1ULL << width) - 1)));
    for (int i = 0; i < width; ++i) c = (c & 1) ? (c >> 1) ^ poly : (c >> 1);
    return (uint32_t)c;
}

#define CRC(op, msg, old) ({ u64 r_; __asm__ volatile(op " %0, %1, %2" : "=r"(r_) \
    : "r"((u64)(msg)), "r"((u64)(old))); r_; })
#define SX(x) ((u64)(int64_t)(int32_t)(x))

static u64 rng = 0x9e3779b97f4a7c15ULL;
static u64 next(void) {                     /* xorshift64 */
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static void test_vectors(void) {
    int bad = 0;
    for (int i = 0; i < 64; ++i) {
        u64 m = next(), o = next();         /* garbage in the unused upper bits on purpose */
        uint32_t o32 = (uint32_t)o;
        bad += CRC("crc.w.b.w", m, o) != SX(ref_crc(o32, m, 8, POLY_IEEE));
        bad += CRC("crc.w.h.w", m, o) != SX(ref_crc(o32, m, 16, POLY_IEEE));
        bad += CRC("crc.w.w.w", m, o) != SX(ref_crc(o32, m, 32, POLY_IEEE));
        bad += CRC("crc.w.d.w", m, o) != SX(ref_crc(o32, m, 64, POLY_IEEE));
        bad += CRC("crcc.w.b.w", m, o) != SX(ref_crc(o32, m, 8, POLY_CASTAGNOLI));
        bad += CRC("crcc.w.h.w", m, o) != SX(ref_crc(o32, m, 16, POLY_CASTAGNOLI));
        bad += CRC("crcc.w.w.w", m, o) != SX(ref_crc(o32, m, 32, POLY_CASTAGNOLI));
        bad += CRC("crcc.w.d.w", m, o) != SX(ref_crc(o32, m, 64, POLY_CASTAGNOLI));
    }
    CHECK_EQ(bad, 0);
    /* a few individually visible cases */
    CHECK_EQ(CRC("crc.w.b.w", 0, 0), 0);
    CHECK_EQ(CRC("crc.w.b.w", 1, 0), SX(ref_crc(0, 1, 8, POLY_IEEE)));
    CHECK_EQ(CRC("crc.w.b.w", 0x80, 0), 0xffffffffedb88320ULL);   /* 7 plain shifts, then ^ poly; sign-extended */
    CHECK_EQ(CRC("crcc.w.b.w", 0x80, 0), 0xffffffff82f63b78ULL);
    CHECK_EQ(CRC("crc.w.b.w", 0xffffffffffffff00ULL, 0xffffffff00000000ULL), 0);  /* only rj[7:0], rk[31:0] */
    CHECK_EQ(CRC("crcc.w.w.w", 0x1234567800000000ULL, 0), 0);
    CHECK_EQ(CRC("crc.w.w.w", 0xffffffff, 0xffffffff), 0);                          /* old ^ msg = 0 */
    CHECK_EQ(CRC("crc.w.h.w", 0xabcd, 0x5a5a0000), SX(ref_crc(0x5a5a0000, 0xabcd, 16, POLY_IEEE)));
    CHECK_EQ(CRC("crcc.w.d.w", 0x0123456789abcdefULL, 0xdeadbeef),
             SX(ref_crc(0xdeadbeef, 0x0123456789abcdefULL, 64, POLY_CASTAGNOLI)));
    /* byte-at-a-time vs one doubleword: same CRC */
    u64 data = 0x8877665544332211ULL, a = 0x12345678, b = 0x12345678;
    for (int i = 0; i < 8; ++i) a = CRC("crc.w.b.w", data >> (8 * i), a);
    b = CRC("crc.w.d.w", data, b);
    CHECK_EQ(a, b);
    a = b = 0xffffffff;
    for (int i = 0; i < 4; ++i) a = CRC("crcc.w.h.w", data >> (16 * i), a);
    b = CRC("crcc.w.w.w", data, b);
    b = CRC("crcc.w.w.w", data >> 32, b);
    CHECK_EQ(a, b);
}

static void test_check_values(void) {
    static const char s[] = "123456789";
    u64 c = 0xffffffff, k = 0xffffffff;
    for (int i = 0; i < 9; ++i) {
        c = CRC("crc.w.b.w", (uint8_t)s[i], c);
        k = CRC("crcc.w.b.w", (uint8_t)s[i], k);
    }
    CHECK_EQ((uint32_t)~c, 0xCBF43926u);
    CHECK_EQ((uint32_t)~k, 0xE3069283u);
    /* the same with wider chunks: "12345678" as one doubleword, then "9" */
    u64 d8 = 0, w4a = 0, w4b = 0;
    for (int i = 7; i >= 0; --i) d8 = (d8 << 8) | (uint8_t)s[i];
    for (int i = 3; i >= 0; --i) w4a = (w4a << 8) | (uint8_t)s[i];
    for (int i = 7; i >= 4; --i) w4b = (w4b << 8) | (uint8_t)s[i];
    c = CRC("crc.w.d.w", d8, 0xffffffff);
    c = CRC("crc.w.b.w", '9', c);
    CHECK_EQ((uint32_t)~c, 0xCBF43926u);
    k = CRC("crcc.w.w.w", w4a, 0xffffffff);
    k = CRC("crcc.w.w.w", w4b, k);
    k = CRC("crcc.w.b.w", '9', k);
    CHECK_EQ((uint32_t)~k, 0xE3069283u);
    c = CRC("crc.w.h.w", 0x3231, 0xffffffff);       /* "12" */
    c = CRC("crc.w.h.w", 0x3433, c);
    c = CRC("crc.w.w.w", 0x38373635, c);
    c = CRC("crc.w.b.w", 0x39, c);
    CHECK_EQ((uint32_t)~c, 0xCBF43926u);
    CHECK_EQ(c, 0x340bc6d9);                         /* ~0xCBF43926, bit 31 clear */
    CHECK_EQ(k, SX(~0xE3069283u) & 0xffffffffULL);   /* 0x1cf96d7c */
}

int main(void) {
    test_vectors();
    test_check_values();
    return rt_done("crc");
}
