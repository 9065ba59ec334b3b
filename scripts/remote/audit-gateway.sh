#!/usr/bin/env bash
# The deploy gate: OpenClaw's own `security audit` (fail on any critical finding) and
# `secrets audit --check` (fail on plaintext or unresolved secrets), run as the service user with
# the service's environment. Prints one JSON summary line (no secrets) for the stack output.
# Inputs: OC_STATE_DIR, OC_ENV_FILE.
set -eu
state="${OC_STATE_DIR:?}"
home="$(dirname "$state")"
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
"$node_bin/node" - "$work/security.json" "$work/secrets.json" "$secrets_rc" <<'JS'
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
