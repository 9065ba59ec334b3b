#!/usr/bin/env bash
# The pinned OpenClaw release, installed by root under /opt: the service user can run it but not
# change it. Each version has its own folder, so an upgrade never half-overwrites the running one.
#
# The gateway runs $home/current (the release) with $home/node (a link to /opt/node-v<version>,
# which install-node put there, checksum-verified). On a running gateway a change of either is an
# upgrade (or a downgrade) with rollback: the new release is installed beside the running one (a
# version npm does not have fails here, before anything switches), `openclaw backup create
# --verify` archives the state, both links switch and the gateway restarts; unless it then answers
# its health endpoint and passes the deploy gate's checks (the daily verification's script, which
# runs the body the last passing gate recorded), both links switch back, the state is restored from
# the archive (OpenClaw refuses to roll a migrated state dir back by itself) and the step fails with
# the reason. A marker in /var/lib/openclaw-hetzner records a switch in
# progress, so a run cut off in the middle is finished (or rolled back) by the next one. Releases,
# pre-upgrade archives and the state of failed upgrades are pruned to the last OC_KEEP_RELEASES.
# Inputs: OC_OPENCLAW_VERSION, OC_NODE_VERSION, OC_OPENCLAW_HOME, OC_STATE_DIR, OC_ENV_FILE,
#         OC_UNIT_NAME, OC_GATEWAY_PORT, OC_BACKUP_DIR, OC_KEEP_RELEASES; OC_GATEWAY_ID (a shared
#         server's gateway: its user, CLI wrapper, marker and gate record are its own).
set -eu
gateway_id="${OC_GATEWAY_ID:-}"
service_user="$(gateway_name user "$gateway_id")"
openclaw_cli="$(gateway_name cli "$gateway_id")"
jobs_settings="$(gateway_name jobs-settings "$gateway_id")"
gate_script="$(gateway_name gate-script "$gateway_id")"
upgrade_marker="$(gateway_name upgrade-marker "$gateway_id")"
version="${OC_OPENCLAW_VERSION:?}"
node_dir="/opt/node-v${OC_NODE_VERSION:?}"
node_bin="$node_dir/bin"
home="${OC_OPENCLAW_HOME:?}"
state="${OC_STATE_DIR:?}"
env_file="${OC_ENV_FILE:?}"
unit="${OC_UNIT_NAME:?}"
port="${OC_GATEWAY_PORT:?}"
backups="${OC_BACKUP_DIR:?}"
keep="${OC_KEEP_RELEASES:?}"
marker="$upgrade_marker"
verify=/usr/local/lib/openclaw-hetzner/verify.sh
# A run cut off from its SSH session may still be going: the repeated run waits for it.
exec 8>/run/openclaw-hetzner-install-openclaw.lock
flock -w 900 8 || { log "another install-openclaw run held the lock for 15 minutes"; exit 1; }

release_version() {
  pkg="$home/$1/lib/node_modules/openclaw/package.json"
  [ -f "$pkg" ] || return 0
  "$node_bin/node" -e 'process.stdout.write(String(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).version))' "$pkg"
}

install_release() {
  [ "$(release_version "$version")" != "$version" ] || return 0
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
  rm -rf "${home:?}/$version"
  mv "$work" "$home/$version"
  trap - EXIT
}

# link NAME TARGET: $home/NAME -> TARGET, replaced atomically.
link() {
  if [ "$(readlink "$home/$1" 2>/dev/null || true)" != "$2" ]; then
    ln -sfn "$2" "$home/.$1-next"
    mv -T "$home/.$1-next" "$home/$1"
  fi
}

# switch_to RELEASE NODE_DIR: `current` and `node` (stable paths for the unit and for operators),
# and the wrapper on PATH, which goes through both.
switch_to() {
  [ -x "$2/bin/node" ] || { log "no Node.js in $2"; return 1; }
  link current "$1"
  link node "$2"
  printf '#!/bin/sh\nexec %s/node/bin/node %s/current/lib/node_modules/openclaw/openclaw.mjs "$@"\n' "$home" "$home" |
    install_file 755 root:root "$openclaw_cli" >/dev/null
}

running() { printf 'openclaw %s on %s' "$(readlink "$home/current")" "$(basename "$(readlink "$home/node")")"; }

