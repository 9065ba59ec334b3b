#!/usr/bin/env bash
# The daily verification (openclaw-verify.service): runs the very body the deploy gate last passed
# with (gate.sh, which the gate records itself when it passes during `pulumi up`) with the inputs it
# was given (verify.env), so the daily check is the deploy's check. Writes verify.json
# ({time, ok, failures}: no secrets) and, on drift, exits 1 with one journal line per drift, which
# leaves the unit failed (`systemctl --failed`) and starts the notifier (OnFailure=).
# shellcheck source=scripts/onbox/common.sh
. /usr/local/lib/openclaw-hetzner/common.sh
umask 022
gate="$(setting OC_GATE_SCRIPT)"
inputs="$(setting OC_GATE_INPUTS)"
result="$(setting OC_VERIFY_RESULT)"
install -d -m 755 -o root -g root /var/lib/openclaw-hetzner

json_string() {
  printf '"%s"' "$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g; s/\t/ /g' | tr -d '\000-\037')"
}

# record OK FAILURES (one per line): verify.json, replaced atomically.
record() {
  local list="" line tmp
  while IFS= read -r line; do
    [ -n "$line" ] || continue
    list="${list:+$list, }$(json_string "$line")"
  done <<<"$2"
  tmp="$(mktemp "$result.XXXXXX")"
  printf '{"time": "%s", "ok": %s, "failures": [%s]}\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$1" "$list" >"$tmp"
  chmod 644 "$tmp"
  mv -f "$tmp" "$result"
}

fail() {
  record false "$1"
  while IFS= read -r line; do [ -z "$line" ] || echo "drift: $line" >&2; done <<<"$1"
  exit 1
}

if [ ! -s "$gate" ] || [ ! -s "$inputs" ]; then
  fail "the deploy gate has not passed on this host yet (no recorded gate in $gate)"
fi
# The gate's inputs, as it got them: OC_NAME=<base64 of the value> lines (nothing is evaluated).
while IFS= read -r line; do
  name="${line%%=*}"
  printf '%s' "$name" | grep -Eq '^OC_[A-Z0-9_]+$' || fail "$inputs holds a line that is not OC_NAME=base64"
  export "$name=$(printf '%s' "${line#*=}" | base64 -d)"
done <"$inputs"
export OC_STEP=openclaw-verify

err="$(mktemp)"
trap 'rm -f "$err"' EXIT
rc=0
# The gate's report goes to the journal as it runs, and is kept to name what drifted.
/bin/bash "$gate" 2> >(tee "$err" >&2) >/dev/null || rc=$?
wait
if [ "$rc" -eq 0 ]; then
  record true ""
  echo "verification passed: the host and OpenClaw match the deploy gate" >&2
  exit 0
fi
# The gate lists each drift as "  - …"; OpenClaw's audits fail with one line of their own.
failures="$(sed -n 's/^  - //p' "$err")"
[ -n "$failures" ] || failures="$(grep -E '^(security audit|secrets audit|exec policy): ' "$err" || true)"
[ -n "$failures" ] || failures="the deploy gate failed (exit $rc): $(grep -v '^[[:space:]]*$' "$err" | tail -n 1 | cut -c1-200)"
fail "$failures"
