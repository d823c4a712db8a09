/* SPDX-License-Identifier: Apache-2.0
 * Two harts: secondary start through the IPI mailbox, inter-processor interrupts, mail,
 * and atomics between harts. Run with two harts (QEMU -smp 2, lvzemu --smp 2).
 *
 * Per-hart IOCSR IPI registers (Loongson 3A5000 user manual §10.2 "inter-processor
 * interrupts and communication"; QEMU hw/intc/loongarch_ipi.c; la64-privileged.md §10):
 * 0x1000 STATUS (R), 0x1004 EN, 0x1008 SET (W: STATUS |= v), 0x100c CLEAR (W: STATUS &=
 * ~v), 0x1020.. MAILBOX0..3 (64-bit each), 0x1040 IPI_SEND (W32: bits 4:0 vector, 25:16
 * target cpu: sets bit `vector` of the target's STATUS), 0x1048 MAIL_SEND (W64: bits
 * 63:32 data, 25:16 cpu, 4:2 which 32-bit mailbox word, 30:27 byte mask: a set bit keeps
 * that byte). The IPI line (ESTAT.IS[12]) is STATUS & EN != 0.
 *
 * Boot: QEMU 7.2 starts every hart at the ELF entry; start.S parks hart 1 until an IPI
 * arrives, then jumps to the address in its mailbox 0 (QEMU 8+ parks it in firmware
 * doing the same; so does Linux's boot protocol). The primary writes the address of
 * rt_secondary_entry into hart 1's mailbox 0, then sends it an IPI.
 *
 * QEMU 7.2 deviation (manual-only): writing EN does not re-evaluate the IPI line, so a
 * pending but disabled IPI is not delivered when EN is set later. */
#include "priv.h"

#define IPI_STATUS 0x1000
#define IPI_EN 0x1004
#define IPI_SET 0x1008
#define IPI_CLEAR 0x100c
#define IPI_MBOX(n) (0x1020 + 8 * (n))
#define IPI_SEND 0x1040
#define MAIL_SEND 0x1048
#define ESTAT_IPI (1ULL << IRQ_IPI)
#define TIMEOUT (1ULL << 30)

static void ipi_send(u64 cpu, u64 vec) { iocsr_wr_w(IPI_SEND, (cpu << 16) | vec); }
/* 32-bit word `word` (0..7) of cpu's mailboxes <- data, keeping the bytes in keep_mask */
static void mail_send(u64 cpu, u64 word, u32 data, u64 keep_mask) {
    iocsr_wr_d(MAIL_SEND, ((u64)data << 32) | (keep_mask << 27) | (cpu << 16) | (word << 2));
}

struct shared {
    volatile u64 ready, cpuid, mbox0, status_seen, ipis, mail_seen, cmd, done;
    volatile u64 cnt_llsc, cnt_amo;
} __attribute__((aligned(64)));
static struct shared sh;

static int wait_for(volatile u64* p, u64 v) {
    u64 t0 = rdtime();
    while (*p != v)
        if (rdtime() - t0 > TIMEOUT) return 0;
    __asm__ volatile("dbar 0" ::: "memory");           /* what was published before */
    return 1;
}

static void add_llsc(volatile u64* p) {
    u64 ok, v;
    do {
        __asm__ volatile("ll.d %0, %2, 0\n\taddi.d %0, %0, 1\n\tsc.d %0, %2, 0\n\tmove %1, %0"
                         : "=&r"(v), "=r"(ok) : "r"(p) : "memory");
    } while (!ok);
}
static void add_amo(volatile u64* p) {
    u64 one = 1, old;
    __asm__ volatile("amadd_db.d %0, %1, %2" : "=&r"(old) : "r"(one), "r"(p) : "memory");
}
#define NADD 5000

