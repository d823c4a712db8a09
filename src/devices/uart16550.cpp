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
        case 2:
            // IIR, FIFOs enabled (bits 7:6): received data (0x4) before THR empty (0x2),
            // else 0x1 "none". Reading it acknowledges a THR-empty interrupt (16550A
            // data sheet; QEMU hw/char/serial.c).
            if ((ier_ & kIerRda) && poll_input()) {
                value = 0xc4;
            } else if ((ier_ & kIerThre) && thre_pending_) {
                value = 0xc2;
                thre_pending_ = false;
            } else {
                value = 0xc1;
            }
            break;
        case 3: value = lcr_; break;
        case 4: value = mcr_; break;
        case 5: value = kLsrThre | kLsrTemt | (poll_input() ? kLsrDr : 0); break;
        case 6: value = 0xb0; break;  // MSR: DCD, DSR, CTS asserted
        case 7: value = scr_; break;
        default: value = 0; break;
    }
    update_irq();
    return true;
}

// The interrupt line: received data with IER.ERBFI, or THR empty with IER.ETBEI. The
// transmitter is instantaneous, so THR is empty again right after every write.
void Uart16550::update_irq() {
    const bool level = ((ier_ & kIerRda) && rx_ >= 0) || ((ier_ & kIerThre) && thre_pending_);
    if (level != irq_level_) {
        irq_level_ = level;
        if (irq_) irq_(level);
    }
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
            thre_pending_ = true;  // sent at once: THR empty again
            break;
        case 1:
            if (dlab) {
                dlm_ = v;
            } else {
                // Enabling ETBEI with THR empty raises the THR-empty interrupt (16550A).
                if ((v & kIerThre) && !(ier_ & kIerThre)) thre_pending_ = true;
                ier_ = v & 0x0f;
            }
            break;
        case 3: lcr_ = v; break;
        case 4: mcr_ = v & 0x1f; break;
        case 7: scr_ = v; break;
        default: break;  // FCR and read-only registers: writes ignored
    }
    update_irq();
    return true;
}

}  // namespace la::dev
