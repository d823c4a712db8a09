#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Configures (once) and builds lvzemu with the default preset into ./build.
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${LVZEMU_PRESET:-default}
dir=build
[ "$preset" = default ] || dir="build-$preset"
if [ ! -f "$dir/build.ninja" ]; then
  cmake --preset "$preset" >/dev/null
fi
cmake --build --preset "$preset" -- -j"$(nproc)"
