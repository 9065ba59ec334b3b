#!/usr/bin/env bash
# The pinned OpenClaw release, installed by root under /opt: the service user can run it but not
# change it. Each version has its own folder, so an upgrade never half-overwrites the running one.
# Inputs: OC_OPENCLAW_VERSION, OC_NODE_VERSION, OC_OPENCLAW_HOME.
set -eu
version="${OC_OPENCLAW_VERSION:?}"
node_bin="/opt/node-v${OC_NODE_VERSION:?}/bin"
home="${OC_OPENCLAW_HOME:?}"
dest="$home/$version"
pkg="$dest/lib/node_modules/openclaw/package.json"
installed=""
[ -f "$pkg" ] && installed="$(PATH="$node_bin:$PATH" node -p "require('$pkg').version")"
if [ "$installed" != "$version" ]; then
  mkdir -p "$home"
  chmod 755 "$home"
  work="$(mktemp -d "$home/.install-XXXXXX")"
  trap 'rm -rf "$work"' EXIT
  log "installing openclaw@$version"
  PATH="$node_bin:$PATH" HOME=/root npm install --global --prefix "$work" --cache /var/cache/openclaw-npm \
    --no-fund --no-audit --no-update-notifier --loglevel=error "openclaw@$version" >&2
  chown -R root:root "$work"
  chmod -R go-w "$work"
  chmod 755 "$work"
  rm -rf "$dest"
  mv "$work" "$dest"
fi
# A stable path for the unit and for operators.
if [ "$(readlink "$home/current" 2>/dev/null || true)" != "$version" ]; then
  ln -sfn "$version" "$home/current"
fi
printf '#!/bin/sh\nexec %s/node %s/current/lib/node_modules/openclaw/openclaw.mjs "$@"\n' "$node_bin" "$home" |
  install_file 755 root:root /usr/local/bin/openclaw >/dev/null
