/* SPDX-License-Identifier: Apache-2.0
 * C side of the tests/priv runtime: CSR / IOCSR / TLB access, UART output through DMW0,
 * the check reporting, and the trap records filled by the general-exception and
 * TLB-refill entries of start.S.
 *
 * Every check prints one line, "ok   <what> = <value>" or
 * "FAIL <what> = <value>, expected <value> (line N)"; rt_done() prints
 * "PASS <name>" or "FAIL <name>" and returns the exit code (rt_exit: 0 = pass).
 *
 * Built twice: <name>.elf checks the LoongArch Reference Manual's behaviour everywhere;
 * <name>.qemu.elf (-DPRIV_SKIP_QEMU_DEVIATIONS) skips the checks where QEMU 7.2 is known
 * to deviate from the manual (README.md lists them), printing "skip <why>" instead. */
#pragma once

#include <stdint.h>

#include "priv_asm.h"

typedef uint64_t u64;
typedef uint32_t u32;
typedef int64_t s64;

#define RT_STR_(x) #x
#define RT_STR(x) RT_STR_(x)

/* --- CSRs ---------------------------------------------------------------------------- */
#define csrrd(csr)                                                                   \
    ({                                                                               \
        u64 v_;                                                                      \
        __asm__ volatile("csrrd %0, " RT_STR(csr) : "=r"(v_) : : "memory");          \
        v_;                                                                          \
    })
/* CSR <- val; returns the old value */
#define csrwr(csr, val)                                                              \
    ({                                                                               \
        u64 v_ = (u64)(val);                                                         \
        __asm__ volatile("csrwr %0, " RT_STR(csr) : "+r"(v_) : : "memory");          \
        v_;                                                                          \
    })
/* CSR <- (val & mask) | (old & ~mask); returns the old value. The mask register must
 * not be r0/r1 (those encodings are CSRRD/CSRWR), so it is pinned to t8. */
#define csrxchg(csr, val, mask)                                                      \
    ({                                                                               \
        register u64 v_ __asm__("$t7") = (u64)(val);                                 \
        register u64 m_ __asm__("$t8") = (u64)(mask);                                \
        __asm__ volatile("csrxchg %0, %1, " RT_STR(csr) : "+r"(v_) : "r"(m_) : "memory"); \
        v_;                                                                          \
    })

#define CRMD_PLV(x) ((u64)(x) & 3)
#define CRMD_IE (1ULL << 2)
#define CRMD_DA (1ULL << 3)
#define CRMD_PG (1ULL << 4)
#define CRMD_DATF(x) ((u64)(x) << 5)
#define CRMD_DATM(x) ((u64)(x) << 7)
#define CRMD_WE (1ULL << 9)
#define PRMD_PPLV(x) ((u64)(x) & 3)
#define PRMD_PIE (1ULL << 2)

#define ECODE(estat) (((estat) >> 16) & 0x3f)
#define ESUBCODE(estat) (((estat) >> 22) & 0x1ff)

enum {
    EC_INT = 0x0, EC_PIL = 0x1, EC_PIS = 0x2, EC_PIF = 0x3, EC_PME = 0x4, EC_PNR = 0x5,
    EC_PNX = 0x6, EC_PPI = 0x7, EC_ADE = 0x8, EC_ALE = 0x9, EC_BCE = 0xa, EC_SYS = 0xb,
    EC_BRK = 0xc, EC_INE = 0xd, EC_IPE = 0xe, EC_FPD = 0xf, EC_SXD = 0x10, EC_ASXD = 0x11,
    EC_FPE = 0x12,
};
/* interrupt numbers (ESTAT.IS / ECFG.LIE bits) */
enum { IRQ_SWI0 = 0, IRQ_SWI1 = 1, IRQ_HWI0 = 2, IRQ_PMI = 10, IRQ_TI = 11, IRQ_IPI = 12 };

/* --- IOCSR --------------------------------------------------------------------------- */
static inline u32 iocsr_rd_w(u64 a) { u64 v; __asm__ volatile("iocsrrd.w %0, %1" : "=r"(v) : "r"(a) : "memory"); return (u32)v; }
static inline u64 iocsr_rd_d(u64 a) { u64 v; __asm__ volatile("iocsrrd.d %0, %1" : "=r"(v) : "r"(a) : "memory"); return v; }
static inline void iocsr_wr_w(u64 a, u64 v) { __asm__ volatile("iocsrwr.w %0, %1" : : "r"(v), "r"(a) : "memory"); }
static inline void iocsr_wr_d(u64 a, u64 v) { __asm__ volatile("iocsrwr.d %0, %1" : : "r"(v), "r"(a) : "memory"); }

