/* SPDX-License-Identifier: Apache-2.0
 * tests/priv runtime, C part: UART output, checks, the C halves of the trap entries, TLB
 * helpers. See priv.h. */
#include "priv.h"

int rt_failures;
volatile struct rt_trap_rec rt_t;
volatile struct rt_tlbr_rec rt_r;
volatile rt_hook_fn rt_trap_hook;
volatile rt_hook_fn rt_tlbr_hook;
volatile u64 rt_resume;
void (*volatile rt_secondary_fn)(u64 cpuid);
extern u64 rt_kctx[16];

/* --- output -------------------------------------------------------------------------- */
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
    static char buf[4][128];
    static int which;
    char* p = buf[which++ & 3];
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

/* PRIV_INVERT_CHECKS: every check reports the opposite (proves each one can fail) */
#ifdef PRIV_INVERT_CHECKS
#define RT_PASSES(c) (!(c))
#else
#define RT_PASSES(c) (c)
#endif

void rt_check(const char* what, u64 got, u64 expected, int line) {
    if (RT_PASSES(got == expected)) {
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
    cond = RT_PASSES(cond);
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

/* --- traps --------------------------------------------------------------------------- */
void rt_trap_clear(void) {
    rt_t.count = rt_t.estat = rt_t.era = rt_t.badv = rt_t.badi = rt_t.prmd = 0;
    rt_t.crmd = rt_t.vec = rt_t.tlbehi = rt_t.code = 0;
}

void rt_tlbr_clear(void) {
    rt_r.count = rt_r.badv = rt_r.era = rt_r.prmd = rt_r.crmd = rt_r.estat = 0;
    rt_r.tlbrehi = rt_r.tlbidx = rt_r.era_csr = rt_r.prmd_csr = rt_r.badv_csr = 0;
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
    if (rt_cpuid() == 0) {
        rt_t.count++;
        rt_t.estat = f->estat;
        rt_t.era = f->era;
        rt_t.badv = f->badv;
        rt_t.badi = f->badi;
        rt_t.prmd = f->prmd;
        rt_t.crmd = f->crmd;
        rt_t.vec = f->vec;
        rt_t.tlbehi = csrrd(CSR_TLBEHI);
        rt_t.code = ECODE(f->estat);
    }
    if (rt_trap_hook && rt_trap_hook(f)) return;
    if (ECODE(f->estat) == EC_INT && f->vec == (u64)-1) {
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
    rt_r.estat = f->estat;
    rt_r.tlbrehi = csrrd(CSR_TLBREHI);
    rt_r.era_csr = csrrd(CSR_ERA);
    rt_r.prmd_csr = csrrd(CSR_PRMD);
    rt_r.badv_csr = csrrd(CSR_BADV);
    if (rt_tlbr_hook && rt_tlbr_hook(f)) return;
    rt_puts("unexpected TLB refill, TLBRBADV = ");
    rt_puthex(f->badv);
    rt_puts(", TLBRERA = ");
    rt_puthex(f->era);
    rt_putc('\n');
    rt_fatal("TLB refill with no hook");
}

/* --- TLB ----------------------------------------------------------------------------- */
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

unsigned tlb_stlb_ways(void) { return (unsigned)((csrrd(CSR_PRCFG3) >> 12) & 0xff) + 1; }
unsigned tlb_stlb_sets(void) { return 1u << ((csrrd(CSR_PRCFG3) >> 20) & 0x3f); }
unsigned tlb_stlb_entries(void) {
    return (csrrd(CSR_PRCFG3) & 0xf) == 2 ? tlb_stlb_ways() * tlb_stlb_sets() : 0;
}
unsigned tlb_mtlb_entries(void) { return (unsigned)((csrrd(CSR_PRCFG3) >> 4) & 0xff) + 1; }
