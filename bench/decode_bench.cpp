// SPDX-License-Identifier: Apache-2.0
// Decode throughput in words per second, on three word mixes:
//   spec-uniform  every spec entry equally likely, random operands (LSX/LASX-heavy)
//   base-int      only base-integer and FP entries, random operands (what kernels run)
//   random        uniformly random 32-bit words (mostly not instructions)
// Each figure is the median of 7 timed passes over a 1 MiB-word buffer. Also prints the
// disassembler's rate on the base-int mix. Usage: decode_bench [passes]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "lvzemu/decoder/decoder.h"
#include "lvzemu/decoder/disasm.h"

namespace {

using Clock = std::chrono::steady_clock;
using la::decoder::Opcode;

std::vector<uint32_t> make_mix(const char* mix, size_t n) {
    std::mt19937_64 rng(42);
    std::vector<unsigned> entries;
    for (unsigned op = 1; op < la::decoder::kNumOpcodes; ++op) {
        const auto& inf = la::decoder::info(static_cast<Opcode>(op));
        const bool base = (inf.ext & (la::decoder::kExtBase | la::decoder::kExtFpSp |
                                      la::decoder::kExtFpDp)) != 0;
        if (std::string(mix) == "spec-uniform" || base) entries.push_back(op);
    }
    std::vector<uint32_t> words(n);
    for (auto& w : words) {
        if (std::string(mix) == "random") {
            w = static_cast<uint32_t>(rng());
            continue;
        }
        const auto& inf = la::decoder::info(static_cast<Opcode>(entries[rng() % entries.size()]));
        w = inf.match | (static_cast<uint32_t>(rng()) & ~inf.mask);
    }
    return words;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    const int passes = argc > 1 ? std::max(1, std::atoi(argv[1])) : 7;
    const size_t n = 1u << 20;
    std::printf("%-14s %14s\n", "mix", "Mwords/s");
    for (const char* mix : {"spec-uniform", "base-int", "random"}) {
        const auto words = make_mix(mix, n);
        std::vector<double> rates;
        uint64_t sink = 0;
        for (int p = 0; p < passes; ++p) {
            const auto t0 = Clock::now();
            for (int rep = 0; rep < 16; ++rep)
                for (uint32_t w : words) sink += static_cast<uint16_t>(la::decoder::decode(w));
            const double s = std::chrono::duration<double>(Clock::now() - t0).count();
            rates.push_back(16.0 * n / s / 1e6);
        }
        std::printf("%-14s %14.1f   (checksum %llu)\n", mix, median(rates),
                    static_cast<unsigned long long>(sink % 1000));
    }
    const auto words = make_mix("base-int", n / 8);
    std::vector<double> rates;
    size_t chars = 0;
    for (int p = 0; p < passes; ++p) {
        const auto t0 = Clock::now();
        for (uint32_t w : words) chars += la::decoder::disassemble(w).size();
        const double s = std::chrono::duration<double>(Clock::now() - t0).count();
        rates.push_back(words.size() / s / 1e6);
    }
    std::printf("%-14s %14.1f   (disassembly, base-int mix; %zu chars)\n", "disasm", median(rates), chars);
    return 0;
}