static inline u64 cpucfg(u64 w) { u64 r; __asm__ volatile("cpucfg %0, %1" : "=r"(r) : "r"(w)); return r; }
static inline u64 rdtime(void) { u64 t, id; __asm__ volatile("rdtime.d %0, %1" : "=r"(t), "=r"(id) : : "memory"); return t; }
static inline u64 rt_cpuid(void) { return csrrd(CSR_CPUID) & 0x1ff; }

/* --- TLB ----------------------------------------------------------------------------- */
#define PTE_V (1ULL << 0)
#define PTE_D (1ULL << 1)
#define PTE_PLV(x) ((u64)(x) << 2)
#define PTE_MAT(x) ((u64)(x) << 4)
#define PTE_G (1ULL << 6)
#define PTE_NR (1ULL << 61)
#define PTE_NX (1ULL << 62)
#define PTE_RPLV (1ULL << 63)
#define TLBIDX_PS(ps) ((u64)(ps) << 24)
#define TLBIDX_NE (1ULL << 31)
/* TLBIDX.NE of a TLBIDX value (32-bit CSRs read sign-extended: bit 31 only) */
#define TLBIDX_NE_OF(x) (((x) >> 31) & 1)
#define PA_MASK 0xffffffffffffULL
/* physical address of something in this image (linked in the 0x9000... window) */
#define PA(p) ((u64)(p) & PA_MASK)

struct tlb_entry { u64 idx, ehi, lo0, lo1, asid; };

static inline void tlbsrch(void) { __asm__ volatile("tlbsrch" ::: "memory"); }
static inline void tlbrd(void) { __asm__ volatile("tlbrd" ::: "memory"); }
static inline void tlbwr(void) { __asm__ volatile("tlbwr" ::: "memory"); }
static inline void tlbfill(void) { __asm__ volatile("tlbfill" ::: "memory"); }
static inline void tlbclr(void) { __asm__ volatile("tlbclr" ::: "memory"); }
static inline void tlbflush(void) { __asm__ volatile("tlbflush" ::: "memory"); }
#define invtlb(op, asid, va) __asm__ volatile("invtlb " RT_STR(op) ", %0, %1" : : "r"((u64)(asid)), "r"((u64)(va)) : "memory")

/* write entry `idx` (TLBWR) / a hardware-chosen entry (TLBFILL): VPPN from va, PS, the
 * current ASID, lo0/lo1 (even/odd page) */
void tlb_write(u64 idx, u64 va, unsigned ps, u64 lo0, u64 lo1);
void tlb_fill(u64 va, unsigned ps, u64 lo0, u64 lo1);
/* inside a TLB refill (TLBRERA.IsTLBR = 1): TLBREHI.PS = ps, TLBRELO0/1, TLBFILL */
void tlbr_fill(unsigned ps, u64 lo0, u64 lo1);
/* TLBSRCH for va with the current ASID: the TLBIDX value it leaves (NE = bit 31) */
u64 tlb_search(u64 va);
/* TLBRD of entry idx: TLBIDX, TLBEHI, TLBELO0/1, ASID after it */
struct tlb_entry tlb_read(u64 idx);
/* STLB / MTLB geometry from PRCFG3 */
unsigned tlb_stlb_sets(void);
unsigned tlb_stlb_ways(void);
unsigned tlb_stlb_entries(void);
unsigned tlb_mtlb_entries(void);
static inline void set_asid(u64 a) { csrxchg(CSR_ASID, a, 0x3ff); }

/* CRMD for mapped mode (PG = 1, DATF = DATM = CC) / direct mode, PLV0, IE 0 */
static inline void rt_paging_on(void) { csrwr(CSR_CRMD, CRMD_PG | CRMD_DATF(1) | CRMD_DATM(1)); }
static inline void rt_paging_off(void) { csrwr(CSR_CRMD, CRMD_DA | CRMD_DATF(1) | CRMD_DATM(1)); }

