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
# Most of the suite's time is Node processes starting: every corpus case and plan test is its own
# `npm run plan`, which compiles @pulumi/pulumi, the pack and the program again. V8's compile cache
# (Node >= 22.1) keeps the compiled code between them: about a third less CPU per plan.
NODE_COMPILE_CACHE="${NODE_COMPILE_CACHE:-${OPENCLAW_HETZNER_CACHE:-$top/.cache}/node-compile-cache}"
export NODE_COMPILE_CACHE
exec node node_modules/vitest/vitest.mjs run "$@"
