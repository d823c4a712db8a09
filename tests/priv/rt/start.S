/* SPDX-License-Identifier: Apache-2.0
 * Runtime of the privileged-architecture test kernels (tests/priv): entry, secondary-hart
 * parking, exit, and the general-exception and TLB-refill entries that save every GPR
 * into a struct rt_frame (priv.h) and call C (priv.c).
 *
 * Boot state assumed: what QEMU 7.2 `virt -kernel` gives (and lvzemu `run`): PLV0, DA=1,
 * PC = ELF entry (a 0x9000... address, used as is in DA mode). On QEMU 7.2 *every* hart
 * starts at the entry; hart != 0 parks below until it gets an IPI, then jumps to the
 * address in its IPI mailbox 0 (IOCSR 0x1020) -- the protocol Linux uses and QEMU 8+'s
 * secondary boot stub implements, so tests/priv/ipi.c works with both. */
#include "priv_asm.h"

    .section .text.start, "ax"
    .globl _start
_start:
    csrrd       $t0, CSR_CPUID
    andi        $t0, $t0, 0x1ff
    bnez        $t0, rt_secondary_park
    la.abs      $sp, __stack_top
    la.abs      $t0, rt_trap_stack0_top
    csrwr       $t0, CSR_SAVE2                  /* per-hart general-trap stack top */
    bl          rt_cpu_init
    bl          main
    b           rt_exit

/* Secondary hart before it is started (Linux's protocol): wait for an IPI (IOCSR 0x1000
 * STATUS != 0; no interrupt is enabled), clear it (0x100c), jump to mailbox 0 (0x1020). */
rt_secondary_park:
    lu12i.w     $t1, 0x1                        /* 0x1000 */
1:  iocsrrd.w   $t2, $t1
    beqz        $t2, 1b
    ori         $t3, $t1, 0xc
    addi.w      $t2, $zero, -1
    iocsrwr.w   $t2, $t3
    ori         $t3, $t1, 0x20
    iocsrrd.d   $t2, $t3
    beqz        $t2, 1b
    jirl        $zero, $t2, 0

/* Where a started secondary hart lands (its mailbox 0 holds this address): own stacks,
 * the same CSR set-up as the primary, then rt_secondary_fn(cpuid). */
    .text
    .globl rt_secondary_entry
rt_secondary_entry:
    csrrd       $s0, CSR_CPUID
    andi        $s0, $s0, 0x3                   /* harts 1..3 */
    slli.d      $t1, $s0, 14                    /* 16 KiB stack each */
    la.abs      $sp, rt_sec_stacks
    add.d       $sp, $sp, $t1
    la.abs      $t0, rt_sec_trap_stacks
    add.d       $t0, $t0, $t1
    csrwr       $t0, CSR_SAVE2
    bl          rt_cpu_init
    move        $a0, $s0
    la.abs      $t0, rt_secondary_fn
    ld.d        $t0, $t0, 0
    beqz        $t0, 2f
    jirl        $ra, $t0, 0
2:  idle        0
    b           2b

/* Per-hart CSR set-up (uses t0 only; no stack): DMW0 = 0x8000... uncached (the UART),
 * DMW1 = 0x9000... cached (this image), both for PLV0 and PLV3; EENTRY / TLBRENTRY at
 * the runtime's handlers; ECFG = 0 (VS = 0, no interrupt enabled); empty TLB. */
    .globl rt_cpu_init
rt_cpu_init:
    li.d        $t0, RT_DMW0_VALUE
    csrwr       $t0, CSR_DMW0
    li.d        $t0, RT_DMW1_VALUE
    csrwr       $t0, CSR_DMW1
    csrwr       $zero, CSR_DMW2
    csrwr       $zero, CSR_DMW3
    la.abs      $t0, rt_trap_entry
    csrwr       $t0, CSR_EENTRY
    la.abs      $t0, rt_tlbr_entry
    bstrpick.d  $t0, $t0, 47, 0                 /* TLBRENTRY is physical */
    csrwr       $t0, CSR_TLBRENTRY
    csrwr       $zero, CSR_ECFG
    invtlb      0, $zero, $zero
    jr          $ra

/* void rt_exit(int code): back to DA mode with interrupts off and VS = 0, then lvzemu's
 * exit register, then the GED power-off (QEMU: the exit-register store faults into
 * rt_poweroff, which powers off). Callable from any PLV0 state. */
    .globl rt_exit
rt_exit:
    ori         $t0, $zero, 0x8                 /* CRMD: PLV0, IE 0, DA 1, PG 0 */
    csrwr       $t0, CSR_CRMD
    csrwr       $zero, CSR_ECFG
    csrwr       $zero, CSR_TCFG
    la.abs      $t0, rt_poweroff
    csrwr       $t0, CSR_EENTRY
    lu12i.w     $t0, 0x100e0
    ori         $t1, $zero, 0x555
    lu12i.w     $t2, 0x5
    or          $t1, $t1, $t2                   /* 0x5555: pass */
    beqz        $a0, 1f
    slli.w      $t1, $a0, 16
    lu12i.w     $t2, 0x3
    ori         $t2, $t2, 0x333
    or          $t1, $t1, $t2                   /* (code << 16) | 0x3333 */
1:  st.w        $t1, $t0, 0x100
rt_poweroff_body:
    lu12i.w     $t0, 0x100e0
    ori         $t1, $zero, 0x34                /* SLP_EN | SLP_TYP = 5 */
    st.b        $t1, $t0, 0x1c
