// SPDX-License-Identifier: Apache-2.0
/*
 * The nested Linux: the host's own vmlinux as a KVM guest.
 *
 * Boot protocol as lvzemu's direct boot (src/machine/boot.cpp, docs/machine.md) and QEMU
 * virt >= 8: the kernel ELF at its physical addresses, a0 = 1 (EFI-style firmware),
 * a1 = the command line, a2 = an EFI system table whose configuration tables give the
 * boot memory map, the initrd (none: the kernel's built-in initramfs is its userspace)
 * and the device tree (nested.dts). DA mode at the ELF entry is KVM's vCPU reset state.
 *
 * Devices: the ns16550a at 0x1fe001e0 (no interrupt line in the DT, so Linux polls it
 * from a timer; transmit goes when IIR reports THR empty), the GED sleep-control register
 * at 0x100e001c (0x34 = power-off, 0x42 at +2 = reset) and IOCSR (reads 0 except the
 * vendor and CPU name words; writes ignored).
 */
#include <linux/elf.h>
#include <linux/kvm.h>

#include "vmm.h"

#define NESTED_RAM (256ul << 20)
#define UART_BASE 0x1fe001e0ul
#define GED_BASE 0x100e001cul
#define SYSTAB 0x1000ul
#define VENDOR 0x1800ul
#define TABLES 0x2000ul
#define MEMMAP 0x3000ul
#define INITRD_TABLE 0x4000ul
#define FDT_BASE 0x100000ul
#define FDT_MAX 0x100000ul
#define CMDLINE "console=ttyS0,115200 earlycon rdinit=/init panic=-1"

static struct {
	unsigned char ier, lcr, mcr, scr, fcr, dll, dlm;
	struct {
		char text[512];
		int len;
	} out;
	unsigned long unknown_mmio, iocsr_reads, iocsr_writes;
} dev;

static void console_flush(void)
{
	if (!dev.out.len)
		return;
	write(1, "[guest] ", 8);
	write(1, dev.out.text, dev.out.len);
	write(1, "\n", 1);
	dev.out.len = 0;
}

static void console_put(unsigned char c)
{
	if (c == '\r')
		return;
	if (c == '\n' || dev.out.len >= (int)sizeof(dev.out.text) - 2) {
		console_flush();
		if (c == '\n')
			return;
	}
	dev.out.text[dev.out.len++] = c;
	dev.out.text[dev.out.len] = 0;
}

/* The 16550 registers Linux's 8250 driver uses (reg-shift 0, byte wide). */
static unsigned char uart_read(unsigned int reg)
{
	int dlab = dev.lcr & 0x80;

	switch (reg) {
	case 0: return dlab ? dev.dll : 0;           /* RBR: no input */
	case 1: return dlab ? dev.dlm : dev.ier;
	case 2: return ((dev.fcr & 1) ? 0xc0 : 0) | ((dev.ier & 2) ? 0x02 : 0x01); /* IIR: THR empty */
	case 3: return dev.lcr;
	case 4: return dev.mcr;
	case 5: return 0x60;                         /* LSR: THRE | TEMT */
	case 6: return 0xb0;                         /* MSR: DCD | DSR | CTS */
	default: return dev.scr;
	}
}

static void uart_write(unsigned int reg, unsigned char val)
{
	int dlab = dev.lcr & 0x80;

	switch (reg) {
	case 0: if (dlab) dev.dll = val; else console_put(val); break;
	case 1: if (dlab) dev.dlm = val; else dev.ier = val & 0x0f; break;
	case 2: dev.fcr = val; break;
	case 3: dev.lcr = val; break;
	case 4: dev.mcr = val; break;
	case 7: dev.scr = val; break;
	default: break;
	}
}

