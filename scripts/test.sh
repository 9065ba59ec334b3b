#!/usr/bin/env bash
# `npm test`: makes sure the tools the tests run are here (Debian packages, Node >= 22, the pinned
# OpenClaw CLI, ssh-audit 3.x; all cached), then runs the whole suite with vitest.
set -eu
top="$(cd "$(dirname "$0")/.." && pwd)"
cd "$top"
bash scripts/toolchain/host-packages.sh
if [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 22 ]; then
  PATH="$(bash scripts/toolchain/node24.sh):$PATH"
  export PATH
fi
bash scripts/toolchain/openclaw.sh "$(node -p 'require("./versions.json").openclaw')" >/dev/null
bash scripts/toolchain/ssh-audit.sh >/dev/null
exec node node_modules/vitest/vitest.mjs run "$@"
