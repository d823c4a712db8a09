// SPDX-License-Identifier: Apache-2.0
// `lvzemu run FILE`: load an ELF (or a raw image with --load ADDR) on the virt-layout
// machine and execute it. stdout is the guest console; diagnostics and the run summary
// go to stderr; traces to --trace-file or stderr.
#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <chrono>
#include <cstdio>
#include <fcntl.h>
#include <unistd.h>
#include <iostream>
#include <memory>
#include <string>

#include "commands.h"
#ifdef LVZEMU_HAVE_DEMO
#include "lvzemu/demo_image.h"
#endif
#include "lvzemu/decoder/disasm.h"
#include "lvzemu/machine/boot.h"
#include "lvzemu/machine/machine.h"
#include "lvzemu/trace/tracer.h"

namespace lvzemu {

void add_run(CLI::App& app, RunOptions& opts) {
    auto* cmd = app.add_subcommand("run", "Run a LoongArch64 program on the virt board or a 3A5000 board");
    cmd->add_option("file", opts.file,
                    "ELF file, or raw image with --load; none: the built-in demo (a hypervisor and its guest)")
        ->option_text("<file>");
    cmd->add_option_function<std::vector<std::string>>(
           "--load",
           [&opts](const std::vector<std::string>& values) {
               for (const std::string& s : values) {
                   // FILE@ADDR: an extra raw image at physical ADDR (repeatable; the PC is
                   // not moved). ADDR alone: FILE itself is a raw image, started there.
                   const auto at = s.rfind('@');
                   uint64_t addr = 0;
                   if (at != std::string::npos) {
                       if (at == 0 || !parse_u64(s.substr(at + 1), addr))
                           throw CLI::ValidationError("--load", "expected FILE@ADDR: " + s);
                       opts.extra_loads.emplace_back(s.substr(0, at), addr);
                   } else {
                       if (!parse_u64(s, opts.load_addr)) throw CLI::ValidationError("--load", "bad address: " + s);
                       opts.raw = true;
                   }
               }
           },
           "ADDR: load FILE as a raw image at this physical address and start there; "
           "FILE@ADDR (repeatable): also load this raw image at ADDR")
        ->expected(1)  // one value per --load, so `--load ADDR FILE` leaves FILE positional
        ->allow_extra_args(false)
        ->take_all()
        ->option_text("<addr>|<file@addr>");
    cmd->add_option_function<std::string>(
           "-n,--max-insns",
           [&opts](const std::string& s) {
               if (!parse_u64(s, opts.max_insns) || opts.max_insns == 0)
                   throw CLI::ValidationError("--max-insns", "bad count: " + s);
           },
           "Stop after this many instructions (exit code 4)")
        ->option_text("<n>");
    cmd->add_option_function<std::string>(
           "-m,--memory",
           [&opts](const std::string& s) {
               if (!parse_u64(s, opts.ram_size)) throw CLI::ValidationError("-m", "bad size: " + s);
           },
           "RAM size, e.g. 256M (default 256M)")
        ->option_text("<size>");
    cmd->add_option_function<std::string>(
           "--lvz",
           [&opts](const std::string& s) {
               if (s != "on" && s != "off") throw CLI::ValidationError("--lvz", "expected on or off: " + s);
               opts.lvz = s == "on";
           },
           "The virtualization extension: on (default) or off (the la464 QEMU virt presents)")
        ->option_text("on|off");
    cmd->add_option("--kernel", opts.kernel, "Direct boot: a LoongArch64 Linux (ELF) kernel, as QEMU virt -kernel")
        ->option_text("<vmlinux>");
    cmd->add_option("--initrd", opts.initrd, "Direct boot: initial RAM disk, placed above the kernel")
        ->option_text("<file>");
    cmd->add_option("--append", opts.append, "Direct boot: kernel command line")->option_text("<text>");
    cmd->add_option("--dtb", opts.dtb, "Direct boot: use this device tree instead of lvzemu's")
        ->option_text("<file>");
    cmd->add_option("--dump-dtb", opts.dump_dtb, "Write the device tree lvzemu would pass, then exit")
        ->option_text("<file>");
    cmd->add_option("--smp", opts.smp, "Number of harts (secondaries wait in the boot ROM for mailbox 0)")
        ->check(CLI::Range(1u, la::machine::Machine::kMaxHarts))
        ->option_text("<n>");
    cmd->add_option("-t,--trace", opts.trace,
                    "Trace categories: insn (instructions), csr (CSR changes), exc (exceptions, interrupts, "
                    "ERTN; summary at the end), tlb (TLB instructions and refills); docs/tracing.md")
        ->delimiter(',')
        ->allow_extra_args(false)  // one comma list per --trace (it may repeat): `--trace csr FILE` works
        ->check(CLI::IsMember({"insn", "csr", "exc", "tlb"}))
        ->option_text("<cat>[,...]");
    cmd->add_option("--trace-format", opts.trace_format, "Trace format: text (default) or jsonl (JSON Lines)")
        ->check(CLI::IsMember({"text", "jsonl"}))
        ->option_text("<fmt>");
    cmd->add_option("--trace-file", opts.trace_file, "Write traces here instead of stderr")->option_text("<path>");
    cmd->add_option("-M,--machine", opts.machine,
                    "Board: virt (QEMU's loongarch virt layout, default) or ls3a5000 (3A5000 + 7A2000 "
                    "as hvisor uses it; docs/ls3a5000.md)")
        ->check(CLI::IsMember({"virt", "ls3a5000"}))
        ->option_text("<board>");
    cmd->add_option("--uart1", opts.uart1, "ls3a5000: write the 7A2000 UART1's output to this file (default: dropped)")
        ->option_text("<path>");
    cmd->add_flag("--step", opts.step,
                  "Interactive single-step of hart 0: Enter steps, c continues, q quits; shows the registers "
                  "and CSRs each instruction changed");
}

namespace {

// Registers that differ between two states, "r4: 0x1 -> 0x2", for --step.
std::string changed_regs(const la::cpu::HartState& before, const la::cpu::HartState& after) {
    std::string s;
    for (unsigned r = 1; r < 32; ++r)
        if (before.gpr[r] != after.gpr[r])
            s += fmt::format("  {}: {:#x} -> {:#x}\n", la::decoder::gpr_name(r), before.gpr[r], after.gpr[r]);
    for (unsigned f = 0; f < 32; ++f)
        if (before.vr[f][0] != after.vr[f][0])
            s += fmt::format("  {}: {:#x} -> {:#x}\n", la::decoder::fpr_name(f), before.vr[f][0], after.vr[f][0]);
    for (unsigned c = 0; c < 8; ++c)
        if (before.fcc[c] != after.fcc[c]) s += fmt::format("  $fcc{}: {} -> {}\n", c, before.fcc[c], after.fcc[c]);
    if (before.fcsr0 != after.fcsr0) s += fmt::format("  $fcsr0: {:#x} -> {:#x}\n", before.fcsr0, after.fcsr0);
    return s;
}

}  // namespace

int run_run(const RunOptions& opts) {
    la::machine::MachineConfig cfg;
    if (opts.ram_size) cfg.ram_size = opts.ram_size;
    cfg.harts = opts.smp;
    cfg.lvz = opts.lvz;
    cfg.board = opts.machine == "ls3a5000" ? la::machine::Board::Ls3a5000 : la::machine::Board::Virt;
    if (cfg.board != la::machine::Board::Virt &&
        (!opts.kernel.empty() || !opts.dump_dtb.empty() || !opts.dtb.empty())) {
        fmt::print(stderr, "lvzemu: error: --kernel, --dtb and --dump-dtb are virt-board direct boot; on {} "
                           "load images with FILE and --load FILE@ADDR\n", opts.machine);
        return kExitUsage;
    }
    if (!opts.uart1.empty() && cfg.board != la::machine::Board::Ls3a5000) {
        fmt::print(stderr, "lvzemu: error: --uart1 needs --machine ls3a5000\n");
        return kExitUsage;
    }
    struct FdCloser {
        int fd = -1;
        ~FdCloser() { if (fd >= 0) ::close(fd); }
    } uart1_fd;
    if (!opts.uart1.empty()) {
        uart1_fd.fd = ::open(opts.uart1.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (uart1_fd.fd < 0) {
            fmt::print(stderr, "lvzemu: error: cannot open {} for UART1\n", opts.uart1);
            return kExitHostError;
        }
        cfg.uart1_out_fd = uart1_fd.fd;
    }
    auto created = la::machine::Machine::create(cfg);
    if (!created) {
        fmt::print(stderr, "lvzemu: error: {}\n", created.error().message);
        return kExitUsage;
    }
    auto& m = *created.value();
    la::Result<uint64_t> loaded = la::Error{"no file"};
    if (!opts.dump_dtb.empty()) {
        auto fdt = la::machine::build_fdt(m, opts.append, 0, 0);
        if (!fdt) {
            fmt::print(stderr, "lvzemu: error: {}\n", fdt.error().message);
            return kExitHostError;
        }
        std::FILE* f = std::fopen(opts.dump_dtb.c_str(), "wb");
        if (!f || std::fwrite(fdt.value().data(), 1, fdt.value().size(), f) != fdt.value().size()) {
            if (f) std::fclose(f);
            fmt::print(stderr, "lvzemu: error: cannot write {}\n", opts.dump_dtb);
            return kExitHostError;
        }
        std::fclose(f);
        fmt::print(stderr, "lvzemu: device tree written to {} ({} bytes)\n", opts.dump_dtb, fdt.value().size());
        return kExitOk;
    }
    if ((!opts.initrd.empty() || !opts.append.empty() || !opts.dtb.empty()) && opts.kernel.empty()) {
        fmt::print(stderr, "lvzemu: error: --initrd, --append and --dtb need --kernel\n");
        return kExitUsage;
    }
    if (!opts.kernel.empty() && !opts.file.empty()) {
        fmt::print(stderr, "lvzemu: error: give either a file or --kernel, not both\n");
        return kExitUsage;
    }
    if (!opts.kernel.empty()) {
        loaded = la::machine::direct_boot(m, la::machine::BootOptions{opts.kernel, opts.initrd, opts.append, opts.dtb});
    } else if (opts.file.empty()) {
#ifdef LVZEMU_HAVE_DEMO
        // The built-in demo: tests/hv/hv_basic, a test hypervisor running one guest.
        loaded = m.load_elf_bytes(kDemoElf, kDemoElfSize, "built-in demo");
#else
        loaded = la::Error{"no file given, and this build has no built-in demo (built without tests)"};
#endif
    } else {
        loaded = opts.raw ? m.load_raw(opts.file, opts.load_addr) : m.load_elf(opts.file);
    }
    for (const auto& [file, addr] : opts.extra_loads) {
        if (!loaded) break;
        auto extra = m.load_raw(file, addr, /*set_pc=*/false);
        if (!extra) loaded = extra.error();
    }
    if (!loaded) {
        fmt::print(stderr, "lvzemu: error: {}\n", loaded.error().message);
        return kExitHostError;
    }
    std::FILE* trace = stderr;
    if (!opts.trace_file.empty()) {
        trace = std::fopen(opts.trace_file.c_str(), "w");
        if (!trace) {
            fmt::print(stderr, "lvzemu: error: cannot open trace file {}\n", opts.trace_file);
            return kExitHostError;
        }
    }
    unsigned cats = 0;
    for (const auto& name : opts.trace) cats |= la::trace::category_from_name(name);
    const bool trace_insn = (cats & la::trace::kTraceInsn) != 0;
    const uint64_t budget = opts.max_insns ? opts.max_insns : UINT64_MAX;

    // Tracing off: no tracer, no hooks; the machine runs exactly as without this code.
    std::unique_ptr<la::trace::Tracer> tracer;
    if (cats != 0) {
        tracer = std::make_unique<la::trace::Tracer>(
            cats, opts.trace_format == "jsonl" ? la::trace::Format::Jsonl : la::trace::Format::Text, trace);
        for (unsigned i = 0; i < m.num_harts(); ++i) tracer->attach(m.hart(i));
        if (const auto* hooks = tracer->hooks()) m.set_trace_hooks(hooks);
    }

    const auto t0 = std::chrono::steady_clock::now();
    la::cpu::StopReason why = la::cpu::StopReason::Budget;
    auto& h = m.hart();
    if (opts.step) {
        // Hart 0 one instruction at a time; after `c`, without prompting.
        bool interactive = true;
        std::unique_ptr<la::cpu::HartState> before(new la::cpu::HartState);
        la::trace::HartCsrValues csrs_before;
        if (tracer) tracer->hold(true);
        while (h.retired < budget) {
            if (interactive) {
                m.flush_console();
                fmt::print(stderr, "step> ");
                std::string line;
                if (!std::getline(std::cin, line) || line == "q") break;
                if (line == "c") interactive = false;
            }
            *before = h;
            csrs_before.capture(h);
            la::cpu::StepRecord rec{};
            why = m.step(rec);
            if (trace_insn) {
                tracer->insn(h, rec);
            } else {
                fmt::print(stderr, "{}\n", la::trace::insn_text(h, rec));
                if (tracer) tracer->release();  // this instruction's events, after its line
            }
            fmt::print(stderr, "{}{}", changed_regs(*before, h),
                       la::trace::hart_csr_changes_text(csrs_before, h, "  "));
            if (why != la::cpu::StopReason::Step) break;
            why = la::cpu::StopReason::Budget;
        }
    } else {
        if (trace_insn)
            m.set_insn_hook(
                [&m, &tracer](unsigned i, const la::cpu::StepRecord& rec) { tracer->insn(m.hart(i), rec); });
        why = m.run(budget);
    }
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    m.flush_console();
    if (tracer) {
        tracer->finish();
        m.set_trace_hooks(nullptr);
    }
    if (trace != stderr) std::fclose(trace);

    int rc = kExitOk;
    std::string reason;
    switch (why) {
        case la::cpu::StopReason::Stop:
            rc = m.stop_request().exit_code;
            reason = m.stop_request().reason;
            break;
        case la::cpu::StopReason::Budget:
            rc = kExitBudget;
            reason = "instruction budget reached";
            break;
        case la::cpu::StopReason::Halt:
            rc = kExitGuestFault;
            reason = "hart halted";
            break;
        case la::cpu::StopReason::Idle:
            rc = kExitGuestFault;
            reason = "every hart is parked by IDLE and nothing can wake it (no timer, no interrupt source)";
            break;
        case la::cpu::StopReason::DoubleFault:
            rc = kExitGuestFault;
            reason = fmt::format("unhandled exception (EENTRY not set): ecode {:#x} subcode {} at pc {:#x}",
                                 static_cast<unsigned>(h.exc.ecode), h.exc.esubcode, h.pc);
            break;
        case la::cpu::StopReason::Step: break;
    }
    if (opts.step && why == la::cpu::StopReason::Budget && h.retired < budget) {
        rc = kExitOk;
        reason = "quit";
    }
    const uint64_t retired = m.total_retired();
    fmt::print(stderr, "lvzemu: {}; {} instructions in {:.3f} s ({:.1f} MIPS)\n", reason, retired, secs,
               secs > 0 ? retired / secs / 1e6 : 0.0);
    return rc;
}

}  // namespace lvzemu
