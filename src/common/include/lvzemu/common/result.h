// SPDX-License-Identifier: Apache-2.0
// Host-side failures (bad input files, bad options) as values: lvzemu builds without C++
// exceptions, and guest-architectural events are a separate mechanism (ExecResult).
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace la {

/// A host-side error: a one-line, user-facing message naming the problem.
struct Error {
    std::string message;
};

/// Either a value or an Error (a small stand-in for C++23 std::expected).
template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : v_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
    Result(Error err) : v_(std::move(err)) {}  // NOLINT(google-explicit-constructor)

    bool ok() const noexcept { return v_.index() == 0; }
    explicit operator bool() const noexcept { return ok(); }
    T& value() & { return std::get<0>(v_); }
    T&& value() && { return std::get<0>(std::move(v_)); }
    const T& value() const& { return std::get<0>(v_); }
    T* operator->() { return &std::get<0>(v_); }
    const Error& error() const { return std::get<1>(v_); }

private:
    std::variant<T, Error> v_;
};

}  // namespace la
