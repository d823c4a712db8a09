#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Quick start, command 2: install what is missing, build, run the whole test suite.
#   scripts/test.sh                every test (LLVM oracle, manual cross-check, CLI, units)
#   scripts/test.sh -L unit        extra arguments go to ctest
#   LVZEMU_PRESET=asan scripts/test.sh   the same under ASan + UBSan
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
preset=${LVZEMU_PRESET:-default}
exec ctest --preset "$preset" "$@"
