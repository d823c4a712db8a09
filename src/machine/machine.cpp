// SPDX-License-Identifier: Apache-2.0
#include "lvzemu/machine/machine.h"

#include <cstring>
#include <sys/mman.h>

#include <fmt/format.h>

#include "lvzemu/cpu/csr.h"
#include "lvzemu/loader/elf_file.h"

namespace la::machine {

Machine::Machine(const MachineConfig& cfg)
    : cfg_(cfg), uart_(cfg.console_out_fd, cfg.console_in_fd), ged_(stop_) {}

Machine::~Machine() { uart_.flush(); }

Machine::HostMemory::~HostMemory() {
    if (ptr) ::munmap(ptr, size);
}

Result<std::unique_ptr<Machine>> Machine::create(const MachineConfig& cfg) {
    if (cfg.ram_size == 0 || cfg.ram_size > kMaxLowRam || (cfg.ram_size & 0xfff))
        return Error{fmt::format("RAM size {:#x} not supported: 4 KiB multiple up to 256 MiB "
                                 "(high RAM arrives with the virt board, issue #6)",
                                 cfg.ram_size)};
    std::unique_ptr<Machine> m(new Machine(cfg));
    void* p = ::mmap(nullptr, cfg.ram_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) return Error{fmt::format("cannot allocate {:#x} bytes of guest RAM", cfg.ram_size)};
    m->ram_.ptr = static_cast<uint8_t*>(p);
    m->ram_.size = cfg.ram_size;
    m->code_map_.assign(cfg.ram_size >> 12, 0);
    m->bus_.add_ram(0, cfg.ram_size, m->ram_.ptr);
    m->bus_.add_mmio(kUartBase, 8, &m->uart_);
    m->bus_.add_mmio(dev::Ged::kBase, dev::Ged::kSize, &m->ged_);

    m->port_.ram = m->ram_.ptr;
    m->port_.ram_base = 0;
    m->port_.ram_size = cfg.ram_size;
    m->port_.ctx = m.get();
    m->port_.load_slow = &Machine::load_slow;
    m->port_.store_slow = &Machine::store_slow;
    m->port_.code_map = m->code_map_.data();
    m->port_.code_written = &Machine::code_written;

    m->hart_ = std::make_unique<cpu::HartState>();
    std::memset(m->hart_.get(), 0, sizeof(cpu::HartState));
    cpu::HartState& h = *m->hart_;
    h.mem = &m->port_;
    cpu::csr_reset(h);  // CRMD = DA, PLV0 (manual Vol. 1 §6.4)
    cpu::cpucfg_init_la464(h);
    h.pc = 0x1c000000;  // reset PC (la64-privileged.md §4.8); loaders override it
    m->interp_ = std::make_unique<cpu::Interpreter>(h);
    return m;
}

// Everything the translation cache does not answer. RAM pages get a cache entry (a page
// holding decoded code is not made writable: its stores come here and drop the decoded
// copy); MMIO is accessed through the bus, and the interpreter leaves its threaded chain
// right after the instruction, so that device effects are seen at once.
// Translated modes (DMW, TLB) arrive with issue #4; until then a non-DA access is ADEM.
namespace {

void tlbc_fill(cpu::HartState& h, uint64_t va, uint8_t* host_page, bool writable) {
    cpu::TlbcEntry& e = cpu::tlbc_entry(h, va);
    const uint64_t page = va & ~uint64_t{0xfff};
    e.load = page;
    e.fetch = page;
    e.store = writable ? page : cpu::kTlbcInvalid;
    e.addend = reinterpret_cast<uint64_t>(host_page) - page;
}

}  // namespace

uint8_t* Machine::ram_page(uint64_t pa) {
    return pa < ram_.size ? ram_.ptr + (pa & ~uint64_t{0xfff}) : nullptr;
}

bool Machine::load_slow(cpu::HartState& h, uint64_t va, unsigned size, uint64_t& out, cpu::Access a) {
    auto* self = static_cast<Machine*>(h.mem->ctx);
    const uint16_t sub = a == cpu::Access::Fetch ? cpu::kSubADEF : cpu::kSubADEM;
    if (!cpu::direct_addressing(h)) {
        h.exc = cpu::Exception{cpu::Ecode::ADE, sub, true, va};
        return false;
    }
    const uint64_t pa = va & h.mem->pa_mask;
    if (uint8_t* hp = self->ram_page(pa)) {
        tlbc_fill(h, va, hp, self->code_map_[pa >> 12] == 0);
        if ((pa & 0xfff) + size <= 0x1000) {
            out = 0;
            std::memcpy(&out, hp + (pa & 0xfff), size);
            return true;
        }
    } else {
        h.run_end = h.retired + 1;  // MMIO: leave the chain after this instruction
    }
    if (!self->bus_.read(pa, size, out)) {
        h.exc = cpu::Exception{cpu::Ecode::ADE, sub, true, va};
        return false;
    }
    return true;
}

bool Machine::store_slow(cpu::HartState& h, uint64_t va, unsigned size, uint64_t value) {
    auto* self = static_cast<Machine*>(h.mem->ctx);
    if (!cpu::direct_addressing(h)) {
        h.exc = cpu::Exception{cpu::Ecode::ADE, cpu::kSubADEM, true, va};
        return false;
    }
    const uint64_t pa = va & h.mem->pa_mask;
    if (uint8_t* hp = self->ram_page(pa)) {
        const bool code = self->code_map_[pa >> 12] != 0;
        tlbc_fill(h, va, hp, !code);
        if (code || (pa & 0xfff) + size > 0x1000) {
            if (!self->bus_.write(pa, size, value)) {
                h.exc = cpu::Exception{cpu::Ecode::ADE, cpu::kSubADEM, true, va};
                return false;
            }
            code_written(h, pa, size);
            return true;
        }
        std::memcpy(hp + (pa & 0xfff), &value, size);
        return true;
    }
    h.run_end = h.retired + 1;  // MMIO: leave the chain after this instruction
    if (!self->bus_.write(pa, size, value)) {
        h.exc = cpu::Exception{cpu::Ecode::ADE, cpu::kSubADEM, true, va};
        return false;
    }
    return true;
}

void Machine::code_written(cpu::HartState& h, uint64_t pa, unsigned size) {
    auto* self = static_cast<Machine*>(h.mem->ctx);
    for (uint64_t p = pa & ~0xfffull; p < pa + size && p < self->ram_.size; p += 0x1000) {
        if (self->code_map_[p >> 12] == 0) continue;
        self->interp_->invalidate(p);
        self->code_map_[p >> 12] = 0;
    }
}

Result<uint64_t> Machine::place(uint64_t pa, const std::vector<uint8_t>& bytes, uint64_t memsz) {
    uint8_t* dst = bus_.ram_ptr(pa, memsz);
    if (dst == nullptr)
        return Error{fmt::format("segment [{:#x}, {:#x}) is outside RAM [0, {:#x})", pa, pa + memsz,
                                 cfg_.ram_size)};
    if (!bytes.empty()) std::memcpy(dst, bytes.data(), bytes.size());  // a .bss-only segment has none
    std::memset(dst + bytes.size(), 0, memsz - bytes.size());
    return pa;
}

Result<uint64_t> Machine::load_elf(const std::string& path) {
    auto img = loader::read_elf(path);
    if (!img) return img.error();
    if (img->segments.empty()) return Error{path + ": no PT_LOAD segment"};
    for (const auto& seg : img->segments) {
        // QEMU hw/loongarch: the ELF loader keeps physical addresses below the
        // 48-bit physical address space (TARGET_PHYS_ADDR_SPACE_BITS).
        auto r = place(seg.paddr & port_.pa_mask, seg.bytes, seg.memsz);
        if (!r) return Error{path + ": " + r.error().message};
    }
    hart_->pc = img->entry;
    return img->entry;
}

Result<uint64_t> Machine::load_raw(const std::string& path, uint64_t addr) {
    auto bytes = loader::read_file(path);
    if (!bytes) return bytes.error();
    auto r = place(addr, bytes.value(), bytes->size());
    if (!r) return Error{path + ": " + r.error().message};
    hart_->pc = addr;
    return addr;
}

cpu::StopReason Machine::run(uint64_t budget) { return interp_->run(budget, &stop_.requested); }

cpu::StopReason Machine::step(cpu::StepRecord& rec) {
    const auto r = interp_->step(rec);
    return stop_.requested ? cpu::StopReason::Stop : r;
}

}  // namespace la::machine
