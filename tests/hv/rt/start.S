/* SPDX-License-Identifier: Apache-2.0
 * Runtime of the LVZ test hypervisor (tests/hv), assembly part.
 *
 * One image holds the hypervisor (root) and the guest kernels. Code and read-only data
 * (0x9000000000200000 .. __shared_end) are shared: each guest maps them read-only at the
 * same GPA through stage 2 and reaches them through its own DMW1, so every function runs
 * at the same address in the root and in a guest. All writable data (.bss, link.ld puts
 * it in .gdata at 0x9000000001000000 = physical/GPA 16 MiB) is per *world*: the root's
 * copy is at HPA 16 MiB, each guest's copy at its own HPA behind GPA 16 MiB. So the check
 * counters, trap records, hooks and stacks below exist once per world and the same C
 * code (checks, trap handling, page tables, user mode) serves root and guests.
 *
 * Root entries:  hv_exit_entry (EENTRY, VS = 0): exits from a guest (GSTAT.PVM = 1) save
 *                the guest GPRs into the running vCPU's frame (SAVE4) and call hv_exit_c;
 *                root->root exceptions go to rt_trap_entry.
 *                hv_tlbr_entry (TLBRENTRY): stage-2 misses from a guest are filled by a
 *                Linux-style LDDIR/LDPTE walk of the root PGD (the vCPU's GPA -> HPA
 *                table) and logged in hv_s2_log; root misses go to rt_tlbr_entry.
 * Guest entries: rt_trap_entry / rt_tlbr_entry (C hooks) or rt_tlbr_walk_entry (walk).
 * World switch:  hv_enter(frame) saves the root context in hv_host and resumes `frame`
 *                through hv_resume (ERA, PRMD, GSTAT.PVM/GID from the frame, GPRs, ERTN);
 *                hv_exit_c returns the frame to resume next (a vCPU or &hv_host). */
#include "hv_asm.h"

    .section .text.start, "ax"
    .globl _start
_start:
    csrrd       $t0, CSR_CPUID
    andi        $t0, $t0, 0x1ff
    bnez        $t0, 9f
    la.abs      $sp, __stack_top
    la.abs      $t0, rt_trap_stack0_top
    csrwr       $t0, CSR_SAVE2
    bl          rt_cpu_init
    bl          hv_cpu_init
    bl          main
    b           rt_exit
9:  idle        0                               /* single-hart programs */
    b           9b

/* Per-world CSR set-up (uses t0 only; no stack): DMW0/DMW1 as above, DMW2/3 off,
 * EENTRY = rt_trap_entry, TLBRENTRY = rt_tlbr_entry (physical), ECFG = 0, and this
 * world's TLB entries invalidated (root: everything; guest: its own stage-1 entries). */
    .text
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
    bstrpick.d  $t0, $t0, 47, 0                 /* TLBRENTRY is physical (a GPA in a guest) */
    csrwr       $t0, CSR_TLBRENTRY
    csrwr       $zero, CSR_ECFG
    invtlb      0, $zero, $zero
    jr          $ra

/* void rt_exit(int code): DA mode, interrupts off, then lvzemu's exit register (0x5555 or
 * (code << 16) | 0x3333), then the GED power-off. In a guest both stores are stage-2
 * misses at unmapped GPAs that the hypervisor emulates as "guest stopped with code". */
    .globl rt_exit
rt_exit:
    ori         $t0, $zero, 0x8                 /* CRMD: PLV0, IE 0, DA 1, PG 0 */
    csrwr       $t0, CSR_CRMD
    csrwr       $zero, CSR_ECFG
    csrwr       $zero, CSR_TCFG
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
    lu12i.w     $t0, 0x100e0
    ori         $t1, $zero, 0x34                /* SLP_EN | SLP_TYP = 5 */
    st.b        $t1, $t0, 0x1c
2:  b           2b

/* ---- general exceptions of a world (guest EENTRY; root->root via hv_exit_entry) ------- */
    .balign 4096
    .globl rt_trap_entry
