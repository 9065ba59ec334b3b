#!/usr/bin/env bash
# Installs the pinned OpenClaw CLI into the project's cache (for the tests that run the real
# `openclaw config validate` and `openclaw security audit`) and prints its bin directory.
# Usage: openclaw.sh VERSION. Idempotent: a cached install of that version is reused.
set -eu
version="${1:?usage: openclaw.sh VERSION}"
top="$(cd "$(dirname "$0")/../.." && pwd)"
cache="${OPENCLAW_HETZNER_CACHE:-$top/.cache}"
dest="$cache/openclaw-$version"
node_bin="$("$top/scripts/toolchain/node24.sh")"
if [ ! -x "$dest/bin/openclaw" ]; then
  work="$(mktemp -d "$cache/openclaw-XXXXXX")"
  trap 'rm -rf "$work"' EXIT
  # nodedir: this machine's ~/.npmrc points native builds at Node 20's headers.
  PATH="$node_bin:$PATH" npm_config_nodedir="$(dirname "$node_bin")" \
    npm install --global --prefix "$work" --no-fund --no-audit --loglevel=error "openclaw@$version" >&2
  PATH="$node_bin:$PATH" "$work/bin/openclaw" --version >/dev/null
  rm -rf "$dest"
  mv "$work" "$dest"
fi
echo "$dest/bin"
