/* SPDX-License-Identifier: Apache-2.0 */
/* Two vCPUs. vCPU 1 enables SWI0, says it is ready and sleeps in IDLE; vCPU 0 waits for
 * that, sends it a paravirtual IPI (hvcl 0x100, KVM_HCALL_FUNC_IPI: KVM queues SWI0 to the
 * target, exit.c kvm_send_pv_ipi) and waits until vCPU 1's handler has run. */
#include "guest.h"
#define FLAGS 0x200000 /* +0 ready, +4 got the IPI */
main:
	csrrd $s0, CSR_CPUID
	REPORT($s0)
	li.d $t0, FLAGS
	bnez $s0, cpu1
1:	ld.w $t1, $t0, 0
	beqz $t1, 1b
	li.d $a0, 1
	li.d $a1, 2 /* bitmap: CPU 1 */
	li.d $a2, 0
	li.d $a3, 0
	hvcl 0x100
	REPORT($a0)
2:	ld.w $t1, $t0, 4
	beqz $t1, 2b
	DONE(0)

cpu1:
	la.pcrel $t1, handler
	csrwr $t1, CSR_EENTRY
	li.d $t1, 1 /* LIE.SWI0 */
	csrwr $t1, CSR_ECFG
	li.d $t1, 4
	csrxchg $t1, $t1, CSR_CRMD
	li.d $t1, 1
	dbar 0
	st.w $t1, $t0, 0
3:	idle 0
	ld.w $t1, $t0, 4
	beqz $t1, 3b
	csrrd $t1, CSR_ESTAT
	andi $t1, $t1, 1 /* SWI0 cleared by the handler */
	REPORT($t1)
	DONE(0)

	.p2align 12
handler:
	csrrd $t7, CSR_ESTAT
	andi $t7, $t7, 1
	beqz $t7, unexpected
	li.d $t7, 1
	csrxchg $zero, $t7, CSR_ESTAT
	li.d $t6, FLAGS
	st.w $t7, $t6, 4
	ertn
