/* SPDX-License-Identifier: Apache-2.0
 * Constants shared by the assembly and C parts of the tests/priv runtime: CSR numbers
 * (LoongArch Reference Manual Vol 1 v1.10, chapter 7; ../shared/reference/
 * la64-privileged.md §3), the rt_frame layout, and the register save/restore macros. */
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
#define CSR_TID 0x40
#define CSR_TCFG 0x41
#define CSR_TVAL 0x42
#define CSR_CNTC 0x43
#define CSR_TICLR 0x44
#define CSR_LLBCTL 0x60
#define CSR_TLBRENTRY 0x88
#define CSR_TLBRBADV 0x89
#define CSR_TLBRERA 0x8a
#define CSR_TLBRSAVE 0x8b
#define CSR_TLBRELO0 0x8c
#define CSR_TLBRELO1 0x8d
#define CSR_TLBREHI 0x8e
#define CSR_TLBRPRMD 0x8f
#define CSR_DMW0 0x180
#define CSR_DMW1 0x181
#define CSR_DMW2 0x182
#define CSR_DMW3 0x183

/* DMW0: VSEG 8, MAT 0 (strongly-ordered uncached), PLV0 | PLV3 -- devices (UART).
 * DMW1: VSEG 9, MAT 1 (coherent cached), PLV0 | PLV3 -- this image and its data. */
#define RT_DMW0_VALUE 0x8000000000000009
#define RT_DMW1_VALUE 0x9000000000000019

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
#define FRAME_SIZE (40 * 8)

#ifdef __ASSEMBLER__
/* every GPR except r0, sp (r3) and t0 (r12) */
.macro SAVE_GPRS_BUT_SP_T0
    st.d $r1, $sp, 1 * 8
    st.d $r2, $sp, 2 * 8
    .irp n, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
    st.d $r\n, $sp, \n * 8
    .endr
.endm
.macro RESTORE_GPRS_BUT_SP
    ld.d $r1, $sp, 1 * 8
    ld.d $r2, $sp, 2 * 8
    .irp n, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
    ld.d $r\n, $sp, \n * 8
    .endr
.endm
#endif