static void nested_mmio(struct vcpu *v, unsigned long addr, unsigned char *data, unsigned int len, int is_write)
{
	if (addr >= UART_BASE && addr < UART_BASE + 8 && len == 1) {
		if (is_write)
			uart_write(addr - UART_BASE, data[0]);
		else
			data[0] = uart_read(addr - UART_BASE);
		return;
	}
	if (addr >= GED_BASE && addr < GED_BASE + 4) {
		unsigned int reg = addr - GED_BASE;

		/* syscon's regmap reads before it writes (update_bits): reads are 0. */
		if (!is_write) {
			memset(data, 0, len);
			return;
		}
		if ((reg == 0 && data[0] == 0x34) || (reg == 2 && data[0] == 0x42)) {
			console_flush();
			vcpu_log(v, reg == 0 ? "power-off" : "reset", data[0]);
			v->status = reg == 0 ? 0 : 2;
			v->done = 1;
		}
		return;
	}
	if (!is_write)
		memset(data, 0, len);
	if (dev.unknown_mmio++ < 8)
		vcpu_log_access(v, is_write ? "unknown-mmio-write" : "unknown-mmio-read", addr, len,
				is_write ? le_load(data, len) : 0);
}

static void nested_iocsr(struct vcpu *v, unsigned long addr, unsigned char *data, unsigned int len, int is_write)
{
	unsigned long val = 0;

	(void)v;
	if (is_write) {
		dev.iocsr_writes++;
		return;
	}
	dev.iocsr_reads++;
	if (addr == 0x10)
		val = 0x6e6f73676e6f6f4cul; /* "Loongson" */
	else if (addr == 0x20)
		val = 0x303030354133ul;     /* "3A5000" */
	le_store(data, len, val);
}

/* Load vmlinux: every PT_LOAD at p_paddr masked to 48 bits, as QEMU's and lvzemu's loaders. */
static unsigned long load_kernel(unsigned char *ram, const unsigned char *elf, long size)
{
	const Elf64_Ehdr *eh = (const void *)elf;
	unsigned long low = ~0ul;

	if (size < (long)sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) || eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_machine != EM_LOONGARCH || eh->e_phentsize != sizeof(Elf64_Phdr) ||
	    eh->e_phoff + (unsigned long)eh->e_phnum * sizeof(Elf64_Phdr) > (unsigned long)size)
		die("/kvm/vmlinux: not a LoongArch64 ELF");
	for (int i = 0; i < eh->e_phnum; i++) {
		const Elf64_Phdr *ph = (const void *)(elf + eh->e_phoff + i * sizeof(Elf64_Phdr));
		unsigned long pa = ph->p_paddr & ((1ul << 48) - 1);

		if (ph->p_type != PT_LOAD)
			continue;
		if (pa + ph->p_memsz > NESTED_RAM || ph->p_filesz > ph->p_memsz ||
		    ph->p_offset + ph->p_filesz > (unsigned long)size)
			die("/kvm/vmlinux: a segment outside the guest's RAM or the file");
		memcpy(ram + pa, elf + ph->p_offset, ph->p_filesz);
		memset(ram + pa + ph->p_filesz, 0, ph->p_memsz - ph->p_filesz);
		if (pa < low)
			low = pa;
	}
	if (low < FDT_BASE + FDT_MAX)
		die("/kvm/vmlinux: loads below the boot block and device tree");
	return eh->e_entry;
}

static void put64(unsigned char *ram, unsigned long off, unsigned long v) { le_store(ram + off, 8, v); }
static void put32(unsigned char *ram, unsigned long off, unsigned long v) { le_store(ram + off, 4, v); }

/* The EFI GUIDs (Linux include/linux/efi.h) as they lie in memory. */
static const unsigned char guid_memmap[16] = {0x3f, 0x68, 0x0f, 0x80, 0x8b, 0xd0, 0x3a, 0x42,
					      0xa2, 0x93, 0x96, 0x5c, 0x3c, 0x6f, 0xe2, 0xb4};
static const unsigned char guid_initrd[16] = {0x27, 0xe4, 0x68, 0x55, 0xfc, 0x68, 0x3d, 0x4f,
					      0xac, 0x74, 0xca, 0x55, 0x52, 0x31, 0xcc, 0x68};
