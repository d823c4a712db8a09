// SPDX-License-Identifier: Apache-2.0
/*
 * kvm-vmm: a small virtual machine monitor on Linux KVM for LoongArch (issue #8).
 *
 * It is /init of the initramfs tests/kvm/build.sh makes, inside a Linux host booted on
 * lvzemu with LVZ. Built like tools/linux/init.c: the kernel's nolibc, static, no libc.
 *
 *   1. Guest programs (tests/kvm/guests/NAME.S, flat binaries at GPA 0): each runs in its own
 *      VM, and every exit it causes is printed as one "kvm-vmm: <test>: ..." line, in
 *      order per vCPU. tests/kvm/kvm_test.py compares those lines with expected.txt.
 *   2. A nested Linux: the host's own vmlinux, booted as a KVM guest with an EFI-style
 *      boot block and a device tree of our own (nested.dts: one CPU, 256 MiB, a polled
 *      ns16550a, the GED power-off register), with the console emulated here and printed
 *      with a "[guest] " prefix. Its power-off ends the VM.
 *   3. Power-off of the host.
 * Arguments after "--" on the kernel command line select tests by name (default: all).
 *
 * The ABI used is the LoongArch one of Linux 6.12: arch/loongarch/include/uapi/asm/kvm.h
 * (ONE_REG ids for CSRs and CPUCFG words, the vCPU CPUCFG attribute group for the PV
 * feature word) and include/uapi/linux/kvm.h (KVM_EXIT_LOONGARCH_IOCSR).
 */
#include <linux/elf.h>
#include <linux/kvm.h>

#include "vmm.h"

#define LINUX_REBOOT_CMD_POWER_OFF 0x4321FEDC
#define TCSBRK 0x5409

static int kvm_fd;
int failures;

/* ---------------------------------------------------------------------------------------
 * Output: nolibc has no snprintf; a line buffer with string and hex appenders.
 * ------------------------------------------------------------------------------------- */
void buf_str(struct line *l, const char *s)
{
	while (*s && l->len < (int)sizeof(l->text) - 1)
		l->text[l->len++] = *s++;
	l->text[l->len] = 0;
}

void buf_hex(struct line *l, unsigned long v)
{
	char tmp[20];
	int n = 0;

	buf_str(l, "0x");
	do {
		tmp[n++] = "0123456789abcdef"[v & 15];
		v >>= 4;
	} while (v);
	while (n)
		buf_str(l, (char[]){tmp[--n], 0});
}

void buf_dec(struct line *l, unsigned long v)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = '0' + v % 10;
		v /= 10;
	} while (v);
	while (n)
		buf_str(l, (char[]){tmp[--n], 0});
}

__attribute__((noreturn)) void die(const char *what)
{
	printf("kvm-vmm: FATAL: %s (errno %d)\n", what, errno);
	ioctl(1, TCSBRK, (void *)1);
	reboot(LINUX_REBOOT_CMD_POWER_OFF);
	for (;;)
		sleep(3600);
}

/* ---------------------------------------------------------------------------------------
 * VM and vCPU set-up.
 * ------------------------------------------------------------------------------------- */
static unsigned int host_cpucfg(unsigned int word)
{
	unsigned int v;

	__asm__ volatile("cpucfg %0, %1" : "=r"(v) : "r"(word));
	return v;
}

static int set_one_reg(int fd, unsigned long id, unsigned long value)
{
	struct kvm_one_reg r = {.id = id, .addr = (unsigned long)&value};

	return ioctl(fd, KVM_SET_ONE_REG, &r);
}

void vm_create(struct vm *vm, const char *name)
{
	memset(vm, 0, sizeof(*vm));
	vm->name = name;
	vm->fd = ioctl(kvm_fd, KVM_CREATE_VM, 0);
	if (vm->fd < 0)
		die("KVM_CREATE_VM");
}

