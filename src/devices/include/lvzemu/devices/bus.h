// SPDX-License-Identifier: Apache-2.0
// The physical bus: RAM regions and MMIO devices by physical address. Every access is
// bounds-checked; an access that hits nothing is reported to the caller (which turns it
// into the architectural response), never a host crash.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace la::dev {

/// A memory-mapped device. Offsets are relative to the device's base; `size` is 1, 2, 4
/// or 8. Return false for an access the device does not decode.
class Device {
public:
    virtual ~Device() = default;
    virtual const char* name() const = 0;
    virtual bool read(uint64_t offset, unsigned size, uint64_t& value) = 0;
    virtual bool write(uint64_t offset, unsigned size, uint64_t value) = 0;
    /// The same access with the requesting hart known. Devices whose registers depend on
    /// who asks (the 3A5000 chip-configuration window aliasing per-core IOCSR registers)
    /// override these; the rest ignore the requester.
    virtual bool read_by(unsigned /*hart*/, uint64_t offset, unsigned size, uint64_t& value) {
        return read(offset, size, value);
    }
    virtual bool write_by(unsigned /*hart*/, uint64_t offset, unsigned size, uint64_t value) {
        return write(offset, size, value);
    }
};

struct RamRegion {
    uint64_t base;
    uint64_t size;
    uint8_t* host;
};

struct MmioRegion {
    uint64_t base;
    uint64_t size;
    Device* device;
};

class Bus {
public:
    /// Maps host memory [host, host+size) at guest physical `base`.
    void add_ram(uint64_t base, uint64_t size, uint8_t* host);
    /// Maps a device at [base, base+size). The bus does not own it. Where ranges overlap,
    /// the device added first wins (the 3A5000's UART0 inside the chip-configuration window).
    void add_mmio(uint64_t base, uint64_t size, Device* device);

    /// Physical read/write by hart `hart`. False: nothing decodes this address (or the
    /// device refused).
    bool read(uint64_t pa, unsigned size, uint64_t& value, unsigned hart = 0);
    bool write(uint64_t pa, unsigned size, uint64_t value, unsigned hart = 0);

    /// Host pointer for [pa, pa+len) if it lies entirely in one RAM region, else null.
    uint8_t* ram_ptr(uint64_t pa, uint64_t len);

    const std::vector<RamRegion>& ram() const { return ram_; }

private:
    std::vector<RamRegion> ram_;
    std::vector<MmioRegion> mmio_;
};

}  // namespace la::dev
