#!/usr/bin/env bash
# The deploy gate: OpenClaw's own `security audit` (fail on any critical finding) and
# `secrets audit --check` (fail on plaintext or unresolved secrets), run as the service user with
# the service's environment. Prints one JSON summary line (no secrets) for the stack output.
# A run in which nothing the audit looks at changed (config, env file, unit, permissions in the
# home, the installed release) reports the last passing audit instead of repeating it.
# Inputs: OC_STATE_DIR, OC_ENV_FILE, OC_UNIT_NAME, OC_OPENCLAW_HOME.
set -eu
state="${OC_STATE_DIR:?}"
home="$(dirname "$state")"
cache=/var/lib/openclaw-hetzner/audit

fingerprint() {
  {
    echo "audit-gateway v1"
    sha256sum "$state/openclaw.json" "${OC_ENV_FILE:?}" "/etc/systemd/system/${OC_UNIT_NAME:?}.service" /usr/local/bin/openclaw
    stat -c '%a %U:%G %n' "$home" "$state" "$state/openclaw.json" "$(dirname "$OC_ENV_FILE")" "$OC_ENV_FILE"
    # Loosened permissions in the state dir (what the audit's fs checks look at). Regular files and
    # directories only: symlinks are always 777, and OpenClaw makes and drops some as it runs.
    find "$state" \( -type f -o -type d \) -perm /077 -printf '%m %u %p\n' | sort
    readlink "${OC_OPENCLAW_HOME:?}/current"
  } | sha256sum | cut -d' ' -f1
}

if [ -f "$cache/summary.json" ] && [ "$(cat "$cache/fingerprint" 2>/dev/null)" = "$(fingerprint)" ]; then
  log "nothing the audit checks changed since the last passing audit; that audit stands"
  cat "$cache/summary.json"
  exit 0
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
chown openclaw:openclaw "$work"

as_openclaw() {
  (
    # The env file is KEY=value lines without quoting (the program guarantees that).
    while IFS= read -r line; do export "${line?}"; done <"${OC_ENV_FILE:?}"
    cd "$work"
    setpriv --reuid=openclaw --regid=openclaw --init-groups \
      env HOME="$home" TMPDIR="$work" OPENCLAW_STATE_DIR="$state" OPENCLAW_CONFIG_PATH="$state/openclaw.json" \
      OPENCLAW_NO_AUTO_UPDATE=1 /usr/local/bin/openclaw "$@"
  )
}

as_openclaw security audit --json >"$work/security.json" 2>"$work/security.err" || {
  log "openclaw security audit failed to run"
  tail -n 20 "$work/security.err" >&2
  exit 1
}
secrets_rc=0
as_openclaw secrets audit --json --check >"$work/secrets.json" 2>/dev/null || secrets_rc=$?

node_bin="$(sed -n 's/^exec \(.*\)\/node .*/\1/p' /usr/local/bin/openclaw)"
verdict=0
summary="$("$node_bin/node" - "$work/security.json" "$work/secrets.json" "$secrets_rc" <<'JS'
const fs = require("fs");
const [security, secrets, secretsRc] = process.argv.slice(2);
const audit = JSON.parse(fs.readFileSync(security, "utf8"));
let secretsReport = {};
try { secretsReport = JSON.parse(fs.readFileSync(secrets, "utf8")); } catch {}
const summary = {
  critical: audit.summary.critical,
  warn: audit.summary.warn,
  info: audit.summary.info,
  findings: audit.findings.filter((f) => f.severity !== "info").map((f) => ({ checkId: f.checkId, severity: f.severity })),
  secrets: { status: secretsReport.status ?? "unknown", exitCode: Number(secretsRc), ...(secretsReport.summary ?? {}) },
};
process.stdout.write(JSON.stringify(summary) + "\n");
if (summary.critical > 0) { console.error(`security audit: ${summary.critical} critical finding(s)`); process.exit(1); }
if (Number(secretsRc) !== 0) { console.error(`secrets audit: ${summary.secrets.status} (exit ${secretsRc})`); process.exit(1); }
JS
)" || verdict=$?
printf '%s\n' "$summary"
[ "$verdict" -eq 0 ] || exit "$verdict"
# Passed: remember what was audited.
install -d -m 700 "$cache"
printf '%s\n' "$summary" >"$cache/summary.json"
fingerprint >"$cache/fingerprint"
