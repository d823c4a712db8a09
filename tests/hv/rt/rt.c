/* SPDX-License-Identifier: Apache-2.0
 * tests/hv runtime, the part every world runs (root and guests): output, checks, the C
 * halves of a world's trap entries, TLB helpers, page tables. Every variable here is per
 * world (link.ld), so a guest's checks count in the guest's rt_failures. */
#include "hv.h"

int rt_failures;
volatile struct rt_trap_rec rt_t;
volatile struct rt_tlbr_rec rt_r;
volatile rt_hook_fn rt_trap_hook;
volatile rt_hook_fn rt_tlbr_hook;
volatile u64 rt_resume;
extern u64 rt_kctx[16];

void* memset(void* d, int c, unsigned long n) {
    volatile unsigned char* p = d;
    while (n--) *p++ = (unsigned char)c;
    return d;
}

void* memcpy(void* d, const void* s, unsigned long n) {
    volatile unsigned char* p = d;
    const unsigned char* q = s;
    while (n--) *p++ = *q++;
    return d;
}

/* --- output (in a guest every access is an exit the hypervisor emulates) --- */
void rt_putc(char c) {
    while (!(RT_UART[5] & 0x20)) {} /* LSR.THRE */
    RT_UART[0] = (uint8_t)c;
}

void rt_puts(const char* s) {
    while (*s) rt_putc(*s++);
}

void rt_puthex(u64 v) {
    rt_puts("0x");
    int started = 0;
    for (int i = 60; i >= 0; i -= 4) {
        unsigned d = (v >> i) & 0xf;
        if (d || started || i == 0) {
            rt_putc("0123456789abcdef"[d]);
            started = 1;
        }
    }
}

