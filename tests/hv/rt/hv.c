/* SPDX-License-Identifier: Apache-2.0
 * tests/hv runtime, root part: the hypervisor. See hv.h and start.S.
 *
 * Exit handling (hv_exit_c), after the program's hv_exit_hook declined:
 *   INT   acknowledge the root timer / IPI / SWIs that are pending and enabled, resume
 *   PIL/PIS  MMIO at an unmapped GPA: decode BADI (ld/st/ldx/stx/ldptr/stptr), emulate
 *         the UART (THR -> per-vCPU line buffer printed with "  [gN]"; LSR = 0x60), the
 *         exit register and GED (the guest stops), a test device; anything else kills
 *   GSPR  decode BADI: cpucfg (host value, LVZ bits hidden as KVM does), csr* (reads give
 *         HV_CSR_MARK | csr, writes are recorded), iocsr* (HV_IOCSR_MARK...), idle,
 *         cacop and TLB instructions (no-ops); ERA += 4
 *   HVC   the hypercalls of hv.h; ERA += 4
 *   FPD   lazy FPU: root EUEN.FPE = 1, retry
 *   else  the guest is killed (hv_kill) and the run returns HV_ST_KILLED | Ecode. */
#include "hv.h"

struct hv_exit_rec hv_log[HV_LOG_SIZE];
u64 hv_nlog;
struct hv_vcpu* hv_cur;
hv_exit_hook_fn hv_exit_hook;
u64 (*hv_hc_hook)(struct hv_vcpu* v, u64 a1, u64 a2);
u64 hv_shared[8];
struct hv_resets hv_reset;
int hv_keep_tgid;
int hv_no_flush;
struct hv_vcpu* hv_vms[4];
unsigned hv_nvms;
static struct rt_frame* hv_next;

void hv_cpu_init(void) {
    hv_reset.gstat = csrrd(CSR_GSTAT);
    hv_reset.gcfg = csrrd(CSR_GCFG);
    hv_reset.gtlbc = csrrd(CSR_GTLBC);
    hv_reset.gintc = csrrd(CSR_GINTC);
    hv_reset.gcntc = csrrd(CSR_GCNTC);
    hv_reset.trgp = csrrd(CSR_TRGP);
    hv_reset.g_crmd = gcsrrd(CSR_CRMD);
    hv_reset.g_asid = gcsrrd(CSR_ASID);
    hv_reset.g_prcfg1 = gcsrrd(CSR_PRCFG1);
    hv_reset.g_prcfg3 = gcsrrd(CSR_PRCFG3);
    hv_reset.cpucfg2 = cpucfg(2);

    csrwr(CSR_EENTRY, (u64)hv_exit_entry);
    csrwr(CSR_TLBRENTRY, PA(hv_tlbr_entry));
    csrwr(CSR_PWCL, RT_PWCL_VALUE);
    csrwr(CSR_PWCH, 0);
    csrwr(CSR_STLBPS, 12);
    set_asid(0);
    /* KVM's per-CPU enable (lvz.md §2.3, Linux kvm/main.c) */
    csrwr(CSR_GCFG, 0);
    csrwr(CSR_GSTAT, 0);
    csrwr(CSR_GINTC, 0);
    csrxchg(CSR_GTLBC, 0, GTLBC_USETGID | GTLBC_TOTI);
    csrwr(CSR_GCFG, GCFG_GCI(2) | GCFG_MATC(1));
    invtlb(0x12, 0, 0);
    csrxchg(CSR_GTLBC, GTLBC_USETGID, GTLBC_USETGID);
    rt_paging_on();
}

/* --- exit log --- */
void hv_log_clear(void) {
    hv_nlog = 0;
    memset(hv_log, 0, sizeof hv_log);
}

static void hv_log_add(struct hv_vcpu* v, struct rt_frame* f) {
    struct hv_exit_rec* r = &hv_log[hv_nlog % HV_LOG_SIZE];
    r->n = ++hv_nlog;
    r->estat = f->estat;
    r->era = f->era;
    r->badv = f->badv;
    r->badi = f->badi & 0xffffffffULL;
    r->prmd = f->prmd;
    r->crmd = f->crmd;
    r->gstat = f->gstat;
    r->gid = v->gid;
    r->g_crmd = gcsrrd(CSR_CRMD);
    r->g_prmd = gcsrrd(CSR_PRMD);
    r->g_estat = gcsrrd(CSR_ESTAT);
    r->g_era = gcsrrd(CSR_ERA);
    r->g_badv = gcsrrd(CSR_BADV);
}

