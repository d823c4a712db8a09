/* SPDX-License-Identifier: Apache-2.0
 * The runtime itself: console output, a passing check, the exit path. */
#include "rt.h"

int main(void) {
    volatile uint64_t x = 40;
    CHECK_EQ(x + 2, 42);
    return rt_done("smoke");
}
