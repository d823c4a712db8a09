/* SPDX-License-Identifier: Apache-2.0
 * Entry of every guest test program: set up a stack, call main, end the run with its
 * return value. Runs the same way on lvzemu and on qemu-system-loongarch64 -M virt. */
    .section .text.start, "ax"
    .globl _start
_start:
    la.local    $sp, __stack_top
    bl          main
    b           rt_exit

/* void rt_exit(int code): lvzemu's exit register (docs/machine.md), then power-off
 * through the GED sleep control register, which is how the run ends on QEMU. QEMU has
 * no device at the exit register and raises an exception for the store, so EENTRY is
 * first pointed at rt_poweroff: on QEMU that handler powers off. */
    .text
    .globl rt_exit
rt_exit:
    la.local    $t0, rt_poweroff
    csrwr       $t0, 0xc                    /* EENTRY */
    lu12i.w     $t0, 0x100e0
    ori         $t1, $zero, 0x555
    lu12i.w     $t2, 0x5
    or          $t1, $t1, $t2               /* 0x5555: pass */
    beqz        $a0, 1f
    slli.w      $t1, $a0, 16
    lu12i.w     $t2, 0x3
    ori         $t2, $t2, 0x333
    or          $t1, $t1, $t2               /* (code << 16) | 0x3333: fail with code */
1:  st.w        $t1, $t0, 0x100
rt_poweroff_body:
    lu12i.w     $t0, 0x100e0
    ori         $t1, $zero, 0x34            /* SLP_EN | SLP_TYP=5 */
    st.b        $t1, $t0, 0x1c
2:  b           2b

    .balign 4096                            /* EENTRY ignores bits 11:0 */
rt_poweroff:
    b           rt_poweroff_body

    .bss
    .balign 16
    .space 65536
    .globl __stack_top
__stack_top:
