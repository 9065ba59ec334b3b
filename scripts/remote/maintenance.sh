#!/usr/bin/env bash
# The on-box maintenance jobs: installs the scripts bundled in this step (scripts/onbox, root-owned
# under /usr/local/lib/openclaw-hetzner), their settings (/etc/openclaw-hetzner/maintenance.env,
# root-only), the notification URL (stdin when OC_NOTIFY=on, root-only 0600; empty otherwise, so
# the notifier posts nothing), the units, and enables the three daily timers. The backup directory
# is made root:root 0700. The daily verification runs the body the deploy gate records when it
# passes (gate.sh, verify.env): until the gate first passes it reports exactly that.
# Inputs: OC_STATE_DIR, OC_ENV_FILE, OC_SESSION_RETENTION_DAYS, OC_LOG_RETENTION_DAYS,
#         OC_BACKUP_RETENTION_DAYS, OC_NOTIFY (on|off), the unit files OC_*_B64; bundles
#         OC_BUNDLE_{COMMON,VERIFY,RETENTION,BACKUP,NOTIFY}_SH; stdin: the URL (OC_NOTIFY=on).
# Logs nothing about the URL (the step's output is secret when it gets one).
set -eu
lib=/usr/local/lib/openclaw-hetzner
conf=/etc/openclaw-hetzner
changed=""

install -d -m 755 -o root -g root "$lib" /var/lib/openclaw-hetzner
install -d -m 700 -o root -g root "$conf" /var/backups/openclaw
# An existing directory keeps its mode with install -d: set them.
chown root:root "$lib" "$conf" /var/backups/openclaw
chmod 755 "$lib"
chmod 700 "$conf" /var/backups/openclaw

printf '%s\n' "${OC_BUNDLE_COMMON_SH:?}" | install_file 644 root:root "$lib/common.sh" >/dev/null
printf '%s\n' "${OC_BUNDLE_VERIFY_SH:?}" | install_file 755 root:root "$lib/verify.sh" >/dev/null
printf '%s\n' "${OC_BUNDLE_RETENTION_SH:?}" | install_file 755 root:root "$lib/retention.sh" >/dev/null
printf '%s\n' "${OC_BUNDLE_BACKUP_SH:?}" | install_file 755 root:root "$lib/backup.sh" >/dev/null
printf '%s\n' "${OC_BUNDLE_NOTIFY_SH:?}" | install_file 755 root:root "$lib/notify.sh" >/dev/null

printf 'OC_STATE_DIR=%s\nOC_ENV_FILE=%s\nOC_SESSION_RETENTION_DAYS=%s\nOC_LOG_RETENTION_DAYS=%s\nOC_BACKUP_RETENTION_DAYS=%s\n' \
  "${OC_STATE_DIR:?}" "${OC_ENV_FILE:?}" "${OC_SESSION_RETENTION_DAYS:?}" "${OC_LOG_RETENTION_DAYS:?}" "${OC_BACKUP_RETENTION_DAYS:?}" |
  install_file 600 root:root "$conf/maintenance.env" >/dev/null

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
changed="$changed$(unit_file "${OC_VERIFY_SERVICE_B64:?}" openclaw-verify.service)"
changed="$changed$(unit_file "${OC_VERIFY_TIMER_B64:?}" openclaw-verify.timer)"
changed="$changed$(unit_file "${OC_RETENTION_SERVICE_B64:?}" openclaw-retention.service)"
changed="$changed$(unit_file "${OC_RETENTION_TIMER_B64:?}" openclaw-retention.timer)"
changed="$changed$(unit_file "${OC_BACKUP_SERVICE_B64:?}" openclaw-backup.service)"
changed="$changed$(unit_file "${OC_BACKUP_TIMER_B64:?}" openclaw-backup.timer)"
changed="$changed$(unit_file "${OC_NOTIFY_SERVICE_B64:?}" openclaw-notify@.service)"
[ -z "$changed" ] || systemctl daemon-reload
systemctl enable --now --quiet openclaw-verify.timer openclaw-retention.timer openclaw-backup.timer
log "maintenance timers enabled: verification, retention, backup (daily)"
