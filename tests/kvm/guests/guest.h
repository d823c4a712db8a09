/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Shared start code of the KVM guest programs (tests/kvm/vmm.c runs them).
 *
 * Each program is a flat binary loaded at guest physical address 0 and entered there in DA
 * mode (KVM's vCPU reset state, arch/loongarch/kvm/vcpu.c kvm_arch_vcpu_create). They talk
 * to the VMM only through exits: $s8 holds the VMM's test device, an address with no
 * memory slot, so every access is a stage-2 fault KVM turns into KVM_EXIT_MMIO.
 *   TESTDEV + 0x00  write: report a value (the VMM prints it; the test compares)
 *   TESTDEV + 0x08  write: this vCPU is done (the value is its status)
 *   TESTDEV + 0x10  read:  the low `len` bytes of 0xf8e7d6c5b4a39281
 *   anything else   recorded as it comes; reads return 0
 * Any exception a program does not expect reports ESTAT, ERA, BADV and ends with 0xbad.
 */
#define TESTDEV 0x1ff00000
#define CSR_CRMD 0x0
#define CSR_ECFG 0x4
#define CSR_ESTAT 0x5
#define CSR_ERA 0x6
#define CSR_BADV 0x7
#define CSR_EENTRY 0xc
#define CSR_CPUID 0x20
#define CSR_TCFG 0x41
#define CSR_TICLR 0x44

#define REPORT(r) st.d r, $s8, 0
#define DONE(v)                                                                                    \
	li.d $t8, v;                                                                               \
	st.d $t8, $s8, 8;                                                                          \
	b .

	.text
	.globl _start
_start:
	li.d $s8, TESTDEV
	/* 64 KiB of stack per vCPU below 8 MiB */
	csrrd $t0, CSR_CPUID
	slli.d $t0, $t0, 16
	li.d $sp, 0x800000
	sub.d $sp, $sp, $t0
	la.pcrel $t0, unexpected
	csrwr $t0, CSR_EENTRY
	b main

	.p2align 12 /* EENTRY: 4 KiB aligned, ECFG.VS = 0 so everything lands here */
unexpected:
	csrrd $t0, CSR_ESTAT
	REPORT($t0)
	csrrd $t0, CSR_ERA
	REPORT($t0)
	csrrd $t0, CSR_BADV
	REPORT($t0)
	DONE(0xbad)
