/* SPDX-License-Identifier: Apache-2.0
 * Exception side of the exceptions workload: vectored entries (ECFG.VS = 7, 512 bytes per
 * Ecode, as Linux configures them), run_user() to drop to PLV3 with ERTN, and the user
 * loop, which the kernel maps at a user virtual address (its own 16 KiB page). */
#define CSR_PRMD    0x1
#define CSR_ESTAT   0x5
#define CSR_ERA     0x6
#define CSR_BADV    0x7
#define CSR_BADI    0x8
#define CSR_SAVE0   0x30

/* --- vectors: EENTRY | Ecode * 512 ------------------------------------------------------ */
    .section .text.vectors, "ax"
    .balign 32768                           /* 64 Ecodes x 512 bytes: the OR never carries */
    .globl exc_vectors
exc_vectors:
    .irp c, 0, 1, 2, 3, 4, 5, 6, 7
    .org \c * 512
    ori         $a0, $zero, 0x40 + \c
    b           exc_fatal
    .endr

/* ADE (ADEM from the user's load of a non-canonical address): a0 += BADV + Ecode/EsubCode,
 * skip the load */
    .org 8 * 512
    csrwr       $t0, CSR_SAVE0
    csrrd       $t0, CSR_BADV
    add.d       $a0, $a0, $t0
    csrrd       $t0, CSR_ESTAT
    bstrpick.d  $t0, $t0, 30, 16
    add.d       $a0, $a0, $t0
    csrrd       $t0, CSR_ERA
    addi.d      $t0, $t0, 4
    csrwr       $t0, CSR_ERA
    csrrd       $t0, CSR_SAVE0
    ertn

    .irp c, 9, 10
    .org \c * 512
    ori         $a0, $zero, 0x40 + \c
    b           exc_fatal
    .endr

/* SYS: a7 = 0 leaves the user loop; otherwise a0 = 3 * a0 + a7, back to ERA + 4 */
    .org 11 * 512
    csrwr       $t0, CSR_SAVE0
    beqz        $a7, sys_exit
    slli.d      $t0, $a0, 1
    add.d       $a0, $a0, $t0
    add.d       $a0, $a0, $a7
    csrrd       $t0, CSR_ERA
    addi.d      $t0, $t0, 4
    csrwr       $t0, CSR_ERA
    csrrd       $t0, CSR_SAVE0
    ertn

/* BRK: a0 += BADI (the BREAK instruction word), back to ERA + 4 */
    .org 12 * 512
    csrwr       $t0, CSR_SAVE0
    csrrd       $t0, CSR_BADI
    add.d       $a0, $a0, $t0
    csrrd       $t0, CSR_ERA
    addi.d      $t0, $t0, 4
    csrwr       $t0, CSR_ERA
    csrrd       $t0, CSR_SAVE0
    ertn

    .irp c, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
    .org \c * 512
    ori         $a0, $zero, 0x40 + \c
    b           exc_fatal
    .endr
    .irp c, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51
    .org \c * 512
    ori         $a0, $zero, 0x40 + \c
    b           exc_fatal
    .endr
    .irp c, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63
    .org \c * 512
    ori         $a0, $zero, 0x40 + \c
    b           exc_fatal
    .endr

/* --- kernel side ------------------------------------------------------------------------ */
    .text
/* An unexpected exception: DA mode, ECFG = 0 (rt_exit relies on VS = 0 on QEMU), end the
 * run with exit code 0x40 + Ecode (a0). No checksum is printed, so bench/run_bench.py
 * reports the failure on either emulator. */
exc_fatal:
    ori         $t0, $zero, 0xa8            /* CRMD: DA, PLV0, DATF = DATM = CC */
    csrwr       $t0, 0x0
    csrwr       $zero, 0x4                  /* ECFG */
    b           rt_exit

/* uint64_t run_user(uint64_t user_pc, uint64_t n, uint64_t acc): ERTN to user_pc at PLV3
 * with s0 = n, s1 = acc; the user code ends with SYSCALL (a7 = 0), and the SYS vector comes
 * back here (sys_exit), returning the user's s1. Callee-saved registers are kept in kctx. */
    .globl run_user
run_user:
    la.local    $t0, kctx
    st.d        $ra, $t0, 0
    st.d        $sp, $t0, 8
    st.d        $fp, $t0, 16
    st.d        $s0, $t0, 24
    st.d        $s1, $t0, 32
    st.d        $s2, $t0, 40
    st.d        $s3, $t0, 48
    st.d        $s4, $t0, 56
    st.d        $s5, $t0, 64
    st.d        $s6, $t0, 72
    st.d        $s7, $t0, 80
    st.d        $s8, $t0, 88
    csrwr       $a0, CSR_ERA
    ori         $t0, $zero, 3               /* PRMD: PPLV = 3, PIE = 0 */
    csrwr       $t0, CSR_PRMD
    move        $s0, $a1
    move        $s1, $a2
    ertn

sys_exit:
    move        $a0, $s1
    la.local    $t0, kctx
    ld.d        $ra, $t0, 0
    ld.d        $sp, $t0, 8
    ld.d        $fp, $t0, 16
    ld.d        $s0, $t0, 24
    ld.d        $s1, $t0, 32
    ld.d        $s2, $t0, 40
    ld.d        $s3, $t0, 48
    ld.d        $s4, $t0, 56
    ld.d        $s5, $t0, 64
    ld.d        $s6, $t0, 72
    ld.d        $s7, $t0, 80
    ld.d        $s8, $t0, 88
    csrwr       $ra, CSR_ERA                /* back to run_user's caller ... */
    csrwr       $zero, CSR_PRMD             /* ... at PLV0 */
    ld.d        $ra, $t0, 0
    ertn

/* --- user side (PLV3, mapped by a TLB entry at a user address) -------------------------- */
/* s0 = iterations left, s1 = accumulator. Every iteration: SYSCALL (nr 1..8, a0 = s1);
 * every 8th also BREAK 0x15; every 16th also a load from a non-canonical address (ADEM). */
    .section .text.user, "ax"
    .balign 16384
    .globl user_loop, user_loop_end
user_loop:
    lu52i.d     $s2, $zero, 0x001           /* 0x0010000000000000: not a sign extension */
1:  andi        $a7, $s0, 7
    addi.d      $a7, $a7, 1
    move        $a0, $s1
    syscall     0
    move        $s1, $a0
    andi        $t0, $s0, 7
    bnez        $t0, 2f
    break       0x15
    move        $s1, $a0
2:  andi        $t0, $s0, 15
    bnez        $t0, 3f
    slli.d      $t1, $s0, 3
    andi        $t1, $t1, 0xff8
    or          $t1, $t1, $s2
    ld.d        $t2, $t1, 0
    move        $s1, $a0
3:  addi.d      $s0, $s0, -1
    bnez        $s0, 1b
    move        $a7, $zero
    syscall     0
user_loop_end:

    .bss
    .balign 8
kctx:
    .space 96
