#!/usr/bin/env bash
# openclaw.json (no secrets: the token is a SecretRef to the env file) in the service user's 700
# state dir, the sandboxed systemd unit, then (re)start only on a change and wait for health.
# Inputs: OC_STATE_DIR, OC_CONFIG_B64, OC_UNIT_NAME, OC_UNIT_B64, OC_ENV_FILE, OC_GATEWAY_PORT.
set -eu
state="${OC_STATE_DIR:?}"
unit="${OC_UNIT_NAME:?}"
port="${OC_GATEWAY_PORT:?}"
[ -f "${OC_ENV_FILE:?}" ] || { log "missing $OC_ENV_FILE (the secrets step runs first)"; exit 1; }

install -d -m 700 -o openclaw -g openclaw "$state"
changed="$(b64 "${OC_CONFIG_B64:?}" | install_file 600 openclaw:openclaw "$state/openclaw.json")"
unit_changed="$(b64 "${OC_UNIT_B64:?}" | install_file 644 root:root "/etc/systemd/system/$unit.service")"
if [ -n "$unit_changed" ]; then
  systemctl daemon-reload
fi
systemctl is-enabled --quiet "$unit" || systemctl enable "$unit" >/dev/null 2>&1
if [ -n "$changed$unit_changed" ] || ! systemctl is-active --quiet "$unit"; then
  log "starting $unit"
  systemctl restart "$unit"
fi

# The gateway needs 30-75 s to listen on a small machine.
for _ in $(seq 1 120); do
  if curl -fsS --max-time 5 "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then
    log "gateway healthy on 127.0.0.1:$port"
    exit 0
  fi
  systemctl is-failed --quiet "$unit" && break
  sleep 3
done
log "gateway did not become healthy; last log lines:"
journalctl -u "$unit" -n 40 --no-pager >&2 || true
exit 1
