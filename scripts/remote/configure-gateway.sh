#!/usr/bin/env bash
# openclaw.json (no secrets: the token is a SecretRef to the env file) in the service user's 700
# state dir, the sandboxed systemd unit, then (re)start only on a change. It does not wait for the
# gateway to listen (30 s and more on a small machine): the deploy gate does, while OpenClaw's own
# audits run, and fails the deploy if it never answers.
# Inputs: OC_STATE_DIR, OC_CONFIG_B64, OC_UNIT_NAME, OC_UNIT_B64, OC_ENV_FILE; OC_GATEWAY_ID (a
#         shared server's gateway: the state dir is its own service user's).
set -eu
gateway_id="${OC_GATEWAY_ID:-}"
service_user="$(gateway_name user "$gateway_id")"
state="${OC_STATE_DIR:?}"
unit="${OC_UNIT_NAME:?}"
[ -f "${OC_ENV_FILE:?}" ] || { log "missing $OC_ENV_FILE (the secrets step runs first)"; exit 1; }

install -d -m 700 -o "$service_user" -g "$service_user" "$state"
changed="$(b64 "${OC_CONFIG_B64:?}" | install_file 600 "$service_user:$service_user" "$state/openclaw.json")"
unit_changed="$(b64 "${OC_UNIT_B64:?}" | install_file 644 root:root "/etc/systemd/system/$unit.service")"
if [ -n "$unit_changed" ]; then
  systemctl daemon-reload
fi
systemctl is-enabled --quiet "$unit" || systemctl enable "$unit" >/dev/null 2>&1
if [ -n "$changed$unit_changed" ] || ! systemctl is-active --quiet "$unit"; then
  log "starting $unit"
  systemctl restart "$unit"
fi