void *vm_add_memory(struct vm *vm, unsigned long gpa, unsigned long size, int readonly)
{
	struct kvm_userspace_memory_region r;
	void *host = mmap(0, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
			  -1, 0);

	if (host == MAP_FAILED)
		die("mmap guest memory");
	r.slot = vm->nslots++;
	r.flags = readonly ? KVM_MEM_READONLY : 0;
	r.guest_phys_addr = gpa;
	r.memory_size = size;
	r.userspace_addr = (unsigned long)host;
	if (ioctl(vm->fd, KVM_SET_USER_MEMORY_REGION, &r) < 0)
		die("KVM_SET_USER_MEMORY_REGION");
	vm->slot_host[r.slot] = host;
	vm->slot_size[r.slot] = size;
	return host;
}

/*
 * The CPUCFG words a guest sees are the VMM's choice (KVM returns them from its copy,
 * exit.c kvm_emu_cpucfg). As QEMU does: the host's words, masked by what KVM accepts
 * (KVM_GET_DEVICE_ATTR, group KVM_LOONGARCH_VCPU_CPUCFG, vcpu.c _kvm_get_cpucfg_mask).
 */
static void vcpu_set_cpucfg(struct vcpu *v)
{
	for (unsigned int i = 0; i <= 20; i++) {
		unsigned long mask = 0;
		struct kvm_device_attr a = {.group = KVM_LOONGARCH_VCPU_CPUCFG, .attr = i,
					    .addr = (unsigned long)&mask};

		if (ioctl(v->fd, KVM_GET_DEVICE_ATTR, &a) < 0)
			die("KVM_GET_DEVICE_ATTR cpucfg mask");
		if (set_one_reg(v->fd, KVM_IOC_CPUCFG(i), host_cpucfg(i) & mask) < 0)
			die("KVM_SET_ONE_REG cpucfg");
	}
}