/* --- traps --------------------------------------------------------------------------- */
struct rt_frame {
    u64 r[32]; /* r[3] = the interrupted sp */
    u64 era, estat, badv, badi, prmd, crmd, vec, pad;
    /* general exceptions: ERA, ESTAT, BADV, BADI, PRMD, CRMD as the entry read them;
     * vec = the vector slot (VS tables) or -1. TLB refill: era = TLBRERA,
     * badv = TLBRBADV, prmd = TLBRPRMD. era/prmd are written back before ERTN. */
};

/* what the last general exception / interrupt recorded (hart 0) */
struct rt_trap_rec {
    u64 count, estat, era, badv, badi, prmd, crmd, vec, tlbehi, code;
};
/* what the last TLB refill recorded */
struct rt_tlbr_rec {
    u64 count, badv, era, prmd, crmd, estat, tlbrehi, tlbidx, era_csr, prmd_csr, badv_csr;
};
extern volatile struct rt_trap_rec rt_t;
extern volatile struct rt_tlbr_rec rt_r;

/* A program's hook for general exceptions (after recording): return 1 if it chose the
 * resume point itself (frame->era / prmd / GPRs), 0 for the default: resume at rt_resume
 * if set (one-shot), else at ERA + 4. Interrupts with no hook end the run. */
typedef int (*rt_hook_fn)(struct rt_frame* f);
extern volatile rt_hook_fn rt_trap_hook;
extern volatile u64 rt_resume;
/* TLB-refill hook: must make the access succeed or change TLBRERA; none = fatal */
extern volatile rt_hook_fn rt_tlbr_hook;

void rt_trap_clear(void);
void rt_tlbr_clear(void);

/* run fn(arg) through ERTN with PRMD = prmd (e.g. PRMD_PPLV(3) for user mode) on the
 * stack user_sp; returns fn's return value (or what it passes to rt_user_exit) */
u64 rt_run_user(u64 (*fn)(u64), u64 arg, u64 user_sp, u64 prmd);
/* user-mode code that ends rt_run_user() with the current a0 (a resume point) */
extern char rt_user_returned[];
static inline void rt_user_exit(u64 v) {
    register u64 a0 __asm__("$a0") = v;
    register u64 a7 __asm__("$a7") = RT_SYS_EXIT;
    __asm__ volatile("syscall 0" : : "r"(a0), "r"(a7) : "memory");
    __builtin_unreachable();
}

/* secondary harts */
extern void (*volatile rt_secondary_fn)(u64 cpuid);
extern char rt_secondary_entry[];
extern char rt_trap_entry[], rt_tlbr_entry[];

/* run `insn` (a string) at a known address: pcvar = its address */
#define AT(pcvar, insn) __asm__ volatile("la.abs %0, 1f\n1:\t" insn : "=&r"(pcvar) : : "memory")

/* --- output and checks --------------------------------------------------------------- */
#define RT_UART ((volatile uint8_t*)0x800000001fe001e0ULL)
void rt_putc(char c);
void rt_puts(const char* s);
void rt_puthex(u64 v);
void rt_putdec(u64 v);

extern int rt_failures;
void rt_check(const char* what, u64 got, u64 expected, int line);
void rt_check_true(const char* what, int cond, u64 value, int line);
void rt_note(const char* s);
/* "a b" in one of 4 rotating static buffers (for check labels) */
const char* rt_cat(const char* a, const char* b);
#define CHECK(what, got, expected) rt_check((what), (u64)(got), (u64)(expected), __LINE__)
#define CHECK_EQ(a, b) rt_check(#a, (u64)(a), (u64)(b), __LINE__)
/* a condition; value is printed for information */
#define CHECK_TRUE(what, cond, value) rt_check_true((what), !!(cond), (u64)(value), __LINE__)

/* MANUAL_ONLY("why"): 1 in the manual build; in the QEMU build prints "skip why" and is 0 */
#ifdef PRIV_SKIP_QEMU_DEVIATIONS
#define MANUAL_ONLY(why) (rt_note("skip " why " (QEMU 7.2 deviates from the manual)"), 0)
#define QEMU_BUILD 1
#else
#define MANUAL_ONLY(why) 1
#define QEMU_BUILD 0
#endif

int rt_done(const char* name);
void rt_exit(int code) __attribute__((noreturn));
void rt_fatal(const char* why) __attribute__((noreturn));
