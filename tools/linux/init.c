// SPDX-License-Identifier: Apache-2.0
/*
 * lvzemu-init: the whole userspace of the lvzemu test initramfs.
 *
 * Built with the kernel's own nolibc (tools/include/nolibc), no libc, fully static:
 *   clang-19 --target=loongarch64-linux-gnu -march=loongarch64 -Os -nostdlib -nostdinc \
 *     -static -ffreestanding -isystem <tree>/tools/include/nolibc -isystem <uapi headers> \
 *     -include nolibc.h init.c -o init
 * (tools/linux/build.sh does this). -march=loongarch64, not la464: no LSX in the kernel.
 *
 * It prints a banner, uname, the command line, where the initramfs came from, the online
 * CPUs, /proc/cpuinfo and whether /dev/kvm exists, then powers the machine off. Every line
 * it prints starts with "lvzemu-init:" except the copied /proc/cpuinfo, so a test can grep.
 */

#define LINUX_REBOOT_CMD_POWER_OFF 0x4321FEDC
#define KVM_GET_API_VERSION 0xAE00 /* _IO(KVMIO, 0x00) */
#define TCSBRK 0x5409              /* with argument 1: tcdrain() */

static void say(const char *s)
{
	write(1, s, strlen(s));
}

/* Read a small file into buf (NUL-terminated); returns the length or -1. */
static long slurp(const char *path, char *buf, long size)
{
	long n, len = 0;
	int fd = open(path, O_RDONLY, 0);

	if (fd < 0)
		return -1;
	while (len < size - 1 && (n = read(fd, buf + len, size - 1 - len)) > 0)
		len += n;
	close(fd);
	buf[len] = 0;
	return len;
}

/* Copy a file of any size to the console. */
static int cat(const char *path)
{
	char buf[512];
	long n;
	int fd = open(path, O_RDONLY, 0);

	if (fd < 0)
		return -1;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		write(1, buf, n);
	close(fd);
	return 0;
}

static void chomp(char *s)
{
	long n = strlen(s);

	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == ' '))
		s[--n] = 0;
}

/* Number of CPUs in a list such as "0-3,5". */
static int count_cpus(const char *s)
{
	int count = 0;

	while (*s >= '0' && *s <= '9') {
		long lo = atol(s), hi;

		while (*s >= '0' && *s <= '9')
			s++;
		hi = lo;
		if (*s == '-') {
			hi = atol(++s);
			while (*s >= '0' && *s <= '9')
				s++;
		}
		count += (int)(hi - lo + 1);
		if (*s == ',')
			s++;
	}
	return count;
}

static void try_mount(const char *src, const char *dir, const char *type)
{
	mkdir(dir, 0755);
	if (mount(src, dir, type, 0, 0) < 0 && errno != EBUSY)
		printf("lvzemu-init: mount %s on %s failed: errno %d\n", type, dir, errno);
}

int main(int argc, char **argv)
{
	static char buf[1024];
	struct utsname u;
	struct stat st;
	int fd;

	(void)argc;
	(void)argv;

	try_mount("proc", "/proc", "proc");
	try_mount("sysfs", "/sys", "sysfs");
	try_mount("devtmpfs", "/dev", "devtmpfs");

	say("lvzemu-init: hello from Linux\n");

	if (uname(&u) == 0)
		printf("lvzemu-init: uname: %s %s %s %s\n", u.sysname, u.release, u.version,
		       u.machine);
	if (slurp("/proc/uptime", buf, sizeof(buf)) > 0) {
		chomp(buf);
		printf("lvzemu-init: uptime: %s\n", buf);
	}
	if (slurp("/proc/cmdline", buf, sizeof(buf)) >= 0) {
		chomp(buf);
		printf("lvzemu-init: cmdline: %s\n", buf);
	}
	/* build.sh puts "built-in" in the copy linked into vmlinux and "external" in
	 * rootfs.cpio; the kernel unpacks a loader's initrd after the built-in one. */
	if (slurp("/initramfs-source", buf, sizeof(buf)) > 0) {
		chomp(buf);
		printf("lvzemu-init: initramfs: %s\n", buf);
	}

	if (slurp("/sys/devices/system/cpu/online", buf, sizeof(buf)) > 0) {
		chomp(buf);
		printf("lvzemu-init: cpus online: %d (%s)\n", count_cpus(buf), buf);
	} else {
		printf("lvzemu-init: cpus online: unknown (no /sys/devices/system/cpu/online)\n");
	}

	say("lvzemu-init: /proc/cpuinfo:\n");
	if (cat("/proc/cpuinfo") < 0)
		printf("lvzemu-init: cannot read /proc/cpuinfo: errno %d\n", errno);

	if (stat("/dev/kvm", &st) == 0) {
		fd = open("/dev/kvm", O_RDWR, 0);
		if (fd >= 0) {
			printf("lvzemu-init: /dev/kvm: present, KVM_GET_API_VERSION = %d\n",
			       ioctl(fd, KVM_GET_API_VERSION, 0));
			close(fd);
		} else {
			printf("lvzemu-init: /dev/kvm: present, open failed: errno %d\n", errno);
		}
	} else {
		say("lvzemu-init: /dev/kvm: absent\n");
	}

	say("lvzemu-init: powering off\n");
	/* Wait until the console has sent everything: a UART without an interrupt (the
	 * ls3a5000 root zone's) is drained by a polling timer, after write() returned. */
	ioctl(1, TCSBRK, (void *)1);
	reboot(LINUX_REBOOT_CMD_POWER_OFF);
	printf("lvzemu-init: power-off failed: errno %d\n", errno);
	for (;;)
		sleep(3600);
}