void rt_putdec(u64 v) {
    char buf[24];
    int n = 0;
    do {
        buf[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n) rt_putc(buf[--n]);
}

const char* rt_cat(const char* a, const char* b) {
    static char buf[8][128];
    static int which;
    char* p = buf[which++ & 7];
    int n = 0;
    while (*a && n < 126) p[n++] = *a++;
    if (n < 126) p[n++] = ' ';
    while (*b && n < 127) p[n++] = *b++;
    p[n] = 0;
    return p;
}

void rt_note(const char* s) {
    rt_puts(s);
    rt_putc('\n');
}

void rt_check(const char* what, u64 got, u64 expected, int line) {
    if (got == expected) {
        rt_puts("ok   ");
        rt_puts(what);
        rt_puts(" = ");
        rt_puthex(got);
    } else {
        ++rt_failures;
        rt_puts("FAIL ");
        rt_puts(what);
        rt_puts(" = ");
        rt_puthex(got);
        rt_puts(", expected ");
        rt_puthex(expected);
        rt_puts(" (line ");
        rt_putdec((u64)line);
        rt_putc(')');
    }
    rt_putc('\n');
}

void rt_check_true(const char* what, int cond, u64 value, int line) {
    if (cond) {
        rt_puts("ok   ");
    } else {
        ++rt_failures;
        rt_puts("FAIL ");
    }
    rt_puts(what);
    rt_puts(" (");
    rt_puthex(value);
    rt_putc(')');
    if (!cond) {
        rt_puts(" (line ");
        rt_putdec((u64)line);
        rt_putc(')');
    }
    rt_putc('\n');
}

int rt_done(const char* name) {
    rt_puts(rt_failures ? "FAIL " : "PASS ");
    rt_puts(name);
    rt_putc('\n');
    return rt_failures ? 1 : 0;
}

void rt_fatal(const char* why) {
    rt_puts("FAIL fatal: ");
    rt_puts(why);
    rt_putc('\n');
    rt_exit(3);
}

/* --- a world's traps --- */
void rt_trap_clear(void) {
    rt_t.count = rt_t.estat = rt_t.era = rt_t.badv = rt_t.badi = 0;
    rt_t.prmd = rt_t.crmd = rt_t.code = 0;
    rt_r.count = rt_r.badv = rt_r.era = rt_r.prmd = rt_r.crmd = rt_r.ehi = 0;
}

void rt_trap_c(struct rt_frame* f) {
    /* end of rt_run_user(): back to its caller with the user's a0 (not recorded) */
    if (ECODE(f->estat) == EC_SYS && f->r[11] == RT_SYS_EXIT) {
        f->era = rt_kctx[0];
        f->r[1] = rt_kctx[0];
        f->r[3] = rt_kctx[1];
        f->r[2] = rt_kctx[2];
        f->r[21] = rt_kctx[3];
        for (int i = 0; i < 10; ++i) f->r[22 + i] = rt_kctx[4 + i];
        f->prmd = PRMD_PPLV(0);
        return;
    }
    rt_t.count++;
    rt_t.estat = f->estat;
    rt_t.era = f->era;
    rt_t.badv = f->badv;
    rt_t.badi = f->badi;
    rt_t.prmd = f->prmd;
    rt_t.crmd = f->crmd;
    rt_t.code = ECODE(f->estat);
    if (rt_trap_hook && rt_trap_hook(f)) return;
    if (ECODE(f->estat) == EC_INT) {
        rt_puts("unexpected interrupt, ESTAT = ");
        rt_puthex(f->estat);
        rt_putc('\n');
        rt_fatal("interrupt with no hook");
    }
    if (rt_resume) {
        f->era = rt_resume;
        rt_resume = 0;
    } else {
        f->era += 4;
    }
}

void rt_tlbr_c(struct rt_frame* f) {
    rt_r.count++;
    rt_r.badv = f->badv;
    rt_r.era = f->era;
    rt_r.prmd = f->prmd;
    rt_r.crmd = f->crmd;
    rt_r.ehi = csrrd(CSR_TLBREHI);
    if (rt_tlbr_hook && rt_tlbr_hook(f)) return;
    rt_puts("unexpected TLB refill, TLBRBADV = ");
    rt_puthex(f->badv);
    rt_puts(", TLBRERA = ");
    rt_puthex(f->era);
    rt_putc('\n');
    rt_fatal("TLB refill with no hook");
}

struct rt_walk_rec walk_find_era(volatile struct rt_walk_log* l, u64 era) {
    struct rt_walk_rec r = {0};
    u64 n = l->count;
    for (u64 k = 0; k < 16 && k < n; ++k) {
        const volatile struct rt_walk_rec* p = &l->ring[(n - k) & 15];
        if ((p->era & ~3ULL) == era) {
            r.badv = p->badv; r.era = p->era; r.prmd = p->prmd; r.crmd = p->crmd;
            r.gstat = p->gstat; r.ehi = p->ehi; r.estat = p->estat; r.xera = p->xera;
            return r;
        }
    }
    return r;
}

struct rt_walk_rec walk_find_badv(volatile struct rt_walk_log* l, u64 badv) {
    struct rt_walk_rec r = {0};
    u64 n = l->count;
    for (u64 k = 0; k < 16 && k < n; ++k) {
        const volatile struct rt_walk_rec* p = &l->ring[(n - k) & 15];
        if ((p->badv >> 12) == (badv >> 12)) {
            r.badv = p->badv; r.era = p->era; r.prmd = p->prmd; r.crmd = p->crmd;
            r.gstat = p->gstat; r.ehi = p->ehi; r.estat = p->estat; r.xera = p->xera;
            return r;
        }
    }
    return r;
}

/* --- TLB helpers (current bank) --- */
void tlb_write(u64 idx, u64 va, unsigned ps, u64 lo0, u64 lo1) {
    csrwr(CSR_TLBEHI, va & ~0x1fffULL);
    csrwr(CSR_TLBELO0, lo0);
    csrwr(CSR_TLBELO1, lo1);
    csrwr(CSR_TLBIDX, idx | TLBIDX_PS(ps)); /* NE = 0 */
    tlbwr();
}

void tlb_fill(u64 va, unsigned ps, u64 lo0, u64 lo1) {
    csrwr(CSR_TLBEHI, va & ~0x1fffULL);
    csrwr(CSR_TLBELO0, lo0);
    csrwr(CSR_TLBELO1, lo1);
    csrwr(CSR_TLBIDX, TLBIDX_PS(ps));
    tlbfill();
}

void tlbr_fill(unsigned ps, u64 lo0, u64 lo1) {
    csrxchg(CSR_TLBREHI, ps, 0x3f);
    csrwr(CSR_TLBRELO0, lo0);
    csrwr(CSR_TLBRELO1, lo1);
    tlbfill();
}

u64 tlb_search(u64 va) {
    csrwr(CSR_TLBEHI, va & ~0x1fffULL);
    tlbsrch();
    return csrrd(CSR_TLBIDX);
}

struct tlb_entry tlb_read(u64 idx) {
    struct tlb_entry e;
    csrwr(CSR_TLBIDX, idx);
    tlbrd();
    e.idx = csrrd(CSR_TLBIDX);
    e.ehi = csrrd(CSR_TLBEHI);
    e.lo0 = csrrd(CSR_TLBELO0);
    e.lo1 = csrrd(CSR_TLBELO1);
    e.asid = csrrd(CSR_ASID) & 0x3ff;
    return e;
}

/* --- page tables --- */
static u64* pt_alloc(struct pt* t, u64 fill) {
    if (t->used >= t->npages) rt_fatal("page-table pool exhausted");
    u64* p = t->pool[t->used++];
    for (int i = 0; i < 512; ++i) p[i] = fill;
    return p;
}

void pt_init(struct pt* t, u64 (*pool)[512], unsigned npages) {
    t->pool = pool;
    t->npages = npages;
    t->used = 0;
    t->inv_pt = pt_alloc(t, 0);
    t->inv_dir1 = pt_alloc(t, PA(t->inv_pt));
    t->top = pt_alloc(t, PA(t->inv_dir1));
}

/* the table a directory entry points to, as a pointer in this world (DMW1 window) */
static u64* pt_table(u64 entry) { return (u64*)(0x9000000000000000ULL | (entry & PA_MASK & ~0xfffULL)); }

u64* pt_pte(struct pt* t, u64 va) {
    u64* d2 = t->top;
    unsigned i2 = (va >> 30) & 0x1ff, i1 = (va >> 21) & 0x1ff, i0 = (va >> 12) & 0x1ff;
    if (d2[i2] == PA(t->inv_dir1)) d2[i2] = PA(pt_alloc(t, PA(t->inv_pt)));
    u64* d1 = pt_table(d2[i2]);
    if (d1[i1] == PA(t->inv_pt)) d1[i1] = PA(pt_alloc(t, 0));
    u64* pte = pt_table(d1[i1]);
    return &pte[i0];
}

void pt_map(struct pt* t, u64 va, u64 pa, u64 flags) {
    *pt_pte(t, va) = (pa & PA_MASK & ~0xfffULL) | flags;
}

void pt_map_range(struct pt* t, u64 va, u64 pa, u64 size, u64 flags) {
    for (u64 o = 0; o < size; o += 4096) pt_map(t, va + o, pa + o, flags);
}
