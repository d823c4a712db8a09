/* SPDX-License-Identifier: Apache-2.0
 * The LVZ test hypervisor's runtime (tests/hv): one image, a root world (the hypervisor)
 * and guest worlds (start.S explains how code is shared and data is per world).
 *
 * Part 1 (both worlds): CSR/GCSR/IOCSR/TLB access, UART output, checks, trap records and
 * hooks, user mode, 3-level page tables (the same builder makes root stage-2 GPA -> HPA
 * tables and guest stage-1 GVA -> GPA tables).
 * Part 2 (root): VMs, entering guests, the exit handler (UART/exit-register MMIO
 * emulation from BADI, GSPR emulation, hypercalls, lazy FPU, kills), exit and stage-2
 * refill logs, guest CSR bank save/restore.
 * Part 3 (guest): world set-up, hypercalls, stage-1 mappings.
 *
 * Every check prints "ok   <what> = <value>" or "FAIL <what> = <value>, expected <value>
 * (line N)"; guest lines reach the real UART through the hypervisor's UART emulation
 * with "  [gN]" appended. rt_done() prints "PASS <name>" / "FAIL <name>". The model
 * checked is the one in docs/lvz.md (../shared/reference/lvz.md as settled there). */
#pragma once

#include <stdint.h>

#include "hv_asm.h"

typedef uint64_t u64;
typedef uint32_t u32;
typedef int64_t s64;

#define RT_STR_(x) #x
#define RT_STR(x) RT_STR_(x)

/* ======================= part 1: both worlds ============================================ */

/* --- CSRs of the current bank (root: root CSRs; guest mode: the guest bank) --- */
#define csrrd(csr)                                                                   \
    ({                                                                               \
        u64 v_;                                                                      \
        __asm__ volatile("csrrd %0, " RT_STR(csr) : "=r"(v_) : : "memory");          \
        v_;                                                                          \
    })
#define csrwr(csr, val)                                                              \
    ({                                                                               \
        u64 v_ = (u64)(val);                                                         \
        __asm__ volatile("csrwr %0, " RT_STR(csr) : "+r"(v_) : : "memory");          \
        v_;                                                                          \
    })
/* CSR <- (val & mask) | (old & ~mask); returns the old value (mask in t8: not r0/r1) */
#define csrxchg(csr, val, mask)                                                      \
    ({                                                                               \
        register u64 v_ __asm__("$t7") = (u64)(val);                                 \
        register u64 m_ __asm__("$t8") = (u64)(mask);                                \
        __asm__ volatile("csrxchg %0, %1, " RT_STR(csr) : "+r"(v_) : "r"(m_) : "memory"); \
        v_;                                                                          \
    })

/* --- guest CSR bank from root (gcsrrd / gcsrwr / gcsrxchg, lvz.md §3.3) --- */
#define gcsrrd(csr)                                                                  \
    ({                                                                               \
        u64 v_;                                                                      \
        __asm__ volatile("gcsrrd %0, " RT_STR(csr) : "=r"(v_) : : "memory");         \
        v_;                                                                          \
    })
#define gcsrwr(csr, val)                                                             \
    ({                                                                               \
        u64 v_ = (u64)(val);                                                         \
        __asm__ volatile("gcsrwr %0, " RT_STR(csr) : "+r"(v_) : : "memory");         \
        v_;                                                                          \
    })
#define gcsrxchg(csr, val, mask)                                                     \
    ({                                                                               \
        register u64 v_ __asm__("$t7") = (u64)(val);                                 \
        register u64 m_ __asm__("$t8") = (u64)(mask);                                \
        __asm__ volatile("gcsrxchg %0, %1, " RT_STR(csr) : "+r"(v_) : "r"(m_) : "memory"); \
        v_;                                                                          \
    })

