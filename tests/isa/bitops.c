/* SPDX-License-Identifier: Apache-2.0
 * Bit-manipulation instructions (LoongArch Reference Manual Vol 1 v1.10, §2.2.3
 * "Bit-manipulation Instructions"): ext.w.b/h, clo/clz/cto/ctz .w/.d, bytepick.w/d,
 * revb.2h/4h/2w/d, revh.2w/d, bitrev.4b/8b/w/d, bstrins.w/d, bstrpick.w/d.
 *
 * Notes on the manual text:
 *  - .W counts look only at rj[31:0] (clz.w of 0 is 32).
 *  - REVB.2W / REVB.D: the v1.10 English pseudo-code lists the bytes of each word in
 *    the order [7:0],[15:8],[31:24],[23:16], which contradicts the prose ("the 4 bytes
 *    ... in reverse order") — a transcription slip. We follow the prose: a plain byte
 *    reversal of each 32-bit word / of the whole doubleword.
 *  - BYTEPICK.W/D: the pseudo-code's bit ranges are garbled in v1.10 EN; the prose says
 *    {rk, rj} is concatenated and 4 (8) bytes are taken starting sa bytes from the left,
 *    i.e. rd = SignExtend({rk[31-8sa:0], rj[31:32-8sa]}) (sa = 0 gives rk).
 *  - REVB.2H, BITREV.4B, BITREV.W, BSTRINS.W, BSTRPICK.W sign-extend their 32-bit
 *    result. */
#include "rt.h"

typedef uint64_t u64;

#define R1(op, a) ({ u64 r_; __asm__ volatile(op " %0, %1" : "=r"(r_) : "r"((u64)(a))); r_; })
#define PICK(op, a, b, sa) ({ u64 r_; __asm__ volatile(op " %0, %1, %2, " #sa : "=r"(r_) : "r"((u64)(a)), "r"((u64)(b))); r_; })
/* bstrins reads rd */
#define BINS(op, d, j, msb, lsb) ({ u64 r_ = (d); __asm__ volatile(op " %0, %1, " #msb ", " #lsb : "+r"(r_) : "r"((u64)(j))); r_; })
#define BPICK(op, j, msb, lsb) ({ u64 r_; __asm__ volatile(op " %0, %1, " #msb ", " #lsb : "=r"(r_) : "r"((u64)(j))); r_; })

static void test_ext(void) {
    CHECK_EQ(R1("ext.w.b", 0x80), 0xffffffffffffff80ULL);
    CHECK_EQ(R1("ext.w.b", 0x17f), 0x7f);
    CHECK_EQ(R1("ext.w.b", 0xffffffffffffff00ULL), 0);
    CHECK_EQ(R1("ext.w.h", 0x8000), 0xffffffffffff8000ULL);
    CHECK_EQ(R1("ext.w.h", 0x12347fff), 0x7fff);
    CHECK_EQ(R1("ext.w.h", 0xabcdef000000ffffULL), 0xffffffffffffffffULL);
}

