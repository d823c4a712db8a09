// SPDX-License-Identifier: Apache-2.0
// lvzemu: a LoongArch64 full-system emulator built around the LVZ virtualization
// extension. This file only parses the command line and chooses exit codes.
#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include "commands.h"

int main(int argc, char** argv) {
    CLI::App app{"lvzemu: LoongArch64 emulator with the LVZ virtualization extension"};
    app.set_version_flag("--version", "lvzemu 0.1.0");
    app.footer(
        "Exit codes: 0 success; 1 guest fault; 2 usage error; 3 host error (bad input "
        "file); 4 instruction budget reached.");
    app.require_subcommand(1);
    // One line per error, like every other lvzemu diagnostic.
    app.failure_message([](const CLI::App*, const CLI::Error& e) {
        return std::string("lvzemu: error: ") + e.what() + " (see --help)\n";
    });

    lvzemu::RunOptions run;
    lvzemu::add_run(app, run);
    lvzemu::DisasmOptions disasm;
    lvzemu::add_disasm(app, disasm);
    lvzemu::DecodeOptions decode;
    lvzemu::add_decode(app, decode);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int rc = app.exit(e);
        return rc == 0 ? 0 : lvzemu::kExitUsage;
    }
    if (app.got_subcommand("run")) return lvzemu::run_run(run);
    if (app.got_subcommand("disasm")) return lvzemu::run_disasm(disasm);
    if (app.got_subcommand("decode")) return lvzemu::run_decode(decode);
    return lvzemu::kExitUsage;
}
