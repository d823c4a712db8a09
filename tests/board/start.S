/* SPDX-License-Identifier: Apache-2.0
 * Entry of the tests/board programs, shaped like hvisor's arch_entry (reference
 * ls3a5000-board.md, "Register and mode state at entry"): every core arrives here in
 * direct-address mode (core 0 from the loader at the ELF entry, cores 1-3 from the boot
 * ROM through mailbox 0, at the physical address), sets DMW0 (uncached 0x8...) and DMW1
 * (cached 0x9...), jumps into the 0x9... window, turns paging on (CRMD = 0xB0) and calls
 * board_main(cpuid) on its own 64 KiB stack. */
#define CSR_CRMD   0x0
#define CSR_PRMD   0x1
#define CSR_EUEN   0x2
#define CSR_CPUID  0x20
#define CSR_DMW0   0x180
#define CSR_DMW1   0x181

    .section .text.entry, "ax"
    .globl _start
_start:
    li.d    $t0, 0x8000000000000001     /* DMW0: VSEG 8, PLV0, MAT 0 (strongly-ordered uncached) */
    csrwr   $t0, CSR_DMW0
    li.d    $t0, 0x9000000000000011     /* DMW1: VSEG 9, PLV0, MAT 1 (coherent cached) */
    csrwr   $t0, CSR_DMW1
    la.abs  $t0, 1f
    jirl    $zero, $t0, 0
1:  li.w    $t0, 0xb0                   /* PLV0, IE 0, PG 1, DATF = DATM = 1 */
    csrwr   $t0, CSR_CRMD
    li.w    $t0, 0x4
    csrwr   $t0, CSR_PRMD
    csrwr   $zero, CSR_EUEN
    csrrd   $a0, CSR_CPUID
    andi    $a0, $a0, 0x1ff
    la.abs  $sp, __stacks_end
    slli.d  $t0, $a0, 16
    sub.d   $sp, $sp, $t0
    bl      board_main
2:  idle    0
    b       2b
