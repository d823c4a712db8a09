// SPDX-License-Identifier: Apache-2.0
#include "lvzemu/trace/csr_diff.h"

#include <fmt/core.h>

#include <iterator>

#include "lvzemu/lvz/lvz.h"

namespace la::trace {

bool shows_fields(const la::gen::CsrDesc& d) {
    if (d.num_fields != 1) return d.num_fields != 0;
    const la::gen::CsrField& f = d.fields[0];
    return !(f.lsb == 0 && f.msb + 1u >= d.width);
}

std::string field_value_text(uint64_t v) { return v < 10 ? fmt::format("{}", v) : fmt::format("{:#x}", v); }

std::string field_changes_text(const la::gen::CsrDesc& d, uint64_t old, uint64_t nv) {
    std::string s;
    for_each_field_change(d, old, nv, [&s](const la::gen::CsrField& f, uint64_t a, uint64_t b) {
        if (!s.empty()) s += ' ';
        fmt::format_to(std::back_inserter(s), "{} {}->{}", f.name, field_value_text(a), field_value_text(b));
    });
    return s;
}

uint64_t root_csr_value(const cpu::HartState& h, const la::gen::CsrDesc& d) {
    return d.in_guest_bank ? la::lvz::root_bank(h)[d.num] : h.csr[d.num];
}

uint64_t guest_csr_value(const cpu::HartState& h, const la::gen::CsrDesc& d) {
    return d.in_guest_bank ? la::lvz::guest_bank(h)[d.num] : 0;
}

void HartCsrValues::capture(const cpu::HartState& h) {
    for (std::size_t i = 0; i < kNumCsrs; ++i) {
        const la::gen::CsrDesc& d = la::gen::kCsrTable[i];
        root.v[i] = root_csr_value(h, d);
        guest.v[i] = guest_csr_value(h, d);
    }
}

std::string csr_changes_text(const CsrValues& before, const uint64_t* after, CsrBank bank, std::string_view indent) {
    std::string s;
    for (std::size_t i = 0; i < kNumCsrs; ++i) {
        const la::gen::CsrDesc& d = la::gen::kCsrTable[i];
        const uint64_t a = before.v[i], b = after[d.num];
        if (a == b) continue;
        fmt::format_to(std::back_inserter(s), "{}{}{}: {:#x} -> {:#x}", indent, bank.prefix, d.name, a, b);
        const std::string fields = field_changes_text(d, a, b);
        if (!fields.empty()) fmt::format_to(std::back_inserter(s), " [{}]", fields);
        s += '\n';
    }
    return s;
}

std::string hart_csr_changes_text(const HartCsrValues& before, const cpu::HartState& h, std::string_view indent) {
    std::string s;
    for (const CsrBank bank : {kRootCsrs, kGuestCsrs}) {
        const CsrValues& b = bank.guest ? before.guest : before.root;
        for (std::size_t i = 0; i < kNumCsrs; ++i) {
            const la::gen::CsrDesc& d = la::gen::kCsrTable[i];
            if (bank.guest && !d.in_guest_bank) continue;
            const uint64_t x = b.v[i], y = bank.guest ? guest_csr_value(h, d) : root_csr_value(h, d);
            if (x == y) continue;
            fmt::format_to(std::back_inserter(s), "{}{}{}: {:#x} -> {:#x}", indent, bank.prefix, d.name, x, y);
            const std::string fields = field_changes_text(d, x, y);
            if (!fields.empty()) fmt::format_to(std::back_inserter(s), " [{}]", fields);
            s += '\n';
        }
    }
    return s;
}

}  // namespace la::trace