static void test_count(void) {
    CHECK_EQ(R1("clo.w", 0xffff0000), 16);
    CHECK_EQ(R1("clo.w", 0x00000000ffffffffULL), 32);
    CHECK_EQ(R1("clo.w", 0xffffffff0fffffffULL), 0);          /* bits 63:32 ignored */
    CHECK_EQ(R1("clo.w", 0x80000000), 1);
    CHECK_EQ(R1("clz.w", 0), 32);
    CHECK_EQ(R1("clz.w", 1), 31);
    CHECK_EQ(R1("clz.w", 0xffffffff00008000ULL), 16);
    CHECK_EQ(R1("clz.w", 0x80000000), 0);
    CHECK_EQ(R1("cto.w", 0xff), 8);
    CHECK_EQ(R1("cto.w", 0xffffffff), 32);
    CHECK_EQ(R1("cto.w", 0xfffffffe), 0);
    CHECK_EQ(R1("cto.w", 0x7fffffff), 31);
    CHECK_EQ(R1("ctz.w", 0), 32);
    CHECK_EQ(R1("ctz.w", 0x100000000ULL), 32);                 /* low word is 0 */
    CHECK_EQ(R1("ctz.w", 0x80000000), 31);
    CHECK_EQ(R1("ctz.w", 0x00000010), 4);
    CHECK_EQ(R1("clo.d", 0xffffffffffffffffULL), 64);
    CHECK_EQ(R1("clo.d", 0xf000000000000000ULL), 4);
    CHECK_EQ(R1("clo.d", 0x7fffffffffffffffULL), 0);
    CHECK_EQ(R1("clo.d", 0xffffffff7fffffffULL), 32);
    CHECK_EQ(R1("clz.d", 0), 64);
    CHECK_EQ(R1("clz.d", 1), 63);
    CHECK_EQ(R1("clz.d", 0x00000000ffffffffULL), 32);
    CHECK_EQ(R1("clz.d", 0x8000000000000000ULL), 0);
    CHECK_EQ(R1("cto.d", 0xffffffffffffffffULL), 64);
    CHECK_EQ(R1("cto.d", 0x00000000ffffffffULL), 32);
    CHECK_EQ(R1("cto.d", 0), 0);
    CHECK_EQ(R1("cto.d", 0x7fffffffffffffffULL), 63);
    CHECK_EQ(R1("ctz.d", 0x8000000000000000ULL), 63);
    CHECK_EQ(R1("ctz.d", 0), 64);
    CHECK_EQ(R1("ctz.d", 0x100000000ULL), 32);
    CHECK_EQ(R1("ctz.d", 1), 0);
}

static void test_rev(void) {
    CHECK_EQ(R1("revb.2h", 0x11223344), 0x22114433);
    CHECK_EQ(R1("revb.2h", 0x00801122), 0xffffffff80002211ULL);          /* sign-extended */
    CHECK_EQ(R1("revb.2h", 0xaaaaaaaa00000080ULL), 0x8000);
    CHECK_EQ(R1("revb.4h", 0x0123456789abcdefULL), 0x23016745ab89efcdULL);
    CHECK_EQ(R1("revb.2w", 0x0123456789abcdefULL), 0x67452301efcdab89ULL);
    CHECK_EQ(R1("revb.d", 0x0123456789abcdefULL), 0xefcdab8967452301ULL);
    CHECK_EQ(R1("revb.d", 0x80), 0x8000000000000000ULL);
    CHECK_EQ(R1("revh.2w", 0x0123456789abcdefULL), 0x45670123cdef89abULL);
    CHECK_EQ(R1("revh.d", 0x0123456789abcdefULL), 0xcdef89ab45670123ULL);
    CHECK_EQ(R1("bitrev.4b", 0x00000001), 0x80);
    CHECK_EQ(R1("bitrev.4b", 0x01000000), 0xffffffff80000000ULL);        /* sign-extended */
    CHECK_EQ(R1("bitrev.4b", 0xffffffff0f0103c0ULL), 0xfffffffff080c003ULL);
    CHECK_EQ(R1("bitrev.8b", 0x0102040810204080ULL), 0x8040201008040201ULL);
    CHECK_EQ(R1("bitrev.8b", 0x0f00000000000001ULL), 0xf000000000000080ULL);
    CHECK_EQ(R1("bitrev.w", 1), 0xffffffff80000000ULL);
    CHECK_EQ(R1("bitrev.w", 0x80000000), 1);
    CHECK_EQ(R1("bitrev.w", 0xffffffff12345678ULL), 0x1e6a2c48);
    CHECK_EQ(R1("bitrev.d", 1), 0x8000000000000000ULL);
    CHECK_EQ(R1("bitrev.d", 0x0123456789abcdefULL), 0xf7b3d591e6a2c480ULL);
}

