/* SPDX-License-Identifier: Apache-2.0
 * Constants shared by the assembly and C parts of the tests/hv runtime: CSR numbers
 * (../shared/reference/la64-privileged.md §3; LVZ CSRs ../shared/reference/lvz.md §2),
 * the frame layout, the walk-refill record layout, and register save/restore macros. */
#pragma once

#define CSR_CRMD 0x0
#define CSR_PRMD 0x1
#define CSR_EUEN 0x2
#define CSR_MISC 0x3
#define CSR_ECFG 0x4
#define CSR_ESTAT 0x5
#define CSR_ERA 0x6
#define CSR_BADV 0x7
#define CSR_BADI 0x8
#define CSR_EENTRY 0xc
#define CSR_TLBIDX 0x10
#define CSR_TLBEHI 0x11
#define CSR_TLBELO0 0x12
#define CSR_TLBELO1 0x13
#define CSR_GTLBC 0x15
#define CSR_TRGP 0x16
#define CSR_ASID 0x18
#define CSR_PGDL 0x19
#define CSR_PGDH 0x1a
#define CSR_PGD 0x1b
#define CSR_PWCL 0x1c
#define CSR_PWCH 0x1d
#define CSR_STLBPS 0x1e
#define CSR_RVACFG 0x1f
#define CSR_CPUID 0x20
#define CSR_PRCFG1 0x21
#define CSR_PRCFG2 0x22
#define CSR_PRCFG3 0x23
#define CSR_SAVE0 0x30
#define CSR_SAVE1 0x31
#define CSR_SAVE2 0x32
#define CSR_SAVE3 0x33
#define CSR_SAVE4 0x34
#define CSR_SAVE5 0x35
#define CSR_SAVE6 0x36
#define CSR_SAVE7 0x37
#define CSR_TID 0x40
#define CSR_TCFG 0x41
#define CSR_TVAL 0x42
#define CSR_CNTC 0x43
#define CSR_TICLR 0x44
#define CSR_GSTAT 0x50
#define CSR_GCFG 0x51
#define CSR_GINTC 0x52
#define CSR_GCNTC 0x53
#define CSR_LLBCTL 0x60
#define CSR_IMPCTL1 0x80
#define CSR_IMPCTL2 0x81
#define CSR_TLBRENTRY 0x88
#define CSR_TLBRBADV 0x89
#define CSR_TLBRERA 0x8a
#define CSR_TLBRSAVE 0x8b
#define CSR_TLBRELO0 0x8c
#define CSR_TLBRELO1 0x8d
#define CSR_TLBREHI 0x8e
#define CSR_TLBRPRMD 0x8f
#define CSR_MERRCTL 0x90
#define CSR_MERRERA 0x94
#define CSR_CTAG 0x98
#define CSR_DMW0 0x180
#define CSR_DMW1 0x181
#define CSR_DMW2 0x182
#define CSR_DMW3 0x183
#define CSR_PMCFG0 0x200
#define CSR_PMCNT0 0x201
#define CSR_MWPC 0x300
#define CSR_FWPC 0x380
#define CSR_DBG 0x500
#define CSR_DERA 0x501
#define CSR_DSAVE 0x502

/* Scratch CSRs of the runtime (each bank has its own: root and guest code both use them).
 *   SAVE1 interrupted sp (rt_trap_entry)     SAVE2 trap-stack top
 *   SAVE3 t0 in hv_exit_entry (root)         SAVE4 frame of the running vCPU (root)
 *   SAVE5 t1 in the walk refill handlers     SAVE6 GSTAT at a root->root trap (root)
 *   TLBRSAVE t0 / sp in the refill handlers */

/* DMW0: VSEG 8, MAT 0 (SUC), PLV0 | PLV3 -- devices (UART).
 * DMW1: VSEG 9, MAT 1 (CC), PLV0 | PLV3 -- this image and the world data. The same values
 * in the root and in every guest (there they map GVA -> GPA). */
#define RT_DMW0_VALUE 0x8000000000000009
#define RT_DMW1_VALUE 0x9000000000000019

/* PWCL of every page table here (root stage 2 and guest stage 1): 4 KiB pages, 8-byte
 * PTEs, PT = VA[20:12], Dir1 = VA[29:21], Dir2 = VA[38:30] (three levels, 39-bit VAs).
 * PTbase 12 | PTwidth 9 << 5 | Dir1_base 21 << 10 | Dir1_width 9 << 15 | Dir2_base 30 << 20
 * | Dir2_width 9 << 25. */
#define RT_PWCL_VALUE 0x13e4d52c

/* a7 value of the `syscall` that ends rt_run_user() */
#define RT_SYS_EXIT 0x7e5

/* struct rt_frame: r[0..31] (r[3] = the interrupted sp), then the CSRs the entry read */
#define FRAME_ERA (32 * 8)
#define FRAME_ESTAT (33 * 8)
#define FRAME_BADV (34 * 8)
#define FRAME_BADI (35 * 8)
#define FRAME_PRMD (36 * 8)
#define FRAME_CRMD (37 * 8)
#define FRAME_VEC (38 * 8)
#define FRAME_GSTAT (39 * 8)
#define FRAME_SIZE (40 * 8)

/* struct rt_walk_log (walk refill handlers): count at 0, then 16 records of 64 bytes from
 * offset 64; the record of refill number n (1-based) is slot n & 15. */
#define WALK_SLOT_SHIFT 6
#define WALK_REC_BADV 64
#define WALK_REC_ERA 72
#define WALK_REC_PRMD 80
#define WALK_REC_CRMD 88
#define WALK_REC_GSTAT 96
#define WALK_REC_EHI 104
#define WALK_REC_ESTAT 112
#define WALK_REC_XERA 120

#ifdef __ASSEMBLER__
/* every GPR except r0, sp (r3) and t0 (r12), at base $sp */
.macro SAVE_GPRS_BUT_SP_T0
    st.d $r1, $sp, 1 * 8
    st.d $r2, $sp, 2 * 8
    .irp n, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
    st.d $r\n, $sp, \n * 8
    .endr
.endm
/* every GPR except r0 and sp, from base $sp */
.macro RESTORE_GPRS_BUT_SP
    ld.d $r1, $sp, 1 * 8
    ld.d $r2, $sp, 2 * 8
    .irp n, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
    ld.d $r\n, $sp, \n * 8
    .endr
.endm
/* every GPR except r0 and t0, from base $t0 (then t0 itself last) */
.macro RESTORE_GPRS_FROM_T0
    .irp n, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
    ld.d $r\n, $t0, \n * 8
    .endr
    ld.d $t0, $t0, 12 * 8
.endm
#endif