#define CRMD_PLV(x) ((u64)(x) & 3)
#define CRMD_IE (1ULL << 2)
#define CRMD_DA (1ULL << 3)
#define CRMD_PG (1ULL << 4)
#define CRMD_DATF(x) ((u64)(x) << 5)
#define CRMD_DATM(x) ((u64)(x) << 7)
#define PRMD_PPLV(x) ((u64)(x) & 3)
#define PRMD_PIE (1ULL << 2)
#define EUEN_FPE (1ULL << 0)

#define ECODE(estat) (((estat) >> 16) & 0x3f)
#define ESUBCODE(estat) (((estat) >> 22) & 0x1ff)
#define ESTAT_IS(estat) ((estat) & 0x1fff)

enum {
    EC_INT = 0x0, EC_PIL = 0x1, EC_PIS = 0x2, EC_PIF = 0x3, EC_PME = 0x4, EC_PNR = 0x5,
    EC_PNX = 0x6, EC_PPI = 0x7, EC_ADE = 0x8, EC_ALE = 0x9, EC_BCE = 0xa, EC_SYS = 0xb,
    EC_BRK = 0xc, EC_INE = 0xd, EC_IPE = 0xe, EC_FPD = 0xf, EC_SXD = 0x10, EC_ASXD = 0x11,
    EC_FPE = 0x12, EC_GSPR = 0x16, EC_HVC = 0x17,
};
enum { IRQ_SWI0 = 0, IRQ_SWI1 = 1, IRQ_HWI0 = 2, IRQ_PMI = 10, IRQ_TI = 11, IRQ_IPI = 12 };

/* LVZ root CSR fields (lvz.md §2) */
#define GSTAT_VM (1ULL << 0)
#define GSTAT_PVM (1ULL << 1)
#define GSTAT_GIDBIT(v) (((v) >> 4) & 0x3f)
#define GSTAT_GID(g) ((u64)(g) << 16)
#define GSTAT_GID_OF(v) (((v) >> 16) & 0xff)
#define GCFG_MATC(x) ((u64)(x) << 4)
#define GCFG_SIT (1ULL << 7)
#define GCFG_TIT (1ULL << 9)
#define GCFG_TOE (1ULL << 11)
#define GCFG_TOP (1ULL << 13)
#define GCFG_TORU (1ULL << 15)
#define GCFG_GCI(x) ((u64)(x) << 20)
#define GCFG_GCI_MASK (3ULL << 20)
#define GCFG_CAPS 0x70003ULL /* reset: MATP_GUEST | MATP_ROOT | GCIP ALL/HIT/SECURE */
#define GCFG_RW 0x730aab0ULL /* MATC SIT TIT TOE TOP TORU GCI GPERF */
#define GTLBC_GMTLBSZ(x) ((u64)(x) & 0x3f)
#define GTLBC_USETGID (1ULL << 12)
#define GTLBC_TOTI (1ULL << 13)
#define GTLBC_USEVMID (1ULL << 14)
#define GTLBC_TGID(g) ((u64)(g) << 16)
#define GTLBC_TGID_MASK (0xffULL << 16)
#define GINTC_VIP(x) ((u64)(x) & 0xff)
#define GINTC_PIP(x) ((u64)(x) << 8)
#define GINTC_HC(x) ((u64)(x) << 16)

/* --- IOCSR, CPUCFG, counter --- */
static inline u64 iocsr_rd_w(u64 a) { u64 v; __asm__ volatile("iocsrrd.w %0, %1" : "=r"(v) : "r"(a) : "memory"); return v; }
static inline void iocsr_wr_w(u64 a, u64 v) { __asm__ volatile("iocsrwr.w %0, %1" : : "r"(v), "r"(a) : "memory"); }
static inline u64 cpucfg(u64 w) { u64 r; __asm__ volatile("cpucfg %0, %1" : "=r"(r) : "r"(w) : "memory"); return r; }
static inline u64 rdtime(void) { u64 t, id; __asm__ volatile("rdtime.d %0, %1" : "=r"(t), "=r"(id) : : "memory"); return t; }
static inline u64 rdtime_id(void) { u64 t, id; __asm__ volatile("rdtime.d %0, %1" : "=r"(t), "=r"(id) : : "memory"); return id; }
#define IOCSR_IPI_STATUS 0x1000
#define IOCSR_IPI_EN 0x1004
#define IOCSR_IPI_SET 0x1008
#define IOCSR_IPI_CLEAR 0x100c

