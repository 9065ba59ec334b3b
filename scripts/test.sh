#!/usr/bin/env bash
# `npm test` (run with Node >= 22 by scripts/toolchain/with-node.sh): makes sure the tools the tests
# run are here (Debian packages, the pinned OpenClaw CLI, ssh-audit 3.x; all cached), then runs
# the whole suite with vitest.
set -eu
top="$(cd "$(dirname "$0")/.." && pwd)"
cd "$top"
bash scripts/toolchain/host-packages.sh
bash scripts/toolchain/openclaw.sh "$(node -p 'require("./versions.json").openclaw')" >/dev/null
bash scripts/toolchain/ssh-audit.sh >/dev/null
exec node node_modules/vitest/vitest.mjs run "$@"
