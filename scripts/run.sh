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
# The built-in demo: `lvzemu run` with no file runs the test hypervisor of tests/hv
# (hv_basic) and its guest: the guest's console, the hypervisor's checks, and the summary.
# Add `--trace csr,exc` to see every CSR change and every guest entry and exit.
exec build/bin/lvzemu run