/* --- TLB --- */
#define PTE_V (1ULL << 0)
#define PTE_D (1ULL << 1)
#define PTE_PLV(x) ((u64)(x) << 2)
#define PTE_MAT(x) ((u64)(x) << 4)
#define PTE_G (1ULL << 6)
#define PTE_NR (1ULL << 61)
#define PTE_NX (1ULL << 62)
#define PTE_RPLV (1ULL << 63)
#define PTE_RW (PTE_V | PTE_D | PTE_MAT(1))   /* valid, writable, cached, PLV0 */
#define PTE_RO (PTE_V | PTE_MAT(1))
#define TLBIDX_PS(ps) ((u64)(ps) << 24)
#define TLBIDX_NE (1ULL << 31)
#define TLBIDX_NE_OF(x) (((x) >> 31) & 1)
#define PA_MASK 0xffffffffffffULL
/* physical address (root) / guest physical address (guest) of something in this image */
#define PA(p) ((u64)(p) & PA_MASK)
#define MTLB0 2048u /* first MTLB index (8 ways x 256 sets of STLB first) */

static inline void tlbsrch(void) { __asm__ volatile("tlbsrch" ::: "memory"); }
static inline void tlbrd(void) { __asm__ volatile("tlbrd" ::: "memory"); }
static inline void tlbwr(void) { __asm__ volatile("tlbwr" ::: "memory"); }
static inline void tlbfill(void) { __asm__ volatile("tlbfill" ::: "memory"); }
static inline void tlbclr(void) { __asm__ volatile("tlbclr" ::: "memory"); }
static inline void tlbflush(void) { __asm__ volatile("tlbflush" ::: "memory"); }
#define invtlb(op, rj, rk) __asm__ volatile("invtlb " RT_STR(op) ", %0, %1" : : "r"((u64)(rj)), "r"((u64)(rk)) : "memory")
/* rj of the LVZ INVTLB ops (lvz.md §5.3): ASID in bits 9:0, GID in bits 23:16 */
#define INVTLB_INFO(gid, asid) (((u64)(gid) << 16) | ((u64)(asid) & 0x3ff))

/* guest-TLB instructions (lvz.md §7; LLVM knows only gtlbflush, the rest as words) */
#define GTLBCLR_WORD 0x06482001
#define GTLBFLUSH_WORD 0x06482401
#define GTLBSRCH_WORD 0x06482801
#define GTLBRD_WORD 0x06482c01
#define GTLBWR_WORD 0x06483001
#define GTLBFILL_WORD 0x06483401
static inline void gtlbclr(void) { __asm__ volatile(".word " RT_STR(GTLBCLR_WORD) ::: "memory"); }
static inline void gtlbflush(void) { __asm__ volatile("gtlbflush" ::: "memory"); }
static inline void gtlbsrch(void) { __asm__ volatile(".word " RT_STR(GTLBSRCH_WORD) ::: "memory"); }
static inline void gtlbrd(void) { __asm__ volatile(".word " RT_STR(GTLBRD_WORD) ::: "memory"); }
static inline void gtlbwr(void) { __asm__ volatile(".word " RT_STR(GTLBWR_WORD) ::: "memory"); }
static inline void gtlbfill(void) { __asm__ volatile(".word " RT_STR(GTLBFILL_WORD) ::: "memory"); }

