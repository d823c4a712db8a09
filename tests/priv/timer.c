/* SPDX-License-Identifier: Apache-2.0
 * Stable counter and core timer (LoongArch Reference Manual Vol 1 v1.10 §2.2.10.4
 * RDTIME, §6.2 interrupts, §7.6 timer CSRs TID/TCFG/TVAL/CNTC/TICLR, §4.2.6.2 IDLE;
 * ../shared/reference/la64-privileged.md §8, §13).
 *
 * Nothing here depends on how fast time runs (QEMU uses host time, lvzemu counts
 * retired instructions): only on orderings. Waits are bounded by the stable counter
 * (2^30 ticks) so a broken timer fails instead of hanging.
 *  - CPUCFG2.LLFTP, CPUCFG4/5: a constant-frequency counter between 1 MHz and 10 GHz;
 *  - RDTIME never goes backwards; rj = CSR.TID;
 *  - TVAL counts down from TCFG.InitVal, in step with the counter: with counter reads
 *    r0 before the TCFG write and r2 after the TVAL read v, InitVal - (r2 - r0) - slack
 *    <= v <= InitVal; writing TCFG restarts it;
 *  - one-shot: TI (ESTAT.IS[11]) once, TVAL stays at 0 (no reload), TI stays set until
 *    TICLR.CLR = 1 (writing ESTAT does not clear it), TICLR reads 0;
 *  - periodic: TI again after each TICLR, TVAL reloaded (never above InitVal);
 *  - TCFG.En = 0: TVAL frozen, no TI;
 *  - the interrupt needs ECFG.LIE.TI and CRMD.IE; ERA = the interrupted instruction;
 *  - IDLE returns once the timer interrupt is pending and enabled in ECFG.LIE: with
 *    IE = 1 the interrupt is taken with ERA = the instruction after IDLE; with IE = 0
 *    execution just continues after IDLE (la64-privileged.md §13).
 *
 * QEMU 7.2 deviations (manual-only): RDTIME ignores CNTC; PRCFG1 reads 0 (no
 * TimerBits); TVAL is computed from QEMU's host-timer deadline, so after a one-shot
 * expiry or with TCFG.En = 0 it reads a meaningless, still-changing value instead of
 * 0 / the frozen count; after a periodic expiry it stays meaningless until QEMU's host
 * timer callback has reloaded it (on a loaded host, for milliseconds). */
#include "priv.h"

#define TI (1ULL << IRQ_TI)
#define N 0x8000ULL                                    /* timer interval, counter ticks */
#define SLACK 64ULL                                    /* rounding between TVAL and RDTIME */

static u64 ti_pending(void) { return (csrrd(CSR_ESTAT) & TI) != 0; }

/* wait until TI is pending; 0 on timeout (2^30 counter ticks: QEMU delivers the timer
 * from a host thread, which a loaded host may delay by many milliseconds) */
#define WAIT_LIMIT (1ULL << 30)
static int wait_ti(void) {
    u64 t0 = rdtime();
    while (!ti_pending())
        if (rdtime() - t0 > WAIT_LIMIT) return 0;
    return 1;
}
static void wait_ticks(u64 n) {
    u64 t0 = rdtime();
    while (rdtime() - t0 < n) {}
}

static void test_counter(void) {
    u64 c2 = cpucfg(2), f = cpucfg(4), m = cpucfg(5) & 0xffff, d = (cpucfg(5) >> 16) & 0xffff;
    CHECK("CPUCFG2.LLFTP (constant-frequency counter)", (c2 >> 14) & 1, 1);
    CHECK_TRUE("CPUCFG5.CC_MUL != 0", m != 0, m);
    CHECK_TRUE("CPUCFG5.CC_DIV != 0", d != 0, d);
    u64 hz = d ? f * m / d : 0;
    CHECK_TRUE("counter frequency CC_FREQ * MUL / DIV in [1 MHz, 10 GHz]", hz >= 1000000 && hz <= 10000000000ULL, hz);
    csrwr(CSR_TID, 0x77);
    u64 t, id;
    __asm__ volatile("rdtime.d %0, %1" : "=r"(t), "=r"(id) : : "memory");
    CHECK("RDTIME.D rj = CSR.TID", id, 0x77);
    u64 prev = rdtime(), back = 0;
    for (int i = 0; i < 1000; ++i) {
        u64 now = rdtime();
        back += now < prev;
        prev = now;
    }
    CHECK("RDTIME never goes backwards (1000 reads)", back, 0);
    wait_ticks(10);
    CHECK_TRUE("RDTIME advances", rdtime() > prev, rdtime() - prev);
    if (MANUAL_ONLY("PRCFG1.TimerBits (QEMU 7.2 reads PRCFG1 as 0)")) {
        u64 bits = ((csrrd(CSR_PRCFG1) >> 4) & 0xff) + 1;
        CHECK_TRUE("PRCFG1.TimerBits + 1 in [32, 64]", bits >= 32 && bits <= 64, bits);
    }
    if (MANUAL_ONLY("RDTIME adds CNTC")) {
        u64 a = rdtime();
        csrwr(CSR_CNTC, 1ULL << 40);
        u64 b = rdtime();
        csrwr(CSR_CNTC, 0);
        CHECK_TRUE("CNTC = 2^40: RDTIME jumps by about 2^40", b - a >= (1ULL << 40) && b - a < (1ULL << 40) + (1ULL << 32), b - a);
    }
}

