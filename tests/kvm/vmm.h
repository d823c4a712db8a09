/* SPDX-License-Identifier: Apache-2.0 */
/* kvm-vmm's shared types (vmm.c: KVM set-up and run loop; programs.c: the guest programs
 * and their test device; nested.c: the nested Linux and its devices). */
#ifndef KVM_VMM_H
#define KVM_VMM_H

#define MAX_EXIT 64  /* KVM_EXIT_* reasons we count */
#define MAX_LOG 64   /* exit records per vCPU */
#define MAX_SLOTS 4

struct line {
	char text[120];
	int len;
};

struct vcpu;

struct vm {
	const char *name;
	int fd;
	int nslots;
	void *slot_host[MAX_SLOTS];
	unsigned long slot_size[MAX_SLOTS];
	/* The device model: called for each KVM_EXIT_MMIO / KVM_EXIT_LOONGARCH_IOCSR. For a
	 * read it fills data[0..len), which KVM loads into the register on the next KVM_RUN. */
	void (*mmio)(struct vcpu *v, unsigned long addr, unsigned char *data, unsigned int len, int is_write);
	void (*iocsr)(struct vcpu *v, unsigned long addr, unsigned char *data, unsigned int len, int is_write);
};

struct vcpu {
	struct vm *vm;
	int fd, id;
	struct kvm_run *run;
	volatile int done;     /* set by the device model: leave the run loop */
	volatile int finished; /* set by the thread that ran it, after the loop */
	long status;
	unsigned long exits[MAX_EXIT];
	int nlog;
	struct line log[MAX_LOG];
};

extern int failures;

void buf_str(struct line *l, const char *s);
void buf_hex(struct line *l, unsigned long v);
void buf_dec(struct line *l, unsigned long v);
__attribute__((noreturn)) void die(const char *what);

void vm_create(struct vm *vm, const char *name);
void *vm_add_memory(struct vm *vm, unsigned long gpa, unsigned long size, int readonly);
void vcpu_create(struct vm *vm, struct vcpu *v, int id, unsigned long pc, unsigned long pv_features);
void vcpu_loop(struct vcpu *v);
void vcpu_log(struct vcpu *v, const char *what, unsigned long value);
void vcpu_log_access(struct vcpu *v, const char *kind, unsigned long addr, unsigned int len, unsigned long value);
void vm_report(struct vm *vm, struct vcpu *vcpus, int n);
void vm_destroy(struct vm *vm, struct vcpu *vcpus, int n);
void thread_start(void (*fn)(void *), void *arg);
void *map_file(const char *path, long *size);

void run_program(const char *name);
void run_nested(void);

static inline unsigned long le_load(const unsigned char *p, unsigned int len)
{
	unsigned long v = 0;

	for (unsigned int i = 0; i < len; i++)
		v |= (unsigned long)p[i] << (8 * i);
	return v;
}

static inline void le_store(unsigned char *p, unsigned int len, unsigned long v)
{
	for (unsigned int i = 0; i < len; i++)
		p[i] = v >> (8 * i);
}

#endif