struct hv_exit_rec hv_exit_at(u64 era) {
    struct hv_exit_rec none = {0};
    for (u64 k = 0; k < HV_LOG_SIZE && k < hv_nlog; ++k) {
        struct hv_exit_rec* r = &hv_log[(hv_nlog - 1 - k) % HV_LOG_SIZE];
        if (r->era == era) return *r;
    }
    return none;
}

u64 hv_exits_with(u64 ecode) {
    u64 n = 0;
    for (u64 k = 0; k < HV_LOG_SIZE && k < hv_nlog; ++k)
        if (ECODE(hv_log[k].estat) == ecode) ++n;
    return n;
}

/* --- guest CSR bank (lvz.md §3.2) --- */
#define HV_GCSR_PLAIN(X)                                                                   \
    X(CSR_CRMD) X(CSR_PRMD) X(CSR_EUEN) X(CSR_MISC) X(CSR_ECFG) X(CSR_ERA) X(CSR_BADV)     \
    X(CSR_BADI) X(CSR_EENTRY) X(CSR_TLBIDX) X(CSR_TLBEHI) X(CSR_TLBELO0) X(CSR_TLBELO1)    \
    X(CSR_ASID) X(CSR_PGDL) X(CSR_PGDH) X(CSR_PWCL) X(CSR_PWCH) X(CSR_STLBPS)              \
    X(CSR_RVACFG) X(CSR_CPUID) X(CSR_SAVE0) X(CSR_SAVE1) X(CSR_SAVE2) X(CSR_SAVE3)         \
    X(CSR_SAVE4) X(CSR_SAVE5) X(CSR_SAVE6) X(CSR_SAVE7) X(CSR_TID) X(CSR_CNTC)             \
    X(CSR_TLBRENTRY) X(CSR_TLBRBADV) X(CSR_TLBRERA) X(CSR_TLBRSAVE) X(CSR_TLBRELO0)        \
    X(CSR_TLBRELO1) X(CSR_TLBREHI) X(CSR_TLBRPRMD) X(CSR_DMW0) X(CSR_DMW1) X(CSR_DMW2)     \
    X(CSR_DMW3)

void hv_bank_reset(void) {
#define Z(n) gcsrwr(n, 0);
    HV_GCSR_PLAIN(Z)
#undef Z
    gcsrwr(CSR_CRMD, CRMD_DA);
    gcsrwr(CSR_TCFG, 0);
    gcsrwr(CSR_TICLR, 1);
    gcsrxchg(CSR_ESTAT, 0, 0x7fff1c03ULL); /* IS 1:0, 12:10, Ecode, EsubCode */
    gcsrwr(CSR_LLBCTL, 2);                 /* WCLLB; KLO = 0 */
}

void hv_bank_save(struct hv_vcpu* v) {
    unsigned i = 0;
#define S(n) v->gcsr[i++] = gcsrrd(n);
    HV_GCSR_PLAIN(S)
#undef S
    v->gcsr[i++] = gcsrrd(CSR_TCFG);
    v->gcsr[i++] = gcsrrd(CSR_TVAL);
    v->gcsr[i++] = gcsrrd(CSR_ESTAT);
    v->gcsr[i++] = gcsrrd(CSR_LLBCTL);
    v->gintc = csrrd(CSR_GINTC);
    v->gcntc = csrrd(CSR_GCNTC);
}

/* KVM's order: the plain CSRs, then TCFG (restarts the countdown) and TVAL (the remaining
 * ticks), then ESTAT (pending SWI/TI/IPI), LLBCTL with WCLLB */
void hv_bank_restore(struct hv_vcpu* v) {
    unsigned i = 0;
#define R(n) gcsrwr(n, v->gcsr[i++]);
    HV_GCSR_PLAIN(R)
#undef R
    gcsrwr(CSR_TCFG, v->gcsr[i++]);
    gcsrwr(CSR_TVAL, v->gcsr[i++]);
    gcsrxchg(CSR_ESTAT, v->gcsr[i++], 0x7fff1c03ULL);
    gcsrwr(CSR_LLBCTL, (v->gcsr[i++] & 4) | 2);
    csrwr(CSR_GINTC, v->gintc);
    csrwr(CSR_GCNTC, v->gcntc);
}

