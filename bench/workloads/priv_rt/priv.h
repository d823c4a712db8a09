/* SPDX-License-Identifier: Apache-2.0
 * Privileged helpers for the bench workloads that run with paging on (tlbmiss,
 * exceptions): CSR access, TLB instructions, and the switch between direct-address mode
 * and mapped mode. The programs are linked at 0x9000000000200000 (priv_rt/link.ld), which
 * is the same code in DA mode and, once paging is on, through DMW1 (PLV0, coherent
 * cached), the window Linux runs its kernel in. Output (the UART) and the run's end
 * (rt_exit) need DA mode: call priv_paging_off() first. */
#pragma once

#include <stdint.h>

#define PRIV_STR_(x) #x
#define PRIV_STR(x) PRIV_STR_(x)

/* CSR numbers (la64-privileged.md §3) */
#define CSR_CRMD 0x0
#define CSR_PRMD 0x1
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
#define CSR_PWCL 0x1c
#define CSR_PWCH 0x1d
#define CSR_STLBPS 0x1e
#define CSR_PRCFG3 0x23
#define CSR_TLBRENTRY 0x88
#define CSR_TLBREHI 0x8e
#define CSR_DMW0 0x180
#define CSR_DMW1 0x181

#define csrrd(csr)                                                              \
    ({                                                                          \
        uint64_t v_;                                                            \
        __asm__ volatile("csrrd %0, " PRIV_STR(csr) : "=r"(v_) : : "memory");   \
        v_;                                                                     \
    })
#define csrwr(csr, val)                                                         \
    ({                                                                          \
        uint64_t v_ = (uint64_t)(val);                                          \
        __asm__ volatile("csrwr %0, " PRIV_STR(csr) : "+r"(v_) : : "memory");   \
        v_;                                                                     \
    })

#define CRMD_DA (1ULL << 3)
#define CRMD_PG (1ULL << 4)
#define CRMD_DATF_CC (1ULL << 5)
#define CRMD_DATM_CC (1ULL << 7)

#define PTE_V (1ULL << 0)
#define PTE_D (1ULL << 1)
#define PTE_PLV(x) ((uint64_t)(x) << 2)
#define PTE_MAT_CC (1ULL << 4)
#define PTE_G (1ULL << 6)
#define PTE_P (1ULL << 7) /* Linux's software bits: present, writable (LDPTE drops them) */
#define PTE_W (1ULL << 8)
#define PA_MASK 0xffffffffffffULL
#define PA(p) ((uint64_t)(p) & PA_MASK) /* physical address of something in the image */

static inline void priv_invtlb_all(void) { __asm__ volatile("invtlb 0, $zero, $zero" ::: "memory"); }
static inline void priv_tlbwr(void) { __asm__ volatile("tlbwr" ::: "memory"); }

/* number of STLB entries (= the index of the first MTLB entry), from PRCFG3 */
static inline unsigned priv_stlb_entries(void) {
    uint64_t c = csrrd(CSR_PRCFG3);
    return (unsigned)(((c >> 12) & 0xff) + 1) << ((c >> 20) & 0x3f);
}

/* Empty TLB, ASID 0, and the windows Linux sets up: DMW0 0x8000... uncached, DMW1
 * 0x9000... cached, both PLV0 only. */
static inline void priv_mmu_init(void) {
    priv_invtlb_all();
    csrwr(CSR_ASID, 0);
    csrwr(CSR_DMW0, 0x8000000000000001ULL);
    csrwr(CSR_DMW1, 0x9000000000000011ULL);
}

/* PLV0, interrupts off, mapped mode with cached fetch/load/store (DATF = DATM = CC) */
static inline void priv_paging_on(void) { csrwr(CSR_CRMD, CRMD_PG | CRMD_DATF_CC | CRMD_DATM_CC); }
static inline void priv_paging_off(void) { csrwr(CSR_CRMD, CRMD_DA | CRMD_DATF_CC | CRMD_DATM_CC); }
