# SPDX-License-Identifier: Apache-2.0
# A bare-metal program for the trace tests (tests/cli/trace_test.py): explicit CSR writes,
# SYSCALL and BREAK at PLV0, an ALE with a BADV, a TLB search and invalidation, a trip to
# PLV3 and back through ERTN and SYSCALL, a timer interrupt, and a TLB refill in paged
# mode. Every event happens at a fixed PC, so the expected trace lines are exact. Ends
# through the lvzemu exit register (docs/machine.md) with status 0.
    .text
    .globl _start
_start:
    la.local    $t0, handler
    csrwr       $t0, 0xc                # EENTRY
    la.local    $t0, refill
    csrwr       $t0, 0x88               # TLBRENTRY
    lu12i.w     $t0, 0x1
    ori         $t0, $t0, 0x234
    csrwr       $t0, 0x30               # SAVE0 <- 0x1234
    ori         $t0, $zero, 4
    csrxchg     $t0, $t0, 0x0           # CRMD.IE <- 1 (no line enabled yet)

    syscall     0x11                    # SYS; the handler returns to the next instruction
    break       0x5                     # BRK
    lu12i.w     $t1, 0x300
    ori         $t1, $t1, 0x2
    ll.w        $t0, $t1, 0             # ALE, BADV = 0x300002

    lu12i.w     $t0, 0x12344
    csrwr       $t0, 0x11               # TLBEHI: VPPN of 0x12344000
    tlbsrch                             # miss: TLBIDX.NE <- 1
    invtlb      0x0, $zero, $zero

    ori         $t0, $zero, 3
    csrwr       $t0, 0x1                # PRMD.PPLV <- 3, PIE <- 0
    la.local    $t0, user
    csrwr       $t0, 0x6                # ERA <- user
    ertn                                # to PLV3
user:
    syscall     0                       # back to PLV0: the handler returns to `kernel`
kernel:
    ori         $s1, $zero, 0
    ori         $t0, $zero, 0x800
    csrwr       $t0, 0x4                # ECFG.LIE <- TI
    ori         $t0, $zero, 0x41
    csrwr       $t0, 0x41               # TCFG: one-shot, 64 ticks, enabled
    ori         $t0, $zero, 4
    csrxchg     $t0, $t0, 0x0           # CRMD.IE <- 1
wait:
    beqz        $s1, wait               # the timer interrupt handler sets s1

    ori         $t0, $zero, 0x11
    csrwr       $t0, 0x180              # DMW0: VSEG 0, PLV0, cached: maps this code
    ori         $t0, $zero, 0xb0
    csrwr       $t0, 0x0                # CRMD: PG, DATF = DATM = CC, IE off
    lu12i.w     $t1, -16                # 0xffffffffffff0000: not mapped by DMW0
    ld.d        $t0, $t1, 0             # TLB refill; the handler fills, the load retries
    ori         $t0, $zero, 0x8
    csrwr       $t0, 0x0                # CRMD: back to DA

    lu12i.w     $t0, 0x100e0
    lu12i.w     $t1, 0x5
    ori         $t1, $t1, 0x555
    st.w        $t1, $t0, 0x100         # exit register: 0x5555, status 0
1:  b           1b

# General exceptions and interrupts (ECFG.VS = 0: everything enters here).
    .balign 4096
handler:
    csrrd       $t7, 0x5                # ESTAT
    srli.d      $t7, $t7, 16
    andi        $t7, $t7, 0x3f          # Ecode
    beqz        $t7, irq
    csrrd       $t8, 0x1                # PRMD
    andi        $t8, $t8, 3
    bnez        $t8, from_user
    csrrd       $t8, 0x6                # ERA
    addi.d      $t8, $t8, 4
    csrwr       $t8, 0x6
    ertn
from_user:
    csrwr       $zero, 0x1              # PRMD <- 0: return to PLV0
    la.local    $t8, kernel
    csrwr       $t8, 0x6
    ertn
irq:
    ori         $t8, $zero, 1
    csrwr       $t8, 0x44               # TICLR.CLR: clears ESTAT.TI
    csrwr       $zero, 0x41             # TCFG <- 0
    ori         $s1, $zero, 1
    ertn

# TLB refill: map the faulting page pair to physical 0x300000/0x301000, 4 KiB pages.
    .balign 4096
refill:
    ori         $t7, $zero, 12
    ori         $t8, $zero, 0x3f
    csrxchg     $t7, $t8, 0x8e          # TLBREHI.PS <- 12
    lu12i.w     $t7, 0x300
    ori         $t7, $t7, 0x13          # V, D, PLV0, MAT = CC
    csrwr       $t7, 0x8c               # TLBRELO0
    lu12i.w     $t7, 0x301
    ori         $t7, $t7, 0x13
    csrwr       $t7, 0x8d               # TLBRELO1
    tlbfill
    ertn
