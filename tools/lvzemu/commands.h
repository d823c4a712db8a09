// SPDX-License-Identifier: Apache-2.0
// Subcommands of the lvzemu CLI. Each registers its options on a CLI11 subcommand and
// returns the process exit code from run(); main() is the only place that exits.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace lvzemu {

/// Exit codes (documented in `lvzemu --help`).
enum ExitCode : int {
    kExitOk = 0,
    kExitGuestFault = 1,
    kExitUsage = 2,
    kExitHostError = 3,
    kExitBudget = 4,
};

struct DisasmOptions {
    std::string file;
    bool raw = false;
    uint64_t base = 0;
};
void add_disasm(CLI::App& app, DisasmOptions& opts);
int run_disasm(const DisasmOptions& opts);

struct DecodeOptions {
    std::vector<std::string> words;
};
void add_decode(CLI::App& app, DecodeOptions& opts);
int run_decode(const DecodeOptions& opts);

struct RunOptions {
    std::string file;
    bool raw = false;
    uint64_t load_addr = 0;
    uint64_t max_insns = 0;  // 0 = unlimited
    uint64_t ram_size = 0;   // 0 = default
    unsigned smp = 1;        // harts
    bool lvz = true;         // CPUCFG2.LVZ
    std::string machine = "virt";  // --machine: virt | ls3a5000
    std::string uart1;             // ls3a5000: file for UART1's output
    std::string kernel, initrd, append, dtb, dump_dtb;  // direct boot (docs/machine.md)
    std::vector<std::pair<std::string, uint64_t>> extra_loads;  // --load FILE@ADDR
    std::vector<std::string> trace;  // categories: insn, csr, exc, tlb (docs/tracing.md)
    std::string trace_format = "text";  // text | jsonl
    std::string trace_file;
    bool step = false;
};
void add_run(CLI::App& app, RunOptions& opts);
int run_run(const RunOptions& opts);

/// Parses "0x1c000000", "1c000000" is rejected (ambiguous), decimal accepted; with a
/// K/M/G suffix multiplies. Returns false on bad input.
bool parse_u64(const std::string& text, uint64_t& out);

}  // namespace lvzemu
