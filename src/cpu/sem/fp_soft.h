// SPDX-License-Identifier: Apache-2.0
// A small IEEE 754 binary32/binary64 soft-float core for the scalar FP semantics
// (fp_*.cpp). Portable integer C++ only: results never depend on the host FPU, its
// rounding mode or MXCSR, nor on whether the host has FMA (DEVELOPERS.md, "Determinism").
// Every function takes the rounding mode and accumulates exception flags in an FpEnv; the
// caller turns the flags into FCSR0 Cause/Flags or an FPE (fp_util.h).
//
// Where IEEE 754 leaves a choice, this core does what QEMU's softfloat does with the
// float_status that target/loongarch sets up (QEMU 7.2 target/loongarch/cpu.c
// loongarch_cpu_reset + fpu_helper.c restore_fp_status; fpu/softfloat-specialize.c.inc),
// because lvzemu is checked bit for bit against qemu-system-loongarch64:
//   - no flush-to-zero of inputs or outputs, no default-NaN mode;
//   - tininess is detected after rounding (as manual Vol. 1 §3.1.4, "Underflow
//     Exception", says); underflow is raised only when the tiny result is also inexact,
//     even if the U exception is enabled (the manual would trap on an exact tiny result);
//   - the default NaN is 0x7fc00000 / 0x7ff8000000000000 (positive, quiet bit only);
//   - a NaN operand is propagated with its payload and sign, a signalling NaN quietened
//     by setting the quiet bit; with two NaN operands the first signalling one wins, then
//     the first quiet one (pickNaN, the ARM/MIPS/LoongArch rule "s_ab");
//   - fused multiply-add picks sNaN c, a, b then qNaN c, a, b, and inf*0+NaN returns the
//     (quietened) NaN c and raises invalid (pickNaNMulAdd, LoongArch case).
// The algorithms are the classic ones of Berkeley SoftFloat 3 (round-and-pack with a
// jamming right shift); the code is written anew for two formats with one template.
#pragma once

#include <bit>
#include <cstdint>
#include <type_traits>
#include <utility>

