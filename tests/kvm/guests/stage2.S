/* SPDX-License-Identifier: Apache-2.0 */
/* Stage-2 faults KVM serves (mmu.c kvm_handle_mm_fault): one store to each of 2048 fresh
 * 4 KiB pages, then a read-back. Then the VMM's read-only slot at 0x20000000
 * (KVM_MEM_READONLY): reads map it, a write to it is an MMIO exit and changes nothing. */
#include "guest.h"
main:
	li.d $t0, 0x100000
	li.d $t1, 0x900000
	lu12i.w $t3, 1 /* 4 KiB */
1:	st.d $t0, $t0, 8
	add.d $t0, $t0, $t3
	bltu $t0, $t1, 1b
	li.d $t0, 0x100000
	li.d $s0, 0
2:	ld.d $t2, $t0, 8
	bne $t2, $t0, 3f
	addi.d $s0, $s0, 1
3:	add.d $t0, $t0, $t3
	bltu $t0, $t1, 2b
	REPORT($s0)

	li.d $t0, 0x20000000
	ld.w $t1, $t0, 0x100
	REPORT($t1)
	ld.d $t1, $t0, 0x7f8
	REPORT($t1)
	li.d $t2, 0x12345678
	st.w $t2, $t0, 0x100
	ld.w $t1, $t0, 0x100
	REPORT($t1)
	DONE(0)
