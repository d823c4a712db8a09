/* SPDX-License-Identifier: Apache-2.0 */
/* MMIO and IOCSR exits: every load width and extension KVM decodes (exit.c
 * kvm_emu_mmio_read/write), stores, an access far outside RAM, IOCSR reads and writes. */
#include "guest.h"
main:
	ld.b $t0, $s8, 0x10
	REPORT($t0)
	ld.bu $t0, $s8, 0x10
	REPORT($t0)
	ld.h $t0, $s8, 0x10
	REPORT($t0)
	ld.hu $t0, $s8, 0x10
	REPORT($t0)
	ld.w $t0, $s8, 0x10
	REPORT($t0)
	ld.wu $t0, $s8, 0x10
	REPORT($t0)
	ld.d $t0, $s8, 0x10
	REPORT($t0)
	li.d $t1, 0x10
	ldx.h $t0, $s8, $t1
	REPORT($t0)
	ldx.wu $t0, $s8, $t1
	REPORT($t0)
	ldptr.w $t0, $s8, 0x10
	REPORT($t0)

	li.d $t1, 0x0123456789abcdef
	st.b $t1, $s8, 0x20
	st.h $t1, $s8, 0x22
	st.w $t1, $s8, 0x24
	st.d $t1, $s8, 0x28
	li.d $t2, 0x30
	stx.w $t1, $s8, $t2
	stptr.d $t1, $s8, 0x38

	/* 1 GiB: no slot there either */
	li.d $t2, 0x40000000
	ld.w $t0, $t2, 0x44
	REPORT($t0)

	/* IOCSR: KVM 6.12 hands every one to user space (KVM_EXIT_LOONGARCH_IOCSR) */
	li.d $t2, 0x8
	iocsrrd.w $t0, $t2
	REPORT($t0)
	iocsrrd.d $t0, $t2
	REPORT($t0)
	li.d $t2, 0x20
	iocsrrd.b $t0, $t2
	REPORT($t0)
	iocsrrd.h $t0, $t2
	REPORT($t0)
	li.d $t2, 0x1040
	iocsrwr.w $t1, $t2
	iocsrwr.d $t1, $t2
	DONE(0)
