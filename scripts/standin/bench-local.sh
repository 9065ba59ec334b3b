#!/usr/bin/env bash
# npm run bench:local [-- SUITE]: provisioning figures on fresh stand-ins (see local/bench.ts).
set -eu
top="$(cd "$(dirname "$0")/../.." && pwd)"
if [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 22 ]; then
  PATH="$(bash "$top/scripts/toolchain/node24.sh"):$PATH"
  export PATH
fi
exec node "$top/node_modules/tsx/dist/cli.mjs" "$top/local/bench.ts" "$@"
