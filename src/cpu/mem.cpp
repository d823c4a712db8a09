// SPDX-License-Identifier: Apache-2.0
// Compiled without LTO (CMakeLists.txt): the x86-64 stubs below are assembly, and the
// linker cannot resolve calls between assembly and LTO modules.
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

#if defined(__x86_64__)
// mem.h, call_load_miss / call_store_miss: entered with the stack at any alignment and the
// arguments in place; the misses are preserve_most, so only r11 and the results change.
asm(R"(
    .text
    .p2align 4
    .globl la_load_miss_stub
    .hidden la_load_miss_stub
    .type la_load_miss_stub, @function
la_load_miss_stub:
    push %rbp
    mov %rsp, %rbp
    and $-16, %rsp
    call _ZN2la3cpu9load_missERNS0_9HartStateEmj
    mov %rbp, %rsp
    pop %rbp
    ret
    .size la_load_miss_stub, .-la_load_miss_stub

    .p2align 4
    .globl la_store_miss_stub
    .hidden la_store_miss_stub
    .type la_store_miss_stub, @function
la_store_miss_stub:
    push %rbp
    mov %rsp, %rbp
    and $-16, %rsp
    call _ZN2la3cpu10store_missERNS0_9HartStateEmjm
    mov %rbp, %rsp
    pop %rbp
    ret
    .size la_store_miss_stub, .-la_store_miss_stub
)");
#endif