struct tlb_entry { u64 idx, ehi, lo0, lo1, asid; };
/* TLBWR of entry idx / TLBFILL (current bank's TLBEHI/TLBELO0/1/TLBIDX, current ASID) */
void tlb_write(u64 idx, u64 va, unsigned ps, u64 lo0, u64 lo1);
void tlb_fill(u64 va, unsigned ps, u64 lo0, u64 lo1);
/* TLBSRCH for va with the current ASID: the TLBIDX value it leaves (NE = bit 31) */
u64 tlb_search(u64 va);
/* TLBRD of entry idx: TLBIDX, TLBEHI, TLBELO0/1, ASID after it */
struct tlb_entry tlb_read(u64 idx);
/* inside a TLB refill (IsTLBR = 1): TLBREHI.PS = ps, TLBRELO0/1, TLBFILL */
void tlbr_fill(unsigned ps, u64 lo0, u64 lo1);
static inline void set_asid(u64 a) { csrxchg(CSR_ASID, a, 0x3ff); }

/* CRMD for mapped mode (PG = 1, DATF = DATM = CC), PLV0, IE 0 */
static inline void rt_paging_on(void) { csrwr(CSR_CRMD, CRMD_PG | CRMD_DATF(1) | CRMD_DATM(1)); }

/* --- traps of a world --- */
struct rt_frame {
    u64 r[32]; /* r[3] = the interrupted sp */
    u64 era, estat, badv, badi, prmd, crmd, vec, gstat;
    /* general exceptions: ERA, ESTAT, BADV, BADI, PRMD, CRMD as the entry read them
     * (gstat: an exit's GSTAT; 0 for a world's own traps). TLB refill (rt_tlbr_entry):
     * era = TLBRERA, badv = TLBRBADV, prmd = TLBRPRMD. era/prmd are written back. */
};
/* the last general exception / interrupt this world took (rt_trap_entry) */
struct rt_trap_rec { u64 count, estat, era, badv, badi, prmd, crmd, code; };
/* the last TLB refill this world took through rt_tlbr_entry */
struct rt_tlbr_rec { u64 count, badv, era, prmd, crmd, ehi; };
extern volatile struct rt_trap_rec rt_t;
extern volatile struct rt_tlbr_rec rt_r;
/* Hook for general exceptions (after recording): return 1 if it chose the resume point
 * itself (frame->era / prmd / GPRs), 0 for the default: resume at rt_resume if set
 * (one-shot), else at ERA + 4. An interrupt with no hook is fatal. */
typedef int (*rt_hook_fn)(struct rt_frame* f);
extern volatile rt_hook_fn rt_trap_hook;
extern volatile u64 rt_resume;
/* TLB-refill hook (rt_tlbr_entry): must make the access succeed; none = fatal */
extern volatile rt_hook_fn rt_tlbr_hook;
void rt_trap_clear(void);

/* refills taken through a walk handler (rt_tlbr_walk_entry in a world; hv_tlbr_entry for
 * stage 2 in the root): TLBRBADV, TLBRERA, TLBRPRMD, CRMD, GSTAT (root only), TLBREHI,
 * ESTAT and ERA as the handler saw them */
struct rt_walk_rec { u64 badv, era, prmd, crmd, gstat, ehi, estat, xera; };
struct rt_walk_log { u64 count, pad[7]; struct rt_walk_rec ring[16]; };
extern volatile struct rt_walk_log rt_walk_log, hv_s2_log;
/* the newest record whose TLBRERA (without IsTLBR) is era / whose TLBRBADV is in the
 * page of badv; a zero record if none among the last 16 */
struct rt_walk_rec walk_find_era(volatile struct rt_walk_log* l, u64 era);
struct rt_walk_rec walk_find_badv(volatile struct rt_walk_log* l, u64 badv);
/* labels in the walk handlers (start.S): the LDDIR levels and the first LDPTE */
extern char rt_walk_lddir2[], rt_walk_lddir1[], rt_walk_ldpte0[];
extern char rt_tlbr_walk_entry[], rt_tlbr_entry[], rt_trap_entry[];

/* run fn(arg) through ERTN with PRMD = prmd (PRMD_PPLV(3) for user mode) on stack
 * user_sp; returns what the code passes to syscall RT_SYS_EXIT in a0 */
u64 rt_run_user(u64 (*fn)(u64), u64 arg, u64 user_sp, u64 prmd);
extern char rt_user_returned[];

