#!/usr/bin/env bash
# npm run test:local [-- SUITE [--config FILE]] (Node >= 22 via with-node.sh): stand-in up (deploy
# the example stack, or FILE), the checks (all, or the files in OC_STANDIN_TESTS), down — down also
# on failure. A fleet (FILE with gateways) gets a VPS per gateway, or one VPS for all with
# placement: shared, and the checks run for each gateway.
set -eu
top="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$top"
suite="${1:-trixie}"
[ $# -eq 0 ] || shift
bash scripts/toolchain/ssh-audit.sh >/dev/null
stand_in() { node node_modules/tsx/dist/cli.mjs local/cli.ts "$@"; }
trap 'stand_in down' EXIT
stand_in down
stand_in up --suite "$suite" "$@"
state="${OPENCLAW_HETZNER_CACHE:-$top/.cache}/standin/run/deployment.json"
gateways="$(node -e 'console.log((JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).fleet || []).join(" "))' "$state")"
checks() {
  # OC_STANDIN_TESTS: only these test files (space-separated), e.g. the checks that differ by mode.
  # shellcheck disable=SC2086 # a list of files
  node node_modules/vitest/vitest.mjs run --config vitest.standin.config.mts ${OC_STANDIN_TESTS:-}
}
if [ -z "$gateways" ]; then
  checks
else
  for gateway in $gateways; do
    echo "== the checks of gateway $gateway"
    OC_STANDIN_GATEWAY="$gateway" checks
  done
fi
