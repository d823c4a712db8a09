# SPDX-License-Identifier: Apache-2.0
# A hypervisor and a guest for tests/cli/trace_lvz_test.py (docs/tracing.md, LVZ): every
# kind of line --trace csr,exc shows for LVZ, in one deterministic run.
#
# Root (text at 0x100000): sets up GID 1 (GSTAT.PVM, GTLBC.USETGID/TGID), writes the
# guest's CRMD and EENTRY with gcsrwr and its SAVE0 with gcsrxchg, and enters the guest
# at GPA 0x200000 in DA mode. Stage 2 maps GPA -> GPA + 16 MiB from the root's refill
# handler (the first fetch is a stage-2 TLBR exit). The guest's code is at HPA 0x1200000
# (linked with --section-start=.guest=0x1200000).
#
# Guest: writes its own SAVE1 (csrwr in guest mode), takes a SYSCALL on its own vector
# (the handler moves ERA past it: a guest ERTN), runs CPUCFG (GSPR exit: the root arms
# its timer and sets PRMD.PIE), spins until the root timer fires (an INT TI exit: the
# root clears and stops its timer), then arms its own timer and takes that interrupt on
# its own vector, and ends with HVCL 1 (HVC exit: the root checks it saw GSPR, INT and
# HVC, prints OK and powers off). Any other exit prints F.
    .equ UART, 0x1fe001e0
    .text
    .globl _start
_start:
    li.d        $t0, 0x11               # DMW0: VSEG 0, PLV0, MAT CC (the root runs mapped after
    csrwr       $t0, 0x180              # its refill handler's ERTN sets PG)
    la.abs      $t0, exit_handler
    csrwr       $t0, 0xc                # EENTRY
    la.abs      $t0, refill
    csrwr       $t0, 0x88               # TLBRENTRY
    li.d        $t0, 0xc
    csrwr       $t0, 0x1e               # STLBPS: 4 KiB
    li.d        $t0, (1 << 12) | (1 << 16)
    csrwr       $t0, 0x15               # GTLBC: USETGID, TGID 1
    li.d        $t0, (1 << 16) | 2
    csrwr       $t0, 0x50               # GSTAT: GID 1, PVM
    li.d        $t0, 0x8
    gcsrwr      $t0, 0x0                # guest CRMD = DA, PLV0
    li.d        $t0, 0x201000
    gcsrwr      $t0, 0xc                # guest EENTRY = GPA 0x201000
    li.d        $t0, 0xff
    li.d        $t1, 0xf
    gcsrxchg    $t0, $t1, 0x30          # guest SAVE0[3:0] <- 0xf
    li.d        $t0, 0x200000
    csrwr       $t0, 0x6                # ERA = the guest's entry (GPA)
    csrwr       $zero, 0x1              # PRMD = 0
    li.d        $s0, 0                  # exits seen: 1 GSPR, 2 INT, 4 HVC
    ertn

# Stage-2 refill: GPA -> HPA = GPA + 0x1000000, an even/odd pair of 4 KiB pages.
    .balign 4096
refill:
    csrwr       $t0, 0x8b               # TLBRSAVE
    csrrd       $t0, 0x89               # TLBRBADV
    srli.d      $t0, $t0, 13
    slli.d      $t0, $t0, 13
    li.d        $t1, 0x1000000
    add.d       $t0, $t0, $t1
    ori         $t0, $t0, 0x1 | 0x2 | 0x10   # V D MAT=1 PLV0
    csrwr       $t0, 0x8c               # TLBRELO0
    csrrd       $t0, 0x8c
    li.d        $t1, 0x1000
    add.d       $t0, $t0, $t1
    csrwr       $t0, 0x8d               # TLBRELO1
    li.d        $t1, 12
    csrrd       $t0, 0x8e               # TLBREHI
    bstrins.d   $t0, $t1, 5, 0
    csrwr       $t0, 0x8e
    tlbfill
    csrrd       $t0, 0x8b
    ertn

    .balign 4096
exit_handler:
    csrrd       $t2, 0x5                # ESTAT
    bstrpick.d  $t2, $t2, 21, 16        # Ecode
    beqz        $t2, root_int
    ori         $t3, $zero, 0x16
    beq         $t2, $t3, gspr
    ori         $t3, $zero, 0x17
    beq         $t2, $t3, hvc
    b           fail
gspr:
    ori         $s0, $s0, 1
    li.d        $t0, 0x800
    csrwr       $t0, 0x4                # ECFG.LIE = TI
    li.d        $t0, 0x101
    csrwr       $t0, 0x41               # TCFG: En, InitVal 0x40 (one-shot)
    li.d        $t0, 4
    csrxchg     $t0, $t0, 0x1           # PRMD.PIE: root interrupts on while the guest runs
    csrrd       $t0, 0x6
    addi.d      $t0, $t0, 4
    csrwr       $t0, 0x6                # ERA past the CPUCFG
    ertn
root_int:
    ori         $s0, $s0, 2
    li.d        $t0, 1
    csrwr       $t0, 0x44               # TICLR.CLR
    csrwr       $zero, 0x41             # TCFG = 0
    ertn
hvc:
    ori         $s0, $s0, 4
    ori         $t1, $zero, 7
    bne         $s0, $t1, fail
    li.d        $t1, UART
    ori         $t2, $zero, 0x4f
    st.b        $t2, $t1, 0
    ori         $t2, $zero, 0x4b
    st.b        $t2, $t1, 0
    ori         $t2, $zero, 10
    st.b        $t2, $t1, 0
    li.d        $t1, 0x100e001c
    ori         $t2, $zero, 0x34
    st.b        $t2, $t1, 0
fail:
    li.d        $t1, UART
    ori         $t2, $zero, 0x46
    st.b        $t2, $t1, 0
    ori         $t2, $zero, 10
    st.b        $t2, $t1, 0
    li.d        $t1, 0x100e001c
    ori         $t2, $zero, 0x34
    st.b        $t2, $t1, 0
1:  b           1b

# The guest (GPA 0x200000). Its registers: a0-a3, s1 (the GPRs are shared with the root,
# which uses t0-t3 and s0).
    .section .guest,"ax"
guest:
    li.d        $a0, 0x5a
    csrwr       $a0, 0x31               # SAVE1: the guest's own CSR write
    syscall     0                       # the guest's own exception
    cpucfg      $a0, $zero              # GSPR exit
    li.d        $a1, 400
1:  addi.d      $a1, $a1, -1
    bnez        $a1, 1b                 # the root's timer interrupts this: INT exit
    li.d        $a0, 0x800
    csrwr       $a0, 0x4                # ECFG.LIE = TI
    li.d        $s1, 0
    li.d        $a0, 0x41
    csrwr       $a0, 0x41               # TCFG: En, InitVal 0x10
    li.d        $a0, 4
    csrxchg     $a0, $a0, 0x0           # CRMD.IE
2:  beqz        $s1, 2b                 # until the guest's own timer interrupt
    hvcl        1                       # HVC exit
3:  b           3b

    .balign 4096                        # GPA 0x201000: the guest's EENTRY
guest_handler:
    csrrd       $a2, 0x5
    bstrpick.d  $a2, $a2, 21, 16        # Ecode
    bnez        $a2, 4f
    li.d        $a3, 1
    csrwr       $a3, 0x44               # TICLR.CLR
    csrwr       $zero, 0x41             # TCFG = 0
    li.d        $s1, 1
    ertn
4:  csrrd       $a2, 0x6
    addi.d      $a2, $a2, 4
    csrwr       $a2, 0x6                # ERA past the SYSCALL
    ertn
