# A LoongArch64 program touching every instruction group the disassembler prints:
# base integer, FP, privileged, LVZ, LSX, LASX, LBT, v1.1. Assembled by the test build
# with llvm-mc-19 and linked with ld.lld-19; compared with llvm-objdump-19.
    .text
    .globl _start
_start:
    add.d       $a0, $a1, $a2
    addi.w      $t0, $t1, -2048
    lu12i.w     $a0, -1
    lu32i.d     $a0, 0x7ffff
    lu52i.d     $a0, $a0, -1
    ori         $a0, $a0, 4095
    move        $s0, $a1
    alsl.d      $a0, $a1, $a2, 4
    bstrpick.d  $a0, $a1, 63, 0
    bytepick.d  $a0, $a1, $a2, 7
    pcaddu18i   $ra, -1
    ld.d        $a0, $sp, -8
    stptr.w     $a0, $sp, 32764
    amswap_db.d $a0, $a1, $a2
    amcas.w     $a0, $a1, $a2
    ll.d        $t0, $a0, 4
    sc.d        $t0, $a0, -4
    ldgt.w      $a0, $a1, $a2
    beq         $a0, $a1, 1f
    bltu        $a0, $zero, _start
1:  beqz        $a0, _start
    bceqz       $fcc7, 1b
    bl          _start
    jirl        $ra, $a0, -4
    jr          $t0
    ret
    fadd.d      $fa0, $fa1, $fa2
    fmadd.s     $ft0, $ft1, $ft2, $ft3
    fcmp.sune.d $fcc3, $fs0, $fs1
    fsel        $fa0, $fa1, $fa2, $fcc5
    ftintrz.l.d $fa0, $fa1
    movgr2fcsr  $fcsr0, $a0
    movfcsr2gr  $a0, $fcsr2
    fld.d       $fa0, $sp, 16
    csrrd       $a0, 0x5
    csrwr       $a0, 0x180
    csrxchg     $a0, $a1, 0x0
    iocsrrd.w   $a0, $a1
    tlbsrch
    invtlb      0x5, $a0, $a1
    lddir       $a0, $a1, 3
    ldpte       $a0, 1
    cacop       0x10, $a0, -8
    idle        0
    ertn
    dbar        0x700
    ibar        0
    break       7
    syscall     0x100
    cpucfg      $a0, $a1
    rdtime.d    $a0, $a1
    gcsrrd      $a0, 0x5
    gcsrwr      $a0, 0x6
    gcsrxchg    $a0, $a1, 0x4
    gtlbflush
    hvcl        0x100
    vadd.w      $vr0, $vr1, $vr2
    vld         $vr3, $a0, -2048
    vstelm.h    $vr0, $a0, -256, 7
    vldi        $vr0, -4096
    xvadd.d     $xr0, $xr1, $xr31
    xvpermi.q   $xr0, $xr1, 0xff
    x86adc.w    $a0, $a1
    movgr2scr   $scr3, $a0
    nop
    .word 0
    .word 0xffffffff
