#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs, from Debian's archive, only the packages lvzemu needs that are missing.
# Run as root on Debian 12 (bookworm). Safe to run again: it installs nothing when all is
# present.
set -euo pipefail

PACKAGES=(
  cmake ninja-build python3            # build
  clang-19 lld-19 llvm-19 llvm-19-dev  # compiler, LoongArch cross assembler/linker, LLVM libs
  libfmt-dev libcli11-dev              # output formatting, command line
  googletest libgtest-dev              # unit tests
  libfdt-dev                           # device trees (the virt board)
  qemu-system-misc                     # qemu-system-loongarch64: differential reference
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#PACKAGES[@]} packages present"
  exit 0
fi

echo "setup: installing ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "setup: error: need root to install packages (run as root or with sudo)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