static void test_bytepick(void) {
    const u64 j = 0x11223344, k = 0x55667788;
    CHECK_EQ(PICK("bytepick.w", j, k, 0), 0x55667788);
    CHECK_EQ(PICK("bytepick.w", j, k, 1), 0x66778811);
    CHECK_EQ(PICK("bytepick.w", j, k, 2), 0x77881122);
    CHECK_EQ(PICK("bytepick.w", j, k, 3), 0xffffffff88112233ULL);        /* sign-extended */
    CHECK_EQ(PICK("bytepick.w", 0xdeadbeef11223344ULL, 0xcafef00d55667788ULL, 2), 0x77881122);
    const u64 jd = 0x0011223344556677ULL, kd = 0x8899aabbccddeeffULL;
    CHECK_EQ(PICK("bytepick.d", jd, kd, 0), kd);
    CHECK_EQ(PICK("bytepick.d", jd, kd, 1), 0x99aabbccddeeff00ULL);
    CHECK_EQ(PICK("bytepick.d", jd, kd, 3), 0xbbccddeeff001122ULL);
    CHECK_EQ(PICK("bytepick.d", jd, kd, 4), 0xccddeeff00112233ULL);
    CHECK_EQ(PICK("bytepick.d", jd, kd, 7), 0xff00112233445566ULL);
}

static void test_bstr(void) {
    /* BSTRINS.W: rd[msb:lsb] = rj[msb-lsb:0], rest of rd[31:0] kept, sign-extended */
    CHECK_EQ(BINS("bstrins.w", 0, 0xf, 31, 28), 0xfffffffff0000000ULL);
    CHECK_EQ(BINS("bstrins.w", 0x12345678, 0xab, 15, 8), 0x1234ab78);
    CHECK_EQ(BINS("bstrins.w", 0xdeadbeef12345678ULL, 0xab, 15, 8), 0x1234ab78);
    CHECK_EQ(BINS("bstrins.w", 0xffffffff, 0, 0, 0), 0xfffffffffffffffeULL);
    CHECK_EQ(BINS("bstrins.w", 0, 0xffffffffffffffffULL, 31, 0), 0xffffffffffffffffULL);
    CHECK_EQ(BINS("bstrins.w", 0x80000000, 0x12, 7, 4), 0xffffffff80000020ULL); /* only rj[3:0] */
    /* BSTRINS.D */
    CHECK_EQ(BINS("bstrins.d", 0xffffffffffffffffULL, 0, 47, 16), 0xffff00000000ffffULL);
    CHECK_EQ(BINS("bstrins.d", 0, 0xabc, 63, 52), 0xabc0000000000000ULL);
    CHECK_EQ(BINS("bstrins.d", 0x0123456789abcdefULL, 0xffffffffffffffffULL, 63, 0), 0xffffffffffffffffULL);
    CHECK_EQ(BINS("bstrins.d", 0x0123456789abcdefULL, 0x0, 32, 32), 0x0123456689abcdefULL);
    CHECK_EQ(BINS("bstrins.d", 0, 0x5, 2, 0), 5);
    /* BSTRPICK.W: ZeroExtend(rj[msb:lsb]) to 32 bits, then sign-extended */
    CHECK_EQ(BPICK("bstrpick.w", 0x12345678, 11, 4), 0x67);
    CHECK_EQ(BPICK("bstrpick.w", 0xffffffff, 31, 1), 0x7fffffff);
    CHECK_EQ(BPICK("bstrpick.w", 0x80000000, 31, 0), 0xffffffff80000000ULL);
    CHECK_EQ(BPICK("bstrpick.w", 0xffffffff00000000ULL, 31, 0), 0);
    CHECK_EQ(BPICK("bstrpick.w", 0x80000000, 31, 31), 1);
    /* BSTRPICK.D: ZeroExtend(rj[msb:lsb]) */
    CHECK_EQ(BPICK("bstrpick.d", 0x0123456789abcdefULL, 63, 60), 0);
    CHECK_EQ(BPICK("bstrpick.d", 0x0123456789abcdefULL, 39, 8), 0x6789abcdULL);
    CHECK_EQ(BPICK("bstrpick.d", 0x0123456789abcdefULL, 63, 0), 0x0123456789abcdefULL);
    CHECK_EQ(BPICK("bstrpick.d", 0xffffffffffffffffULL, 62, 0), 0x7fffffffffffffffULL);
    CHECK_EQ(BPICK("bstrpick.d", 0x8000000000000000ULL, 63, 63), 1);
    CHECK_EQ(BPICK("bstrpick.d", 0xffffffffffffffffULL, 31, 0), 0xffffffffULL);
}

int main(void) {
    test_ext();
    test_count();
    test_rev();
    test_bytepick();
    test_bstr();
    return rt_done("bitops");
}