# Restarts the gateway and waits for its health endpoint; on failure prints the reason.
restart_healthy() {
  restarts_before="$(systemctl show -p NRestarts --value "$unit")"
  systemctl restart "$unit" || true
  for _ in $(seq 1 120); do
    if curl -fsS --max-time 3 "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then return 0; fi
    restarts="$(systemctl show -p NRestarts --value "$unit")"
    if [ "$((restarts - restarts_before))" -ge 3 ]; then
      echo "the gateway on $(running) exited $((restarts - restarts_before)) times since the switch (journalctl -u $unit)"
      return 1
    fi
    sleep 1
  done
  echo "the gateway on $(running) did not answer http://127.0.0.1:$port/healthz within 120 s (unit: $(systemctl is-active "$unit" || true))"
  return 1
}

# Prints the path of a verified archive of the state, root-only in $backups.
backup_state() {
  install -d -m 700 -o root -g root "$backups"
  staging="$(mktemp -d "$(dirname "$state")/.backup-XXXXXX")"
  chown "$service_user:$service_user" "$staging"
  if ! openclaw_as_service "$state" "$env_file" "$staging" backup create --verify --output "$staging" --json >"$staging/.result" 2>&1; then
    log "openclaw backup create --verify failed; nothing switched:"
    tail -n 5 "$staging/.result" >&2
    rm -rf "$staging"
    return 1
  fi
  archive="$(find "$staging" -maxdepth 1 -name '*.tar.gz' | head -n 1)"
  dest="$backups/pre-upgrade-$1-to-$2-$(date -u +%Y%m%dT%H%M%SZ).tar.gz"
  install -m 600 -o root -g root "$archive" "$dest"
  rm -rf "$staging"
  echo "$dest"
}

# Back to release $1 on Node.js $3 with the state from archive $2; keeps the failed state
# (root-only) beside the archives.
roll_back() {
  from="$1" archive="$2"
  systemctl stop "$unit" || true
  switch_to "$from" "$3"
  staging="$(mktemp -d "$(dirname "$state")/.restore-XXXXXX")"
  install -m 600 -o "$service_user" -g "$service_user" "$archive" "$staging/archive.tar.gz"
  chown "$service_user:$service_user" "$staging"
  if ! openclaw_as_service "$state" "$env_file" "$staging" backup restore "$staging/archive.tar.gz" --target "$staging/target" --json >"$staging/.result" 2>&1; then
    log "openclaw backup restore failed; the state dir is left as the failed upgrade left it:"
    tail -n 5 "$staging/.result" >&2
    return 1
  fi
  restored="$(find "$staging/target" -mindepth 1 -maxdepth 1 -type d | head -n 1)/payload/posix$state"
  [ -d "$restored" ] || { log "the archive holds no $state"; return 1; }
  failed="$backups/failed-upgrade-$(date -u +%Y%m%dT%H%M%SZ)"
  mv "$state" "$failed"
  chown root:root "$failed"
  chmod 700 "$failed"
  mv "$restored" "$state"
  chmod 700 "$state"
  # OpenClaw's backup leaves out live transcripts (it calls them volatile): those the archive lacks
  # come over from the state the failed release left.
  (cd "$failed" && find . -type f \( -path './agents/*/sessions/*' -o -path './sessions/*' \) \( -name '*.jsonl' -o -name '*.log' \)) |
    while IFS= read -r f; do
      [ -e "$state/$f" ] || { mkdir -p "$(dirname "$state/$f")" && cp -a "$failed/$f" "$state/$f"; }
    done
  chown -R "$service_user:$service_user" "$state"
  rm -rf "$staging"
}

# Keeps the newest $keep of each kind; never the release `current` points at.
prune() {
  current="$(readlink "$home/current" 2>/dev/null || true)"
  find "$home" -mindepth 1 -maxdepth 1 -type d -regex '.*/[0-9][0-9.]*' -printf '%T@ %f\n' | sort -rn | tail -n "+$((keep + 1))" |
    while read -r _ name; do [ "$name" = "$current" ] || rm -rf "${home:?}/$name"; done
  if [ -d "$backups" ]; then
    for pattern in 'pre-upgrade-*.tar.gz' 'failed-upgrade-*'; do
      find "$backups" -mindepth 1 -maxdepth 1 -name "$pattern" -printf '%T@ %f\n' | sort -rn | tail -n "+$((keep + 1))" |
        while read -r _ name; do rm -rf "${backups:?}/$name"; done
    done
  fi
}

