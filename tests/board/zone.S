/* SPDX-License-Identifier: Apache-2.0
 * The root's exception entries of tests/board/zone_root.c, a hypervisor shaped like
 * hvisor's LoongArch port (reference ls3a5000-board.md, "LVZ and privileged features"):
 *
 *   zone_tlbr_entry (TLBRENTRY, physical): a stage-2 miss of the guest is filled by the
 *       walk hvisor does: LDDIR 3, 2, 1 over CSR.PGD (= PGDL, the GPA -> HPA table; the
 *       miss address is the GPA in TLBRBADV), each result's low 12 bits cleared (the
 *       directory entries carry a valid flag there), LDPTE for the even and odd PTE,
 *       TLBFILL (into GTLBC.TGID's entries), ERTN back into the guest. As in hvisor, PGDL
 *       and the directory entries hold cached-window (0x9...) virtual addresses: the walk
 *       uses their low 48 bits. Unmapped GPAs walk to a zero PTE (through physical page 0,
 *       which reads 0): the retry is a page-invalid exit, which zone_exit_entry handles.
 *   zone_exit_entry (EENTRY, VS = 0): every exit. The guest's GPRs go to zone_vcpu (SAVE0
 *       holds its address), zone_exit(frame) runs on the root stack, the GPRs come back
 *       from the frame and ERTN re-enters the guest (GSTAT.PVM is 1 again: the exit set it).
 *   zone_enter(frame): the first entry: ERA = frame->era, PRMD = PLV0 / IE 0,
 *       GSTAT.PVM = 1, GPRs from the frame, ERTN.
 * Register use: SAVE0 = &zone_vcpu, SAVE1 = the root stack top, SAVE2 = t0 in the exit
 * entry, TLBRSAVE = t0 in the refill entry. */
#define CSR_PRMD      0x1
#define CSR_ERA       0x6
#define CSR_PGD       0x1b
#define CSR_SAVE0     0x30
#define CSR_SAVE1     0x31
#define CSR_SAVE2     0x32
#define CSR_GSTAT     0x50
#define CSR_TLBRSAVE  0x8b

    .text
    .balign 4096
    .globl zone_tlbr_entry
zone_tlbr_entry:
    csrwr   $t0, CSR_TLBRSAVE
    csrrd   $t0, CSR_PGD
    lddir   $t0, $t0, 3
    bstrins.d $t0, $zero, 11, 0
    lddir   $t0, $t0, 2
    bstrins.d $t0, $zero, 11, 0
    lddir   $t0, $t0, 1
    bstrins.d $t0, $zero, 11, 0
    ldpte   $t0, 0
    ldpte   $t0, 1
    tlbfill
    csrrd   $t0, CSR_TLBRSAVE
    ertn

    .balign 4096
    .globl zone_exit_entry
zone_exit_entry:
    csrwr   $t0, CSR_SAVE2
    csrrd   $t0, CSR_SAVE0                    /* the vCPU frame */
    .irp n, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
    st.d    $r\n, $t0, \n * 8
    .endr
    csrrd   $t1, CSR_SAVE2
    st.d    $t1, $t0, 12 * 8
    move    $a0, $t0
    csrrd   $sp, CSR_SAVE1
    bl      zone_exit                         /* C: handles the exit, may change the frame */
    csrrd   $t0, CSR_SAVE0
    ld.d    $t1, $t0, 32 * 8                  /* frame->era */
    csrwr   $t1, CSR_ERA
    b       1f

    .globl zone_enter
zone_enter:
    move    $t0, $a0
    csrwr   $a0, CSR_SAVE0
    addi.d  $t1, $sp, 0
    csrwr   $t1, CSR_SAVE1
    ld.d    $t1, $t0, 32 * 8
    csrwr   $t1, CSR_ERA
    csrwr   $zero, CSR_PRMD                   /* guest PLV0 context comes from its own CSRs */
    csrrd   $t1, CSR_GSTAT
    ori     $t1, $t1, 2                       /* PVM: ERTN enters the guest */
    csrwr   $t1, CSR_GSTAT
1:  .irp n, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
    ld.d    $r\n, $t0, \n * 8
    .endr
    ld.d    $t0, $t0, 12 * 8
    ertn