/* --- hart 1 ------------------------------------------------------------------------------- */
static int sec_hook(struct rt_frame* f) {
    if (ECODE(f->estat) != EC_INT) return 0;
    u32 st = iocsr_rd_w(IPI_STATUS);
    iocsr_wr_w(IPI_CLEAR, st);
    sh.status_seen |= st;
    if (st & (1u << 2)) sh.mail_seen = iocsr_rd_d(IPI_MBOX(1));
    __asm__ volatile("dbar 0" ::: "memory");           /* results before the count */
    sh.ipis++;
    if (st & (1u << 9)) ipi_send(0, 9);                /* ping -> pong */
    return 1;
}

/* wait with IE = 0 (IDLE returns while an enabled interrupt is pending, so an IPI that
 * arrives before the IDLE is not lost), then let the interrupt in */
static void idle_then_take(void) {
    __asm__ volatile("idle 0" ::: "memory");
    csrxchg(CSR_CRMD, CRMD_IE, CRMD_IE);
    __asm__ volatile("nop\n\tnop" ::: "memory");
    csrxchg(CSR_CRMD, 0, CRMD_IE);
}

static void sec_main(u64 cpuid) {
    sh.cpuid = cpuid;
    sh.mbox0 = iocsr_rd_d(IPI_MBOX(0));
    iocsr_wr_w(IPI_CLEAR, 0xffffffff);
    iocsr_wr_w(IPI_EN, 0xffffffff);
    csrwr(CSR_ECFG, ESTAT_IPI);
    __asm__ volatile("dbar 0" ::: "memory");
    sh.ready = 1;
    while (sh.cmd != 1) idle_then_take();
    /* atomics race with hart 0 */
    for (int i = 0; i < NADD; ++i) {
        add_llsc(&sh.cnt_llsc);
        add_amo(&sh.cnt_amo);
    }
    __asm__ volatile("dbar 0" ::: "memory");
    sh.done = 1;
    for (;;) __asm__ volatile("idle 0" ::: "memory");
}

/* --- hart 0 ------------------------------------------------------------------------------- */
static volatile u64 h0_ipis, h0_status;
static int h0_hook(struct rt_frame* f) {
    if (ECODE(f->estat) != EC_INT) return 0;
    u32 st = iocsr_rd_w(IPI_STATUS);
    iocsr_wr_w(IPI_CLEAR, st);
    h0_status |= st;
    h0_ipis++;
    return 1;
}

static int hook(struct rt_frame* f) { return rt_cpuid() ? sec_hook(f) : h0_hook(f); }

static void start_secondary(void) {
    rt_trap_hook = hook;
    rt_secondary_fn = sec_main;
    u64 entry = (u64)rt_secondary_entry;
    mail_send(1, 1, (u32)(entry >> 32), 0);
    mail_send(1, 0, (u32)entry, 0);
    ipi_send(1, 0);                                    /* go */
}