void vcpu_create(struct vm *vm, struct vcpu *v, int id, unsigned long pc, unsigned long pv_features)
{
	struct kvm_regs regs;
	long size;

	memset(v, 0, sizeof(*v));
	v->vm = vm;
	v->id = id;
	v->fd = ioctl(vm->fd, KVM_CREATE_VCPU, (void *)(long)id);
	if (v->fd < 0)
		die("KVM_CREATE_VCPU");
	size = ioctl(kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	v->run = mmap(0, size, PROT_READ | PROT_WRITE, MAP_SHARED, v->fd, 0);
	if (v->run == MAP_FAILED)
		die("mmap kvm_run");
	vcpu_set_cpucfg(v);
	/* The physical CPU number: KVM's map for PV IPIs (vcpu.c kvm_set_cpuid). */
	if (set_one_reg(v->fd, KVM_IOC_CSRID(0x20), id) < 0)
		die("KVM_SET_ONE_REG CPUID");
	if (pv_features) {
		struct kvm_device_attr a = {.group = KVM_LOONGARCH_VCPU_CPUCFG, .attr = 0x40000004,
					    .addr = (unsigned long)&pv_features};

		if (ioctl(v->fd, KVM_SET_DEVICE_ATTR, &a) < 0)
			die("KVM_SET_DEVICE_ATTR PV features");
	}
	memset(&regs, 0, sizeof(regs));
	regs.pc = pc;
	if (ioctl(v->fd, KVM_SET_REGS, &regs) < 0)
		die("KVM_SET_REGS");
}

void vm_destroy(struct vm *vm, struct vcpu *vcpus, int n)
{
	for (int i = 0; i < n; i++)
		close(vcpus[i].fd);
	for (int s = 0; s < vm->nslots; s++)
		munmap(vm->slot_host[s], vm->slot_size[s]);
	close(vm->fd);
}

/* ---------------------------------------------------------------------------------------
 * The run loop: KVM_RUN until the device model says this vCPU is done.
 * ------------------------------------------------------------------------------------- */
static const char *exit_name(unsigned int reason)
{
	switch (reason) {
	case KVM_EXIT_MMIO: return "mmio";
	case KVM_EXIT_LOONGARCH_IOCSR: return "iocsr";
	case KVM_EXIT_DEBUG: return "debug";
	case KVM_EXIT_INTR: return "intr";
	case KVM_EXIT_INTERNAL_ERROR: return "internal-error";
	default: return "other";
	}
}

void vcpu_loop(struct vcpu *v)
{
	while (!v->done) {
		struct kvm_run *run = v->run;

		if (ioctl(v->fd, KVM_RUN, 0) < 0) {
			if (errno == EINTR || errno == EAGAIN) {
				v->exits[KVM_EXIT_INTR]++;
				continue;
			}
			v->done = 1;
			v->status = -errno;
			vcpu_log(v, "KVM_RUN failed", -errno);
			break;
		}
		if (run->exit_reason < MAX_EXIT)
			v->exits[run->exit_reason]++;
		switch (run->exit_reason) {
		case KVM_EXIT_MMIO:
			v->vm->mmio(v, run->mmio.phys_addr, run->mmio.data, run->mmio.len, run->mmio.is_write);
			break;
		case KVM_EXIT_LOONGARCH_IOCSR:
			v->vm->iocsr(v, run->iocsr_io.phys_addr, run->iocsr_io.data, run->iocsr_io.len,
				     run->iocsr_io.is_write);
			break;
		case KVM_EXIT_DEBUG: {
			/* A software breakpoint (hvcl 0x101 with KVM_GUESTDBG_USE_SW_BP): KVM leaves
			 * the PC on it, as a debugger expects; step over it as a debugger would. */
			struct kvm_regs regs;

			if (ioctl(v->fd, KVM_GET_REGS, &regs) < 0)
				die("KVM_GET_REGS");
			vcpu_log(v, "debug exit, a0", regs.gpr[4]);
			regs.pc += 4;
			if (ioctl(v->fd, KVM_SET_REGS, &regs) < 0)
				die("KVM_SET_REGS");
			break;
		}
		case KVM_EXIT_INTR:
			break;
		default:
			vcpu_log(v, exit_name(run->exit_reason), run->exit_reason);
			v->done = 1;
			v->status = -1;
			break;
		}
	}
}

/* A new "vcpuN <what> " record, or NULL when the log is full. */
static struct line *log_start(struct vcpu *v, const char *what)
{
	struct line *l;

	if (v->nlog >= MAX_LOG)
		return 0;
	l = &v->log[v->nlog++];
	l->len = 0;
	buf_str(l, "vcpu");
	buf_dec(l, v->id);
	buf_str(l, " ");
	buf_str(l, what);
	buf_str(l, " ");
	return l;
}

void vcpu_log(struct vcpu *v, const char *what, unsigned long value)
{
	struct line *l = log_start(v, what);

	if (l)
		buf_hex(l, value);
}

/* "vcpuN <kind> <addr>/<len> <value>": one MMIO or IOCSR access. */
void vcpu_log_access(struct vcpu *v, const char *kind, unsigned long addr, unsigned int len, unsigned long value)
{
	struct line *l = log_start(v, kind);

	if (!l)
		return;
	buf_hex(l, addr);
	buf_str(l, "/");
	buf_dec(l, len);
	buf_str(l, " ");
	buf_hex(l, value);
}

/* Print the exits of every vCPU of a VM, vCPU by vCPU (the order between vCPUs depends on
 * the host's scheduling; within one it does not). */
void vm_report(struct vm *vm, struct vcpu *vcpus, int n)
{
	for (int i = 0; i < n; i++) {
		struct line sum = {0};

		for (int k = 0; k < vcpus[i].nlog; k++)
			printf("kvm-vmm: %s: %s\n", vm->name, vcpus[i].log[k].text);
		buf_str(&sum, "exits");
		for (int r = 0; r < MAX_EXIT; r++) {
			if (!vcpus[i].exits[r])
				continue;
			buf_str(&sum, " ");
			buf_str(&sum, exit_name(r));
			buf_str(&sum, "=");
			buf_dec(&sum, vcpus[i].exits[r]);
		}
		/* Counts of "intr" exits depend on host timing: an info line, not compared. */
		printf("kvm-vmm-info: %s: vcpu%d %s\n", vm->name, vcpus[i].id, sum.text);
		printf("kvm-vmm: %s: vcpu%d status %ld\n", vm->name, vcpus[i].id, vcpus[i].status);
		if (vcpus[i].status != 0)
			failures++;
	}
}

/* ---------------------------------------------------------------------------------------
 * Threads (nolibc has none): clone() with a stack of our own, for the second vCPU.
 * The child finds its function and argument on its new stack, because the syscall
 * clobbers the temporaries (nolibc arch-loongarch.h).
 * ------------------------------------------------------------------------------------- */
#define CLONE_FLAGS 0x00050f00 /* VM | FS | FILES | SIGHAND | THREAD | SYSVSEM */

void thread_start(void (*fn)(void *), void *arg)
{
	unsigned long *top;
	char *stack = mmap(0, 1 << 16, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (stack == MAP_FAILED)
		die("mmap thread stack");
	top = (unsigned long *)(stack + (1 << 16)) - 2;
	top[0] = (unsigned long)fn;
	top[1] = (unsigned long)arg;
	register long a0 __asm__("$a0") = CLONE_FLAGS;
	register long a1 __asm__("$a1") = (long)top;
	register long a2 __asm__("$a2") = 0;
	register long a3 __asm__("$a3") = 0;
	register long a4 __asm__("$a4") = 0;
	register long a7 __asm__("$a7") = __NR_clone;
	__asm__ volatile("syscall 0\n\t"
			 "bnez $a0, 1f\n\t"
			 "ld.d $t0, $sp, 0\n\t"
			 "ld.d $a0, $sp, 8\n\t"
			 "jirl $ra, $t0, 0\n\t"
			 "li.w $a0, 0\n\t"
			 "li.w $a7, 93\n\t" /* exit: this thread only */
			 "syscall 0\n\t"
			 "1:"
			 : "+r"(a0)
			 : "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a7)
			 : "memory", "$t0", "$t1", "$t2", "$t3", "$t4", "$t5", "$t6", "$t7", "$t8", "$ra");
	if (a0 < 0)
		die("clone");
}

/* ---------------------------------------------------------------------------------------
 * Files from the initramfs.
 * ------------------------------------------------------------------------------------- */
void *map_file(const char *path, long *size)
{
	struct stat st;
	void *p;
	int fd;

	if (stat(path, &st) < 0 || (fd = open(path, O_RDONLY, 0)) < 0)
		die(path);
	p = mmap(0, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED)
		die(path);
	close(fd);
	*size = st.st_size;
	return p;
}

static int selected(int argc, char **argv, const char *name)
{
	int any = 0;

	for (int i = 1; i < argc; i++) {
		if (argv[i][0] == '-')
			continue;
		any = 1;
		if (!strcmp(argv[i], name))
			return 1;
	}
	return !any;
}

int main(int argc, char **argv)
{
	static const char *const programs[] = {"mmio", "hcall", "timer", "stage2", "smp"};
	int api;

	if (getpid() == 1) {
		mkdir("/proc", 0755);
		mount("proc", "/proc", "proc", 0, 0);
		mkdir("/dev", 0755);
		mount("devtmpfs", "/dev", "devtmpfs", 0, 0);
	}
	printf("kvm-vmm: starting\n");
	kvm_fd = open("/dev/kvm", O_RDWR, 0);
	if (kvm_fd < 0)
		die("open /dev/kvm");
	api = ioctl(kvm_fd, KVM_GET_API_VERSION, 0);
	printf("kvm-vmm: KVM_GET_API_VERSION %d, KVM_CAP_READONLY_MEM %d, KVM_CAP_NR_VCPUS %d\n", api,
	       ioctl(kvm_fd, KVM_CHECK_EXTENSION, (void *)KVM_CAP_READONLY_MEM),
	       (int)ioctl(kvm_fd, KVM_CHECK_EXTENSION, (void *)KVM_CAP_NR_VCPUS));

	for (unsigned int i = 0; i < sizeof(programs) / sizeof(programs[0]); i++)
		if (selected(argc, argv, programs[i]))
			run_program(programs[i]);
	if (selected(argc, argv, "nested"))
		run_nested();

	printf("kvm-vmm: done, %d failure(s)\n", failures);
	ioctl(1, TCSBRK, (void *)1);
	if (getpid() == 1)
		reboot(LINUX_REBOOT_CMD_POWER_OFF);
	return failures != 0;
}
