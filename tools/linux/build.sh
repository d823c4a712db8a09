#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Build the lvzemu test Linux: Linux 6.12 (Debian's linux-source-6.12) for LoongArch64 with
# clang/lld 19, from tools/linux/lvzemu.config on top of allnoconfig, with a built-in DTB
# (tools/linux/lvzemu-virt.dts) and a built-in initramfs holding tools/linux/init.c (nolibc).
# Also writes rootfs.cpio, the same initramfs as a separate file for -initrd.
#
# Outputs live outside the repository, in
#   ${LVZEMU_CACHE:-$HOME/.cache/lvzemu}/linux-6.12/out-<N>cpu/{vmlinux,rootfs.cpio,...}
# and are reused: a second run with the same inputs (this script, the config fragment, the
# DTS, init.c, the CPU count, the kernel and compiler versions) does nothing but print them.
#
# Environment:
#   LVZEMU_CACHE        cache root (default $HOME/.cache/lvzemu)
#   LVZEMU_LINUX_CPUS   CPUs described in the built-in DT (default 1, 1..8). The DT must not
#                       list more CPUs than the machine has: QEMU 7.2 crashes on an IPI to a
#                       missing CPU. See README.md (SMP).
#   LVZEMU_JOBS         make -j (default: nproc)
#
# Prints, last, two lines "vmlinux=PATH" and "rootfs=PATH". Debian 12, run as root (it
# apt-get installs what is missing).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cache_root=${LVZEMU_CACHE:-$HOME/.cache/lvzemu}
work=$cache_root/linux-6.12
ncpus=${LVZEMU_LINUX_CPUS:-1}
jobs=${LVZEMU_JOBS:-$(nproc)}
tarball=/usr/src/linux-source-6.12.tar.xz
llvm_suffix=-19

log() { printf 'build.sh: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

case $ncpus in
	[1-8]) ;;
	*) die "LVZEMU_LINUX_CPUS must be 1..8 (CONFIG_NR_CPUS=8), got '$ncpus'" ;;
esac
# LVZEMU_LINUX_DT=builtin (default): the DT is linked in (QEMU 7.2 passes none).
# LVZEMU_LINUX_DT=firmware: no built-in DT; the kernel takes the one the firmware's EFI
# table points to (lvzemu's, docs/machine.md), so lvzemu's device tree is what boots.
# LVZEMU_LINUX_DT=ls3a5000-root: hvisor's root zone on the 3A5000 board: built-in
# lvzemu-ls3a5000-root.dts (one CPU, the zone's RAM and devices, its command line); also
# writes root-kernel.bin (the flat image hvisor's root zone expects at physical 0x20_0000)
# and entry.txt (the address to write into hvisor's board file). docs/ls3a5000.md.
dt_mode=${LVZEMU_LINUX_DT:-builtin}
case $dt_mode in
	builtin | firmware) ;;
	ls3a5000-root) ncpus=1 ;;
	*) die "LVZEMU_LINUX_DT must be builtin, firmware or ls3a5000-root, got '$dt_mode'" ;;
esac

# ---------------------------------------------------------------------------------------------
# 1. Packages: install only what is missing.
# ---------------------------------------------------------------------------------------------
missing=()
[ -f "$tarball" ] || missing+=(linux-source-6.12)
for tool in clang-19:clang-19 ld.lld-19:lld-19 llvm-objcopy-19:llvm-19 llvm-strip-19:llvm-19 \
	make:make bc:bc flex:flex bison:bison xz:xz-utils perl:perl-base flock:util-linux; do
	command -v "${tool%%:*}" >/dev/null 2>&1 || missing+=("${tool#*:}")
