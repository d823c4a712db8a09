#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# tests/kvm/build.sh: the initramfs of the KVM test (issue #8, docs/kvm.md).
#
# Builds (or reuses) the firmware-DT kernel with tools/linux/build.sh, then, with that
# kernel tree's nolibc, UAPI headers, dtc and gen_init_cpio:
#   vmm          tests/kvm/vmm.c programs.c nested.c: static, nolibc; it is /init
#   <name>.bin   tests/kvm/guests/<name>.S: flat guest programs linked at 0
#   nested.dtb   tests/kvm/nested.dts: the nested guest's machine
#   kvm.cpio     /init = vmm, /kvm/*.bin, /kvm/nested.dtb, /kvm/vmlinux (the host's own)
# into ${LVZEMU_CACHE:-~/.cache/lvzemu}/linux-6.12/out-kvm/. The host boots with
#   lvzemu run --kernel vmlinux --initrd kvm.cpio
# and the loader's initrd replaces the kernel's built-in /init.
# Prints vmlinux=PATH and cpio=PATH. Cached: a hash of the inputs is the stamp.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
cache=${LVZEMU_CACHE:-$HOME/.cache/lvzemu}
work=$cache/linux-6.12
out=$work/out-kvm
sfx=-19

log() { printf 'tests/kvm/build.sh: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

paths=$(LVZEMU_LINUX_DT=firmware "$repo/tools/linux/build.sh") || die "tools/linux/build.sh failed"
vmlinux=$(sed -n 's/^vmlinux=//p' <<<"$paths")
[ -f "$vmlinux" ] || die "no vmlinux from tools/linux/build.sh"
srcdir=$work/src/linux-source-6.12
obj=$work/obj
dtc=$obj/scripts/dtc/dtc
[ -x "$dtc" ] || die "no $dtc (tools/linux/build.sh builds it with the kernel)"
[ -x "$work/gen_init_cpio" ] || die "no $work/gen_init_cpio"
[ -d "$obj/usr/include/linux" ] || die "no UAPI headers in $obj/usr/include"

mkdir -p "$out"
exec 9>"$out/.lock"
flock 9
key=$(
	{
		cat "$here"/build.sh "$here"/*.c "$here"/*.h "$here"/nested.dts "$here"/guests/*
		sha256sum "$vmlinux"
		clang$sfx --version | head -n1
	} | sha256sum | cut -c1-16
)
if [ -f "$out/stamp" ] && [ "$(cat "$out/stamp")" = "$key" ] && [ -f "$out/kvm.cpio" ]; then
	echo "vmlinux=$vmlinux"
	echo "cpio=$out/kvm.cpio"
	exit 0
fi
log "building the KVM test initramfs in $out"

clang$sfx --target=loongarch64-linux-gnu -march=loongarch64 -Os -Wall -Wextra -Werror \
	-Wno-unused-function -nostdlib -nostdinc -static -ffreestanding -fno-stack-protector \
	-fno-asynchronous-unwind-tables -fno-unwind-tables -fno-ident \
	-isystem "$srcdir/tools/include/nolibc" -isystem "$obj/usr/include" \
	-include nolibc.h --ld-path=/usr/bin/ld.lld$sfx -Wl,--build-id=none \
	-o "$out/vmm" "$here/vmm.c" "$here/programs.c" "$here/nested.c"
llvm-strip$sfx "$out/vmm"

# Guest programs: hvcl needs the LVZ feature in the assembler.
guests=()
for src in "$here"/guests/*.S; do
	name=$(basename "$src" .S)
	clang$sfx --target=loongarch64-unknown-elf -march=loongarch64 \
		-Xclang -target-feature -Xclang +lvz -c "$src" -o "$out/$name.o"
	ld.lld$sfx -Ttext=0 -e _start --build-id=none "$out/$name.o" -o "$out/$name.elf"
	llvm-objcopy$sfx -O binary "$out/$name.elf" "$out/$name.bin"
	guests+=("$name")
done

"$dtc" -q -I dts -O dtb -o "$out/nested.dtb" "$here/nested.dts"

{
	echo "dir /dev 0755 0 0"
	echo "nod /dev/console 0600 0 0 c 5 1"
	echo "dir /proc 0755 0 0"
	echo "dir /kvm 0755 0 0"
	echo "file /init $out/vmm 0755 0 0"
	for g in "${guests[@]}"; do echo "file /kvm/$g.bin $out/$g.bin 0644 0 0"; done
	echo "file /kvm/nested.dtb $out/nested.dtb 0644 0 0"
	echo "file /kvm/vmlinux $vmlinux 0644 0 0"
} >"$out/kvm.list"
"$work/gen_init_cpio" -t 0 "$out/kvm.list" >"$out/kvm.cpio"
echo "$key" >"$out/stamp"
log "kvm.cpio: $(stat -c %s "$out/kvm.cpio") bytes"
echo "vmlinux=$vmlinux"
echo "cpio=$out/kvm.cpio"
