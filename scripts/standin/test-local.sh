#!/usr/bin/env bash
# npm run test:local [-- SUITE]: stand-in up (deploy), the checks, down — down also on failure.
set -eu
top="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$top"
suite="${1:-trixie}"
if [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 22 ]; then
  PATH="$(bash scripts/toolchain/node24.sh):$PATH"
  export PATH
fi
bash scripts/toolchain/ssh-audit.sh >/dev/null
trap 'bash scripts/local.sh down' EXIT
bash scripts/local.sh down
bash scripts/local.sh up --suite "$suite"
node node_modules/vitest/vitest.mjs run --config vitest.standin.config.mts
