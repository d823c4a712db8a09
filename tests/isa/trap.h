/* SPDX-License-Identifier: Apache-2.0
 * A minimal general-exception handler for guest test programs (not a test itself: only
 * the .c and .S files in tests/isa become tests). trap_install() points EENTRY (CSR 0xC) at
 * trap_entry with ECFG.VS = 0, so every exception enters there (LoongArch Reference
 * Manual Vol 1 v1.10, §6.3.1 / §7.4.5 ECFG / §7.4.10 EENTRY). The handler
 *   - saves t0/t1 in SAVE0/SAVE1 (CSR 0x30/0x31), so no GPR changes;
 *   - records ESTAT, ERA, BADV, BADI, PRMD, CRMD (as seen inside the handler) in `trap`
 *     and counts the exception;
 *   - if trap.set_prmd != 0: PRMD <- trap.set_prmd (bits 31:0; the field is cleared);
 *   - resumes at trap.resume if non-zero (then cleared), else at ERA + 4;
 *   - returns with ERTN (which also clears LLBit, §4.2.6.1, when LLBCTL.KLO = 0).
 * The test's inline asm that traps must clobber "memory" so `trap` is re-read. */
#pragma once

#include <stdint.h>

struct trap_rec {
    uint64_t count, estat, era, badv, badi, prmd, crmd, set_prmd, resume;
};
static volatile struct trap_rec trap __attribute__((used, aligned(8)));

#define TRAP_ECODE(estat) (((estat) >> 16) & 0x3f)
#define TRAP_ESUBCODE(estat) (((estat) >> 22) & 0x1ff)

__asm__(
    ".pushsection .text\n"
    ".balign 4096\n"                     /* EENTRY bits 11:0 are 0 */
    "trap_entry:\n"
    "  csrwr $t0, 0x30\n"
    "  csrwr $t1, 0x31\n"
    "  la.abs $t0, trap\n"
    "  ld.d $t1, $t0, 0\n"
    "  addi.d $t1, $t1, 1\n"
    "  st.d $t1, $t0, 0\n"
    "  csrrd $t1, 0x5\n  st.d $t1, $t0, 8\n"     /* ESTAT */
    "  csrrd $t1, 0x6\n  st.d $t1, $t0, 16\n"    /* ERA */
    "  csrrd $t1, 0x7\n  st.d $t1, $t0, 24\n"    /* BADV */
    "  csrrd $t1, 0x8\n  st.d $t1, $t0, 32\n"    /* BADI */
    "  csrrd $t1, 0x1\n  st.d $t1, $t0, 40\n"    /* PRMD */
    "  csrrd $t1, 0x0\n  st.d $t1, $t0, 48\n"    /* CRMD */
    "  ld.d $t1, $t0, 56\n"
    "  beqz $t1, 1f\n"
    "  st.d $zero, $t0, 56\n"
    "  csrwr $t1, 0x1\n"
    "1:\n"
    "  ld.d $t1, $t0, 64\n"
    "  beqz $t1, 2f\n"
    "  st.d $zero, $t0, 64\n"
    "  b 3f\n"
    "2:\n"
    "  csrrd $t1, 0x6\n"
    "  addi.d $t1, $t1, 4\n"
    "3:\n"
    "  csrwr $t1, 0x6\n"
    "  csrrd $t0, 0x30\n"
    "  csrrd $t1, 0x31\n"
    "  ertn\n"
    ".popsection\n");

extern char trap_entry[];

static inline void trap_install(void) {
    uint64_t v = (uint64_t)trap_entry;
    __asm__ volatile("csrwr %0, 0xc" : "+r"(v) : : "memory");   /* EENTRY */
    v = 0;
    __asm__ volatile("csrwr %0, 0x4" : "+r"(v) : : "memory");   /* ECFG: VS = 0, LIE = 0 */
    trap.count = trap.estat = trap.era = trap.badv = trap.badi = 0;
    trap.set_prmd = trap.resume = 0;
}

/* Forget what the last exception recorded (keeps the handler installed). */
static inline void trap_clear(void) {
    trap.count = trap.estat = trap.era = trap.badv = trap.badi = trap.prmd = trap.crmd = 0;
}