namespace la::sem::fp {

/// Exception flags in the FCSR0 bit order (manual Vol. 1 §3.1.3.3): V Z O U I.
inline constexpr uint32_t kFlagI = 1u << 0;  // inexact
inline constexpr uint32_t kFlagU = 1u << 1;  // underflow
inline constexpr uint32_t kFlagO = 1u << 2;  // overflow
inline constexpr uint32_t kFlagZ = 1u << 3;  // division by zero
inline constexpr uint32_t kFlagV = 1u << 4;  // invalid operation

/// FCSR0.RM values (manual Vol. 1 §3.1.3.3).
enum Rm : uint32_t { kRne = 0, kRz = 1, kRp = 2, kRm = 3 };

struct FpEnv {
    uint32_t rm = kRne;
    uint32_t flags = 0;
};

using u128 = unsigned __int128;

/// Format parameters. Finite non-zero values are handled unpacked as
/// value = sig * 2^(exp + 1 - bias - 62) with sig normalised to [2^62, 2^63): the biased
/// exponent minus one, as SoftFloat's round-and-pack expects, and 62 - M guard bits.
template <int E, int M>
struct Fmt {
    using T = std::conditional_t<(1 + E + M) == 32, uint32_t, uint64_t>;
    static constexpr int kExpBits = E, kFracBits = M;
    static constexpr int kBias = (1 << (E - 1)) - 1;
    static constexpr int kExpMax = (1 << E) - 1;
    static constexpr int kRoundBits = 62 - M;
    static constexpr T kSign = T(1) << (E + M);
    static constexpr T kFracMask = (T(1) << M) - 1;
    static constexpr T kQuiet = T(1) << (M - 1);
    static constexpr T kInf = T(kExpMax) << M;
    static constexpr T kDefaultNaN = kInf | kQuiet;
    static constexpr T kOne = T(kBias) << M;
};
using F32 = Fmt<8, 23>;
using F64 = Fmt<11, 52>;

template <class F> constexpr bool sign_of(typename F::T a) { return (a & F::kSign) != 0; }
template <class F> constexpr int exp_of(typename F::T a) { return static_cast<int>((a >> F::kFracBits) & F::kExpMax); }
template <class F> constexpr typename F::T frac_of(typename F::T a) { return a & F::kFracMask; }
template <class F> constexpr bool is_nan(typename F::T a) { return exp_of<F>(a) == F::kExpMax && frac_of<F>(a) != 0; }
template <class F> constexpr bool is_snan(typename F::T a) { return is_nan<F>(a) && !(a & F::kQuiet); }
template <class F> constexpr bool is_inf(typename F::T a) { return (a & ~F::kSign) == F::kInf; }
template <class F> constexpr bool is_zero(typename F::T a) { return (a & ~F::kSign) == 0; }

/// Right shift that ORs every bit shifted out into bit 0 ("jamming"), so that rounding
/// still sees a non-zero remainder. Any count is allowed.
constexpr uint64_t shr_jam(uint64_t a, int n) {
    if (n <= 0) return a;
    if (n >= 63) return a != 0;
    return (a >> n) | ((a & ((uint64_t{1} << n) - 1)) != 0);
}
constexpr u128 shr_jam128(u128 a, int n) {
    if (n <= 0) return a;
    if (n >= 127) return a != 0;
    return (a >> n) | ((a & ((u128{1} << n) - 1)) != 0);
}

/// Unpacks a finite non-zero value into (exp, sig) as described at Fmt; subnormals are
/// normalised (their exp goes below zero).
template <class F>
constexpr void unpack(typename F::T a, int& exp, uint64_t& sig) {
    const int e = exp_of<F>(a);
    const uint64_t fr = frac_of<F>(a);
    if (e != 0) {
        exp = e - 1;
        sig = (uint64_t{1} << 62) | (fr << F::kRoundBits);
    } else {
        const int s = std::countl_zero(fr) - (63 - F::kFracBits);  // >= 1
        exp = -s;
        sig = fr << (F::kRoundBits + s);
    }
}

/// Rounds sig (leading one at bit 62, or smaller when called for a subnormal range) with
/// exponent exp in the current mode, raising O/U/I, and packs the result
/// (SoftFloat 3 softfloat_roundPackToF64, generalised; IEEE 754-2008 §4.3, §7.4, §7.5).
template <class F>
constexpr typename F::T round_pack(bool sign, int exp, uint64_t sig, FpEnv& env) {
    using T = typename F::T;
    constexpr uint64_t kMask = (uint64_t{1} << F::kRoundBits) - 1;
    constexpr uint64_t kHalf = uint64_t{1} << (F::kRoundBits - 1);
    uint64_t inc = kHalf;
    if (env.rm != kRne) {
        const bool away = (env.rm == kRp && !sign) || (env.rm == kRm && sign);
        inc = away ? kMask : 0;
    }
    uint64_t round_bits = sig & kMask;
    if (static_cast<unsigned>(exp) >= static_cast<unsigned>(F::kExpMax - 2)) {
        if (exp < 0) {
            // Tiny after rounding: the result rounded to full precision with an unbounded
            // exponent is still below the smallest normal.
            const bool tiny = exp < -1 || sig + inc < (uint64_t{1} << 63);
            sig = shr_jam(sig, -exp);
            exp = 0;
            round_bits = sig & kMask;
            if (tiny && round_bits) env.flags |= kFlagU;
        } else if (exp > F::kExpMax - 2 || sig + inc >= (uint64_t{1} << 63)) {
            env.flags |= kFlagO | kFlagI;
            // Overflow gives infinity, or the largest finite value when the mode rounds
            // towards zero for this sign (manual Vol. 1 §3.1.4, table of default results).
            return static_cast<T>((sign ? F::kSign : 0) | F::kInf) - (inc == 0 ? 1 : 0);
        }
    }
    sig = (sig + inc) >> F::kRoundBits;
    if (round_bits) env.flags |= kFlagI;
    if (env.rm == kRne && round_bits == kHalf) sig &= ~uint64_t{1};
    if (sig == 0) exp = 0;
    // The leading one of sig carries into the exponent field, as in SoftFloat's packing.
    return static_cast<T>((sign ? F::kSign : 0) + (static_cast<T>(exp) << F::kFracBits) + static_cast<T>(sig));
}

/// round_pack for a sig that may have its leading one anywhere (sig != 0).
template <class F>
constexpr typename F::T norm_round_pack(bool sign, int exp, uint64_t sig, FpEnv& env) {
    const int s = std::countl_zero(sig) - 1;
    if (s >= 0) return round_pack<F>(sign, exp - s, sig << s, env);
    return round_pack<F>(sign, exp + 1, shr_jam(sig, 1), env);
}

/// A signalling NaN made quiet; other NaNs unchanged.
template <class F> constexpr typename F::T quiet(typename F::T a) { return a | F::kQuiet; }

/// One NaN operand: sNaN raises invalid, the result is the operand made quiet.
template <class F>
constexpr typename F::T propagate1(typename F::T a, FpEnv& env) {
    if (is_snan<F>(a)) env.flags |= kFlagV;
    return quiet<F>(a);
}

/// Two operands, at least one a NaN (QEMU parts_pick_nan with rule s_ab).
template <class F>
constexpr typename F::T propagate2(typename F::T a, typename F::T b, FpEnv& env) {
    const bool sa = is_snan<F>(a), sb = is_snan<F>(b);
    if (sa || sb) env.flags |= kFlagV;
    if (sa) return quiet<F>(a);
    if (sb) return quiet<F>(b);
    return quiet<F>(is_nan<F>(a) ? a : b);
}

template <class F>
constexpr typename F::T invalid(FpEnv& env) {
    env.flags |= kFlagV;
    return F::kDefaultNaN;
}

template <class F>
constexpr typename F::T zero(bool sign) { return sign ? F::kSign : 0; }

// ---- addition and subtraction (IEEE 754-2008 §5.4.1) -------------------------------

template <class F>
constexpr typename F::T add(typename F::T a, typename F::T b, FpEnv& env, bool negate_b = false) {
    if (is_nan<F>(a) || is_nan<F>(b)) return propagate2<F>(a, b, env);
    if (negate_b) b ^= F::kSign;
    const bool sa = sign_of<F>(a), sb = sign_of<F>(b);
    if (is_inf<F>(a)) return (is_inf<F>(b) && sa != sb) ? invalid<F>(env) : a;
    if (is_inf<F>(b)) return b;
    if (is_zero<F>(a) && is_zero<F>(b)) return zero<F>(sa == sb ? sa : env.rm == kRm);
    if (is_zero<F>(a)) return b;
    if (is_zero<F>(b)) return a;
    int ea, eb;
    uint64_t ma, mb;
    unpack<F>(a, ea, ma);
    unpack<F>(b, eb, mb);
    bool sign = sa;
    if (ea < eb || (ea == eb && ma < mb)) {  // keep |a| >= |b|
        std::swap(ea, eb);
        std::swap(ma, mb);
        sign = sb;
    }
    mb = shr_jam(mb, ea - eb);
    if (sa == sb) {
        uint64_t s = ma + mb;  // < 2^64
        if (s >= (uint64_t{1} << 63)) return round_pack<F>(sign, ea + 1, shr_jam(s, 1), env);
        return round_pack<F>(sign, ea, s, env);
    }
    const uint64_t d = ma - mb;
    if (d == 0) return zero<F>(env.rm == kRm);  // exact cancellation: +0, or -0 in RM
    return norm_round_pack<F>(sign, ea, d, env);
}

// ---- multiplication, division, square root (§5.4.1) --------------------------------

template <class F>
constexpr typename F::T mul(typename F::T a, typename F::T b, FpEnv& env) {
    if (is_nan<F>(a) || is_nan<F>(b)) return propagate2<F>(a, b, env);
    const bool sign = sign_of<F>(a) != sign_of<F>(b);
    if (is_inf<F>(a) || is_inf<F>(b)) {
        if (is_zero<F>(a) || is_zero<F>(b)) return invalid<F>(env);
        return F::kInf | (sign ? F::kSign : 0);
    }
    if (is_zero<F>(a) || is_zero<F>(b)) return zero<F>(sign);
    int ea, eb;
    uint64_t ma, mb;
    unpack<F>(a, ea, ma);
    unpack<F>(b, eb, mb);
    const u128 p = static_cast<u128>(ma) * mb;  // [2^124, 2^126)
    uint64_t sig = static_cast<uint64_t>(p >> 62) | ((static_cast<uint64_t>(p) & ((uint64_t{1} << 62) - 1)) != 0);
    int exp = ea + eb + 1 - F::kBias;
    if (sig >= (uint64_t{1} << 63)) {
        sig = shr_jam(sig, 1);
        ++exp;
    }
    return round_pack<F>(sign, exp, sig, env);
}

template <class F>
constexpr typename F::T div(typename F::T a, typename F::T b, FpEnv& env) {
    if (is_nan<F>(a) || is_nan<F>(b)) return propagate2<F>(a, b, env);
    const bool sign = sign_of<F>(a) != sign_of<F>(b);
    if (is_inf<F>(a)) return is_inf<F>(b) ? invalid<F>(env) : (F::kInf | (sign ? F::kSign : 0));
    if (is_inf<F>(b)) return zero<F>(sign);
    if (is_zero<F>(b)) {
        if (is_zero<F>(a)) return invalid<F>(env);
        env.flags |= kFlagZ;
        return F::kInf | (sign ? F::kSign : 0);
    }
    if (is_zero<F>(a)) return zero<F>(sign);
    int ea, eb;
    uint64_t ma, mb;
    unpack<F>(a, ea, ma);
    unpack<F>(b, eb, mb);
    // Quotient with its leading one at bit 62: ma/mb is in (1/2, 2).
    const int sh = ma < mb ? 63 : 62;
    const u128 n = static_cast<u128>(ma) << sh;
    const uint64_t q = static_cast<uint64_t>(n / mb);
    const bool rem = (n % mb) != 0;
    const int exp = ea - eb + F::kBias - 1 - (sh == 63 ? 1 : 0);
    return round_pack<F>(sign, exp, q | rem, env);
}

/// floor(sqrt(n)) for any 64-bit n, digit by digit.
constexpr uint64_t isqrt64(uint64_t n) {
    uint64_t res = 0, bit = uint64_t{1} << 62;
    while (bit > n) bit >>= 2;
    while (bit != 0) {
        if (n >= res + bit) {
            n -= res + bit;
            res = (res >> 1) + bit;
        } else {
            res >>= 1;
        }
        bit >>= 2;
    }
    return res;
}

/// floor(sqrt(n)) for n in [2^124, 2^126), and whether it is exact: an estimate from the
/// top 64 bits (relative error below 2^-30, from above), one Newton step (error then a few
/// units), and an exact integer correction.
constexpr uint64_t isqrt128(u128 n, bool& exact) {
    const uint64_t top = static_cast<uint64_t>(n >> 64);
    const uint64_t r0 = (isqrt64(top) + 1) << 32;  // >= sqrt(n)
    uint64_t x = static_cast<uint64_t>((static_cast<u128>(r0) + n / r0) >> 1);
    while (static_cast<u128>(x) * x > n) --x;
    while (static_cast<u128>(x + 1) * (x + 1) <= n) ++x;
    exact = static_cast<u128>(x) * x == n;
    return x;
}

template <class F>
constexpr typename F::T sqrt(typename F::T a, FpEnv& env) {
    if (is_nan<F>(a)) return propagate1<F>(a, env);
    if (is_zero<F>(a)) return a;  // sqrt(-0) = -0
    if (sign_of<F>(a)) return invalid<F>(env);
    if (is_inf<F>(a)) return a;
    int ea;
    uint64_t ma;
    unpack<F>(a, ea, ma);
    const int e = ea + 1 - F::kBias;  // unbiased: a = (ma / 2^62) * 2^e
    const int odd = e & 1;
    bool exact = false;
    const uint64_t r = isqrt128(static_cast<u128>(ma) << (62 + odd), exact);  // [2^62, 2^63)
    const int half = (e - odd) / 2;
    return round_pack<F>(false, half + F::kBias - 1, r | !exact, env);
}

// ---- fused multiply-add (§5.4.1 fusedMultiplyAdd; QEMU parts_muladd) ---------------

/// (a * b) + c with one rounding; negate_c negates c first and negate_result the final
/// result (before rounding, so directed modes see the final sign). A NaN result is never
/// negated, as in QEMU.
template <class F>
constexpr typename F::T fma(typename F::T a, typename F::T b, typename F::T c, bool negate_c,
                            bool negate_result, FpEnv& env) {
    using T = typename F::T;
    if (is_nan<F>(a) || is_nan<F>(b) || is_nan<F>(c)) {
        if (is_snan<F>(a) || is_snan<F>(b) || is_snan<F>(c)) env.flags |= kFlagV;
        const bool infzero = (is_inf<F>(a) && is_zero<F>(b)) || (is_zero<F>(a) && is_inf<F>(b));
        if (infzero) {
            env.flags |= kFlagV;
            return quiet<F>(c);
        }
        if (is_snan<F>(c)) return quiet<F>(c);
        if (is_snan<F>(a)) return quiet<F>(a);
        if (is_snan<F>(b)) return quiet<F>(b);
        if (is_nan<F>(c)) return c;
        return is_nan<F>(a) ? a : b;
    }
    if (negate_c) c ^= F::kSign;
    const T rneg = negate_result ? F::kSign : 0;
    const bool sp = sign_of<F>(a) != sign_of<F>(b);
    const bool sc = sign_of<F>(c);
    if (is_inf<F>(a) || is_inf<F>(b)) {
        if (is_zero<F>(a) || is_zero<F>(b)) return invalid<F>(env);
        if (is_inf<F>(c) && sc != sp) return invalid<F>(env);
        return (F::kInf | (sp ? F::kSign : 0)) ^ rneg;
    }
    if (is_inf<F>(c)) return c ^ rneg;
    if (is_zero<F>(a) || is_zero<F>(b)) {
        if (!is_zero<F>(c)) return c ^ rneg;
        return zero<F>(sp == sc ? sp : env.rm == kRm) ^ rneg;
    }
    int ea, eb;
    uint64_t ma, mb;
    unpack<F>(a, ea, ma);
    unpack<F>(b, eb, mb);
    // Exact product in 128 bits, leading one moved to bit 126: x = X * 2^(px - 126).
    u128 x = static_cast<u128>(ma) * mb;  // [2^124, 2^126)
    int px = (ea + 1 - F::kBias) + (eb + 1 - F::kBias) + 2;
    if (x >> 125) {
        x <<= 1;
        px -= 1;
    } else {
        x <<= 2;
        px -= 2;
    }
    bool sign = sp ^ negate_result;
    if (!is_zero<F>(c)) {
        int ec;
        uint64_t mc;
        unpack<F>(c, ec, mc);
        u128 y = static_cast<u128>(mc) << 64;  // leading one at bit 126
        int py = ec + 1 - F::kBias;
        const bool csign = sc ^ negate_result;
        if (px > py || (px == py && x >= y)) {
            y = shr_jam128(y, px - py);
        } else {
            x = shr_jam128(x, py - px);
            px = py;
            const u128 t = x; x = y; y = t;  // x is now the larger magnitude
            sign = csign;
        }
        if ((sp ^ negate_result) == csign) {
            x += y;  // < 2^128
            if (x >> 127) {
                x = shr_jam128(x, 1);
                ++px;
            }
        } else {
            x -= y;
            if (x == 0) return zero<F>(env.rm == kRm) ^ rneg;  // exact cancellation
            const int s = std::countl_zero(static_cast<uint64_t>(x >> 64)) +
                          ((x >> 64) == 0 ? std::countl_zero(static_cast<uint64_t>(x)) : 0) - 1;
            x <<= s;
            px -= s;
        }
    }
    const uint64_t sig = static_cast<uint64_t>(x >> 64) | (static_cast<uint64_t>(x) != 0);
    return round_pack<F>(sign, px + F::kBias - 1, sig, env);
}

// ---- comparison (§5.6.1, §5.11) -----------------------------------------------------

enum class Rel : uint8_t { Less, Equal, Greater, Unordered };

/// signalling: any NaN raises invalid (compareSignaling*); quiet: only sNaN does.
template <class F>
constexpr Rel compare(typename F::T a, typename F::T b, bool signalling, FpEnv& env) {
    using T = typename F::T;
    if (is_nan<F>(a) || is_nan<F>(b)) {
        if (signalling || is_snan<F>(a) || is_snan<F>(b)) env.flags |= kFlagV;
        return Rel::Unordered;
    }
    if (is_zero<F>(a) && is_zero<F>(b)) return Rel::Equal;
    if (a == b) return Rel::Equal;
    const bool sa = sign_of<F>(a), sb = sign_of<F>(b);
    if (sa != sb) return sa ? Rel::Less : Rel::Greater;
    const T ma = a & ~F::kSign, mb = b & ~F::kSign;  // magnitudes order like their bits
    return ((ma < mb) != sa) ? Rel::Less : Rel::Greater;
}

// ---- maxNum/minNum/maxNumMag/minNumMag (§5.3.1; QEMU 7.2 parts_minmax) --------------

/// IEEE 754-2008 semantics as QEMU 7.2 implements them: a quiet NaN loses against a
/// number, a signalling NaN propagates (quietened, invalid) like any arithmetic NaN;
/// -0 < +0; for the magnitude forms equal magnitudes fall back to the signed compare.
template <class F>
constexpr typename F::T minmax(typename F::T a, typename F::T b, bool is_min, bool is_mag, FpEnv& env) {
    using T = typename F::T;
    const bool na = is_nan<F>(a), nb = is_nan<F>(b);
    if (na || nb) {
        if (!is_snan<F>(a) && !is_snan<F>(b) && !(na && nb)) return na ? b : a;
        return propagate2<F>(a, b, env);
    }
    const T ma = a & ~F::kSign, mb = b & ~F::kSign;
    int cmp = ma == mb ? 0 : (ma > mb ? 1 : -1);
    if (!is_mag || cmp == 0) {
        const bool sa = sign_of<F>(a), sb = sign_of<F>(b);
        if (sa != sb) cmp = sa ? -1 : 1;
        else if (sa) cmp = -cmp;
    }
    if (is_min) cmp = -cmp;
    return cmp < 0 ? b : a;
}

// ---- scaleB and logB (§5.3.3) -------------------------------------------------------

/// a * 2^n, rounded once (QEMU parts_scalbn; n already clamped by the caller).
template <class F>
constexpr typename F::T scalb(typename F::T a, int n, FpEnv& env) {
    if (is_nan<F>(a)) return propagate1<F>(a, env);
    if (is_inf<F>(a) || is_zero<F>(a)) return a;
    int ea;
    uint64_t ma;
    unpack<F>(a, ea, ma);
    return round_pack<F>(sign_of<F>(a), ea + n, ma, env);
}

// ---- conversions (§5.4.2, §5.8) -----------------------------------------------------

/// Signed integer to float, rounded in the current mode.
template <class F>
constexpr typename F::T from_int(int64_t v, FpEnv& env) {
    if (v == 0) return 0;
    const bool sign = v < 0;
    const uint64_t m = sign ? uint64_t{0} - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
    const int s = std::countl_zero(m);
    // value = (m << s) * 2^-s with the leading one at bit 63
    return round_pack<F>(sign, 62 - s + F::kBias, shr_jam(m << s, 1), env);
}

/// Float to a signed integer of `bits` (32 or 64) bits in rounding mode rm: inexact when
/// rounded; out of range (incl. infinities) gives invalid and the saturated value, a NaN
/// invalid and the positive maximum (QEMU parts_float_to_sint; the LoongArch helpers
/// then replace the NaN result by 0).
template <class F>
constexpr int64_t to_int(typename F::T a, int bits, uint32_t rm, FpEnv& env) {
    const int64_t max = bits == 64 ? INT64_MAX : INT32_MAX;
    const int64_t min = bits == 64 ? INT64_MIN : INT32_MIN;
    if (is_nan<F>(a)) {
        env.flags |= kFlagV;
        return max;
    }
    const bool sign = sign_of<F>(a);
    if (is_inf<F>(a)) {
        env.flags |= kFlagV;
        return sign ? min : max;
    }
    if (is_zero<F>(a)) return 0;
    int ea;
    uint64_t ma;
    unpack<F>(a, ea, ma);
    const int e = ea + 1 - F::kBias;  // a = (ma / 2^62) * 2^e
    if (e > 63) {
        env.flags |= kFlagV;
        return sign ? min : max;
    }
    uint64_t ip = 0, fr = 0, half = 0;  // integer part, fraction bits, fraction one-half
    bool above_half = false, at_half = false, any = false;
    if (e >= 62) {
        ip = ma << (e - 62);
    } else if (e >= 0) {
        const int sh = 62 - e;
        ip = ma >> sh;
        fr = ma & ((uint64_t{1} << sh) - 1);
        half = uint64_t{1} << (sh - 1);
        any = fr != 0;
        above_half = fr > half;
        at_half = fr == half;
    } else {
        any = true;  // 0 < |a| < 1
        above_half = e == -1 && ma > (uint64_t{1} << 62);
        at_half = e == -1 && ma == (uint64_t{1} << 62);
    }
    bool up = false;
    switch (rm) {
    case kRne: up = above_half || (at_half && (ip & 1)); break;
    case kRz: break;
    case kRp: up = any && !sign; break;
    default: up = any && sign; break;
    }
    const uint64_t r = ip + (up ? 1 : 0);  // ip <= 2^63 here, no wrap
    if (sign ? r > static_cast<uint64_t>(-(min + 1)) + 1 : r > static_cast<uint64_t>(max)) {
        env.flags |= kFlagV;  // out of range: invalid only, no inexact
        return sign ? min : max;
    }
    if (any) env.flags |= kFlagI;
    return sign ? static_cast<int64_t>(uint64_t{0} - r) : static_cast<int64_t>(r);
}

/// roundToIntegralExact in mode rm: a float with an integral value, inexact if changed
/// (QEMU parts_round_to_int; SoftFloat 3 f64_roundToInt).
template <class F>
constexpr typename F::T round_to_int(typename F::T a, uint32_t rm, FpEnv& env) {
    using T = typename F::T;
    if (is_nan<F>(a)) return propagate1<F>(a, env);
    const int e = exp_of<F>(a);
    if (e >= F::kBias + F::kFracBits) return a;  // already integral, or infinity
    const bool sign = sign_of<F>(a);
    if (e < F::kBias) {  // |a| < 1
        if (is_zero<F>(a)) return a;
        env.flags |= kFlagI;
        bool one = false;
        switch (rm) {
        case kRne: one = e == F::kBias - 1 && frac_of<F>(a) != 0; break;
        case kRz: break;
        case kRp: one = !sign; break;
        default: one = sign; break;
        }
        return (sign ? F::kSign : 0) | (one ? F::kOne : 0);
    }
    const T last = T(1) << (F::kBias + F::kFracBits - e);
    const T round_mask = last - 1;
    T z = a;
    switch (rm) {
    case kRne:
        z += last >> 1;
        if ((z & round_mask) == 0) z &= ~last;
        break;
    case kRz: break;
    case kRp: if (!sign) z += round_mask; break;
    default: if (sign) z += round_mask; break;
    }
    z &= ~round_mask;
    if (z != a) env.flags |= kFlagI;
    return z;
}

/// binary64 -> binary32 (fcvt.s.d). A NaN keeps its sign and the top payload bits.
constexpr uint32_t f64_to_f32(uint64_t a, FpEnv& env) {
    const bool sign = sign_of<F64>(a);
    if (is_nan<F64>(a)) {
        const uint64_t q = propagate1<F64>(a, env);
        return (sign ? F32::kSign : 0) | F32::kInf | static_cast<uint32_t>((q & F64::kFracMask) >> 29);
    }
    if (is_inf<F64>(a)) return (sign ? F32::kSign : 0) | F32::kInf;
    if (is_zero<F64>(a)) return sign ? F32::kSign : 0;
    int ea;
    uint64_t ma;
    unpack<F64>(a, ea, ma);
    return round_pack<F32>(sign, ea - F64::kBias + F32::kBias, ma, env);
}

/// binary32 -> binary64 (fcvt.d.s): exact except that a signalling NaN is quietened.
constexpr uint64_t f32_to_f64(uint32_t a, FpEnv& env) {
    const uint64_t sign = sign_of<F32>(a) ? F64::kSign : 0;
    if (is_nan<F32>(a)) {
        const uint32_t q = propagate1<F32>(a, env);
        return sign | F64::kInf | (static_cast<uint64_t>(q & F32::kFracMask) << 29);
    }
    if (is_inf<F32>(a)) return sign | F64::kInf;
    if (is_zero<F32>(a)) return sign;
    int ea;
    uint64_t ma;
    unpack<F32>(a, ea, ma);
    return round_pack<F64>(sign != 0, ea - F32::kBias + F64::kBias, ma, env);
}

/// fclass bit layout (manual Vol. 1 §3.2.1, FCLASS; QEMU helper_fclass_*):
/// 0 sNaN, 1 qNaN, 2..5 negative inf/normal/subnormal/zero, 6..9 the same positive.
template <class F>
constexpr uint32_t classify(typename F::T a) {
    if (is_nan<F>(a)) return is_snan<F>(a) ? 1u << 0 : 1u << 1;
    const unsigned base = sign_of<F>(a) ? 2 : 6;
    if (is_inf<F>(a)) return 1u << base;
    if (is_zero<F>(a)) return 1u << (base + 3);
    if (exp_of<F>(a) == 0) return 1u << (base + 2);
    return 1u << (base + 1);
}

}  // namespace la::sem::fp
