// SPDX-License-Identifier: Apache-2.0
// Guest memory access from semantics. The fast path (direct-address mode, RAM) is inline;
// everything else (MMIO, translated modes once the MMU lands, faults) goes through the
// port's out-of-line functions, which record an Exception in the hart when they fail.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "lvzemu/cpu/csr.h"
#include "lvzemu/cpu/hart_state.h"

namespace la::cpu {

enum class Access : uint8_t { Load, Store, Fetch };

/// The TLB maintenance instructions (manual Vol. 1 §4.2.4), served by the machine's MMU.
/// The G* forms are LVZ's gtlb* (the guest's stage-1 entries through the guest CSRs).
enum class TlbOp : uint8_t { Srch, Rd, Wr, Fill, Clr, Flush, Inv, Lddir, Ldpte, GSrch, GRd, GWr, GFill, GClr, GFlush };

/// The hart's window onto the physical bus. Owned by the machine; every access is
/// bounds-checked here or in the slow path (host safety).
struct MemPort {
    uint8_t* ram = nullptr;  // host memory backing guest RAM
    uint64_t ram_base = 0;   // guest physical address of ram[0]
    uint64_t ram_size = 0;
    uint64_t pa_mask = (1ull << 48) - 1;  // PALEN = 48 (CPUCFG1, la464)
    void* ctx = nullptr;     // the bus, for the slow path
    /// Slow paths: return false after recording an exception in `h.exc`.
    bool (*load_slow)(HartState& h, uint64_t va, unsigned size, uint64_t& out, Access a) = nullptr;
    bool (*store_slow)(HartState& h, uint64_t va, unsigned size, uint64_t value) = nullptr;
    /// One byte per 4 KiB page of RAM, set when the interpreter has decoded code there.
    /// Such a page is never writable through the translation cache: the store slow path
    /// performs the store and calls code_written, which drops the decoded copy.
    uint8_t* code_map = nullptr;
    void (*code_written)(HartState& h, uint64_t pa, unsigned size) = nullptr;