int main(void) {
    CHECK("hart 0: CPUID", rt_cpuid(), 0);
    CHECK("hart 0: own mailbox 0 is empty", iocsr_rd_d(IPI_MBOX(0)), 0);
    iocsr_wr_w(IPI_CLEAR, 0xffffffff);
    iocsr_wr_w(IPI_EN, 0x0000ffff);
    CHECK("IPI EN reads back", iocsr_rd_w(IPI_EN), 0x0000ffff);
    CHECK("IPI STATUS after CLEAR", iocsr_rd_w(IPI_STATUS), 0);

    start_secondary();
    int up = wait_for(&sh.ready, 1);
    CHECK("hart 1 started through its mailbox", up, 1);
    if (!up) return rt_done("ipi");
    CHECK("hart 1: CPUID", sh.cpuid, 1);
    CHECK("hart 1: its mailbox 0 held the entry address", sh.mbox0, (u64)rt_secondary_entry);

    /* IPI to hart 1: STATUS bit `vector`, its handler sees it */
    sh.status_seen = 0;
    ipi_send(1, 5);
    CHECK("IPI vector 5 -> hart 1 handled", wait_for(&sh.ipis, 1), 1);
    CHECK("  hart 1 STATUS had bit 5", sh.status_seen, 1u << 5);
    /* mail: 32-bit words, byte mask */
    mail_send(1, 2, 0x11223344, 0);                    /* mailbox 1, low word */
    mail_send(1, 3, 0x55667788, 0);                    /* mailbox 1, high word */
    mail_send(1, 2, 0xaabbccdd, 0x1);                  /* keep byte 0 */
    sh.status_seen = 0;
    ipi_send(1, 2);
    CHECK("IPI vector 2 -> hart 1 handled", wait_for(&sh.ipis, 2), 1);
    CHECK("  mailbox 1 as hart 1 read it (byte 0 kept by the mask)", sh.mail_seen, 0x55667788aabbcc44ULL);

    /* IPIs to itself: STATUS / EN / ESTAT.IS[12] */
    csrwr(CSR_ECFG, 0);
    ipi_send(0, 7);
    CHECK("self IPI 7: STATUS bit 7", iocsr_rd_w(IPI_STATUS), 1u << 7);
    CHECK("self IPI 7 (enabled): ESTAT.IS[12]", (csrrd(CSR_ESTAT) >> IRQ_IPI) & 1, 1);
    csrwr(CSR_ECFG, ESTAT_IPI);
    csrxchg(CSR_CRMD, CRMD_IE, CRMD_IE);
    for (volatile int i = 0; i < 100; ++i) {}
    csrxchg(CSR_CRMD, 0, CRMD_IE);
    CHECK("self IPI 7: interrupt taken once", h0_ipis, 1);
    CHECK("  handler saw STATUS bit 7", h0_status, 1u << 7);
    CHECK("  CLEAR: STATUS 0", iocsr_rd_w(IPI_STATUS), 0);
    CHECK("  CLEAR: ESTAT.IS[12] dropped", (csrrd(CSR_ESTAT) >> IRQ_IPI) & 1, 0);
    /* a vector disabled in EN: STATUS set, no line */
    iocsr_wr_w(IPI_SET, 1u << 20);                     /* EN has only bits 15:0 */
    CHECK("SET: STATUS bit 20", iocsr_rd_w(IPI_STATUS), 1u << 20);
    CHECK("STATUS & EN = 0: ESTAT.IS[12] clear", (csrrd(CSR_ESTAT) >> IRQ_IPI) & 1, 0);
    if (MANUAL_ONLY("EN write re-evaluates the IPI line")) {
        iocsr_wr_w(IPI_EN, 0xffffffff);
        CHECK("EN now covers it: ESTAT.IS[12]", (csrrd(CSR_ESTAT) >> IRQ_IPI) & 1, 1);
        iocsr_wr_w(IPI_EN, 0x0000ffff);
        CHECK("EN removed again: ESTAT.IS[12] clear", (csrrd(CSR_ESTAT) >> IRQ_IPI) & 1, 0);
    }
    iocsr_wr_w(IPI_CLEAR, 0xffffffff);
    CHECK("CLEAR all: STATUS 0", iocsr_rd_w(IPI_STATUS), 0);

    /* ping-pong: hart 0 IDLEs until hart 1 answers with an IPI */
    h0_ipis = h0_status = 0;
    csrwr(CSR_ECFG, ESTAT_IPI);
    ipi_send(1, 9);
    u64 t0 = rdtime();
    while (!h0_ipis && rdtime() - t0 < TIMEOUT) idle_then_take();
    CHECK("ping: hart 1 answered, hart 0 woken from IDLE by the IPI", h0_ipis, 1);
    CHECK("  pong vector 9", h0_status, 1u << 9);
    csrwr(CSR_ECFG, 0);

    /* atomics from both harts on the same words */
    sh.cmd = 1;
    __asm__ volatile("dbar 0" ::: "memory");
    ipi_send(1, 10);                                   /* wake it from IDLE */
    for (int i = 0; i < NADD; ++i) {
        add_llsc(&sh.cnt_llsc);
        add_amo(&sh.cnt_amo);
    }
    CHECK("hart 1 finished its additions", wait_for(&sh.done, 1), 1);
    CHECK("LL/SC increments from two harts", sh.cnt_llsc, 2 * NADD);
    CHECK("AMADD increments from two harts", sh.cnt_amo, 2 * NADD);
    return rt_done("ipi");
}