/* run `insn` (a string) at a known address: pcvar = its address */
#define AT(pcvar, insn) __asm__ volatile("la.abs %0, 1f\n1:\t" insn : "=&r"(pcvar) : : "memory")
/* a global label `name` on `insn` (the function containing it must not be duplicated:
 * mark it noinline); LABEL(name) declares it for the root side */
#define LABEL(name) extern char name[]
#define AT_LABEL(name, insn) __asm__ volatile(".globl " #name "\n" #name ":\n\t" insn ::: "memory")

/* --- output and checks --- */
#define RT_UART ((volatile uint8_t*)0x800000001fe001e0ULL)
void rt_putc(char c);
void rt_puts(const char* s);
void rt_puthex(u64 v);
void rt_putdec(u64 v);
extern int rt_failures;
void rt_check(const char* what, u64 got, u64 expected, int line);
void rt_check_true(const char* what, int cond, u64 value, int line);
void rt_note(const char* s);
/* "a b" in one of 8 rotating buffers (for check labels) */
const char* rt_cat(const char* a, const char* b);
#define CHECK(what, got, expected) rt_check((what), (u64)(got), (u64)(expected), __LINE__)
#define CHECK_TRUE(what, cond, value) rt_check_true((what), !!(cond), (u64)(value), __LINE__)
int rt_done(const char* name);
void rt_exit(int code) __attribute__((noreturn));
void rt_fatal(const char* why) __attribute__((noreturn));
void* memset(void* d, int c, unsigned long n);
void* memcpy(void* d, const void* s, unsigned long n);

/* --- 3-level page tables (PWCL = RT_PWCL_VALUE: 4 KiB pages, VA[38:12]) ---
 * Unmapped addresses walk to an all-zero PTE (Linux's invalid tables), so a walk refill
 * fills an invalid entry and the retried access takes PIL/PIS/PIF. Table addresses are
 * PA() of the pool: HPAs in the root, GPAs in a guest. */
struct pt {
    u64 (*pool)[512];
    unsigned npages, used;
    u64 *top, *inv_dir1, *inv_pt;
};
void pt_init(struct pt* t, u64 (*pool)[512], unsigned npages);
u64* pt_pte(struct pt* t, u64 va);                      /* the PTE slot (tables created) */
void pt_map(struct pt* t, u64 va, u64 pa, u64 flags);   /* one 4 KiB page */
void pt_map_range(struct pt* t, u64 va, u64 pa, u64 size, u64 flags);
static inline u64 pt_root(const struct pt* t) { return PA(t->top); }

/* layout shared by the worlds (link.ld) */
extern char __shared_start[], __shared_end[], __world_start[], __world_end[];
#define WORLD_GPA 0x1000000ULL      /* GPA (root: HPA) of the world data */
#define GUEST_PRIV_SIZE 0x400000ULL /* guest RAM at GPA 16 MiB: world (1 MiB) + free pages */
#define GUEST_FREE_GPA 0x1100000ULL /* free guest pages for tests: GPA 17..20 MiB */

/* hypercall ABI (hvcl 0; a0 = function, a1, a2 arguments, result in a0) */
enum {
    HC_EXIT = 1,      /* a1 = status, a2 = the guest's failed checks: the guest stops */
    HC_PING = 2,      /* returns a1 + 1 */
    HC_GID = 3,       /* returns the vCPU's GID */
    HC_FLUSH_S2 = 4,  /* INVTLB 0x14 for the vCPU's GID (its stage-2 entries) */
    HC_YIELD = 5,     /* give the CPU to another runnable vCPU */
    HC_MARK = 6,      /* shared flag a1 (0..7) <- a2 */
    HC_QUERY = 7,     /* returns shared flag a1 */
    HC_VIP_SET = 8,   /* GINTC.VIP |= a1 */
    HC_VIP_CLR = 9,   /* GINTC.VIP &= ~a1 */
    HC_EST_SET = 10,  /* guest ESTAT |= a1 (gcsrxchg) */
    HC_EST_CLR = 11,  /* guest ESTAT &= ~a1 (gcsrxchg) */
    HC_TEST = 12,     /* the program's hv_hc_hook(vcpu, a1, a2) */
};

