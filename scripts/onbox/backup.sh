#!/usr/bin/env bash
# The daily backup (openclaw-backup.service): `openclaw backup create --verify` as the service user
# into a work dir, then copied by root into /var/backups/openclaw (root:root 0700) as
# scheduled-<UTC time>.tar.gz (root:root 0600, a new file root owns: the service user keeps no
# handle on it). Scheduled archives older than backupRetentionDays are removed, the newest always
# kept; other archives there (the upgrade step's pre-upgrade-*.tar.gz) are left to their owner.
# OpenClaw leaves live session transcripts (agents/*/sessions/*.jsonl) out of its archives as
# "volatile" (the archive's result lists skippedVolatileCount).
# shellcheck source=scripts/onbox/common.sh
. /usr/local/lib/openclaw-hetzner/common.sh
days="$(setting OC_BACKUP_RETENTION_DAYS)"
dest="$(setting OC_BACKUP_DIR)"
install -d -m 700 -o root -g root "$dest"
chown root:root "$dest"
chmod 700 "$dest"
work="$(service_workdir backup)"
trap 'rm -rf "$work"' EXIT
# Reads files only: no secrets in its environment.
as_openclaw "$work" backup create --verify --output "$work" --json
archives="$(find "$work" -maxdepth 1 -type f -name '*.tar.gz')"
if [ "$(printf '%s\n' "$archives" | grep -c .)" != 1 ]; then
  echo "openclaw backup create left $(printf '%s\n' "$archives" | grep -c .) archives in $work (want 1)" >&2
  exit 1
fi
name="scheduled-$(date -u +%Y%m%dT%H%M%SZ).tar.gz"
install -m 600 -o root -g root "$archives" "$dest/.$name.partial"
mv -f "$dest/.$name.partial" "$dest/$name"
echo "backup: $dest/$name ($(stat -c %s "$dest/$name") bytes)" >&2
# Prune by name (scheduled-*) and age; the newest scheduled archive stays whatever its age.
find "$dest" -mindepth 1 -maxdepth 1 -type f -name 'scheduled-*.tar.gz' -mmin +$((days * 1440)) ! -name "$name" -print -delete
find "$dest" -mindepth 1 -maxdepth 1 -name '.scheduled-*.partial' -mmin +60 -delete