rt_trap_entry:
    csrwr       $sp, CSR_SAVE1                  /* SAVE1 = interrupted sp */
    csrrd       $sp, CSR_SAVE2
    addi.d      $sp, $sp, -FRAME_SIZE
    st.d        $t0, $sp, 12 * 8
    addi.d      $t0, $zero, -1
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
    st.d        $zero, $sp, FRAME_GSTAT
    move        $a0, $sp
    bl          rt_trap_c
    ld.d        $t0, $sp, FRAME_ERA
    csrwr       $t0, CSR_ERA
    ld.d        $t0, $sp, FRAME_PRMD
    csrwr       $t0, CSR_PRMD
    RESTORE_GPRS_BUT_SP
    ld.d        $sp, $sp, 3 * 8
    ertn

/* ---- TLB refill of a world, C hook (TLBRENTRY = physical address; DA = 1) -------------- */
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

/* ---- TLB refill by page walk (Linux's handle_tlb_refill, 3 levels) ---------------------
 * WALK_REFILL log, gstat: count the refill and record TLBRBADV, TLBRERA, TLBRPRMD, CRMD,
 * (GSTAT if gstat = 1: root only, a guest's csrrd of GSTAT would exit), TLBREHI, ESTAT,
 * ERA in `log` (struct rt_walk_log), then CSR.PGD -> LDDIR 2 -> LDDIR 1 -> LDPTE 0/1 ->
 * TLBFILL -> ERTN. Scratch: TLBRSAVE (t0), SAVE5 (t1). Labels name the instructions
 * whose refills the tests look for. */
.macro WALK_REFILL log, gstat, pfx
    csrwr       $t0, CSR_TLBRSAVE
    csrwr       $t1, CSR_SAVE5
    la.abs      $t0, \log
    ld.d        $t1, $t0, 0
    addi.d      $t1, $t1, 1
    st.d        $t1, $t0, 0
    andi        $t1, $t1, 15
    slli.d      $t1, $t1, WALK_SLOT_SHIFT
    add.d       $t0, $t0, $t1
    csrrd       $t1, CSR_TLBRBADV
    st.d        $t1, $t0, WALK_REC_BADV
    csrrd       $t1, CSR_TLBRERA
    st.d        $t1, $t0, WALK_REC_ERA
    csrrd       $t1, CSR_TLBRPRMD
    st.d        $t1, $t0, WALK_REC_PRMD
    csrrd       $t1, CSR_CRMD
    st.d        $t1, $t0, WALK_REC_CRMD
    .if \gstat
    csrrd       $t1, CSR_GSTAT
    .else
    move        $t1, $zero
    .endif
    st.d        $t1, $t0, WALK_REC_GSTAT
    csrrd       $t1, CSR_TLBREHI
    st.d        $t1, $t0, WALK_REC_EHI
    csrrd       $t1, CSR_ESTAT
    st.d        $t1, $t0, WALK_REC_ESTAT
    csrrd       $t1, CSR_ERA
    st.d        $t1, $t0, WALK_REC_XERA
    csrrd       $t1, CSR_SAVE5
    csrrd       $t0, CSR_PGD
    .globl      \pfx\()_lddir2
\pfx\()_lddir2:
    lddir       $t0, $t0, 2
    .globl      \pfx\()_lddir1
\pfx\()_lddir1:
    lddir       $t0, $t0, 1
    .globl      \pfx\()_ldpte0
\pfx\()_ldpte0:
    ldpte       $t0, 0
    ldpte       $t0, 1
    tlbfill
    csrrd       $t0, CSR_TLBRSAVE
    ertn
.endm

    .balign 4096
    .globl rt_tlbr_walk_entry
rt_tlbr_walk_entry:
    WALK_REFILL rt_walk_log, 0, rt_walk

/* ---- root: TLB refill (stage-2 misses from a guest; root misses -> C hook) ------------- */
    .balign 4096
    .globl hv_tlbr_entry
hv_tlbr_entry:
    csrwr       $t0, CSR_TLBRSAVE
    csrrd       $t0, CSR_GSTAT
    andi        $t0, $t0, 2                     /* PVM: the miss happened in guest mode */
    bnez        $t0, 1f
    csrrd       $t0, CSR_TLBRSAVE
    b           rt_tlbr_entry
