// SPDX-License-Identifier: Apache-2.0
// Register map: PC16550D datasheet (National Semiconductor), as QEMU's serial device.
#include "lvzemu/devices/uart16550.h"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

namespace la::dev {

namespace {
constexpr uint8_t kLsrDr = 0x01, kLsrThre = 0x20, kLsrTemt = 0x40;
constexpr uint8_t kLcrDlab = 0x80;
}  // namespace

void Uart16550::flush() {
    size_t done = 0;
    while (done < buf_len_) {
        const ssize_t n = ::write(out_fd_, buf_ + done, buf_len_ - done);
        if (n <= 0) break;
        done += static_cast<size_t>(n);
    }
    buf_len_ = 0;
}

bool Uart16550::poll_input() {
    if (rx_ >= 0) return true;
    if (in_fd_ < 0 || in_eof_) return false;
    pollfd p{in_fd_, POLLIN, 0};
    if (::poll(&p, 1, 0) <= 0 || !(p.revents & (POLLIN | POLLHUP))) return false;
    unsigned char c;
    if (::read(in_fd_, &c, 1) != 1) {
        in_eof_ = true;
        return false;
    }
    rx_ = c;
    return true;
}

bool Uart16550::read(uint64_t offset, unsigned size, uint64_t& value) {
    if (size != 1) return false;
    const bool dlab = lcr_ & kLcrDlab;
    switch (offset) {
        case 0:
            if (dlab) { value = dll_; break; }
            value = poll_input() ? static_cast<uint8_t>(rx_) : 0;
            rx_ = -1;
            break;
        case 1: value = dlab ? dlm_ : ier_; break;
        case 2: value = 0xc1; break;  // IIR: FIFOs enabled, no interrupt pending
        case 3: value = lcr_; break;
        case 4: value = mcr_; break;
        case 5: value = kLsrThre | kLsrTemt | (poll_input() ? kLsrDr : 0); break;
        case 6: value = 0xb0; break;  // MSR: DCD, DSR, CTS asserted
        case 7: value = scr_; break;
        default: value = 0; break;
    }
    return true;
}

bool Uart16550::write(uint64_t offset, unsigned size, uint64_t value) {
    if (size != 1) return false;
    const auto v = static_cast<uint8_t>(value);
    const bool dlab = lcr_ & kLcrDlab;
    switch (offset) {
        case 0:
            if (dlab) { dll_ = v; break; }
            buf_[buf_len_++] = static_cast<char>(v);
            if (buf_len_ == sizeof buf_ || v == '\n') flush();
            break;
        case 1: if (dlab) dlm_ = v; else ier_ = v & 0x0f; break;
        case 3: lcr_ = v; break;
        case 4: mcr_ = v & 0x1f; break;
        case 7: scr_ = v; break;
        default: break;  // FCR and read-only registers: writes ignored
    }
    return true;
}

}  // namespace la::dev