/* --- VMs --- */
void hv_vm_init(struct hv_vcpu* v, unsigned gid, u64 hpa) {
    memset(v, 0, sizeof *v);
    v->gid = gid;
    v->hpa = hpa;
    pt_init(&v->s2, v->s2_pool, HV_S2_PAGES);
    pt_map_range(&v->s2, PA(__shared_start), PA(__shared_start),
                 (u64)(__shared_end - __shared_start), PTE_RO);
    pt_map_range(&v->s2, WORLD_GPA, hpa, GUEST_PRIV_SIZE, PTE_RW);
}

void hv_boot(struct hv_vcpu* v, u64 (*fn)(u64), u64 arg) {
    volatile u64* w = hv_gpa_ptr(v, WORLD_GPA);
    for (u64 i = 0; i < 0x100000 / 8; ++i) w[i] = 0;
    hv_bank_reset();
    csrwr(CSR_GINTC, 0);
    csrwr(CSR_GCNTC, 0);
    if (!hv_no_flush) invtlb(0x15, INVTLB_INFO(v->gid, 0), 0);
    hv_log_clear();
    memset(&v->f, 0, sizeof v->f);
    v->f.era = (u64)g_start;
    v->f.r[4] = (u64)fn;
    v->f.r[5] = arg;
    v->f.prmd = PRMD_PIE;
    v->state = HV_IDLE;
    v->status = 0;
    v->guest_failures = 0;
    v->linelen = 0;
    v->slices = 0;
    v->exits = 0;
}

static void hv_prepare(struct hv_vcpu* v) {
    v->f.gstat = GSTAT_PVM | GSTAT_GID(v->gid);
    if (!hv_keep_tgid) csrxchg(CSR_GTLBC, GTLBC_TGID(v->gid), GTLBC_TGID_MASK);
    csrwr(CSR_PGDL, pt_root(&v->s2));
}

u64 hv_go(struct hv_vcpu* v) {
    if (hv_nvms == 0 || hv_vms[0] != v) {
        hv_vms[0] = v;
        hv_nvms = 1;
    }
    hv_cur = v;
    v->state = HV_RUNNING;
    v->slices = 1;
    hv_prepare(v);
    u64 st = hv_enter(&v->f);
    for (unsigned i = 0; i < hv_nvms; ++i) rt_failures += (int)hv_vms[i]->guest_failures;
    hv_nvms = 0;
    return st;
}

u64 hv_run(struct hv_vcpu* v, u64 (*fn)(u64), u64 arg) {
    hv_boot(v, fn, arg);
    return hv_go(v);
}

/* the next vCPU after hv_cur that is still running, or 0 */
static struct hv_vcpu* hv_other(void) {
    unsigned me = 0;
    for (unsigned i = 0; i < hv_nvms; ++i)
        if (hv_vms[i] == hv_cur) me = i;
    for (unsigned k = 1; k <= hv_nvms; ++k) {
        struct hv_vcpu* o = hv_vms[(me + k) % hv_nvms];
        if (o != hv_cur && o->state == HV_RUNNING) return o;
    }
    return 0;
}

void hv_switch(struct hv_vcpu* to) {
    if (hv_cur->state == HV_RUNNING) hv_bank_save(hv_cur);
    hv_bank_restore(to);
    hv_cur = to;
    to->slices++;
    hv_next = &to->f;
}

void hv_yield(void) {
    struct hv_vcpu* o = hv_other();
    if (o) hv_switch(o);
}

static void hv_finish(struct hv_vcpu* v) {
    struct hv_vcpu* o = hv_other();
    if (o) {
        hv_switch(o);
    } else {
        hv_host.r[4] = v->status;
        hv_next = &hv_host;
    }
}

void hv_stop(struct hv_vcpu* v, u64 status) {
    v->state = HV_DONE;
    v->status = status;
    hv_finish(v);
}

void hv_kill(struct hv_vcpu* v, const char* why) {
    rt_puts("hv: guest ");
    rt_putdec(v->gid);
    rt_puts(" killed (");
    rt_puts(why);
    rt_puts("): ESTAT ");
    rt_puthex(v->f.estat);
    rt_puts(" ERA ");
    rt_puthex(v->f.era);
    rt_puts(" BADV ");
    rt_puthex(v->f.badv);
    rt_puts(" BADI ");
    rt_puthex(v->f.badi & 0xffffffffULL);
    rt_putc('\n');
    v->state = HV_KILLED;
    v->status = HV_ST_KILLED | ECODE(v->f.estat);
    hv_finish(v);
}