# The deploy gate's own checks, as the last passing gate recorded them (the daily verification's
# script; a host deployed before the maintenance step has none: then /healthz is the check). Prints
# what drifted on failure.
gate_checks() {
  [ -x "$verify" ] && [ -s "$gate_script" ] || return 0
  out="$("$verify" ${gateway_id:+"$jobs_settings"} 2>&1 >/dev/null)" && return 0
  printf 'the deploy gate fails on %s: %s' "$(running)" "$(printf '%s\n' "$out" | sed -n 's/^drift: //p' | head -n 5 | paste -sd ';' | cut -c1-600)"
  return 1
}

# upgrade FROM TO ARCHIVE FROM_NODE TO_NODE (switched already): restart, check; roll back on failure.
upgrade() {
  gate_ran=""
  if reason="$(restart_healthy)" && gate_ran=yes && reason="$(gate_checks)"; then
    rm -f "$marker"
    log "upgraded openclaw $1 on $(basename "$4") -> openclaw $2 on $(basename "$5") (state archived in $3)"
    return 0
  fi
  log "upgrade to openclaw $2 on $(basename "$5") failed: $reason; rolling back to openclaw $1 on $(basename "$4")"
  if roll_back "$1" "$3" "$4" && restart_healthy >/dev/null; then
    rm -f "$marker"
    log "rolled back: openclaw $1 on $(basename "$4") serves again with the state of $3"
    # The last verification then describes what serves, not the release that was rolled back.
    [ -z "$gate_ran" ] || gate_checks >/dev/null || log "the deploy gate's checks fail on the rolled-back release too (verify.json)"
  else
    log "the rollback to openclaw $1 on $(basename "$4") did not bring the gateway back; the archive is $3"
  fi
  log "failed: $reason"
  exit 1
}

# A switch a cut-off run left behind: finish it, or, if `current` is not (or no longer) the new
# release, finish putting the old one back with the state it had.
if [ -f "$marker" ]; then
  read -r m_from m_to m_archive m_from_node m_to_node <"$marker"
  if [ "$(readlink "$home/current" 2>/dev/null || true)" = "$m_to" ] && [ "$(readlink "$home/node" 2>/dev/null || true)" = "$m_to_node" ]; then
    log "finishing the upgrade to openclaw $m_to on $(basename "$m_to_node") a previous run left"
    upgrade "$m_from" "$m_to" "$m_archive" "$m_from_node" "$m_to_node"
  else
    log "finishing the rollback to openclaw $m_from on $(basename "$m_from_node") a previous run left"
    roll_back "$m_from" "$m_archive" "$m_from_node"
    restart_healthy >/dev/null || { log "openclaw $m_from does not answer after the rollback"; exit 1; }
    rm -f "$marker"
  fi
fi

install_release
previous="$(readlink "$home/current" 2>/dev/null || true)"
previous_node="$(readlink "$home/node" 2>/dev/null || true)"
if [ -n "$previous" ] && [ -d "$home/$previous" ] && [ -n "$previous_node" ] && [ -x "$previous_node/bin/node" ] &&
  { [ "$previous" != "$version" ] || [ "$previous_node" != "$node_dir" ]; } &&
  [ -f "$state/openclaw.json" ] && systemctl is-active --quiet "$unit"; then
  archive="$(backup_state "$previous+$(basename "$previous_node")" "$version+$(basename "$node_dir")")"
  mkdir -p "$(dirname "$marker")"
  printf '%s %s %s %s %s\n' "$previous" "$version" "$archive" "$previous_node" "$node_dir" >"$marker"
  switch_to "$version" "$node_dir"
  upgrade "$previous" "$version" "$archive" "$previous_node" "$node_dir"
else
  # First install, a repair of the same release, or a gateway stopped by hand: nothing serving to
  # keep (configure-gateway and the gate start and check it; a stopped one stays stopped).
  if [ -n "$previous" ] && [ -n "$previous_node" ] && { [ "$previous" != "$version" ] || [ "$previous_node" != "$node_dir" ]; }; then
    log "the gateway is not running: switching to openclaw $version on $(basename "$node_dir") without an archive"
  fi
  switch_to "$version" "$node_dir"
fi
prune
