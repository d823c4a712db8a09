// SPDX-License-Identifier: Apache-2.0
// A minimal hart for unit tests of semantics: RAM at kRamBase, DA mode, PLV0, no devices.
// Usage: HartFixture t; t.h.gpr[4] = 1; t.exec(la::enc::addi_d(4, 4, 2)); EXPECT_EQ(t.h.gpr[4], 3u);
#pragma once

#include <cstring>
#include <memory>
#include <vector>

#include "lvzemu/cpu/hart_state.h"
#include "lvzemu/cpu/mem.h"
#include "lvzemu/decoder/decoder.h"
#include "lvzemu/gen/sem_dispatch.h"

namespace la::test {

class HartFixture {
public:
    static constexpr uint64_t kRamBase = 0x0;
    static constexpr uint64_t kRamSize = 1 << 20;

    HartFixture() : ram(kRamSize, 0), state(std::make_unique<cpu::HartState>()), h(*state) {
        std::memset(&h, 0, sizeof h);
        port.ram = ram.data();
        port.ram_base = kRamBase;
        port.ram_size = kRamSize;
        port.load_slow = &bad_load;
        port.store_slow = &bad_store;
        h.mem = &port;
        h.csr[0] = 0x8;  // CRMD: DA=1, PLV0 (reset state, manual Vol. 1 §6.4)
        cpu::tlbc_flush(h);  // nothing cached: every access takes the slow path below
        h.pc = 0x1000;
    }

    /// Executes one instruction word at h.pc through the generated dispatch table and
    /// advances the PC as the interpreter does. Returns what the semantics returned.
    cpu::ExecResult exec(uint32_t word) {
        h.insn = word;
        cpu::tlbc_select(h);  // as the interpreter does before running a chain
        const auto op = decoder::decode(word);
        const auto r = gen::kSemTable[static_cast<unsigned>(op)](&h, word);
        if (r == cpu::ExecResult::Next) h.pc += 4;
        else if (r == cpu::ExecResult::Jumped) h.pc = h.next_pc;
        if (r != cpu::ExecResult::Trap) ++h.retired;
        return r;
    }

    uint64_t read(uint64_t pa, unsigned size) const {
        uint64_t v = 0;
        std::memcpy(&v, ram.data() + (pa - kRamBase), size);
        return v;
    }
    void write(uint64_t pa, unsigned size, uint64_t v) {
        std::memcpy(ram.data() + (pa - kRamBase), &v, size);
    }

    std::vector<uint8_t> ram;
    cpu::MemPort port;
    std::unique_ptr<cpu::HartState> state;
    cpu::HartState& h;

private:
    // The translation cache is never filled here: every access comes through these. DA
    // mode into RAM works; anything else is ADEM, as an access to a hole.
    static uint8_t* ram_at(cpu::HartState& h, uint64_t va, unsigned size) {
        const cpu::MemPort& m = *h.mem;
        const uint64_t off = (va & m.pa_mask) - m.ram_base;
        if (!cpu::direct_addressing(h) || off >= m.ram_size || size > m.ram_size - off) return nullptr;
        return m.ram + off;
    }
    static bool bad_load(cpu::HartState& h, uint64_t va, unsigned size, uint64_t& out, cpu::Access) {
        if (const uint8_t* p = ram_at(h, va, size)) {
            out = 0;
            std::memcpy(&out, p, size);
            return true;
        }
        h.exc = cpu::Exception{cpu::Ecode::ADE, cpu::kSubADEM, true, va};
        return false;
    }
    static bool bad_store(cpu::HartState& h, uint64_t va, unsigned size, uint64_t v) {
        if (uint8_t* p = ram_at(h, va, size)) {
            std::memcpy(p, &v, size);
            return true;
        }
        h.exc = cpu::Exception{cpu::Ecode::ADE, cpu::kSubADEM, true, va};
        return false;
    }
};

}  // namespace la::test
