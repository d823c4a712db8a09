// SPDX-License-Identifier: Apache-2.0
// A minimal JSON object writer for the JSON Lines trace format: one object per line,
// keys in insertion order (deterministic), strings escaped per RFC 8259.
#pragma once

#include <fmt/core.h>

#include <cstdint>
#include <iterator>
#include <string>
#include <string_view>

namespace la::trace {

class JsonObject {
public:
    JsonObject() { s_ += '{'; }

    JsonObject& str(std::string_view k, std::string_view v) {
        key(k);
        quote(v);
        return *this;
    }
    /// Register values and addresses: hex strings, since JSON numbers lose 64-bit precision.
    JsonObject& hex(std::string_view k, uint64_t v) {
        key(k);
        fmt::format_to(std::back_inserter(s_), "\"{:#x}\"", v);
        return *this;
    }
    /// Counts and small enumerations (hart, n, PLV, Ecode).
    JsonObject& num(std::string_view k, uint64_t v) {
        key(k);
        fmt::format_to(std::back_inserter(s_), "{}", v);
        return *this;
    }
    JsonObject& boolean(std::string_view k, bool v) {
        key(k);
        s_ += v ? "true" : "false";
        return *this;
    }
    JsonObject& begin(std::string_view k) {
        key(k);
        s_ += '{';
        comma_ = false;
        return *this;
    }
    JsonObject& end() {
        s_ += '}';
        comma_ = true;
        return *this;
    }
    std::string take() {
        s_ += '}';
        return std::move(s_);
    }

private:
    void key(std::string_view k) {
        if (comma_) s_ += ',';
        comma_ = true;
        quote(k);
        s_ += ':';
    }
    void quote(std::string_view v) {
        s_ += '"';
        for (const char ch : v) {
            const auto c = static_cast<unsigned char>(ch);
            switch (c) {
                case '"': s_ += "\\\""; break;
                case '\\': s_ += "\\\\"; break;
                case '\n': s_ += "\\n"; break;
                case '\t': s_ += "\\t"; break;
                case '\r': s_ += "\\r"; break;
                default:
                    if (c < 0x20) fmt::format_to(std::back_inserter(s_), "\\u{:04x}", c);
                    else s_ += ch;
            }
        }
        s_ += '"';
    }

    std::string s_;
    bool comma_ = false;
};

}  // namespace la::trace
