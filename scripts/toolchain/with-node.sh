#!/usr/bin/env bash
# Runs a command with a Node.js >= 22 first on PATH: the machine's if new enough, else Node 24
# from the npm registry (scripts/toolchain/node24.sh; this machine kind ships Node 20).
set -eu
if [ "$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)" -lt 22 ]; then
  PATH="$(bash "$(dirname "$0")/node24.sh"):$PATH"
  export PATH
fi
exec "$@"
