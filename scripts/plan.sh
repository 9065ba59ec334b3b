#!/usr/bin/env bash
# `npm run plan`: the offline plan with a Node >= 22 (Node 24 from the npm registry if the
# machine's is older), through tsx so a program's TypeScript main can be imported.
set -eu
top="$(cd "$(dirname "$0")/.." && pwd)"
if [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 22 ]; then
  PATH="$(bash "$top/scripts/toolchain/node24.sh"):$PATH"
  export PATH
fi
exec node "$top/node_modules/tsx/dist/cli.mjs" "$top/plan/cli.ts" "$@"
