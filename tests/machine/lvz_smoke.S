# SPDX-License-Identifier: Apache-2.0
# LVZ smoke test (docs/lvz.md): a root that enables a guest (GID 1, GTLBC.USETGID with
# TGID 1) in guest DA mode and serves stage-2 refills (GPA -> GPA + 16 MiB) from its own
# TLB-refill handler; the guest executes CPUCFG (GSPR exit, root skips it) and HVCL 5
# (HVC exit: root checks BADI and GSTAT.PVM/VM, and that exactly these two exits
# happened), then the root prints OK and powers off. Any other exit prints F.
    .equ UART, 0x1fe001e0
    .section .text.start,"ax"
    .globl _start
_start:
    li.d    $t0, 0x11             # DMW0: VSEG 0, PLV0, MAT CC (root runs here once PG is on)
    csrwr   $t0, 0x180
    la.abs  $t0, exit_handler
    csrwr   $t0, 0xc              # EENTRY
    la.abs  $t0, refill
    csrwr   $t0, 0x88             # TLBRENTRY
    li.d    $t0, 0xc              # PS 12
    csrwr   $t0, 0x1e             # STLBPS
    # GTLBC: USETGID=1, TGID=1
    li.d    $t0, (1<<12) | (1<<16)
    csrwr   $t0, 0x15
    # GSTAT: GID=1, PVM=1
    li.d    $t0, (1<<16) | 2
    csrwr   $t0, 0x50
    # guest CRMD = DA (0x8)
    li.d    $t0, 0x8
    gcsrwr  $t0, 0x0
    li.d    $t0, 0x200000         # guest entry GPA
    csrwr   $t0, 0x6              # ERA
    csrwr   $zero, 0x1            # PRMD = 0
    li.d    $s0, 0                # exit counter
    ertn

# stage-2 refill: GPA -> HPA = GPA + 0x1000000
    .balign 4096
refill:
    csrwr   $t0, 0x8b             # TLBRSAVE
    csrrd   $t0, 0x89             # TLBRBADV
    srli.d  $t0, $t0, 13
    slli.d  $t0, $t0, 13          # even page GPA
    li.d    $t1, 0x1000000
    add.d   $t0, $t0, $t1
    srli.d  $t0, $t0, 12
    slli.d  $t0, $t0, 12          # PPN field at bit 12
    ori     $t0, $t0, 0x1 | 0x2 | 0x10   # V D MAT=1(bits 5:4=01) PLV0
    csrwr   $t0, 0x8c             # TLBRELO0
    csrrd   $t0, 0x8c
    li.d    $t1, 0x1000
    add.d   $t0, $t0, $t1
    csrwr   $t0, 0x8d             # TLBRELO1
    li.d    $t1, 12
    csrrd   $t0, 0x8e             # TLBREHI
    bstrins.d $t0, $t1, 5, 0
    csrwr   $t0, 0x8e
    tlbfill
    csrrd   $t0, 0x8b
    ertn

    .balign 4096
exit_handler:
    csrrd   $t2, 0x5              # ESTAT
    bstrpick.d $t2, $t2, 21, 16   # Ecode
    addi.d  $s0, $s0, 1
    ori     $t3, $zero, 0x16
    beq     $t2, $t3, gspr
    ori     $t3, $zero, 0x17
    beq     $t2, $t3, hvc
    b       fail
gspr:
    csrrd   $t0, 0x6
    addi.d  $t0, $t0, 4
    csrwr   $t0, 0x6
    ertn
hvc:
    csrrd   $t0, 0x8              # BADI
    li.d    $t1, 0x002b8005
    bne     $t0, $t1, fail
    csrrd   $t0, 0x50
    andi    $t0, $t0, 3           # VM=0, PVM=1 -> 2
    ori     $t1, $zero, 2
    bne     $t0, $t1, fail
    ori     $t1, $zero, 2
    bne     $s0, $t1, fail        # exactly GSPR then HVC
    li.d    $t1, UART
    ori     $t2, $zero, 0x4f
    st.b    $t2, $t1, 0
    ori     $t2, $zero, 0x4b
    st.b    $t2, $t1, 0
    ori     $t2, $zero, 10
    st.b    $t2, $t1, 0
    li.d    $t1, 0x100e001c
    ori     $t2, $zero, 0x34
    st.b    $t2, $t1, 0
fail:
    li.d    $t1, UART
    ori     $t2, $zero, 0x46
    st.b    $t2, $t1, 0
    ori     $t2, $zero, 10
    st.b    $t2, $t1, 0
    li.d    $t1, 0x100e001c
    ori     $t2, $zero, 0x34
    st.b    $t2, $t1, 0
1:  b 1b

    .section .guest,"ax"
guest:
    cpucfg  $a0, $zero
    hvcl    5
2:  b 2b