    /// System operations of the machine, for the privileged instructions whose state lives
    /// outside the hart (the TLB in src/mmu, the IOCSR space in src/devices). Null: the
    /// instruction is INE on this machine. They return false / Trap after recording an
    /// exception. `tlb`: TLB instructions and LDDIR/LDPTE; a, b are the operands (INVTLB:
    /// op in `imm`, rj, rk; LDDIR: rj, level in `imm`, result in `out`; LDPTE: rj, seq).
    ExecResult (*tlb)(HartState& h, TlbOp op, uint64_t a, uint64_t b, unsigned imm, uint64_t& out) = nullptr;
    bool (*iocsr_read)(HartState& h, uint64_t addr, unsigned size, uint64_t& out) = nullptr;
    bool (*iocsr_write)(HartState& h, uint64_t addr, unsigned size, uint64_t value) = nullptr;
};

/// CRMD.DA (bit 3): direct-address translation, PA = VA[PALEN-1:0] (manual Vol. 1 §5.2).
inline bool direct_addressing(const HartState& h) { return (h.csr[kCRMD] & kCrmdDa.mask()) != 0; }

/// The translation-cache table for the current mode: PLV, plus 4 in DA mode, plus 8 in
/// LVZ guest mode.
inline unsigned tlbc_mode(const HartState& h) {
    static_assert(kCrmdPlv.lsb == 0 && kCrmdPlv.msb == 1 && kCrmdDa.lsb == 3);
    const uint64_t crmd = h.csr[kCRMD];
    return static_cast<unsigned>((crmd & 3) | ((crmd & 8) >> 1)) + 8u * h.vm;
}

/// The translation-cache entry for `va` in the current mode.
inline TlbcEntry& tlbc_entry(HartState& h, uint64_t va) {
    return h.tlbc[tlbc_mode(h)][(va >> 12) & (kTlbcEntries - 1)];
}

/// The current mode's table as the inline fast paths find it: h.tlbc_cur caches the
/// byte offset of h.tlbc[tlbc_mode(h)]. The mode changes only with CRMD.PLV/DA or h.vm;
/// the instructions that write them (CSR writes, ERTN) are privileged and leave the
/// threaded chain, and exception and interrupt entry happen outside it, so the
/// interpreter re-selects at each chain start (Interpreter::run, step). Anyone else who
/// runs semantics calls tlbc_select first (tests/support/hart_fixture.h); debug builds
/// check it on every access. Measured: computing the mode was about a third of the
/// instructions of an inline load.
inline void tlbc_select(HartState& h) {
    h.tlbc_cur = static_cast<uint32_t>(offsetof(HartState, tlbc) + tlbc_mode(h) * sizeof h.tlbc[0]);
}
inline TlbcEntry& tlbc_fast_entry(HartState& h, uint64_t va) {
#ifndef NDEBUG
    if (h.tlbc_cur != offsetof(HartState, tlbc) + tlbc_mode(h) * sizeof h.tlbc[0])
        __builtin_trap();  // a tlbc_select is missing
#endif
    // One address computation (base + offset + index), which the compiler folds into the
    // loads of the tag and the addend.
    const uint64_t at = h.tlbc_cur + ((va >> 12) & (kTlbcEntries - 1)) * sizeof(TlbcEntry);
    return *reinterpret_cast<TlbcEntry*>(reinterpret_cast<unsigned char*>(&h) + at);
}

/// Drops every cached translation of this hart.
inline void tlbc_flush(HartState& h) { std::memset(h.tlbc, 0xff, sizeof h.tlbc); }
/// Drops the current mode's mapped-mode translations (DA-mode ones of the root depend on
/// nothing software changes).
inline void tlbc_flush_mapped(HartState& h) { std::memset(h.tlbc[8u * h.vm], 0xff, 4 * sizeof h.tlbc[0]); }
/// Drops every translation of LVZ guest mode (stage 1 or stage 2 changed, another GID).
inline void tlbc_flush_guest(HartState& h) { std::memset(h.tlbc[8], 0xff, 8 * sizeof h.tlbc[0]); }

/// True when [va, va + size) lies in one 4 KiB page whose tag matches, for the entry
/// indexed by va's page. One comparison, with the page of the access's last byte: if the
/// access crosses into the next page, that page has the next index, so it cannot be the
/// tag found at va's index (and kTlbcInvalid has low bits set, so it matches no page).
inline bool tlbc_hit(uint64_t tag, uint64_t va, unsigned size) {
    static_assert(kTlbcEntries > 1);
    return tag == ((va + (size - 1)) & ~uint64_t{0xfff});
}

/// The translation-cache misses, out of line: they call the port's slow paths. They use
/// the preserve_most convention so that the inline fast paths around them need not save
/// registers (measured: the load handlers lost their prologue and epilogue).
struct LoadMiss {
    uint64_t value;
    bool ok;
};
[[gnu::cold, gnu::noinline]] __attribute__((preserve_most)) LoadMiss load_miss(HartState& h, uint64_t va,
                                                                                unsigned size);
[[gnu::cold, gnu::noinline]] __attribute__((preserve_most)) bool store_miss(HartState& h, uint64_t va,
                                                                             unsigned size, uint64_t value);

#if defined(__x86_64__)
// On x86-64 the inline fast paths reach the misses through these stubs (mem.cpp), from
// inline assembly: a call the compiler sees requires a 16-byte aligned stack, so every
// handler with two memory accesses (the fused sequences, lvzemu/cpu/threaded.h) pushed and
// popped on its fast path to realign. The stubs align the stack themselves and call the
// preserve_most functions above; the 128 bytes skipped first are the red zone.
extern "C" void la_load_miss_stub();
extern "C" void la_store_miss_stub();
#define LA_MISS_CLOBBERS                                                                     \
    "r11", "memory", "cc", "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", \
        "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15"
[[gnu::always_inline]] inline LoadMiss call_load_miss(HartState& h, uint64_t va, unsigned size) {
    register uint64_t a0 asm("rdi") = reinterpret_cast<uintptr_t>(&h);
    register uint64_t a1 asm("rsi") = va;
    register uint64_t a2 asm("rdx") = size;
    register uint64_t r0 asm("rax");
    asm volatile("lea -128(%%rsp), %%rsp\n\tcall la_load_miss_stub\n\tlea 128(%%rsp), %%rsp"
                 : "=r"(r0), "+r"(a0), "+r"(a1), "+r"(a2)
                 :
                 : LA_MISS_CLOBBERS);
    return LoadMiss{r0, (a2 & 0xff) != 0};
}
[[gnu::always_inline]] inline bool call_store_miss(HartState& h, uint64_t va, unsigned size, uint64_t value) {
    register uint64_t a0 asm("rdi") = reinterpret_cast<uintptr_t>(&h);
    register uint64_t a1 asm("rsi") = va;
    register uint64_t a2 asm("rdx") = size;
    register uint64_t a3 asm("rcx") = value;
    register uint64_t r0 asm("rax");
    asm volatile("lea -128(%%rsp), %%rsp\n\tcall la_store_miss_stub\n\tlea 128(%%rsp), %%rsp"
                 : "=r"(r0), "+r"(a0), "+r"(a1), "+r"(a2), "+r"(a3)
                 :
                 : LA_MISS_CLOBBERS);
    return (r0 & 0xff) != 0;
}
#undef LA_MISS_CLOBBERS
#else
inline LoadMiss call_load_miss(HartState& h, uint64_t va, unsigned size) { return load_miss(h, va, size); }
inline bool call_store_miss(HartState& h, uint64_t va, unsigned size, uint64_t value) {
    return call_store_miss(h, va, size, value);
}
#endif

/// Loads `size` (1, 2, 4 or 8) bytes, zero-extended into `out`. Unaligned accesses are
/// allowed for ordinary loads (CPUCFG1.UAL = 1 on la464); atomics check alignment
/// themselves. Returns false if an exception was recorded.
inline bool load(HartState& h, uint64_t va, unsigned size, uint64_t& out) {
    const TlbcEntry& e = tlbc_fast_entry(h, va);
    if (tlbc_hit(e.load, va, size)) [[likely]] {
        uint64_t v = 0;
        std::memcpy(&v, reinterpret_cast<const void*>(va + e.addend), size);  // little-endian host and guest
        out = v;
        return true;
    }
    const LoadMiss r = call_load_miss(h, va, size);
    out = r.value;
    return r.ok;
}

/// Stores the low `size` bytes of `value`. Returns false if an exception was recorded.
inline bool store(HartState& h, uint64_t va, unsigned size, uint64_t value) {
    const TlbcEntry& e = tlbc_fast_entry(h, va);
    if (tlbc_hit(e.store, va, size)) [[likely]] {
        std::memcpy(reinterpret_cast<void*>(va + e.addend), &value, size);
        return true;
    }
    return call_store_miss(h, va, size, value);
}

}  // namespace la::cpu