done
[ -f /usr/include/stdio.h ] || missing+=(libc6-dev)
if [ ${#missing[@]} -gt 0 ]; then
	mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
	log "installing: ${missing[*]}"
	[ "$(id -u)" = 0 ] || die "not root: install ${missing[*]} first"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# ---------------------------------------------------------------------------------------------
# 2. Cache key: everything the outputs depend on.
# ---------------------------------------------------------------------------------------------
mkdir -p "$work"
exec 9>"$work/.lock"
flock 9 # one build at a time per cache directory

src_version=$(dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null || stat -c %s.%Y "$tarball")
key=$(
	{
		cat "$here/build.sh" "$here/lvzemu.config" "$here/lvzemu-virt.dts" "$here/init.c" \
			"$here/smpboot-qemu72.S" "$here/lvzemu-ls3a5000-root.dts"
		echo "cpus=$ncpus dt=$dt_mode src=$src_version"
		clang$llvm_suffix --version | head -n1
	} | sha256sum | cut -c1-16
)
out=$work/out-${ncpus}cpu
[ "$dt_mode" = firmware ] && out=$work/out-fwdt
[ "$dt_mode" = ls3a5000-root ] && out=$work/out-ls3a5000-root
print_outputs() {
	echo "vmlinux=$out/vmlinux"
	echo "rootfs=$out/rootfs.cpio"
	if [ "$dt_mode" = ls3a5000-root ]; then
		echo "root_kernel=$out/root-kernel.bin"
		echo "entry=$(cat "$out/entry.txt")"
	fi
}
if [ -f "$out/stamp" ] && [ "$(cat "$out/stamp")" = "$key" ] &&
	[ -f "$out/vmlinux" ] && [ -f "$out/vmlinux.efi" ] && [ -f "$out/rootfs.cpio" ]; then
	log "up to date (key $key)"
	print_outputs
	exit 0
fi
t_start=$(date +%s)

# ---------------------------------------------------------------------------------------------
# 3. Kernel source: unpacked once per linux-source version; the build is out of tree (O=).
# ---------------------------------------------------------------------------------------------
srcdir=$work/src/linux-source-6.12
obj=$work/obj
# The root-zone kernel's configuration differs (no KVM): its own object tree, so switching
# between it and the others does not rebuild the whole kernel each time.
[ "$dt_mode" = ls3a5000-root ] && obj=$work/obj-ls3a5000-root
if [ "$(cat "$work/src/.unpacked" 2>/dev/null)" != "$src_version" ]; then
	log "unpacking $tarball ($src_version)"
	rm -rf "$work/src" "$work/obj" "$work/obj-ls3a5000-root"
	mkdir -p "$work/src"
	tar -xf "$tarball" -C "$work/src"
	echo "$src_version" >"$work/src/.unpacked"
fi
[ -f "$srcdir/Makefile" ] || die "no kernel tree in $srcdir"
mkdir -p "$obj"

# A fixed build user, host, number and date, so `uname -a` (and the console log) does not
# change from build to build or machine to machine.
export KBUILD_BUILD_USER=lvzemu KBUILD_BUILD_HOST=lvzemu KBUILD_BUILD_VERSION=1
export KBUILD_BUILD_TIMESTAMP="Thu Jan  1 00:00:00 UTC 1970"
kmake() {
	make -s -C "$srcdir" O="$obj" ARCH=loongarch LLVM=$llvm_suffix "$@"
}

# Write $2 to $1 only when it differs, so make sees no new timestamp otherwise.
put() {
	local tmp
	tmp=$(mktemp)
	printf '%s' "$2" >"$tmp"
	if cmp -s "$tmp" "$1"; then rm -f "$tmp"; else mv "$tmp" "$1"; chmod 644 "$1"; fi
}

# ---------------------------------------------------------------------------------------------
# 4. The built-in DT: our DTS plus one cpu node per CPU.
# ---------------------------------------------------------------------------------------------
dts_dir=$srcdir/arch/loongarch/boot/dts
put "$dts_dir/lvzemu-virt.dts" "$(cat "$here/lvzemu-virt.dts")
"
cpus_dtsi="/* generated by tools/linux/build.sh: LVZEMU_LINUX_CPUS=$ncpus */
"
for ((i = 0; i < ncpus; i++)); do
	cpus_dtsi+="		cpu@$i {
			compatible = \"loongarch,Loongson-3A5000\";
			device_type = \"cpu\";
			reg = <$i>;
		};
"
done
put "$dts_dir/lvzemu-virt-cpus.dtsi" "$cpus_dtsi"
put "$dts_dir/lvzemu-ls3a5000-root.dts" "$(cat "$here/lvzemu-ls3a5000-root.dts")
"

# ---------------------------------------------------------------------------------------------
# 5. Configuration: allnoconfig + our fragment (+ the two cache paths), then a check that
#    every option we asked for survived.
# ---------------------------------------------------------------------------------------------
initdir=$work/initramfs
mkdir -p "$initdir"
if [ "$dt_mode" = ls3a5000-root ]; then
	# hvisor's root zone: no KVM. hvisor passes the host's CPUCFG through, LVZ bit included,
	# and a KVM host inside a guest dies on its first LVZ-only instruction (INVTLB 0x12 is
	# INE in guest mode; tests/board/zone_root.c reproduces it).
	dtb_name=lvzemu-ls3a5000-root
	put "$work/lvzemu.config" "$(grep -v -e '^CONFIG_KVM=' -e '^CONFIG_VIRTUALIZATION=' "$here/lvzemu.config")
# CONFIG_VIRTUALIZATION is not set
# CONFIG_KVM is not set
CONFIG_BUILTIN_DTB_NAME=\"$dtb_name\"
CONFIG_INITRAMFS_SOURCE=\"$initdir/builtin.list\"
"
elif [ "$dt_mode" = builtin ]; then
	dtb_name=lvzemu-virt
	put "$work/lvzemu.config" "$(cat "$here/lvzemu.config")
CONFIG_BUILTIN_DTB_NAME=\"$dtb_name\"
CONFIG_INITRAMFS_SOURCE=\"$initdir/builtin.list\"
"
else
	put "$work/lvzemu.config" "$(grep -v '^CONFIG_BUILTIN_DTB=' "$here/lvzemu.config")
# CONFIG_BUILTIN_DTB is not set
CONFIG_INITRAMFS_SOURCE=\"$initdir/builtin.list\"
"
fi
log "configuring (allnoconfig + lvzemu.config)"
(
	export ARCH=loongarch LLVM=$llvm_suffix
	cd "$srcdir"
	scripts/kconfig/merge_config.sh -n -O "$obj" "$work/lvzemu.config" >"$work/merge_config.log" 2>&1
) || { cat "$work/merge_config.log" >&2; die "merge_config.sh failed"; }
bad=0
while IFS= read -r line; do
	case $line in
		CONFIG_*=*)
			grep -qxF "$line" "$obj/.config" || { log "config: asked for $line, got: $(grep -E "^(# )?${line%%=*}[= ]" "$obj/.config" || echo 'absent')"; bad=1; } ;;
		"# CONFIG_"*" is not set")
			sym=${line#\# }; sym=${sym%% *}
			! grep -q "^$sym=" "$obj/.config" || { log "config: asked for $sym off, got: $(grep "^$sym=" "$obj/.config")"; bad=1; } ;;
	esac
done <"$work/lvzemu.config"
[ $bad = 0 ] || die "the configuration does not match lvzemu.config (see above)"

# ---------------------------------------------------------------------------------------------
# 6. /init: nolibc + the kernel's UAPI headers, static, no libc.
# ---------------------------------------------------------------------------------------------
log "building /init (nolibc)"
kmake headers # the UAPI headers, installed form, in $obj/usr/include
# -march=loongarch64: no LSX/LASX (the kernel has no SIMD support configured; QEMU 7.2 has none).
clang$llvm_suffix --target=loongarch64-linux-gnu -march=loongarch64 -Os -Wall -Wextra -Werror \
	-nostdlib -nostdinc -static -ffreestanding -fno-stack-protector \
	-fno-asynchronous-unwind-tables -fno-unwind-tables -fno-ident \
	-isystem "$srcdir/tools/include/nolibc" -isystem "$obj/usr/include" \
	-include nolibc.h --ld-path=/usr/bin/ld.lld$llvm_suffix -Wl,--build-id=none \
	-o "$initdir/init" "$here/init.c"
llvm-strip$llvm_suffix "$initdir/init"

# Secondary-CPU parking code for QEMU 7.2 (tools/linux/qemu.sh; see smpboot-qemu72.S).
clang$llvm_suffix --target=loongarch64-linux-gnu -c -o "$work/smpboot-qemu72.o" "$here/smpboot-qemu72.S"
llvm-objcopy$llvm_suffix -O binary -j .text "$work/smpboot-qemu72.o" "$work/smpboot-qemu72.bin"

# The kernel's own gen_init_cpio writes the archives (device nodes need no root, no cpio).
clang$llvm_suffix -O2 -w -o "$work/gen_init_cpio" "$srcdir/usr/gen_init_cpio.c"
list() { # $1 = text of /initramfs-source
	put "$initdir/source-$1" "$1
"
	cat <<EOF
dir /dev 0755 0 0
nod /dev/console 0600 0 0 c 5 1
dir /proc 0755 0 0
dir /sys 0755 0 0
file /init $initdir/init 0755 0 0
file /initramfs-source $initdir/source-$1 0644 0 0
EOF
}
put "$initdir/builtin.list" "$(list built-in)
"
put "$initdir/external.list" "$(list external)
"
# -t 0: fixed mtime, so the archive is the same bytes for the same /init.
"$work/gen_init_cpio" -t 0 "$initdir/external.list" >"$initdir/rootfs.cpio"

# ---------------------------------------------------------------------------------------------
# 7. The kernel.
# ---------------------------------------------------------------------------------------------
log "building vmlinux and vmlinux.efi with -j$jobs (log: $work/build.log)"
t_kernel=$(date +%s)
if ! kmake -j"$jobs" vmlinux.efi >"$work/build.log" 2>&1; then
	tail -n 40 "$work/build.log" >&2
	die "kernel build failed (full log: $work/build.log)"
fi
t_end=$(date +%s)

mkdir -p "$out"
rm -f "$out/stamp"
cp "$obj/vmlinux" "$out/vmlinux"
cp "$obj/arch/loongarch/boot/vmlinux.efi" "$out/vmlinux.efi"
cp "$initdir/rootfs.cpio" "$out/rootfs.cpio"
cp "$initdir/init" "$out/init"
cp "$work/smpboot-qemu72.bin" "$out/smpboot-qemu72.bin"
cp "$obj/.config" "$out/config"
cp "$obj/System.map" "$out/System.map"
[ "$dt_mode" = firmware ] || "$obj/scripts/dtc/dtc" -q -I dtb -O dts -o "$out/$dtb_name.dts" \
	"$obj/arch/loongarch/boot/dts/$dtb_name.dtb" 2>/dev/null || true
if [ "$dt_mode" = ls3a5000-root ]; then
	# The flat image starts at the lowest load address, _text = 0x9000_0000_0020_0000
	# (physical 0x20_0000, where hvisor's root zone expects it); the entry is the ELF's.
	llvm-objcopy$llvm_suffix -O binary "$obj/vmlinux" "$out/root-kernel.bin"
	first_paddr=$(llvm-readelf$llvm_suffix -l "$obj/vmlinux" | awk '$1 == "LOAD" { print $4; exit }')
	[ $((first_paddr & 0xffffffffffff)) = $((0x200000)) ] ||
		die "vmlinux's first LOAD segment is at $first_paddr, not physical 0x200000"
	llvm-readelf$llvm_suffix -h "$obj/vmlinux" | awk '/Entry point address/ { print $4 }' >"$out/entry.txt"
fi
echo "$key" >"$out/stamp"

log "kernel $(cat "$obj/include/config/kernel.release"), DT $dt_mode with $ncpus CPU(s): kernel build $((t_end - t_kernel)) s, total $((t_end - t_start)) s"
print_outputs