/* ======================= part 2: root (hypervisor) ====================================== */

/* one record per exit (guest -> root general exception or interrupt), UART MMIO excepted */
struct hv_exit_rec {
    u64 n;                       /* 1-based sequence number; 0 = no such exit */
    u64 estat, era, badv, badi, prmd, crmd, gstat; /* root CSRs at the exit */
    u64 gid;
    u64 g_crmd, g_prmd, g_estat, g_era, g_badv;    /* the guest bank at the exit */
};
#define HV_LOG_SIZE 128
extern struct hv_exit_rec hv_log[HV_LOG_SIZE];
extern u64 hv_nlog;
void hv_log_clear(void);
/* the newest exit whose ERA is era (a zero record if none) */
struct hv_exit_rec hv_exit_at(u64 era);
/* number of logged exits with this Ecode */
u64 hv_exits_with(u64 ecode);

#define HV_NGCSR 64
#define HV_S2_PAGES 16
enum { HV_IDLE = 0, HV_RUNNING, HV_DONE, HV_KILLED };
#define HV_ST_KILLED 0xdead0000ULL /* hv_run's result for a killed guest (| Ecode) */

struct hv_vcpu {
    struct rt_frame f;           /* first: hv_exit_entry saves the guest GPRs here */
    u64 gid;
    int state;
    u64 status;                  /* HC_EXIT status, or HV_ST_KILLED | Ecode */
    u64 guest_failures;
    u64 hpa;                     /* HPA behind GPA WORLD_GPA (GUEST_PRIV_SIZE bytes) */
    struct pt s2;
    u64 gcsr[HV_NGCSR];          /* guest bank while switched out */
    u64 gintc, gcntc;
    u64 slices, exits;
    u64 mmio[8];                 /* test device registers (GPA HV_MMIO_TEST) */
    u64 csr_wr, iocsr_wr;        /* last value an emulated CSR / IOCSR write carried */
    u64 hc_last;                 /* HC_TEST: last a1 */
    unsigned linelen;
    char line[200];
    u64 s2_pool[HV_S2_PAGES][512] __attribute__((aligned(4096)));
};

/* guest-physical map the hypervisor emulates (unmapped in stage 2: every access exits) */
#define HV_UART_GPA 0x1fe001e0ULL   /* ns16550: THR (store) and LSR (load) */
#define HV_EXITREG_GPA 0x100e0100ULL /* lvzemu exit register: the guest stops, status 0xe0000000 | code */
#define HV_GED_GPA 0x100e001cULL    /* power-off: the guest stops, status 0xe0000000 */
#define HV_MMIO_TEST 0x1fe00300ULL  /* 8 x 64-bit registers */
/* what an emulated trapped read returns: csrrd/csrwr/csrxchg of CSR n -> HV_CSR_MARK | n;
 * iocsrrd.{b,h,w,d} (op 0..3) at address a -> HV_IOCSR_MARK | op << 32 | a */
#define HV_CSR_MARK 0x5a5a000000000000ULL
#define HV_IOCSR_MARK 0x10c5000000000000ULL

extern struct hv_vcpu* hv_cur;
extern struct hv_vcpu* hv_vms[4]; /* the vCPUs of the current run (hv_go / hv_run_multi) */
extern unsigned hv_nvms;
/* set: hv_go / exits leave GTLBC.TGID alone (default: TGID = the running guest's GID) */
extern int hv_keep_tgid;
/* set: hv_boot leaves the TLB alone (default: INVTLB 0x15 for the VM's GID) */
extern int hv_no_flush;
/* per-program hooks: an exit (return 1 if handled: the hook set f->era etc. or called
 * hv_stop/hv_kill/hv_switch), HC_TEST, and root interrupts (INT exits) */
typedef int (*hv_exit_hook_fn)(struct hv_vcpu* v, struct rt_frame* f);
extern hv_exit_hook_fn hv_exit_hook;
extern u64 (*hv_hc_hook)(struct hv_vcpu* v, u64 a1, u64 a2);
extern u64 hv_shared[8];

