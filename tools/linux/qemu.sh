#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Boot the lvzemu test Linux on QEMU's loongarch `virt` board (Debian 12: QEMU 7.2), the
# reference the lvzemu virt board is compared with.
#
#   tools/linux/qemu.sh                 # 1 CPU
#   tools/linux/qemu.sh --smp 4         # 4 CPUs (kernel with a 4-CPU DT, secondaries parked)
#   tools/linux/qemu.sh --smp 4 -- -d int -D qemu.log     # extra QEMU arguments after --
#
# Builds (or reuses) the kernel with tools/linux/build.sh (LVZEMU_LINUX_CPUS = --smp), prints
# the QEMU command line on stderr and runs it; QEMU's exit status is the script's (0 after
# the init powers the machine off).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
smp=1
extra=()
while [ $# -gt 0 ]; do
	case $1 in
		--smp) smp=$2; shift 2 ;;
		--smp=*) smp=${1#--smp=}; shift ;;
		--) shift; extra=("$@"); break ;;
		-h|--help) sed -n '3,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
		*) echo "qemu.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
	esac
done

out=$(LVZEMU_LINUX_CPUS=$smp "$here/build.sh")
vmlinux=$(sed -n 's/^vmlinux=//p' <<<"$out")
rootfs=$(sed -n 's/^rootfs=//p' <<<"$out")
smpboot=$(dirname "$vmlinux")/smpboot-qemu72.bin

cmd=(qemu-system-loongarch64 -M virt -m 1G -smp "$smp" -nographic -no-reboot
	-kernel "$vmlinux" -initrd "$rootfs" -append "console=ttyS0")
# QEMU 7.2 starts every vCPU at the kernel entry; park the secondaries in smpboot-qemu72.bin
# (what QEMU 8+ and lvzemu do in their boot ROM). The loader's PC setting runs after the
# board's own reset hook, so it wins.
if [ "$smp" -gt 1 ]; then
	cmd+=(-device "loader,file=$smpboot,addr=0x1000,force-raw=on")
	for ((i = 1; i < smp; i++)); do
		cmd+=(-device "loader,addr=0x1000,cpu-num=$i")
	done
fi
cmd+=("${extra[@]}")
for arg in "${cmd[@]}"; do
	case $arg in *[[:space:]]*) printf "'%s' " "$arg" ;; *) printf '%s ' "$arg" ;; esac
done >&2
echo >&2
exec "${cmd[@]}"
