/* SPDX-License-Identifier: Apache-2.0
 *
 * Secondary-CPU parking code for QEMU 7.2's loongarch `virt` board.
 *
 * QEMU 7.2's direct boot (-kernel, no firmware) starts EVERY vCPU at the kernel's ELF entry,
 * so with -smp N > 1 all of them would run Linux's kernel_entry at once. QEMU 8+ (and lvzemu,
 * docs/machine.md) instead start secondaries in a small boot ROM that waits for an IPI and
 * jumps to the address Linux writes into mailbox 0 (IOCSR 0x1020). This is the same code, as
 * a raw blob that tools/linux/qemu.sh loads into RAM and points the secondaries at:
 *
 *   -device loader,file=smpboot-qemu72.bin,addr=0x1000,force-raw=on
 *   -device loader,addr=0x1000,cpu-num=1   (one per secondary)
 *
 * PA 0x1000 lies in the first 2 MiB, which Linux reserves and never touches; PA 0 itself
 * stays zero (QEMU 7.2 passes a1 = 0, so Linux reads an empty command line there).
 * Assembled by build.sh with clang-19 and turned into a flat binary with llvm-objcopy-19.
 */
	.text
	.globl	_start
_start:
	/* Interrupts off (CRMD.IE = 0). */
	li.w		$t0, 0x4
	csrxchg		$zero, $t0, 0x0		/* CRMD */
	/* Enable every IPI vector (IOCSR IPI_EN 0x1004) and the IPI line (ECFG.LIE bit 12). */
	li.w		$t0, -1
	li.w		$t1, 0x1004
	iocsrwr.w	$t0, $t1
	li.w		$t0, 0x1000
	csrxchg		$t0, $t0, 0x4		/* ECFG */
	li.w		$t1, 0x1020		/* mailbox 0 */
1:	idle		0
	iocsrrd.w	$t0, $t1
	beqz		$t0, 1b
	/* Acknowledge the IPI: IPI_CLEAR (0x100c) = IPI_STATUS (0x1000). */
	li.w		$t1, 0x1000
	iocsrrd.w	$t0, $t1
	li.w		$t1, 0x100c
	iocsrwr.w	$t0, $t1
	/* IPI line off again, then jump to the 64-bit address in mailbox 0. */
	li.w		$t0, 0x1000
	csrxchg		$zero, $t0, 0x4		/* ECFG */
	li.w		$t1, 0x1020
	iocsrrd.d	$t0, $t1
	jirl		$zero, $t0, 0
