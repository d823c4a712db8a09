# SPDX-License-Identifier: Apache-2.0
# Secondary-hart start (docs/machine.md, "SMP"), run with --smp 4: hart 0 mails each
# secondary's entry to its mailbox 0 (IOCSR MAIL_SEND) and sends it an IPI (IPI_SEND), as
# Linux's loongson_boot_secondary does; each secondary, woken in the boot ROM, jumps to
# `secondary`, records its CPUID.CoreID and counts itself in with AMADD. Hart 0 checks that
# exactly harts 1..3 arrived, each in its own slot, prints "smp_boot: 3 harts OK" and powers
# off; any mismatch powers off without printing OK. Under --smp 1 the sends go nowhere and
# the run hits --max-insns (the test expects that too).
    .equ UART, 0x1fe001e0
    .equ GED_SLEEP, 0x100e001c
    .equ IOCSR_IPI_SEND, 0x1040
    .equ IOCSR_MAIL_SEND, 0x1048
    .equ CSR_CPUID, 0x20

    .section .text.start,"ax"
    .globl _start
_start:
    csrrd   $t0, CSR_CPUID
    bnez    $t0, park                 # not hart 0 (QEMU 7.2 starts every hart here)
    la.abs  $s0, secondary
    slli.d  $s0, $s0, 32              # MAIL_SEND data (bits 63:32) = entry; word 0, no mask
    ori     $s1, $zero, 1             # target hart
    li.d    $s2, IOCSR_MAIL_SEND
    li.d    $s3, IOCSR_IPI_SEND
1:  slli.d  $t1, $s1, 16              # cpu id, bits 25:16
    or      $t2, $s0, $t1
    iocsrwr.d $t2, $s2
    iocsrwr.w $t1, $s3                # IPI vector 0
    addi.d  $s1, $s1, 1
    ori     $t3, $zero, 4
    bne     $s1, $t3, 1b
    la.abs  $t4, count
2:  ld.d    $t5, $t4, 0
    ori     $t3, $zero, 3
    bne     $t5, $t3, 2b
    la.abs  $t4, slots                # slots[i] must hold i for i = 1..3
    ori     $s1, $zero, 1
3:  slli.d  $t1, $s1, 3
    ldx.d   $t2, $t4, $t1
    bne     $t2, $s1, off
    addi.d  $s1, $s1, 1
    ori     $t3, $zero, 4
    bne     $s1, $t3, 3b
    la.abs  $a0, msg
    li.d    $t1, UART
4:  ld.bu   $t2, $a0, 0
    beqz    $t2, off
    st.b    $t2, $t1, 0
    addi.d  $a0, $a0, 1
    b       4b
off:
    li.d    $t1, GED_SLEEP
    ori     $t2, $zero, 0x34
    st.b    $t2, $t1, 0
park:
    b       park

secondary:
    csrrd   $t0, CSR_CPUID
    andi    $t0, $t0, 0x1ff
    la.abs  $t4, slots
    slli.d  $t1, $t0, 3
    stx.d   $t0, $t4, $t1
    la.abs  $t4, count
    ori     $t2, $zero, 1
    amadd_db.d $zero, $t2, $t4
5:  b       5b

    .data
    .balign 8
count:  .dword 0
slots:  .dword 0, 0, 0, 0
msg:    .asciz "smp_boot: 3 harts OK\n"