2:  b           2b

    .balign 4096
rt_poweroff:
    b           rt_poweroff_body

/* General exceptions and interrupts (EENTRY, VS = 0). */
    .balign 4096
    .globl rt_trap_entry
rt_trap_entry:
    csrwr       $sp, CSR_SAVE1                  /* SAVE1 = interrupted sp */
    csrrd       $sp, CSR_SAVE2
    addi.d      $sp, $sp, -FRAME_SIZE
    st.d        $t0, $sp, 12 * 8
    addi.d      $t0, $zero, -1                  /* no vector index */
/* sp = frame, t0 saved in it, t0 = vector index (VS tables enter here) */
    .globl rt_trap_save
rt_trap_save:
    st.d        $t0, $sp, FRAME_VEC
    SAVE_GPRS_BUT_SP_T0
    csrrd       $t0, CSR_SAVE1
    st.d        $t0, $sp, 3 * 8
    csrrd       $t0, CSR_ERA
    st.d        $t0, $sp, FRAME_ERA
    csrrd       $t0, CSR_ESTAT
    st.d        $t0, $sp, FRAME_ESTAT
    csrrd       $t0, CSR_BADV
    st.d        $t0, $sp, FRAME_BADV
    csrrd       $t0, CSR_BADI
    st.d        $t0, $sp, FRAME_BADI
    csrrd       $t0, CSR_PRMD
    st.d        $t0, $sp, FRAME_PRMD
    csrrd       $t0, CSR_CRMD
    st.d        $t0, $sp, FRAME_CRMD
    move        $a0, $sp
    bl          rt_trap_c
    ld.d        $t0, $sp, FRAME_ERA
    csrwr       $t0, CSR_ERA
    ld.d        $t0, $sp, FRAME_PRMD
    csrwr       $t0, CSR_PRMD
    RESTORE_GPRS_BUT_SP
    ld.d        $sp, $sp, 3 * 8
    ertn

/* TLB refill (TLBRENTRY = physical address of this; runs with DA = 1). */
    .balign 4096
    .globl rt_tlbr_entry
rt_tlbr_entry:
    csrwr       $sp, CSR_TLBRSAVE
    la.abs      $sp, rt_tlbr_stack_top
    addi.d      $sp, $sp, -FRAME_SIZE
    st.d        $t0, $sp, 12 * 8
    SAVE_GPRS_BUT_SP_T0
    csrrd       $t0, CSR_TLBRSAVE
    st.d        $t0, $sp, 3 * 8
    csrrd       $t0, CSR_TLBRERA
    st.d        $t0, $sp, FRAME_ERA
    csrrd       $t0, CSR_ESTAT
    st.d        $t0, $sp, FRAME_ESTAT
    csrrd       $t0, CSR_TLBRBADV
    st.d        $t0, $sp, FRAME_BADV
    csrrd       $t0, CSR_BADI
    st.d        $t0, $sp, FRAME_BADI
    csrrd       $t0, CSR_TLBRPRMD
    st.d        $t0, $sp, FRAME_PRMD
    csrrd       $t0, CSR_CRMD
    st.d        $t0, $sp, FRAME_CRMD
    move        $a0, $sp
    bl          rt_tlbr_c
    RESTORE_GPRS_BUT_SP
    csrrd       $sp, CSR_TLBRSAVE
    ertn

/* u64 rt_run_user(void (*fn)(u64), u64 arg, u64 user_sp, u64 prmd): enter fn(arg) with
 * ERTN (PRMD = prmd, so PPLV/PIE choose the PLV and IE it runs with); it comes back when
 * fn does `syscall` with a7 = RT_SYS_EXIT (rt_user_exit), returning its a0. */
    .globl rt_run_user
rt_run_user:
    la.abs      $t0, rt_kctx
    st.d        $ra, $t0, 0
    st.d        $sp, $t0, 8
    st.d        $tp, $t0, 16
    st.d        $r21, $t0, 24
    st.d        $fp, $t0, 32
    st.d        $s0, $t0, 40
    st.d        $s1, $t0, 48
    st.d        $s2, $t0, 56
    st.d        $s3, $t0, 64
    st.d        $s4, $t0, 72
    st.d        $s5, $t0, 80
    st.d        $s6, $t0, 88
    st.d        $s7, $t0, 96
    st.d        $s8, $t0, 104
    csrwr       $a3, CSR_PRMD
    csrwr       $a0, CSR_ERA
    move        $a0, $a1
    move        $sp, $a2
    la.abs      $ra, rt_user_returned           /* fn returning: exit with its a0 */
    ertn
    .globl rt_user_returned
rt_user_returned:
    li.w        $a7, RT_SYS_EXIT
    syscall     0
1:  b           1b

    .bss
    .balign 16
    .space 65536
    .globl __stack_top
__stack_top:
    .space 16384
    .globl rt_trap_stack0_top
rt_trap_stack0_top:
    .space 16384
    .globl rt_tlbr_stack_top
rt_tlbr_stack_top:
    .globl rt_sec_stacks
rt_sec_stacks:                                  /* hart n's stack top: + n * 16 KiB */
    .space 16384 * 4
    .globl rt_sec_trap_stacks
rt_sec_trap_stacks:
    .space 16384 * 4
    .balign 8
    .globl rt_kctx
rt_kctx:
    .space 8 * 16