/* --- emulation --- */
static void guest_putc(struct hv_vcpu* v, char c) {
    if (c == '\n' || v->linelen >= sizeof v->line - 1) {
        v->line[v->linelen] = 0;
        rt_puts(v->line);
        rt_puts("  [g");
        rt_putdec(v->gid);
        rt_puts("]\n");
        v->linelen = 0;
        if (c == '\n') return;
    }
    v->line[v->linelen++] = c;
}

static void set_rd(struct rt_frame* f, unsigned rd, u64 val) {
    if (rd) f->r[rd] = val;
}

/* a load/store word: size in bytes, store?, sign-extending?, rd; 0 if not one */
struct hv_acc { unsigned size, store, sext, rd; };
static int hv_decode_mem(u32 w, struct hv_acc* a) {
    static const unsigned char sz[11] = {1, 2, 4, 8, 1, 2, 4, 8, 1, 2, 4};
    a->rd = w & 31;
    unsigned k;
    if ((w >> 22) >= 0xa0 && (w >> 22) <= 0xaa) {          /* ld.b .. ld.wu (si12) */
        k = (w >> 22) - 0xa0;
    } else if ((w >> 15) >= 0x7000 && (w >> 15) <= 0x7050 && !((w >> 15) & 7)) {
        k = ((w >> 15) - 0x7000) >> 3;                     /* ldx.b .. ldx.wu */
    } else if ((w >> 24) >= 0x24 && (w >> 24) <= 0x27) {   /* ldptr/stptr .w/.d */
        static const unsigned char kk[4] = {2, 6, 3, 7};
        k = kk[(w >> 24) - 0x24];
    } else {
        return 0;
    }
    a->size = sz[k];
    a->store = k >= 4 && k <= 7;
    a->sext = k <= 3;
    return 1;
}

static void hv_mmio(struct hv_vcpu* v, struct rt_frame* f) {
    struct hv_acc a;
    u64 gpa = f->badv, val = 0;
    if (!hv_decode_mem((u32)f->badi, &a)) {
        hv_kill(v, "page fault on a GPA by a non-load/store");
        return;
    }
    u64 mask = a.size == 8 ? ~0ULL : (1ULL << (8 * a.size)) - 1;
    if (a.store) val = f->r[a.rd] & mask;
    if (gpa - HV_UART_GPA < 8) {
        if (a.store && gpa == HV_UART_GPA) guest_putc(v, (char)val);
        else if (!a.store) val = gpa == HV_UART_GPA + 5 ? 0x60 : 0;
    } else if (gpa == HV_EXITREG_GPA && a.store) {
        u64 code = (val & 0xffff) == 0x5555 ? 0 : (val >> 16);
        hv_stop(v, 0xe0000000ULL | code);
        return;
    } else if (gpa == HV_GED_GPA && a.store) {
        hv_stop(v, 0xe0000000ULL);
        return;
    } else if (gpa - HV_MMIO_TEST < 64) {
        unsigned reg = (unsigned)((gpa - HV_MMIO_TEST) >> 3), sh = (unsigned)(gpa & 7) * 8;
        if (a.store) v->mmio[reg] = (v->mmio[reg] & ~(mask << sh)) | (val << sh);
        else val = (v->mmio[reg] >> sh) & mask;
    } else {
        hv_kill(v, a.store ? "store to an unmapped GPA" : "load from an unmapped GPA");
        return;
    }
    if (!a.store) {
        if (a.sext && a.size < 8 && (val >> (8 * a.size - 1)) & 1) val |= ~mask;
        set_rd(f, a.rd, val);
    }
    f->era += 4;
}

