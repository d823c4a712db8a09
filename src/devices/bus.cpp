// SPDX-License-Identifier: Apache-2.0
#include "lvzemu/devices/bus.h"

#include <cstring>

namespace la::dev {

void Bus::add_ram(uint64_t base, uint64_t size, uint8_t* host) { ram_.push_back({base, size, host}); }

void Bus::add_mmio(uint64_t base, uint64_t size, Device* device) {
    mmio_.push_back({base, size, device});
}

uint8_t* Bus::ram_ptr(uint64_t pa, uint64_t len) {
    for (const auto& r : ram_) {
        if (pa >= r.base && pa - r.base < r.size && len <= r.size - (pa - r.base))
            return r.host + (pa - r.base);
    }
    return nullptr;
}

bool Bus::read(uint64_t pa, unsigned size, uint64_t& value, unsigned hart) {
    if (uint8_t* p = ram_ptr(pa, size)) {
        value = 0;
        std::memcpy(&value, p, size);
        return true;
    }
    for (const auto& m : mmio_) {
        if (pa >= m.base && pa - m.base < m.size && size <= m.size - (pa - m.base))
            return m.device->read_by(hart, pa - m.base, size, value);
    }
    return false;
}

bool Bus::write(uint64_t pa, unsigned size, uint64_t value, unsigned hart) {
    if (uint8_t* p = ram_ptr(pa, size)) {
        std::memcpy(p, &value, size);
        return true;
    }
    for (const auto& m : mmio_) {
        if (pa >= m.base && pa - m.base < m.size && size <= m.size - (pa - m.base))
            return m.device->write_by(hart, pa - m.base, size, value);
    }
    return false;
}

}  // namespace la::dev