static void test_oneshot(void) {
    csrwr(CSR_ECFG, 0);
    csrwr(CSR_TICLR, 1);
    CHECK("TICLR reads 0", csrrd(CSR_TICLR), 0);
    CHECK("no TI before the timer starts", ti_pending(), 0);
    /* TVAL against the counter, on a timer far from expiry (2^30 ticks) */
    const u64 L = 1ULL << 30;
    u64 r0 = rdtime();
    csrwr(CSR_TCFG, L | 1);                            /* En, one-shot */
    u64 v = csrrd(CSR_TVAL);
    u64 r2 = rdtime();
    u64 v2 = csrrd(CSR_TVAL);
    CHECK("TCFG reads back (InitVal | En)", csrrd(CSR_TCFG), L | 1);
    CHECK_TRUE("TVAL <= InitVal", v <= L, v);
    CHECK_TRUE("TVAL >= InitVal - (r2 - r0) - slack", v + (r2 - r0) + SLACK >= L, v);
    CHECK_TRUE("TVAL counts down", v2 <= v, v2);
    /* one-shot expiry */
    r0 = rdtime();
    csrwr(CSR_TCFG, N | 1);
    CHECK("one-shot: TI arrives", wait_ti(), 1);
    u64 r3 = rdtime();
    CHECK_TRUE("one-shot: not before InitVal ticks", r3 - r0 + SLACK >= N, r3 - r0);
    int tval_ok = MANUAL_ONLY("TVAL = 0 after a one-shot expiry (QEMU 7.2 reads garbage)");
    if (tval_ok) CHECK("one-shot: TVAL stopped at 0", csrrd(CSR_TVAL), 0);
    wait_ticks(N / 4);
    CHECK("one-shot: TI stays set", ti_pending(), 1);
    if (tval_ok) CHECK("one-shot: TVAL still 0", csrrd(CSR_TVAL), 0);
    csrwr(CSR_ESTAT, 0);
    CHECK("writing ESTAT does not clear TI", ti_pending(), 1);
    csrwr(CSR_TICLR, 1);
    CHECK("TICLR.CLR clears TI", ti_pending(), 0);
    wait_ticks(2 * N);
    CHECK("one-shot: no second TI", ti_pending(), 0);
    csrwr(CSR_TCFG, 0);
}

static void test_periodic(void) {
    csrwr(CSR_TICLR, 1);
    csrwr(CSR_TCFG, N | 3);                            /* En, Periodic */
    int ok = 1, over = 0;
    for (int i = 0; i < 3; ++i) {
        ok &= wait_ti();
        csrwr(CSR_TICLR, 1);
        u64 v = csrrd(CSR_TVAL);
        over += v > N;
    }
    CHECK("periodic: TI three times, cleared in between", ok, 1);
    if (MANUAL_ONLY("TVAL after a periodic reload (QEMU 7.2: garbage until its host timer runs)"))
        CHECK("periodic: TVAL reloaded, never above InitVal", over, 0);
    CHECK("periodic: TCFG.En still 1", csrrd(CSR_TCFG) & 3, 3);
    /* rewriting TCFG restarts the count from the new InitVal */
    const u64 L = 1ULL << 30;
    u64 r0 = rdtime();
    csrwr(CSR_TCFG, L | 3);
    u64 v = csrrd(CSR_TVAL), r1 = rdtime();
    CHECK_TRUE("TCFG rewrite: TVAL restarts from the new InitVal", v + (r1 - r0) + SLACK >= L && v <= L, v);
    /* En = 0: frozen */
    csrwr(CSR_TCFG, L | 2);
    csrwr(CSR_TICLR, 1);
    u64 f1 = csrrd(CSR_TVAL);
    wait_ticks(N);
    u64 f2 = csrrd(CSR_TVAL);
    if (MANUAL_ONLY("TVAL frozen while TCFG.En = 0"))
        CHECK("TCFG.En = 0: TVAL frozen", f2, f1);
    CHECK("TCFG.En = 0: no TI", ti_pending(), 0);
    csrwr(CSR_TCFG, 0);
}

/* --- interrupts ----------------------------------------------------------------------- */
static volatile u64 nirq, irq_era, irq_estat, irq_prmd;
static int ti_hook(struct rt_frame* f) {
    if (ECODE(f->estat) != EC_INT) return 0;
    nirq++;
    irq_era = f->era;
    irq_estat = f->estat;
    irq_prmd = f->prmd;
    csrwr(CSR_TICLR, 1);
    return 1;
}

