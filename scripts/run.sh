#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Quick start, command 1: install what is missing, build, and run lvzemu.
#   scripts/run.sh                 the built-in demo (see README)
#   scripts/run.sh ARGS...         lvzemu ARGS...
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh >/dev/null
if [ $# -gt 0 ]; then
  exec build/bin/lvzemu "$@"
fi
# The demo for now: the generated decoder/disassembler on a program that uses every
# instruction group, LVZ included. It becomes the demo hypervisor and guest when the
# execution issues land.
echo "== lvzemu disasm build/tests/cli/sample.elf (tests/cli/sample.s)"
build/bin/lvzemu disasm build/tests/cli/sample.elf
echo "== lvzemu decode 0x05000483 0x002b8100"
build/bin/lvzemu decode 0x05000483 0x002b8100
echo "== lvzemu run build/tests/isa/fp_arith.elf (a self-checking guest program)"
exec build/bin/lvzemu run build/tests/isa/fp_arith.elf