1:  csrrd       $t0, CSR_TLBRSAVE
    WALK_REFILL hv_s2_log, 1, hv_s2

/* ---- root: exits and root->root exceptions --------------------------------------------- */
    .balign 4096
    .globl hv_exit_entry
hv_exit_entry:
    csrwr       $t0, CSR_SAVE3
    csrrd       $t0, CSR_GSTAT
    andi        $t0, $t0, 2                     /* PVM = 1: from guest mode */
    bnez        $t0, 1f
    csrrd       $t0, CSR_GSTAT
    csrwr       $t0, CSR_SAVE6                  /* GSTAT as the root->root entry left it */
    csrrd       $t0, CSR_SAVE3
    b           rt_trap_entry
1:  csrrd       $t0, CSR_SAVE4                  /* the running vCPU's frame */
    st.d        $sp, $t0, 3 * 8
    move        $sp, $t0
    csrrd       $t0, CSR_SAVE3
    st.d        $t0, $sp, 12 * 8
    SAVE_GPRS_BUT_SP_T0
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
    csrrd       $t0, CSR_GSTAT
    st.d        $t0, $sp, FRAME_GSTAT
    move        $a0, $sp
    la.abs      $sp, hv_stack_top
    bl          hv_exit_c                       /* returns the frame to resume */
    /* fall through */

/* hv_resume(frame): SAVE4 = frame; ERA, PRMD from it; GSTAT.PVM and GSTAT.GID from its
 * gstat; every GPR; ERTN (into the guest when PVM = 1, else back to root code). */
    .globl hv_resume
hv_resume:
    move        $t0, $a0
    csrwr       $a0, CSR_SAVE4
    ld.d        $t1, $t0, FRAME_ERA
    csrwr       $t1, CSR_ERA
    ld.d        $t1, $t0, FRAME_PRMD
    csrwr       $t1, CSR_PRMD
    ld.d        $t1, $t0, FRAME_GSTAT
    lu12i.w     $t2, 0xff0                      /* GID 23:16 */
    ori         $t2, $t2, 2                     /* | PVM */
    csrxchg     $t1, $t2, CSR_GSTAT
    RESTORE_GPRS_FROM_T0
    ertn

/* u64 hv_enter(struct rt_frame* f): save the root context (callee-saved GPRs, ra, sp, tp,
 * r21) in hv_host with ERA = hv_host_return, PRMD = PLV0 / IE 0, GSTAT.PVM = 0, then
 * hv_resume(f). Returns when an exit handler resumes &hv_host, with its r[4]. */
    .globl hv_enter
hv_enter:
    la.abs      $t0, hv_host
    st.d        $ra, $t0, 1 * 8
    st.d        $tp, $t0, 2 * 8
    st.d        $sp, $t0, 3 * 8
    .irp n, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
    st.d        $r\n, $t0, \n * 8
    .endr
    la.abs      $t1, hv_host_return
    st.d        $t1, $t0, FRAME_ERA
    st.d        $zero, $t0, FRAME_PRMD
    csrrd       $t1, CSR_GSTAT
    bstrins.d   $t1, $zero, 1, 1                /* PVM = 0 */
    st.d        $t1, $t0, FRAME_GSTAT
    b           hv_resume
hv_host_return:
    jr          $ra

/* void hv_enter_tlbr(struct rt_frame* f): like hv_enter, but the ERTN that enters the guest
 * returns through TLBRERA (IsTLBR = 1, TLBRPRMD = f->prmd) instead of ERA. */
    .globl hv_enter_tlbr