static void test_interrupt(void) {
    rt_trap_hook = ti_hook;
    nirq = 0;
    csrwr(CSR_ECFG, 0);
    csrwr(CSR_TICLR, 1);
    csrwr(CSR_TCFG, N | 1);
    CHECK("TI pending (polled)", wait_ti(), 1);
    csrxchg(CSR_CRMD, CRMD_IE, CRMD_IE);
    wait_ticks(N / 8);
    csrxchg(CSR_CRMD, 0, CRMD_IE);
    CHECK("ECFG.LIE.TI = 0: not taken with IE = 1", nirq, 0);
    csrwr(CSR_ECFG, TI);
    wait_ticks(N / 8);
    CHECK("ECFG.LIE.TI = 1, IE = 0: not taken", nirq, 0);
    u64 pc;
    __asm__ volatile("la.abs %0, 1f\n\tori $t7, $zero, 4\n\tori $t8, $zero, 4\n\t"
                     "csrxchg $t7, $t8, 0x0\n1:\tnop" : "=&r"(pc) : : "$t7", "$t8", "memory");
    csrxchg(CSR_CRMD, 0, CRMD_IE);
    CHECK("LIE.TI and IE: taken once", nirq, 1);
    CHECK("  ESTAT.IS.TI at entry", (irq_estat >> IRQ_TI) & 1, 1);
    CHECK("  ESTAT.Ecode = INT", ECODE(irq_estat), EC_INT);
    CHECK("  ERA = the instruction after the IE=1 write", irq_era, pc);
    CHECK("  PRMD.PIE", (irq_prmd >> 2) & 1, 1);
    CHECK("  handler's TICLR cleared TI", ti_pending(), 0);

    /* periodic interrupts with IE = 1 while the program loops */
    nirq = 0;
    csrwr(CSR_TCFG, N | 3);
    csrxchg(CSR_CRMD, CRMD_IE, CRMD_IE);
    u64 t0 = rdtime();
    while (nirq < 3 && rdtime() - t0 < WAIT_LIMIT) {}
    csrxchg(CSR_CRMD, 0, CRMD_IE);
    csrwr(CSR_TCFG, 0);
    csrwr(CSR_TICLR, 1);
    CHECK("periodic timer: 3 interrupts while looping", nirq >= 3, 1);
    csrwr(CSR_ECFG, 0);
    rt_trap_hook = 0;
}

/* if the timer fires between CRMD.IE = 1 and the IDLE (a slow host), the interrupt is
 * taken at the IDLE itself: re-arm the timer so that the IDLE is still woken */
static volatile u64 idle_pc;
static int idle_hook(struct rt_frame* f) {
    if (ECODE(f->estat) != EC_INT) return 0;
    nirq++;
    irq_era = f->era;
    csrwr(CSR_TICLR, 1);
    if (f->era == idle_pc) csrwr(CSR_TCFG, N | 1);
    return 1;
}

static void test_idle(void) {
    rt_trap_hook = idle_hook;
    nirq = 0;
    csrwr(CSR_TICLR, 1);
    csrwr(CSR_ECFG, TI);
    u64 pc;
    /* IE = 1: IDLE, the interrupt is taken with ERA = IDLE + 4, then execution goes on */
    csrwr(CSR_TCFG, N | 1);
    __asm__ volatile("la.abs %0, 1f\n\taddi.d $t6, %0, -4\n\tst.d $t6, %1, 0\n\t"  /* idle_pc */
                     "ori $t7, $zero, 4\n\tori $t8, $zero, 4\n\t"
                     "csrxchg $t7, $t8, 0x0\n\tidle 0\n1:\tnop"
                     : "=&r"(pc) : "r"(&idle_pc) : "$t6", "$t7", "$t8", "memory");
    csrxchg(CSR_CRMD, 0, CRMD_IE);
    CHECK_TRUE("IDLE with IE=1: woken by the timer interrupt", nirq >= 1, nirq);
    CHECK("IDLE with IE=1: ERA = the instruction after IDLE", irq_era, pc);
    /* IE = 0: IDLE returns when TI is pending and enabled in ECFG.LIE, no interrupt */
    nirq = 0;
    csrwr(CSR_TCFG, N | 1);
    __asm__ volatile("idle 0" ::: "memory");
    CHECK("IDLE with IE=0: continued after IDLE with TI pending", ti_pending(), 1);
    CHECK("IDLE with IE=0: no interrupt taken", nirq, 0);
    csrwr(CSR_TICLR, 1);
    csrwr(CSR_TCFG, 0);
    csrwr(CSR_ECFG, 0);
    rt_trap_hook = 0;
}

int main(void) {
    test_counter();
    test_oneshot();
    test_periodic();
    test_interrupt();
    test_idle();
    return rt_done("timer");
}
