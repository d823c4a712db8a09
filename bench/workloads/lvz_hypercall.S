/* SPDX-License-Identifier: Apache-2.0
 * Hypercall round trips (lvz_hypercall.c): the guest's loop of HVCL and the root's minimal
 * exit handler. Linked with the tests/hv runtime (tests/hv/rt). */
#include "hv_asm.h"

/* hvcl code of the benchmark loop (any code works: the fast path is chosen by r21) */
#define LVZ_BENCH_HVC 0x7b

/* Root EENTRY while the benchmark runs (lvz_hypercall.c installs it after hv_cpu_init).
 * r21 (reserved in the LoongArch psABI: compiled code never uses it) = 1 only inside
 * lvz_hvc_loop, so every exit taken there is its HVCL: ERA += 4, ERTN back into the guest
 * (GSTAT.PVM = 1). Any other exit or root exception (r21 = 0: the guest's output, its
 * HC_EXIT, ...) goes to the runtime's handler, hv_exit_entry. 7 instructions per round
 * trip. */
    .text
    .balign 4096                            /* EENTRY bits 11:0 are zero */
    .globl lvz_hvc_entry
lvz_hvc_entry:
    beqz        $r21, hv_exit_entry
    csrwr       $t0, CSR_SAVE3
    csrrd       $t0, CSR_ERA
    addi.d      $t0, $t0, 4
    csrwr       $t0, CSR_ERA
    csrrd       $t0, CSR_SAVE3
    ertn

/* u64 lvz_hvc_loop(u64 n), guest: n x { hvcl; acc += k } for k = n .. 1, returns acc
 * (n(n+1)/2: an ERA advanced by anything but 4 would skip or repeat the add, or never
 * end). 4 guest instructions per round trip (hvcl, add.d, addi.d, bnez); lvzemu counts 3
 * as retired (the hvcl traps), so a round trip is 10 retired instructions with the
 * handler's 7. */
    .globl lvz_hvc_loop
lvz_hvc_loop:
    move        $t0, $zero
    beqz        $a0, 2f
    ori         $r21, $zero, 1
    .balign 16
1:  hvcl        LVZ_BENCH_HVC
    add.d       $t0, $t0, $a0
    addi.d      $a0, $a0, -1
    bnez        $a0, 1b
    move        $r21, $zero
2:  move        $a0, $t0
    jr          $ra