hv_enter_tlbr:
    la.abs      $t0, hv_host
    st.d        $ra, $t0, 1 * 8
    st.d        $tp, $t0, 2 * 8
    st.d        $sp, $t0, 3 * 8
    .irp n, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
    st.d        $r\n, $t0, \n * 8
    .endr
    la.abs      $t1, hv_host_return
    st.d        $t1, $t0, FRAME_ERA
    st.d        $zero, $t0, FRAME_PRMD
    csrrd       $t1, CSR_GSTAT
    bstrins.d   $t1, $zero, 1, 1
    st.d        $t1, $t0, FRAME_GSTAT
    move        $t0, $a0
    csrwr       $a0, CSR_SAVE4
    ld.d        $t1, $t0, FRAME_ERA
    ori         $t1, $t1, 1                     /* IsTLBR */
    csrwr       $t1, CSR_TLBRERA
    ld.d        $t1, $t0, FRAME_PRMD
    csrwr       $t1, CSR_TLBRPRMD
    csrwr       $zero, CSR_ERA                  /* ERA = 0: entering through it would fault */
    ld.d        $t1, $t0, FRAME_GSTAT
    lu12i.w     $t2, 0xff0
    ori         $t2, $t2, 2
    csrxchg     $t1, $t2, CSR_GSTAT
    RESTORE_GPRS_FROM_T0
    ertn

/* ---- guest entry ------------------------------------------------------------------------
 * The first instruction of every guest (root ERA at the first entry; guest CRMD = DA,
 * PLV0). a0 = fn, a1 = arg (vCPU frame r[4], r[5]). Sets up the guest world (stacks,
 * DMWs, entries; g_world_init turns paging on), runs fn(arg), reports through g_exit. */
    .globl g_start
g_start:
    la.abs      $sp, __stack_top
    la.abs      $t0, rt_trap_stack0_top
    csrwr       $t0, CSR_SAVE2
    move        $s0, $a0
    move        $s1, $a1
    bl          rt_cpu_init
    bl          g_world_init
    move        $a0, $s1
    jirl        $ra, $s0, 0
    bl          g_exit
1:  b           1b

/* u64 rt_run_user(u64 (*fn)(u64), u64 arg, u64 user_sp, u64 prmd): enter fn(arg) with
 * ERTN (PRMD = prmd); it comes back when the code does `syscall` with a7 = RT_SYS_EXIT,
 * returning its a0. Works in the root and in a guest (rt_kctx is per world). */
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
    la.abs      $ra, rt_user_returned
    ertn
    .globl rt_user_returned
rt_user_returned:
    li.w        $a7, RT_SYS_EXIT
    syscall     0
1:  b           1b

/* ---- guest user program (PLV3), mapped by guest page tables at a user VA --------------
 * Position independent, no data of its own: a0 = user data VA, sp = user stack.
 *   data[0] += 1 (load + store through a PLV3 page); data[1] = syscall 0x100(a0=7, a1=35)
 *   (the guest kernel returns a0 + a1); data[2] = a second syscall 0x101 (returns the
 *   guest kernel's tick count); then syscall RT_SYS_EXIT with a0 = data[0]. */
    .section .text.guser, "ax"
    .balign 8192                                    /* alone in its page pair */
    .globl g_user_prog
g_user_prog:
    move        $s0, $a0
    ld.d        $t0, $s0, 0
    addi.d      $t0, $t0, 1
    st.d        $t0, $s0, 0
    ori         $a0, $zero, 7
    ori         $a1, $zero, 35
    ori         $a7, $zero, 0x100
    .globl g_user_sys1
g_user_sys1:
    syscall     0
    st.d        $a0, $s0, 8
    ori         $a7, $zero, 0x101
    syscall     0
    st.d        $a0, $s0, 16
    ld.d        $a0, $s0, 0
    li.w        $a7, RT_SYS_EXIT
    syscall     0
1:  b           1b
    .balign 8192
    .globl g_user_prog_end
g_user_prog_end:

/* ---- per-world data (link.ld places .bss in .gdata: one copy per world) -------------- */
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
    .space 16384
    .globl hv_stack_top
hv_stack_top:
    .balign 8
    .globl rt_kctx
rt_kctx:
    .space 8 * 16
    .balign 64
    .globl rt_walk_log
rt_walk_log:
    .space 64 + 16 * 64
    .globl hv_s2_log
hv_s2_log:
    .space 64 + 16 * 64
    .balign 8
    .globl hv_host
hv_host:
    .space FRAME_SIZE
