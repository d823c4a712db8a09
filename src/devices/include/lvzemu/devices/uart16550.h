// SPDX-License-Identifier: Apache-2.0
// ns16550a UART, as QEMU's `virt` board has at 0x1FE0_01E0 (register stride 1). Output
// goes to a host file descriptor; input is read without blocking from another. Only what
// polled console drivers need: THR/RBR, IER, IIR/FCR, LCR, MCR, LSR, MSR, SCR and the
// divisor latch. Interrupt output arrives with the interrupt controllers (issue #6).
#pragma once

#include <functional>

#include "lvzemu/devices/bus.h"

namespace la::dev {

class Uart16550 final : public Device {
public:
    Uart16550(int out_fd, int in_fd) : out_fd_(out_fd), in_fd_(in_fd) {}
    const char* name() const override { return "uart16550"; }
    bool read(uint64_t offset, unsigned size, uint64_t& value) override;
    bool write(uint64_t offset, unsigned size, uint64_t value) override;
    void flush();
    /// The interrupt output (level), e.g. PCH-PIC input 2 on the virt board.
    void set_irq_handler(std::function<void(bool)> fn) { irq_ = std::move(fn); }

private:
    static constexpr uint8_t kIerRda = 0x01, kIerThre = 0x02;
    bool poll_input();
    void update_irq();
    std::function<void(bool)> irq_;
    bool irq_level_ = false;
    bool thre_pending_ = false;
    int out_fd_, in_fd_;
    uint8_t ier_ = 0, lcr_ = 0, mcr_ = 0, scr_ = 0, dll_ = 0, dlm_ = 0;
    int rx_ = -1;  // pending received byte, -1 if none
    bool in_eof_ = false;
    char buf_[256];
    unsigned buf_len_ = 0;
};

}  // namespace la::dev
