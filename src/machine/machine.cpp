// SPDX-License-Identifier: Apache-2.0
#include "lvzemu/machine/machine.h"

#include <algorithm>
#include <cstring>
#include <sys/mman.h>

#include <fmt/format.h>

#include "lvzemu/cpu/csr.h"
#include "lvzemu/cpu/exception_entry.h"
#include "lvzemu/cpu/timer.h"
#include "lvzemu/gen/encode.h"
#include "lvzemu/lvz/lvz.h"
#include "lvzemu/mmu/page_walk.h"
#include "lvzemu/mmu/translate.h"
#include "lvzemu/loader/elf_file.h"

namespace la::machine {

Machine::Machine(const MachineConfig& cfg)
    : cfg_(cfg),
      uart_(cfg.console_out_fd, cfg.console_in_fd),
      uart1_(cfg.uart1_out_fd, -1),
      ged_(stop_),
      acpi_(stop_),
      chip_config_(iocsr_),
      // The 3A5000's chip-configuration window is read a byte at a time (hvisor reads the
      // version byte at +0), so on that board IOCSR registers take any aligned width.
      iocsr_(cfg.harts, cfg.board == Board::Ls3a5000 ? dev::Iocsr::Access::ByteLanes : dev::Iocsr::Access::Qemu),
      eiointc_(cfg.harts) {}

Machine::~Machine() {
    uart_.flush();
    uart1_.flush();
}

Machine::HostMemory::~HostMemory() {
    if (ptr) ::munmap(ptr, size);
}

Result<std::unique_ptr<Machine>> Machine::create(const MachineConfig& cfg) {
    if (cfg.ram_size < (1u << 20) || cfg.ram_size > kMaxRam || (cfg.ram_size & 0xfff))
        return Error{fmt::format("RAM size {:#x} not supported: a 4 KiB multiple from 1 MiB to {} GiB",
                                 cfg.ram_size, kMaxRam >> 30)};
    if (cfg.harts == 0 || cfg.harts > kMaxHarts)
        return Error{fmt::format("--smp {}: between 1 and {} harts", cfg.harts, kMaxHarts)};
    if (cfg.quantum == 0) return Error{"the scheduling quantum must be at least 1 instruction"};
    std::unique_ptr<Machine> m(new Machine(cfg));
    void* p = ::mmap(nullptr, cfg.ram_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) return Error{fmt::format("cannot allocate {:#x} bytes of guest RAM", cfg.ram_size)};
    m->ram_.ptr = static_cast<uint8_t*>(p);
    m->ram_.size = cfg.ram_size;
    // QEMU virt's layout: low RAM at 0 (up to 256 MiB), the rest at 0x9000_0000
    // (anchors.md §1.4). One host mapping backs both: low first, then high.
    m->low_ram_ = std::min(cfg.ram_size, kMaxLowRam);
    m->high_ram_ = cfg.ram_size - m->low_ram_;
    m->code_map_.assign(cfg.ram_size >> 12, 0);
    m->bus_.add_ram(0, m->low_ram_, m->ram_.ptr);
    if (m->high_ram_) m->bus_.add_ram(kHighRamBase, m->high_ram_, m->ram_.ptr + m->low_ram_);
    m->bus_.add_mmio(kUartBase, 8, &m->uart_);  // before the chip-config window that surrounds it
    // lvzemu's exit register lives in the GED block on both boards, so test programs end
    // the same way everywhere (docs/machine.md); the ls3a5000 has no GED of its own there.
    m->bus_.add_mmio(dev::Ged::kBase, dev::Ged::kSize, &m->ged_);
    if (cfg.board == Board::Ls3a5000) {
        m->bus_.add_mmio(dev::ChipConfig::kBase, dev::ChipConfig::kSize, &m->chip_config_);
        m->bus_.add_mmio(kUart1Base, 8, &m->uart1_);
        m->bus_.add_mmio(dev::Ls7aAcpi::kBase, dev::Ls7aAcpi::kSize, &m->acpi_);
        m->bus_.add_mmio(kHtConfigBase, kHtConfigSize, &m->ht_config_);
    }
    m->build_boot_rom();
    m->bus_.add_mmio(kBootRomBase, m->rom_.words.size() * 4, &m->rom_);

    m->port_.ram = m->ram_.ptr;
    m->port_.ram_base = 0;
    m->port_.ram_size = cfg.ram_size;
    m->port_.ctx = m.get();
    m->port_.load_slow = &Machine::load_slow;
    m->port_.store_slow = &Machine::store_slow;
    m->port_.code_map = m->code_map_.data();
    m->port_.code_written = &Machine::code_written;
    m->port_.tlb = &Machine::tlb_op;
    m->port_.iocsr_read = &Machine::iocsr_read;
    m->port_.iocsr_write = &Machine::iocsr_write;
    m->code_ = std::make_unique<cpu::CodeCache>(m->port_);

    for (unsigned i = 0; i < cfg.harts; ++i) {
        auto hart = std::make_unique<Hart>();
        hart->state = std::make_unique<cpu::HartState>();
        cpu::HartState& h = *hart->state;
        std::memset(&h, 0, sizeof h);
        h.mem = &m->port_;
        h.id = i;
        cpu::csr_reset(h);  // CRMD = DA, PLV0 (manual Vol. 1 §6.4)
        h.csr[cpu::csr_num(la::gen::Csr::CPUID)] = i;  // CPUID.CoreID
        cpu::cpucfg_init_la464(h, cfg.lvz);
        h.pc = kBootRomBase;  // reset PC (la64-privileged.md §4.8); the loader moves hart 0
        hart->interp = std::make_unique<cpu::Interpreter>(h, *m->code_);
        // A replaced or invalidated TLB entry drops exactly the cached translations it
        // backed (measured: flushing the whole translation cache per TLBFILL cost 64% of
        // a TLB-miss-heavy run).
        hart->tlb.set_observer(mmu::TlbObserver{&h, &Machine::tlb_evicted});
        m->harts_.push_back(std::move(hart));
    }
    // Interrupt lines into the cores (la64-privileged.md §9): the IPI line is ESTAT.IS[12],
    // EIOINTC drives HWI0-7 = ESTAT.IS[9:2]. They are physical lines: with LVZ they go to
    // the root's ESTAT, wherever that bank is while a guest runs.
    Machine* self = m.get();
    auto set_line = [self](unsigned hart, unsigned bit, bool level) {
        if (hart >= self->harts_.size()) return;
        cpu::HartState& h = *self->harts_[hart]->state;
        uint64_t& estat = la::lvz::root_bank(h)[cpu::kESTAT];
        estat = level ? estat | (uint64_t{1} << bit) : estat & ~(uint64_t{1} << bit);
        // No running chain needs telling: a line changes by an MMIO or IOCSR access, which
        // ends the chain of the hart making it (lvzemu/cpu/threaded.h), or in another
        // hart's turn, before this hart polls its lines again.
    };
    m->iocsr_.set_ipi_line_handler([set_line](unsigned hart, bool level) { set_line(hart, 12, level); });
    // The platform interrupt path of QEMU virt (docs/interrupts.md): devices -> PCH-PIC /
    // PCH-MSI -> EIOINTC (IOCSR 0x1400) -> HWI lines of the cores.
    m->iocsr_.map(dev::Eiointc::kIocsrBase, dev::Eiointc::kIocsrSize, &m->eiointc_);
    m->eiointc_.set_cpu_line_handler(
        [set_line](unsigned hart, unsigned hwi, bool level) { set_line(hart, 2 + hwi, level); });
    m->bus_.add_mmio(dev::PchPic::kBase, dev::PchPic::kSize, &m->pch_pic_);
    m->pch_pic_.set_output_handler([self](unsigned v, bool l) { self->eiointc_.set_irq(v, l); });
    m->bus_.add_mmio(dev::PchMsi::kBase, 8, &m->pch_msi_);
    m->pch_msi_.set_output_handler([self](unsigned line, bool l) { self->eiointc_.set_irq(line, l); });
    // The RTC counts virtual time (hart 0's clock, 100 MHz ticks), never the host's.
    m->rtc_ = std::make_unique<dev::Ls7aRtc>([self] { return cpu::now(*self->harts_[0]->state); });
    m->bus_.add_mmio(dev::Ls7aRtc::kBase, 0x100, m->rtc_.get());
    m->rtc_->set_irq_handler([self](bool l) { self->pch_pic_.set_irq(dev::PchPic::kRtcIrq, l); });
    m->uart_.set_irq_handler([self](bool l) { self->pch_pic_.set_irq(dev::PchPic::kUartIrq, l); });
    return m;
}

// The secondary harts' boot code (docs/machine.md, "SMP"): enable every IPI vector and the
// IPI line in ECFG.LIE, then IDLE until an IPI arrives; acknowledge it, read mailbox 0 and
// jump there if it is non-zero, else wait again. Interrupts stay disabled (CRMD.IE = 0):
// IDLE wakes on a pending line anyway. This is the protocol of QEMU virt's direct boot and
// of Linux's loongson_boot_secondary (mail the entry to mailbox 0, then send an IPI); the
// words are built with the generated encoders (no hand-written opcodes).
void Machine::build_boot_rom() {
    namespace enc = la::enc;
    constexpr int t0 = 12, t1 = 13, t2 = 14, t3 = 15, t4 = 16;
    const auto ecfg = static_cast<int64_t>(cpu::csr_num(la::gen::Csr::ECFG));
    const int64_t ipi_base = static_cast<int64_t>(dev::Iocsr::kIpiBase);
    auto& w = rom_.words;
    w.push_back(enc::lu12i_w(t1, ipi_base >> 12));                              // t1 = IPI block
    w.push_back(enc::ori(t2, t1, dev::Iocsr::kIpiEnable - dev::Iocsr::kIpiBase));
    w.push_back(enc::addi_w(t0, 0, -1));
    w.push_back(enc::iocsrwr_w(t0, t2));                                        // EN = all
    w.push_back(enc::lu12i_w(t0, 1));                                           // LIE bit 12 (IPI)
    w.push_back(enc::csrxchg(t0, t0, ecfg));
    w.push_back(enc::ori(t2, t1, dev::Iocsr::kMailbox0 - dev::Iocsr::kIpiBase));
    w.push_back(enc::ori(t3, t1, dev::Iocsr::kIpiClear - dev::Iocsr::kIpiBase));
    const size_t wait = w.size();
    w.push_back(enc::idle(0));
    w.push_back(enc::iocsrrd_w(t4, t1));                                        // STATUS
    w.push_back(enc::iocsrwr_w(t4, t3));                                        // CLEAR it
    w.push_back(enc::iocsrrd_d(t0, t2));                                        // mailbox 0
    w.push_back(enc::beqz(t0, -4 * static_cast<int64_t>(w.size() - wait)));
    w.push_back(enc::lu12i_w(t4, 1));
    w.push_back(enc::csrxchg(0, t4, ecfg));                                     // LIE.IPI off
    w.push_back(enc::jirl(0, t0, 0));
}

bool Machine::BootRom::read(uint64_t offset, unsigned size, uint64_t& value) {
    if (offset + size > words.size() * 4) return false;
    value = 0;
    std::memcpy(&value, reinterpret_cast<const uint8_t*>(words.data()) + offset, size);
    return true;
}

uint64_t Machine::total_retired() const {
    uint64_t n = 0;
    for (const auto& hp : harts_) n += hp->state->retired;
    return n;
}

// Everything the translation cache does not answer: translate (DA, DMW or TLB, with the
// exceptions of la_mmu), then RAM pages get a cache entry for the access kinds the
// mapping allows (a page holding decoded code is not made writable: its stores come here
// and drop the decoded copy); MMIO goes through the bus, and the interpreter leaves its
// threaded chain right after the instruction, so that device effects are seen at once.
namespace {

void tlbc_fill(cpu::HartState& h, uint64_t va, uint8_t* host_page, uint8_t allowed, bool code) {
    cpu::TlbcEntry& e = cpu::tlbc_entry(h, va);
    const uint64_t page = va & ~uint64_t{0xfff};
    e.load = allowed & mmu::access_bit(cpu::Access::Load) ? page : cpu::kTlbcInvalid;
    e.fetch = allowed & mmu::access_bit(cpu::Access::Fetch) ? page : cpu::kTlbcInvalid;
    e.store = (allowed & mmu::access_bit(cpu::Access::Store)) && !code ? page : cpu::kTlbcInvalid;
    e.addend = reinterpret_cast<uint64_t>(host_page) - page;
}

}  // namespace

uint64_t Machine::host_offset(uint64_t pa) const {
    if (pa < low_ram_) return pa;
    if (pa >= kHighRamBase && pa - kHighRamBase < high_ram_) return low_ram_ + (pa - kHighRamBase);
    return kNotRam;
}

uint8_t* Machine::ram_page(uint64_t pa) {
    const uint64_t off = host_offset(pa);
    return off == kNotRam ? nullptr : ram_.ptr + (off & ~uint64_t{0xfff});
}

namespace {
// Records a failed translation as the exception it raises, and the MMU's own CSR writes
// (TLBRBADV/TLBREHI or TLBEHI) in the bank that takes it.
void record_fault(cpu::HartState& h, uint64_t* bank, const mmu::Translation& t, uint64_t addr, bool to_root) {
    mmu::note_fault(bank, t);
    if (t.refill) {
        h.exc = cpu::Exception{};
        h.exc.refill = true;
        h.exc.badv = addr;
    } else {
        h.exc = t.exc;
    }
    h.exc.to_root = to_root;
}
}  // namespace

// LVZ stage 2 (lvz.md §5.2): a guest physical address through the root-stage entries of
// the running guest's GID (ASID ignored, PLV 0; root DMWs do not apply). A miss or a
// fault goes to the root with the GPA.
bool Machine::stage2(cpu::HartState& h, uint64_t gpa, cpu::Access a, uint64_t& pa, uint8_t& allowed) {
    uint64_t* root = la::lvz::root_bank(h);
    const mmu::Translation t = mmu::translate_tlb(root, harts_[h.id]->tlb, gpa, a, la::lvz::gid(h), 0);
    if (!t.ok) {
        record_fault(h, root, t, gpa, true);
        return false;
    }
    pa = t.pa;
    allowed = t.allowed;
    return true;
}

bool Machine::translate(cpu::HartState& h, uint64_t va, cpu::Access a, uint64_t& pa) {
    mmu::Tlb& tlb = harts_[h.id]->tlb;
    const uint16_t tag = h.vm ? la::lvz::guest_tag(h) : 0;
    const mmu::Translation t = mmu::translate(h, tlb, va, a, tag);
    if (!t.ok) {
        record_fault(h, h.csr, t, va, false);
        return false;
    }
    pa = t.pa;
    uint8_t allowed = t.allowed;
    if (h.vm) {
        uint8_t allowed2 = 0;
        if (!stage2(h, t.pa, a, pa, allowed2)) return false;
        allowed &= allowed2;
    }
    if (uint8_t* hp = ram_page(pa))
        tlbc_fill(h, va, hp, allowed, code_map_[host_offset(pa) >> 12] != 0);
    return true;
}

// One access of `size` bytes (a load or fetch fills `value`, a store writes it).
bool Machine::access_slow(cpu::HartState& h, uint64_t va, unsigned size, uint64_t& value, cpu::Access a) {
    const bool is_store = a == cpu::Access::Store;
    const uint16_t sub = a == cpu::Access::Fetch ? cpu::kSubADEF : cpu::kSubADEM;
    if ((va & 0xfff) + size > 0x1000) {
        // Crosses a page: each byte's page is translated on its own (both pages are
        // checked before anything is written).
        uint64_t pas[8];
        for (unsigned i = 0; i < size; ++i)
            if (!translate(h, va + i, a, pas[i])) return false;
        uint64_t v = 0;
        for (unsigned i = 0; i < size; ++i) {
            uint64_t b = (value >> (8 * i)) & 0xff;
            const bool ok = is_store ? bus_.write(pas[i], 1, b, h.id) : bus_.read(pas[i], 1, b, h.id);
            if (!ok) {
                h.exc = cpu::Exception{cpu::Ecode::ADE, sub, true, va};
                return false;
            }
            if (is_store) code_written(h, pas[i], 1);
            v |= (b & 0xff) << (8 * i);
        }
        if (!is_store) value = v;
        return true;
    }
    uint64_t pa = 0;
    if (!translate(h, va, a, pa)) return false;
    if (uint8_t* hp = ram_page(pa)) {
        uint8_t* p = hp + (pa & 0xfff);
        if (is_store) {
            std::memcpy(p, &value, size);
            code_written(h, pa, size);
        } else {
            value = 0;
            std::memcpy(&value, p, size);
        }
        return true;
    }
    if (h.mmio == cpu::kMmioDefer) {
        // Inside a threaded chain: refused, the instruction runs again alone, so that the
        // device's effects are seen right after it (lvzemu/cpu/threaded.h).
        h.mmio = cpu::kMmioDeferred;
        return false;
    }
    const bool ok = is_store ? bus_.write(pa, size, value, h.id) : bus_.read(pa, size, value, h.id);
    if (!ok) {
        h.exc = cpu::Exception{cpu::Ecode::ADE, sub, true, va};
        return false;
    }
    return true;
}

bool Machine::load_slow(cpu::HartState& h, uint64_t va, unsigned size, uint64_t& out, cpu::Access a) {
    return static_cast<Machine*>(h.mem->ctx)->access_slow(h, va, size, out, a);
}

bool Machine::store_slow(cpu::HartState& h, uint64_t va, unsigned size, uint64_t value) {
    return static_cast<Machine*>(h.mem->ctx)->access_slow(h, va, size, value, cpu::Access::Store);
}

// The TLB instructions and the page-walk helpers on this hart's TLB (src/mmu). A change
// to an existing TLB entry drops the hart's cached mapped-mode translations.
// The TLB instructions and the page-walk helpers on this hart's TLB (src/mmu), with the
// LVZ tags (lvz.md §5.3): root instructions act on the entries of the TGID in use (0: the
// root's own), guest instructions on the running guest's stage-1 entries, gtlb* (root) on
// the stage-1 entries of the TGID in use through the guest CSRs. A change to an existing
// entry drops cached translations.
cpu::ExecResult Machine::tlb_op(cpu::HartState& h, cpu::TlbOp op, uint64_t a, uint64_t b, unsigned imm,
                                uint64_t& out) {
    auto* self = static_cast<Machine*>(h.mem->ctx);
    mmu::Tlb& tlb = self->harts_[h.id]->tlb;
    const mmu::PhysReader mem{self, [](void* ctx, cpu::HartState& hs, uint64_t pa, uint64_t& v) {
        auto* m = static_cast<Machine*>(ctx);
        uint64_t hpa = pa;
        uint8_t allowed = 0;
        // A guest's page tables hold GPAs: the walk reads them through stage 2.
        if (hs.vm && !m->stage2(hs, pa, cpu::Access::Load, hpa, allowed)) return false;
        if (m->bus_.read(hpa, 8, v)) return true;
        hs.exc = cpu::Exception{cpu::Ecode::ADE, cpu::kSubADEM, true, pa};
        return false;
    }};
    const uint16_t tag = h.vm ? la::lvz::guest_tag(h) : la::lvz::root_tlb_tag(h);
    const uint16_t gtag = la::lvz::kStage1 | (la::lvz::root_tlb_tag(h) & 0xff);
    uint64_t* gbank = la::lvz::guest_bank(h);
    cpu::ExecResult r = cpu::ExecResult::Next;
    cpu::trace_event(h, cpu::TraceEvent::TlbBegin, static_cast<uint64_t>(op), a, b);
    switch (op) {
        case cpu::TlbOp::Srch: r = mmu::tlbsrch(h, tlb, tag); break;
        case cpu::TlbOp::Rd:
            r = mmu::tlbrd(h, tlb);
            if (!h.vm && la::lvz::enabled(h)) self->update_trgp(h);
            break;
        case cpu::TlbOp::Wr: r = mmu::tlbwr(h, tlb, tag); break;
        case cpu::TlbOp::Fill: r = mmu::tlbfill(h, tlb, tag); break;
        case cpu::TlbOp::Clr: r = mmu::tlbclr(h, tlb, tag); break;
        case cpu::TlbOp::Flush: r = mmu::tlbflush(h, tlb, tag); break;
        case cpu::TlbOp::Inv:
            if (h.vm) r = imm <= 6 ? mmu::invtlb(h, tlb, imm, a, b, tag, false) : cpu::trap(h, cpu::Ecode::INE);
            else if (imm <= 6) r = mmu::invtlb(h, tlb, imm, a, b, tag, true);
            else if (la::lvz::enabled(h)) r = self->invtlb_lvz(h, imm, a, b);
            else r = cpu::trap(h, cpu::Ecode::INE);  // the LVZ ops exist only with LVZ
            break;
        case cpu::TlbOp::Lddir: r = mmu::lddir(h, a, imm, mem, out); break;
        case cpu::TlbOp::Ldpte: r = mmu::ldpte(h, a, imm, mem); break;
        case cpu::TlbOp::GSrch: mmu::tlbsrch(gbank, tlb, gtag); break;
        case cpu::TlbOp::GRd: mmu::tlbrd(gbank, tlb); break;
        case cpu::TlbOp::GWr: mmu::tlbwr(gbank, tlb, gtag); break;
        case cpu::TlbOp::GFill: mmu::tlbfill(gbank, tlb, gtag); break;
        case cpu::TlbOp::GClr: mmu::tlbclr(gbank, tlb, gtag); break;
        case cpu::TlbOp::GFlush: mmu::tlbflush(gbank, tlb, gtag); break;
    }
    // Changed entries have dropped their cached translations (tlb_evicted).
    cpu::trace_event(h, cpu::TraceEvent::TlbEnd, static_cast<uint64_t>(op), static_cast<uint64_t>(r));
    return r;
}

// The translation-cache lines a TLB entry covering [va, va + 2^pair_shift) may back: in
// the root's mapped tables for a root entry; in the guest tables for a guest's stage-1
// entry (by GVA); every guest table for a stage-2 entry (its GPAs are not the cache's keys).
void Machine::tlb_evicted(void* ctx, uint64_t va, unsigned pair_shift, uint16_t tag) {
    auto& h = *static_cast<cpu::HartState*>(ctx);
    if (la::lvz::is_stage2_tag(tag)) {
        cpu::tlbc_flush_guest(h);
        return;
    }
    const unsigned first = tag == 0 ? 0 : 8;  // mapped-mode tables of the root / of guests
    const uint64_t lo = va & ~uint64_t{0xfff};
    const uint64_t span = pair_shift >= 64 ? ~uint64_t{0} : (uint64_t{1} << pair_shift) - 1;
    // The cache is direct-mapped by VA[19:12]: only the lines of the range's pages can hold
    // one of its translations (all lines once the range spans the whole index).
    const uint64_t pages = (span >> 12) + 1;
    const unsigned n = pages >= cpu::kTlbcEntries ? cpu::kTlbcEntries : static_cast<unsigned>(pages);
    const unsigned start = pages >= cpu::kTlbcEntries ? 0 : static_cast<unsigned>((lo >> 12) & (cpu::kTlbcEntries - 1));
    for (unsigned t = first; t < first + 4; ++t)
        for (unsigned k = 0; k < n; ++k) {
            cpu::TlbcEntry& e = h.tlbc[t][(start + k) & (cpu::kTlbcEntries - 1)];
            // Any tag in the range: load, store and fetch tags share the page.
            const uint64_t page = e.load != cpu::kTlbcInvalid ? e.load
                                  : e.fetch != cpu::kTlbcInvalid ? e.fetch : e.store;
            if (page != cpu::kTlbcInvalid && page - lo <= span)
                e = cpu::TlbcEntry{cpu::kTlbcInvalid, cpu::kTlbcInvalid, cpu::kTlbcInvalid, 0};
        }
}

// TRGP after a root TLBRD (lvz.md §2.6 [U]): GTLB = the entry belongs to a guest, RID its GID.
void Machine::update_trgp(cpu::HartState& h) {
    using la::gen::Csr;
    const uint64_t idx = cpu::csr_field(Csr::TLBIDX, "Index").get(h.csr[cpu::csr_num(Csr::TLBIDX)]);
    const mmu::TlbEntry& e = harts_[h.id]->tlb.entry(static_cast<unsigned>(idx % mmu::kTlbEntries));
    const uint64_t gid = e.e ? (e.gid & 0xff) : 0;
    uint64_t& trgp = h.csr[cpu::csr_num(Csr::TRGP)];
    trgp = cpu::csr_field(Csr::TRGP, "GTLB").insert(trgp, gid != 0);
    trgp = cpu::csr_field(Csr::TRGP, "RID").insert(trgp, gid);
}

// The LVZ INVTLB operations (lvz.md §5.3; codes from Loongson's kernel, 0x12/0x16 used by
// upstream KVM). rj: ASID in bits 9:0, GID in bits 23:16; rk: the address.
cpu::ExecResult Machine::invtlb_lvz(cpu::HartState& h, unsigned op, uint64_t rj, uint64_t rk) {
    mmu::Tlb& tlb = harts_[h.id]->tlb;
    const auto gid = static_cast<uint16_t>((rj >> 16) & 0xff);
    const auto asid = static_cast<uint16_t>(rj & 0x3ff);
    const uint16_t s1 = la::lvz::kStage1 | gid;
    const unsigned stlb_ps = static_cast<unsigned>(
        cpu::csr_field(la::gen::Csr::STLBPS, "PS").get(h.csr[cpu::csr_num(la::gen::Csr::STLBPS)]));
    using K = mmu::TlbMatch::Kind;
    // Every entry whose tag is of a class: all stage-1, all stage-2.
    auto kill_class = [&](bool stage1, bool stage2) {
        for (unsigned i = 0; i < mmu::kTlbEntries; ++i) {
            const mmu::TlbEntry& e = tlb.entry(i);
            if (!e.e) continue;
            if ((stage1 && (e.gid & la::lvz::kStage1)) || (stage2 && la::lvz::is_stage2_tag(e.gid)))
                tlb.write(i, mmu::TlbEntry{}, stlb_ps);
        }
    };
    switch (op) {
        case 0x9: tlb.invalidate(mmu::TlbMatch{K::Any, 0, false, s1}, stlb_ps); break;
        case 0xA: tlb.invalidate(mmu::TlbMatch{K::Global, 0, false, s1}, stlb_ps); break;
        case 0xB: tlb.invalidate(mmu::TlbMatch{K::NonGlobal, 0, false, s1}, stlb_ps); break;
        case 0xC: tlb.invalidate(mmu::TlbMatch{K::Asid, asid, false, s1}, stlb_ps); break;
        case 0xD: tlb.invalidate_va(mmu::TlbMatch{K::Asid, asid, false, s1}, rk, stlb_ps); break;
        case 0xE: tlb.invalidate_va(mmu::TlbMatch{K::GlobalOrAsid, asid, false, s1}, rk, stlb_ps); break;
        case 0x10: kill_class(true, false); break;
        case 0x11: kill_class(false, true); break;
        case 0x12: kill_class(true, true); break;
        case 0x13: tlb.invalidate(mmu::TlbMatch{K::Any, 0, false, s1}, stlb_ps); break;
        case 0x14: tlb.invalidate(mmu::TlbMatch{K::Any, 0, false, gid}, stlb_ps); break;
        case 0x15:
            tlb.invalidate(mmu::TlbMatch{K::Any, 0, false, s1}, stlb_ps);
            tlb.invalidate(mmu::TlbMatch{K::Any, 0, false, gid}, stlb_ps);
            break;
        case 0x16: tlb.invalidate_va(mmu::TlbMatch{K::Any, 0, false, gid}, rk, stlb_ps); break;
        default: return cpu::trap(h, cpu::Ecode::INE);
    }
    return cpu::ExecResult::Next;
}

bool Machine::iocsr_read(cpu::HartState& h, uint64_t addr, unsigned size, uint64_t& out) {
    out = static_cast<Machine*>(h.mem->ctx)->iocsr_.read(h.id, addr, size);
    return true;
}

bool Machine::iocsr_write(cpu::HartState& h, uint64_t addr, unsigned size, uint64_t value) {
    static_cast<Machine*>(h.mem->ctx)->iocsr_.write(h.id, addr, size, value);
    return true;
}

void Machine::code_written(cpu::HartState& h, uint64_t pa, unsigned size) {
    auto* self = static_cast<Machine*>(h.mem->ctx);
    for (uint64_t p = pa & ~0xfffull; p < pa + size; p += 0x1000) {
        const uint64_t off = self->host_offset(p);
        if (off == kNotRam || self->code_map_[off >> 12] == 0) continue;
        self->code_->invalidate(off);
        self->code_map_[off >> 12] = 0;
    }
}

Result<uint64_t> Machine::place(uint64_t pa, const std::vector<uint8_t>& bytes, uint64_t memsz) {
    uint8_t* dst = bus_.ram_ptr(pa, memsz);
    if (dst == nullptr)
        return Error{high_ram_ ? fmt::format("segment [{:#x}, {:#x}) is outside RAM [0, {:#x}) and [{:#x}, {:#x})",
                                             pa, pa + memsz, low_ram_, kHighRamBase, kHighRamBase + high_ram_)
                               : fmt::format("segment [{:#x}, {:#x}) is outside RAM [0, {:#x})", pa, pa + memsz,
                                             low_ram_)};
    if (!bytes.empty()) std::memcpy(dst, bytes.data(), bytes.size());  // a .bss-only segment has none
    std::memset(dst + bytes.size(), 0, memsz - bytes.size());
    return pa;
}

Result<uint64_t> Machine::load_elf(const std::string& path) { return load_image(loader::read_elf(path), path); }

Result<uint64_t> Machine::load_elf_bytes(const uint8_t* data, size_t size, const std::string& name) {
    return load_image(loader::read_elf_bytes(data, size, name), name);
}

Result<uint64_t> Machine::load_image(Result<loader::ElfImage> img, const std::string& path) {
    if (!img) return img.error();
    if (img->segments.empty()) return Error{path + ": no PT_LOAD segment"};
    for (const auto& seg : img->segments) {
        // QEMU hw/loongarch: the ELF loader keeps physical addresses below the
        // 48-bit physical address space (TARGET_PHYS_ADDR_SPACE_BITS).
        auto r = place(seg.paddr & port_.pa_mask, seg.bytes, seg.memsz);
        if (!r) return Error{path + ": " + r.error().message};
    }
    harts_[0]->state->pc = img->entry;
    return img->entry;
}

Result<uint64_t> Machine::load_raw(const std::string& path, uint64_t addr, bool set_pc) {
    auto bytes = loader::read_file(path);
    if (!bytes) return bytes.error();
    auto r = place(addr, bytes.value(), bytes->size());
    if (!r) return Error{path + ": " + r.error().message};
    if (set_pc) harts_[0]->state->pc = addr;
    return addr;
}

// Round-robin scheduling on virtual time (DEVELOPERS.md, "Determinism"): in each round
// every hart advances to the same virtual time, `quantum` ticks later; a hart parked by
// IDLE jumps there (or to its timer's deadline, which wakes it). When every hart is parked
// the round jumps straight to the earliest deadline; with none, nothing can ever wake
// them and the run ends (StopReason::Idle).
cpu::StopReason Machine::run_hart(unsigned i, uint64_t until, uint64_t budget_end) {
    cpu::HartState& h = *harts_[i]->state;
    cpu::Interpreter& in = *harts_[i]->interp;
    // Another hart runs next and may store to the reserved address: a reservation does not
    // survive the end of a turn (an SC may fail spuriously, la64-privileged.md §12), so
    // an LL/SC pair split by the schedule retries instead of succeeding wrongly.
    struct DropReservation {
        cpu::HartState& h;
        bool smp;
        ~DropReservation() {
            if (smp) h.llbit = 0;
        }
    } drop{h, harts_.size() > 1};
    while (cpu::now(h) < until) {
        const uint64_t done = total_retired();
        if (done >= budget_end) return cpu::StopReason::Budget;
        const uint64_t slice = std::min(until - cpu::now(h), budget_end - done);
        cpu::StopReason r;
        if (insn_hook_) {
            // One instruction at a time, reported: the same schedule, so the same run.
            cpu::StepRecord rec{};
            r = in.step(rec);
            if (r == cpu::StopReason::Step || r == cpu::StopReason::Halt) insn_hook_(i, rec);
            if (r == cpu::StopReason::Step) r = stop_.requested ? cpu::StopReason::Stop : cpu::StopReason::Budget;
            (void)slice;
        } else {
            r = in.run(slice, &stop_.requested);
        }
        if (r == cpu::StopReason::Idle) {
            // Parked: time passes without instructions, up to the deadline or the round end.
            const uint64_t wake = std::min(until, h.timer_deadline);
            if (wake <= cpu::now(h)) continue;  // the deadline is now: poll again
            h.time_skip += wake - cpu::now(h);
            if (wake == until) return cpu::StopReason::Idle;
            continue;
        }
        if (r != cpu::StopReason::Budget) return r;
    }
    return cpu::StopReason::Budget;
}

cpu::StopReason Machine::run(uint64_t budget) {
    const uint64_t start = total_retired();
    const uint64_t budget_end = budget > UINT64_MAX - start ? UINT64_MAX : start + budget;
    for (;;) {
        if (stop_.requested) return cpu::StopReason::Stop;
        if (total_retired() >= budget_end) return cpu::StopReason::Budget;
        // All parked? Then jump to the earliest event instead of spinning through rounds.
        bool all_idle = true;
        uint64_t next = cpu::kNoDeadline;
        for (const auto& hp : harts_) {
            const cpu::HartState& h = *hp->state;
            if (!h.idle || cpu::pending_interrupt(h) >= 0) all_idle = false;
            next = std::min(next, h.timer_deadline);
        }
        if (all_idle) {
            if (next == cpu::kNoDeadline) return cpu::StopReason::Idle;
            if (next > time_) {
                for (auto& hp : harts_) hp->state->time_skip += next - cpu::now(*hp->state);
                time_ = next;
            }
        }
        const uint64_t until = time_ + cfg_.quantum;
        for (unsigned i = 0; i < harts_.size(); ++i) {
            const cpu::StopReason r = run_hart(i, until, budget_end);
            if (r == cpu::StopReason::Budget && total_retired() >= budget_end) return r;
            if (r != cpu::StopReason::Budget && r != cpu::StopReason::Idle) return r;
        }
        time_ = until;
    }
}

cpu::StopReason Machine::step(cpu::StepRecord& rec) {
    cpu::HartState& h = *harts_[0]->state;
    for (;;) {
        const auto r = harts_[0]->interp->step(rec);
        if (r == cpu::StopReason::Idle && h.timer_deadline != cpu::kNoDeadline) {
            // Parked: let virtual time pass up to the timer's deadline, then step again.
            if (h.timer_deadline > cpu::now(h)) h.time_skip += h.timer_deadline - cpu::now(h);
            continue;
        }
        return stop_.requested ? cpu::StopReason::Stop : r;
    }
}

}  // namespace la::machine
