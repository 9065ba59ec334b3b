#!/usr/bin/env bash
# Writes the gateway's secrets, received on stdin as KEY=value lines, to a root-only 0600 env file
# that systemd reads for the unit (the service user itself cannot read it). Never prints a value.
# Inputs: OC_ENV_FILE, OC_ENV_KEYS (names that must be present), OC_UNIT_NAME; OC_GATEWAY_ID (a shared
# server's gateway: named in the messages; its env file is OC_ENV_FILE); stdin: the file.
set -eu
env_file="${OC_ENV_FILE:?}"
umask 077
mkdir -p "$(dirname "$env_file")"
chmod 700 "$(dirname "$env_file")"
# Staged in /run (root-only tmpfs): never on disk outside the env file itself.
tmp="$(mktemp -p /run .oc-incoming-XXXXXX)"
trap 'rm -f "$tmp"' EXIT
cat >"$tmp"
if grep -qvE '^[A-Z][A-Z0-9_]*=[^[:space:]]+$' "$tmp"; then
  log "stdin holds a line that is not KEY=value (values not shown)"
  exit 1
fi
for key in ${OC_ENV_KEYS:?}; do
  grep -q "^$key=" "$tmp" || { log "stdin lacks $key${OC_GATEWAY_ID:+ (gateway $OC_GATEWAY_ID)}"; exit 1; }
done
changed="$(install_file 600 root:root "$env_file" <"$tmp")"
if [ -n "$changed" ] && systemctl is-active --quiet "${OC_UNIT_NAME:?}"; then
  log "secrets changed; restarting ${OC_UNIT_NAME}"
  systemctl restart "$OC_UNIT_NAME"
fi