/* reset values of the LVZ CSRs and of some guest CSRs, read before anything wrote them */
struct hv_resets { u64 gstat, gcfg, gtlbc, gintc, gcntc, trgp, g_crmd, g_asid, g_prcfg1, g_prcfg3, cpucfg2; };
extern struct hv_resets hv_reset;

void hv_cpu_init(void);  /* root set-up, from _start (KVM's enable sequence) */
/* a VM with GID gid whose RAM (GPA WORLD_GPA, GUEST_PRIV_SIZE bytes) is at HPA hpa: stage
 * 2 maps the shared image read-only (GPA = HPA) and the RAM read-write */
void hv_vm_init(struct hv_vcpu* v, unsigned gid, u64 hpa);
/* prepare a fresh guest run: world data zeroed, guest bank reset (hv_bank_reset), its
 * GID's guest TLB entries (stage 1 and 2) invalidated, exit log cleared, entry at
 * g_start with fn(arg); PRMD.PIE = 1 (root interrupts can exit) */
void hv_boot(struct hv_vcpu* v, u64 (*fn)(u64), u64 arg);
u64 hv_go(struct hv_vcpu* v);               /* enter; returns the status */
u64 hv_run(struct hv_vcpu* v, u64 (*fn)(u64), u64 arg); /* hv_boot + hv_go */
/* time-slice n booted vCPUs (hv_switch from hooks / HC_YIELD); returns when all stopped */
u64 hv_run_multi(struct hv_vcpu** vs, unsigned n);
void hv_bank_reset(void);                   /* guest CSR bank to its reset-like state */
void hv_stop(struct hv_vcpu* v, u64 status); /* from an exit: back to root code */
void hv_kill(struct hv_vcpu* v, const char* why);
void hv_switch(struct hv_vcpu* to);         /* from an exit: save hv_cur's bank, run `to` */
void hv_yield(void);                        /* from an exit: hv_switch to the next runnable */
void hv_bank_save(struct hv_vcpu* v);
void hv_bank_restore(struct hv_vcpu* v);
/* HPA (as a root pointer) of guest-physical address gpa inside the VM's RAM */
static inline volatile u64* hv_gpa_ptr(struct hv_vcpu* v, u64 gpa) {
    return (volatile u64*)(0x9000000000000000ULL | (v->hpa + (gpa - WORLD_GPA)));
}
/* the VM's copy of a world variable */
#define HV_GUEST_VAR(v, var) ((volatile __typeof__(var)*)hv_gpa_ptr((v), PA(&(var))))
/* stage-2 page with explicit flags (GPA -> HPA) */
static inline void hv_s2_map(struct hv_vcpu* v, u64 gpa, u64 hpa, u64 flags) { pt_map(&v->s2, gpa, hpa, flags); }
/* enter through TLBRERA (start.S) */
void hv_enter_tlbr(struct rt_frame* f);
u64 hv_enter(struct rt_frame* f);
extern struct rt_frame hv_host;
extern char g_start[], hv_exit_entry[], hv_tlbr_entry[], hv_s2_lddir2[];

/* ======================= part 3: guest ================================================== */
static inline u64 hv_call(u64 fn, u64 a1, u64 a2) {
    register u64 a0_ __asm__("$a0") = fn;
    register u64 a1_ __asm__("$a1") = a1;
    register u64 a2_ __asm__("$a2") = a2;
    __asm__ volatile("hvcl 0" : "+r"(a0_) : "r"(a1_), "r"(a2_) : "memory");
    return a0_;
}
void g_world_init(void);                   /* start.S g_start: tables, paging on */
void g_exit(u64 status) __attribute__((noreturn));
extern struct pt g_pt;                     /* the guest's stage-1 table (PGDL) */
void g_map(u64 va, u64 gpa, u64 flags);    /* one 4 KiB stage-1 page */
extern char g_user_prog[], g_user_prog_end[], g_user_sys1[];
