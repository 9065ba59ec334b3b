#!/usr/bin/env bash
# The on-box maintenance jobs: installs the scripts bundled in this step (scripts/onbox, root-owned
# under /usr/local/lib/openclaw-hetzner), their settings (/etc/openclaw-hetzner/maintenance.env,
# root-only), the notification URL (stdin when OC_NOTIFY=on, root-only 0600; empty otherwise, so
# the notifier posts nothing), the units, and enables the three daily timers. The backup directory
# is made root:root 0700. The daily verification runs the body the deploy gate records when it
# passes (gate.sh, verify.env): until the gate first passes it reports exactly that.
# Inputs: OC_STATE_DIR, OC_ENV_FILE, OC_SESSION_RETENTION_DAYS, OC_LOG_RETENTION_DAYS,
#         OC_BACKUP_RETENTION_DAYS, OC_NOTIFY (on|off), the unit files OC_*_B64; OC_GATEWAY_ID (a
#         shared server's gateway: its jobs, settings file and backups are suffixed -<id>, the
#         scripts and the notifier are the server's); bundles
#         OC_BUNDLE_{COMMON,VERIFY,RETENTION,BACKUP,NOTIFY}_SH; stdin: the URL (OC_NOTIFY=on).
# Logs nothing about the URL (the step's output is secret when it gets one).
set -eu
gateway_id="${OC_GATEWAY_ID:-}"
service_user="$(gateway_name user "$gateway_id")"
openclaw_cli="$(gateway_name cli "$gateway_id")"
jobs_suffix="$(gateway_name jobs-suffix "$gateway_id")"
jobs_settings="$(gateway_name jobs-settings "$gateway_id")"
gate_script="$(gateway_name gate-script "$gateway_id")"
gate_inputs="$(gateway_name gate-inputs "$gateway_id")"
verify_result="$(gateway_name verify-result "$gateway_id")"
backup_dir="$(gateway_name backup-dir "$gateway_id")"
lib=/usr/local/lib/openclaw-hetzner
conf=/etc/openclaw-hetzner
changed=""

install -d -m 755 -o root -g root "$lib" /var/lib/openclaw-hetzner
install -d -m 700 -o root -g root "$conf" "$backup_dir"
# An existing directory keeps its mode with install -d: set them.
chown root:root "$lib" "$conf" "$backup_dir"
chmod 755 "$lib"
chmod 700 "$conf" "$backup_dir"

printf '%s\n' "${OC_BUNDLE_COMMON_SH:?}" | install_file 644 root:root "$lib/common.sh" >/dev/null
printf '%s\n' "${OC_BUNDLE_VERIFY_SH:?}" | install_file 755 root:root "$lib/verify.sh" >/dev/null
printf '%s\n' "${OC_BUNDLE_RETENTION_SH:?}" | install_file 755 root:root "$lib/retention.sh" >/dev/null
printf '%s\n' "${OC_BUNDLE_BACKUP_SH:?}" | install_file 755 root:root "$lib/backup.sh" >/dev/null
printf '%s\n' "${OC_BUNDLE_NOTIFY_SH:?}" | install_file 755 root:root "$lib/notify.sh" >/dev/null

# What the jobs of this gateway act on: its state, env file, user, CLI, backups and gate record.
{
  printf 'OC_STATE_DIR=%s\nOC_ENV_FILE=%s\nOC_SESSION_RETENTION_DAYS=%s\nOC_LOG_RETENTION_DAYS=%s\nOC_BACKUP_RETENTION_DAYS=%s\n' \
    "${OC_STATE_DIR:?}" "${OC_ENV_FILE:?}" "${OC_SESSION_RETENTION_DAYS:?}" "${OC_LOG_RETENTION_DAYS:?}" "${OC_BACKUP_RETENTION_DAYS:?}"
  printf 'OC_SERVICE_USER=%s\nOC_CLI=%s\nOC_BACKUP_DIR=%s\nOC_GATE_SCRIPT=%s\nOC_GATE_INPUTS=%s\nOC_VERIFY_RESULT=%s\n' \
    "$service_user" "$openclaw_cli" "$backup_dir" "$gate_script" "$gate_inputs" "$verify_result"
} | install_file 600 root:root "$jobs_settings" >/dev/null

# The URL: staged in /run (root-only tmpfs), checked without showing it, installed 0600.
staged="$(mktemp -p /run .oc-notify-XXXXXX)"
trap 'rm -f "$staged"' EXIT
case "${OC_NOTIFY:?}" in
  on)
    head -c 4096 | tr -d '\n' >"$staged"
    if ! grep -Eq '^https://[^[:space:]"'"'"'`\\$]+$' "$staged"; then
      log "stdin is not an https URL (value not shown)"
      exit 1
    fi
    ;;
  off) ;;
  *)
    log "OC_NOTIFY is '$OC_NOTIFY' (want on or off)"
    exit 1
    ;;
esac
install_file 600 root:root "$conf/notify-url" <"$staged" >/dev/null

unit_file() {
  b64 "$1" | install_file 644 root:root "/etc/systemd/system/$2"
}
changed="$changed$(unit_file "${OC_VERIFY_SERVICE_B64:?}" "openclaw-verify$jobs_suffix.service")"
changed="$changed$(unit_file "${OC_VERIFY_TIMER_B64:?}" "openclaw-verify$jobs_suffix.timer")"
changed="$changed$(unit_file "${OC_RETENTION_SERVICE_B64:?}" "openclaw-retention$jobs_suffix.service")"
changed="$changed$(unit_file "${OC_RETENTION_TIMER_B64:?}" "openclaw-retention$jobs_suffix.timer")"
changed="$changed$(unit_file "${OC_BACKUP_SERVICE_B64:?}" "openclaw-backup$jobs_suffix.service")"
changed="$changed$(unit_file "${OC_BACKUP_TIMER_B64:?}" "openclaw-backup$jobs_suffix.timer")"
changed="$changed$(unit_file "${OC_NOTIFY_SERVICE_B64:?}" openclaw-notify@.service)"
[ -z "$changed" ] || systemctl daemon-reload
systemctl enable --now --quiet "openclaw-verify$jobs_suffix.timer" "openclaw-retention$jobs_suffix.timer" "openclaw-backup$jobs_suffix.timer"
log "maintenance timers enabled: verification, retention, backup (daily)"
