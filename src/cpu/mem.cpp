// SPDX-License-Identifier: Apache-2.0
#include "lvzemu/cpu/mem.h"

namespace la::cpu {

LoadMiss load_miss(HartState& h, uint64_t va, unsigned size) {
    uint64_t v = 0;
    const bool ok = h.mem->load_slow(h, va, size, v, Access::Load);
    return LoadMiss{v, ok};
}

bool store_miss(HartState& h, uint64_t va, unsigned size, uint64_t value) {
    return h.mem->store_slow(h, va, size, value);
}

}  // namespace la::cpu
