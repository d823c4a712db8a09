// SPDX-License-Identifier: Apache-2.0
/*
 * The guest programs (guests/NAME.S) and the test device they talk to (guests/guest.h).
 * Every exit is recorded and printed in order; expected.txt holds what KVM must produce.
 */
#include <linux/kvm.h>

#include "vmm.h"

#define TESTDEV 0x1ff00000ul
#define PATTERN 0xf8e7d6c5b4a39281ul
#define RAM_SIZE (16ul << 20)
#define ROM_GPA 0x20000000ul /* stage2.S: a read-only slot */
#define ROM_SIZE (64ul << 10)
#define KVM_FEATURE_IPI_BIT (1ul << 1) /* BIT(KVM_FEATURE_IPI), uapi/asm/kvm_para.h */

static unsigned long truncate(unsigned long v, unsigned int len)
{
	return len >= 8 ? v : v & ((1ul << (8 * len)) - 1);
}

static void test_mmio(struct vcpu *v, unsigned long addr, unsigned char *data, unsigned int len, int is_write)
{
	if (is_write) {
		unsigned long val = le_load(data, len);

		if (addr == TESTDEV && len == 8) {
			vcpu_log(v, "report", val);
		} else if (addr == TESTDEV + 8 && len == 8) {
			vcpu_log(v, "done", val);
			v->status = val;
			v->done = 1;
		} else {
			vcpu_log_access(v, "mmio-write", addr, len, val);
		}
		return;
	}
	unsigned long val = addr == TESTDEV + 0x10 ? truncate(PATTERN, len) : 0;

	le_store(data, len, val);
	vcpu_log_access(v, "mmio-read", addr, len, val);
}

static void test_iocsr(struct vcpu *v, unsigned long addr, unsigned char *data, unsigned int len, int is_write)
{
	if (is_write) {
		vcpu_log_access(v, "iocsr-write", addr, len, le_load(data, len));
		return;
	}
	unsigned long val = truncate(PATTERN ^ addr, len);

	le_store(data, len, val);
	vcpu_log_access(v, "iocsr-read", addr, len, val);
}

static void vcpu_thread(void *arg)
{
	struct vcpu *v = arg;

	vcpu_loop(v);
	__atomic_store_n(&v->finished, 1, __ATOMIC_RELEASE);
}

void run_program(const char *name)
{
	static struct vcpu vcpus[2];
	struct vm vm;
	char path[64] = "/kvm/";
	long size;
	void *image;
	unsigned char *ram;
	int n = !strcmp(name, "smp") ? 2 : 1;
	unsigned long pv = (!strcmp(name, "hcall") || !strcmp(name, "smp")) ? KVM_FEATURE_IPI_BIT : 0;

	strlcat(path, name, sizeof(path));
	strlcat(path, ".bin", sizeof(path));
	image = map_file(path, &size);
	vm_create(&vm, name);
	vm.mmio = test_mmio;
	vm.iocsr = test_iocsr;
	ram = vm_add_memory(&vm, 0, RAM_SIZE, 0);
	if (size > (long)RAM_SIZE)
		die("guest program larger than its RAM");
	memcpy(ram, image, size);
	munmap(image, size);
	if (!strcmp(name, "stage2")) {
		unsigned int *rom = vm_add_memory(&vm, ROM_GPA, ROM_SIZE, 1);

		for (unsigned long i = 0; i < ROM_SIZE / 4; i++)
			rom[i] = 0xa0000000u | (unsigned int)(4 * i);
	}
	for (int i = 0; i < n; i++)
		vcpu_create(&vm, &vcpus[i], i, 0, pv);
	if (!strcmp(name, "hcall")) {
		struct kvm_guest_debug dbg = {.control = KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_USE_SW_BP};

		if (ioctl(vcpus[0].fd, KVM_SET_GUEST_DEBUG, &dbg) < 0)
			die("KVM_SET_GUEST_DEBUG");
	}
	printf("kvm-vmm: %s: running %d vCPU(s)\n", name, n);
	for (int i = 1; i < n; i++)
		thread_start(vcpu_thread, &vcpus[i]);
	vcpu_loop(&vcpus[0]);
	for (int i = 1; i < n; i++)
		while (!__atomic_load_n(&vcpus[i].finished, __ATOMIC_ACQUIRE))
			sched_yield();
	vm_report(&vm, vcpus, n);
	vm_destroy(&vm, vcpus, n);
}