static const unsigned char guid_fdt[16] = {0xd5, 0x21, 0xb6, 0xb1, 0x9c, 0xf1, 0xa5, 0x41,
					   0x83, 0x0b, 0xd9, 0x15, 0x2c, 0x69, 0xaa, 0xe0};

static void write_boot_block(unsigned char *ram)
{
	const unsigned char *guids[3] = {guid_memmap, guid_initrd, guid_fdt};
	const unsigned long addrs[3] = {MEMMAP, INITRD_TABLE, FDT_BASE};

	memcpy(ram, CMDLINE, sizeof(CMDLINE));
	put64(ram, SYSTAB + 0, 0x5453595320494249ul); /* "IBI SYST" */
	put32(ram, SYSTAB + 8, (2u << 16) | 70u);      /* UEFI 2.70 */
	put32(ram, SYSTAB + 12, 120);
	put64(ram, SYSTAB + 24, VENDOR);
	put32(ram, SYSTAB + 32, 1);
	for (int i = 0; i < 6; i++)
		le_store(ram + VENDOR + 2 * i, 2, "kvmvmm"[i]);
	put64(ram, SYSTAB + 104, 3);
	put64(ram, SYSTAB + 112, TABLES);
	for (int i = 0; i < 3; i++) {
		memcpy(ram + TABLES + 24 * i, guids[i], 16);
		put64(ram, TABLES + 24 * i + 16, addrs[i]);
	}
	/* efi_boot_memmap: map_size, desc_size, desc_ver, map_key, buff_size; one descriptor. */
	put64(ram, MEMMAP + 0, 40);
	put64(ram, MEMMAP + 8, 40);
	put32(ram, MEMMAP + 16, 1);
	put32(ram, MEMMAP + 40, 7);                 /* EfiConventionalMemory */
	put64(ram, MEMMAP + 48, 0);                 /* physical start */
	put64(ram, MEMMAP + 64, NESTED_RAM >> 12);  /* pages */
	put64(ram, MEMMAP + 72, 0xf);               /* UC | WC | WT | WB */
	put64(ram, INITRD_TABLE + 0, 0);
	put64(ram, INITRD_TABLE + 8, 0);
}

void run_nested(void)
{
	static struct vcpu v;
	struct vm vm;
	struct kvm_regs regs;
	long ksize, dsize;
	const unsigned char *kernel = map_file("/kvm/vmlinux", &ksize);
	const unsigned char *dtb = map_file("/kvm/nested.dtb", &dsize);
	unsigned char *ram;
	unsigned long entry;

	vm_create(&vm, "nested");
	vm.mmio = nested_mmio;
	vm.iocsr = nested_iocsr;
	ram = vm_add_memory(&vm, 0, NESTED_RAM, 0);
	entry = load_kernel(ram, kernel, ksize);
	if (dsize > (long)FDT_MAX)
		die("/kvm/nested.dtb: too large");
	memcpy(ram + FDT_BASE, dtb, dsize);
	write_boot_block(ram);

	vcpu_create(&vm, &v, 0, entry, 0);
	if (ioctl(v.fd, KVM_GET_REGS, &regs) < 0)
		die("KVM_GET_REGS");
	regs.gpr[4] = 1;      /* a0: EFI-style boot */
	regs.gpr[5] = 0;      /* a1: the command line */
	regs.gpr[6] = SYSTAB; /* a2: the system table */
	if (ioctl(v.fd, KVM_SET_REGS, &regs) < 0)
		die("KVM_SET_REGS");
	printf("kvm-vmm: nested: booting /kvm/vmlinux (entry 0x%lx, %lu MiB) with \"%s\"\n", entry,
	       NESTED_RAM >> 20, CMDLINE);
	vcpu_loop(&v);
	console_flush();
	printf("kvm-vmm-info: nested: IOCSR reads %lu writes %lu, other MMIO %lu\n", dev.iocsr_reads,
	       dev.iocsr_writes, dev.unknown_mmio);
	vm_report(&vm, &v, 1);
	vm_destroy(&vm, &v, 1);
}
