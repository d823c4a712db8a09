// SPDX-License-Identifier: Apache-2.0
// Guest memory access from semantics. The fast path (direct-address mode, RAM) is inline;
// everything else (MMIO, translated modes once the MMU lands, faults) goes through the
// port's out-of-line functions, which record an Exception in the hart when they fail.
#pragma once

#include <cstdint>
#include <cstring>

#include "lvzemu/cpu/csr.h"
#include "lvzemu/cpu/hart_state.h"

namespace la::cpu {

enum class Access : uint8_t { Load, Store, Fetch };

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
    /// One byte per 4 KiB page of RAM, set when the interpreter has decoded code there;
    /// a store to such a page calls code_written so the decoded copy is dropped.
    uint8_t* code_map = nullptr;
    void (*code_written)(HartState& h, uint64_t pa, unsigned size) = nullptr;
};

/// CRMD.DA (bit 3): direct-address translation, PA = VA[PALEN-1:0] (manual Vol. 1 §5.2).
inline bool direct_addressing(const HartState& h) { return (h.csr[kCRMD] & kCrmdDa.mask()) != 0; }

/// Loads `size` (1, 2, 4 or 8) bytes, zero-extended into `out`. Unaligned accesses are
/// allowed for ordinary loads (CPUCFG1.UAL = 1 on la464); atomics check alignment
/// themselves. Returns false if an exception was recorded.
inline bool load(HartState& h, uint64_t va, unsigned size, uint64_t& out) {
    const MemPort& m = *h.mem;
    if (direct_addressing(h)) [[likely]] {
        const uint64_t off = (va & m.pa_mask) - m.ram_base;
        if (off < m.ram_size && size <= m.ram_size - off) [[likely]] {
            uint64_t v = 0;
            std::memcpy(&v, m.ram + off, size);  // little-endian host and guest
            out = v;
            return true;
        }
    }
    return m.load_slow(h, va, size, out, Access::Load);
}

/// Stores the low `size` bytes of `value`. Returns false if an exception was recorded.
inline bool store(HartState& h, uint64_t va, unsigned size, uint64_t value) {
    const MemPort& m = *h.mem;
    if (direct_addressing(h)) [[likely]] {
        const uint64_t off = (va & m.pa_mask) - m.ram_base;
        if (off < m.ram_size && size <= m.ram_size - off) [[likely]] {
            std::memcpy(m.ram + off, &value, size);
            if (m.code_map && (m.code_map[off >> 12] | m.code_map[(off + size - 1) >> 12])) [[unlikely]]
                m.code_written(h, m.ram_base + off, size);
            return true;
        }
    }
    return m.store_slow(h, va, size, value);
}

}  // namespace la::cpu
