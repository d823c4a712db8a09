/* SPDX-License-Identifier: Apache-2.0 */
/* The guest's own timer: 3 interrupts taken while the vCPU sleeps in IDLE (KVM halts it
 * and wakes it with its software timer, timer.c) and 3 while it spins (the guest timer
 * fires in guest mode). */
#include "guest.h"
#define PERIOD 0x4000
main:
	la.pcrel $t0, handler
	csrwr $t0, CSR_EENTRY
	li.d $t0, 1 << 11 /* LIE.TI */
	csrwr $t0, CSR_ECFG
	li.d $s0, 0
	rdtime.d $s1, $zero
	li.d $t0, PERIOD | 3 /* periodic, enabled */
	csrwr $t0, CSR_TCFG
	li.d $t0, 4
	csrxchg $t0, $t0, CSR_CRMD /* IE */
	li.d $t1, 3
1:	idle 0
	blt $s0, $t1, 1b
	li.d $t1, 6
2:	blt $s0, $t1, 2b
	li.d $t0, 0
	csrwr $t0, CSR_TCFG
	li.d $t0, 4
	csrxchg $zero, $t0, CSR_CRMD
	REPORT($s0)
	rdtime.d $t2, $zero
	sub.d $t2, $t2, $s1
	li.d $t3, 6 * PERIOD
	sltu $t4, $t2, $t3
	xori $t4, $t4, 1 /* 1: at least 6 periods went by */
	REPORT($t4)
	DONE(0)

	.p2align 12
handler:
	csrrd $t7, CSR_ESTAT
	bstrpick.d $t7, $t7, 11, 11
	beqz $t7, unexpected
	li.d $t7, 1
	csrwr $t7, CSR_TICLR
	addi.d $s0, $s0, 1
	ertn
