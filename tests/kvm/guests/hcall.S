/* SPDX-License-Identifier: Apache-2.0 */
/* CPUCFG emulation and hypercalls (exit.c kvm_emu_cpucfg, kvm_handle_hypercall). The VMM
 * turns on the PV IPI feature and, for this program, software breakpoints
 * (KVM_SET_GUEST_DEBUG), so hvcl 0x101 exits to it as KVM_EXIT_DEBUG. */
#include "guest.h"
main:
	li.d $t0, 0x40000000 /* CPUCFG_KVM_SIG: "KVM\0" */
	cpucfg $t1, $t0
	REPORT($t1)
	li.d $t0, 0x40000004 /* CPUCFG_KVM_FEATURE */
	cpucfg $t1, $t0
	REPORT($t1)
	li.d $t0, 0x40000008 /* rest of the KVM range: 0 */
	cpucfg $t1, $t0
	REPORT($t1)
	li.d $t0, 2
	cpucfg $t1, $t0
	bstrpick.d $t2, $t1, 10, 10 /* LVZ: never shown to a guest */
	REPORT($t2)
	bstrpick.d $t2, $t1, 14, 14 /* LLFTP: required by KVM */
	REPORT($t2)
	li.d $t0, 1
	cpucfg $t1, $t0
	bstrpick.d $t2, $t1, 25, 25 /* CPUCFG1.CRC32: the host's bit, passed on by the VMM */
	REPORT($t2)

	li.d $a0, 99 /* unknown service function */
	hvcl 0x100
	REPORT($a0)
	li.d $a0, 1 /* KVM_HCALL_FUNC_IPI with an empty bitmap */
	li.d $a1, 0
	li.d $a2, 0
	li.d $a3, 0
	hvcl 0x100
	REPORT($a0)
	li.d $a0, 2 /* KVM_HCALL_FUNC_NOTIFY: steal time is not offered */
	li.d $a1, 4
	li.d $a2, 0
	hvcl 0x100
	REPORT($a0)
	li.d $a0, 0x77
	hvcl 0x101 /* KVM_HCALL_SWDBG: a KVM_EXIT_DEBUG; the VMM steps over it */
	REPORT($a0)
	hvcl 0x7ff /* unknown code: a0 = -1, a no-op otherwise */
	REPORT($a0)
	DONE(0)
