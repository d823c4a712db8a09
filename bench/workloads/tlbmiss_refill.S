/* SPDX-License-Identifier: Apache-2.0
 * TLB refill handler of the tlbmiss workload: Linux's handle_tlb_refill for 3-level page
 * tables (arch/loongarch/mm/tlbex.S), word for word. It runs at TLBRENTRY (a physical
 * address: the refill is taken in DA mode), walks PGD -> Dir1 -> PTE pair with LDDIR and
 * LDPTE (levels and widths from PWCL/PWCH, VA from TLBRBADV), fills the STLB, returns. */
    .section .text.tlbr, "ax"
    .balign 4096                            /* TLBRENTRY ignores bits 11:0 */
    .globl tlbmiss_refill
tlbmiss_refill:
    csrwr       $t0, 0x8b                   /* TLBRSAVE */
    csrrd       $t0, 0x1b                   /* PGD: PGDL or PGDH by TLBRBADV[63] */
    lddir       $t0, $t0, 3                 /* PGD entry -> Dir1 (PMD) table */
    lddir       $t0, $t0, 1                 /* PMD entry -> PTE table */
    ldpte       $t0, 0                      /* even PTE -> TLBRELO0 */
    ldpte       $t0, 1                      /* odd PTE -> TLBRELO1 */
    tlbfill
    csrrd       $t0, 0x8b
    ertn
