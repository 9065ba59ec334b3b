#!/usr/bin/env bash
# The daily retention run (openclaw-retention.service): OpenClaw's own session maintenance applied
# now (`openclaw sessions cleanup --enforce`: openclaw.json's session.maintenance, whose pruneAfter
# and resetArchiveRetention are sessionRetentionDays), then the journal vacuumed to
# logRetentionDays. OpenClaw's own file logs live in the gateway's private /tmp, and OpenClaw drops
# them after 24 hours itself.
# shellcheck source=scripts/onbox/common.sh
. /usr/local/lib/openclaw-hetzner/common.sh
log_days="$(setting OC_LOG_RETENTION_DAYS)"
work="$(service_workdir retention)"
trap 'rm -rf "$work"' EXIT
# The running gateway does the cleanup when it is reachable (OpenClaw delegates to it, so it joins
# the gateway's writer queue): the CLI needs the gateway token for that.
as_openclaw "$work" --with-secrets sessions cleanup --enforce --all-agents --json
journalctl --vacuum-time="${log_days}d"
# Work dirs a killed run left behind (a day old: no running job owns them).
find /var/lib/openclaw-hetzner -mindepth 1 -maxdepth 1 -type d \( -name 'retention.*' -o -name 'backup.*' \) -mmin +1440 -exec rm -rf {} +