static void hv_gspr(struct hv_vcpu* v, struct rt_frame* f) {
    u32 w = (u32)f->badi;
    unsigned rd = w & 31, rj = (w >> 5) & 31;
    if ((w & 0xfffffc00) == 0x00006c00) {                  /* cpucfg rd, rj */
        u64 idx = f->r[rj], val = cpucfg(idx);
        if (idx == 2) val &= ~(0xfULL << 10);              /* no LVZ for the guest (KVM) */
        set_rd(f, rd, val);
    } else if ((w >> 24) == 0x04) {                        /* csrrd / csrwr / csrxchg */
        u64 csr = (w >> 10) & 0x3fff;
        if (rj != 0) v->csr_wr = f->r[rd];
        set_rd(f, rd, HV_CSR_MARK | csr);
    } else if ((w >> 22) == 0x18) {                        /* cacop: no-op */
    } else if ((w & 0xffffe000) == 0x06480000) {           /* iocsrrd.* / iocsrwr.* */
        unsigned op = (w >> 10) & 7;
        if (op >= 4) v->iocsr_wr = f->r[rd];
        else set_rd(f, rd, HV_IOCSR_MARK | ((u64)op << 32) | (f->r[rj] & 0xffffffffULL));
    } else if ((w & 0xffff8000) == 0x06488000) {           /* idle: no-op */
    } else if ((w >= 0x06482000 && w <= 0x06483400 && !(w & 0x3ff)) ||
               (w & 0xffff8000) == 0x06498000) {           /* TLB instructions (TOTI) */
    } else {
        hv_kill(v, "GSPR for an instruction the hypervisor does not emulate");
        return;
    }
    f->era += 4;
}

static void hv_hypercall(struct hv_vcpu* v, struct rt_frame* f) {
    u64 fn = f->r[4], a1 = f->r[5], a2 = f->r[6], r = 0;
    switch (fn) {
    case HC_EXIT:
        v->guest_failures = a2;
        hv_stop(v, a1);
        return;
    case HC_PING: r = a1 + 1; break;
    case HC_GID: r = v->gid; break;
    case HC_FLUSH_S2: invtlb(0x14, INVTLB_INFO(v->gid, 0), 0); break;
    case HC_YIELD:
        f->r[4] = 0;
        f->era += 4;
        hv_yield();
        return;
    case HC_MARK: hv_shared[a1 & 7] = a2; break;
    case HC_QUERY: r = hv_shared[a1 & 7]; break;
    case HC_VIP_SET: csrxchg(CSR_GINTC, a1, a1 & 0xff); break;
    case HC_VIP_CLR: csrxchg(CSR_GINTC, 0, a1 & 0xff); break;
    case HC_EST_SET: gcsrxchg(CSR_ESTAT, a1, a1); break;
    case HC_EST_CLR: gcsrxchg(CSR_ESTAT, 0, a1); break;
    case HC_TEST: v->hc_last = a1; r = hv_hc_hook ? hv_hc_hook(v, a1, a2) : 0; break;
    default: r = (u64)-1; break;
    }
    f->r[4] = r;
    f->era += 4;
}

static void hv_interrupt(struct rt_frame* f) {
    u64 is = ESTAT_IS(f->estat) & csrrd(CSR_ECFG);
    if (is & (1u << IRQ_TI)) csrwr(CSR_TICLR, 1);
    if (is & (1u << IRQ_IPI)) iocsr_wr_w(IOCSR_IPI_CLEAR, 0xffffffffULL);
    if (is & 3) csrxchg(CSR_ESTAT, 0, is & 3);
}

static int hv_is_uart(struct rt_frame* f) {
    u64 ec = ECODE(f->estat);
    return (ec == EC_PIL || ec == EC_PIS) && f->badv - HV_UART_GPA < 8;
}

struct rt_frame* hv_exit_c(struct rt_frame* f) {
    struct hv_vcpu* v = hv_cur;
    hv_next = f;
    v->exits++;
    if (!hv_is_uart(f)) hv_log_add(v, f);
    if (!(hv_exit_hook && hv_exit_hook(v, f))) {
        switch (ECODE(f->estat)) {
        case EC_INT: hv_interrupt(f); break;
        case EC_PIL:
        case EC_PIS: hv_mmio(v, f); break;
        case EC_GSPR: hv_gspr(v, f); break;
        case EC_HVC: hv_hypercall(v, f); break;
        case EC_FPD: csrxchg(CSR_EUEN, EUEN_FPE, EUEN_FPE); break;
        default: hv_kill(v, "unexpected exit"); break;
        }
    }
    if (hv_next != &hv_host) hv_prepare(hv_cur);
    return hv_next;
}

u64 hv_run_multi(struct hv_vcpu** vs, unsigned n) {
    for (unsigned i = 1; i < n; ++i) {
        hv_bank_reset();
        csrwr(CSR_GINTC, 0);
        csrwr(CSR_GCNTC, 0);
        hv_bank_save(vs[i]);
        vs[i]->state = HV_RUNNING;
    }
    hv_bank_reset();
    for (unsigned i = 0; i < n; ++i) hv_vms[i] = vs[i];
    hv_nvms = n;
    return hv_go(vs[0]);
}
