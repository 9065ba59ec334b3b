#!/usr/bin/env bash
# `npm run status`, on the box: read-only facts about the deployment as one JSON object on stdout.
# Piped to `sudo /usr/bin/env OC_...=... /bin/bash -s` over the SSH the steps use (status/cli.ts).
# Not a step (scripts/remote/ is the catalogue the pack reviews): it changes nothing.
# The box has bash, coreutils, find, systemctl and curl (host-packages) but no jq, so this only
# gathers and escapes; status/report.ts parses, judges and renders. It reads no secret (not the env
# file, not the state dir); verify.json and the timers' results come from the on-box timers.
# Inputs: OC_GATEWAY_PORT, OC_UNIT_NAME, OC_OPENCLAW_HOME; OC_GATEWAY_ID (a shared server's gateway:
# its verification, backups and timers are suffixed -<id>). OC_STATUS_ROOT: a directory standing
# in for / (tests only; sudo's env_reset drops it on a real box).
set -eu
port="${OC_GATEWAY_PORT:?}"
unit="${OC_UNIT_NAME:?}.service"
root="${OC_STATUS_ROOT:-}"
home="$root${OC_OPENCLAW_HOME:?}"
sfx="${OC_GATEWAY_ID:+-$OC_GATEWAY_ID}"
verify_file="$root/var/lib/openclaw-hetzner/verify$sfx.json"
backup_dir="$root/var/backups/openclaw$sfx"
timers="openclaw-verify$sfx.timer openclaw-retention$sfx.timer openclaw-backup$sfx.timer"
case "$port" in '' | *[!0-9]*) echo "status: OC_GATEWAY_PORT is not a port" >&2; exit 2 ;; esac

# A JSON string. Control characters other than newline, CR and tab have no place in these facts.
json_str() {
  local s="$1"
  s="${s//\\/\\\\}"
  s="${s//\"/\\\"}"
  s="${s//$'\n'/\\n}"
  s="${s//$'\r'/\\r}"
  s="${s//$'\t'/\\t}"
  s="$(printf '%s' "$s" | tr -d '\000-\037')"
  printf '"%s"' "$s"
}

json_list() {
  local out="" item
  for item in "$@"; do out="$out${out:+,}$(json_str "$item")"; done
  printf '[%s]' "$out"
}

# `systemctl show` as key=value lines. Before systemd 259, NextElapseUSecRealtime and
# LastTriggerUSec ignore --timestamp and print local time with a zone abbreviation; TZ=UTC makes
# every timestamp "Day YYYY-MM-DD HH:MM:SS UTC". A unit that does not exist gives LoadState=not-found.
show() {
  local name="$1"
  shift
  LC_ALL=C TZ=UTC systemctl show "$@" -- "$name" 2>/dev/null || true
}

# One property out of show's output (empty when absent).
prop() {
  local key="$1" line
  while IFS= read -r line; do
    case "$line" in "$key="*) printf '%s' "${line#"$key="}"; return 0 ;; esac
  done <<<"$2"
}

# Properties as a JSON object of strings.
props_json() {
  local text="$1" out="" key
  shift
  for key in "$@"; do out="$out${out:+,}$(json_str "$key"):$(json_str "$(prop "$key" "$text")")"; done
  printf '{%s}' "$out"
}

gw="$(show "$unit" -p LoadState,ActiveState,SubState,NRestarts,ActiveEnterTimestamp,ExecStart)"
# The unit's own node (ExecStart's path=), else the newest one installed.
node=""
exec_start="$(prop ExecStart "$gw")"
if [[ "$exec_start" =~ path=(/[^\ \;]*/bin/node) ]]; then node="${BASH_REMATCH[1]}"; fi
mapfile -t node_dirs < <(find "$root/opt" -mindepth 1 -maxdepth 1 -type d -name 'node-v*' -printf '%f\n' 2>/dev/null | sort -V)
if [ -z "$node" ] && [ "${#node_dirs[@]}" -gt 0 ]; then node="/opt/${node_dirs[-1]}/bin/node"; fi
# The unit runs Node.js through the link install-openclaw switches: name the release it points at.
if [ "$node" = "$home/node/bin/node" ] && node_link="$(readlink "$home/node" 2>/dev/null)"; then node="$node_link/bin/node"; fi
node_version=""
if [ -n "$node" ] && [ -x "$root$node" ]; then node_version="$(timeout 20 "$root$node" --version 2>/dev/null || true)"; fi

# The health endpoint answers without the token; 000 when nothing answers.
health="$(curl -sS -o /dev/null -m 5 -w '%{http_code}' "http://127.0.0.1:$port/healthz" 2>/dev/null || true)"

current="$(readlink "$home/current" 2>/dev/null || true)"
# npm writes package.json with two-space indentation: the top-level version is the one line so indented.
openclaw_version="$(sed -n 's/^  "version": "\([^"]*\)".*/\1/p' "$home/current/lib/node_modules/openclaw/package.json" 2>/dev/null | head -n 1 || true)"
mapfile -t releases < <(find "$home" -mindepth 1 -maxdepth 1 -type d -regex '.*/[0-9]+\.[0-9]+\.[0-9]+[^/]*' -printf '%f\n' 2>/dev/null | sort -V)

# verify.json is passed on as text: the operator's side parses it (no JSON parser here).
verify="null"
if [ -f "$verify_file" ]; then verify="$(json_str "$(head -c 65536 "$verify_file")")"; fi

backup="null"
newest="$(find "$backup_dir" -maxdepth 1 -type f -name '*.tar.gz' -printf '%T@ %s %f\n' 2>/dev/null | sort -n | tail -n 1 || true)"
if [ -n "$newest" ]; then
  read -r mtime bytes name <<<"$newest"
  count="$(find "$backup_dir" -maxdepth 1 -type f -name '*.tar.gz' -printf '.' 2>/dev/null | wc -c)"
  backup="{\"file\":$(json_str "/var/backups/openclaw$sfx/$name"),\"mtime\":$(json_str "${mtime%.*}"),\"bytes\":$(json_str "$bytes"),\"count\":$(json_str "$count")}"
fi

timer_list=""
for t in $timers; do
  tp="$(show "$t" -p LoadState,ActiveState,NextElapseUSecRealtime,LastTriggerUSec)"
  sp="$(show "${t%.timer}.service" -p LoadState,ActiveState,Result,ExecMainStatus,ExecMainExitTimestamp)"
  entry="{\"unit\":$(json_str "$t"),\"timer\":$(props_json "$tp" LoadState ActiveState NextElapseUSecRealtime LastTriggerUSec)"
  entry="$entry,\"service\":$(props_json "$sp" LoadState ActiveState Result ExecMainStatus ExecMainExitTimestamp)}"
  timer_list="$timer_list${timer_list:+,}$entry"
done

printf '{"schema":1,"hostname":%s,"now":%s,' "$(json_str "$(uname -n)")" "$(json_str "$(date -u +%Y-%m-%dT%H:%M:%SZ)")"
printf '"gateway":{"unit":%s,"port":%s,"health":%s,"show":%s},' "$(json_str "$unit")" "$port" "$(json_str "$health")" \
  "$(props_json "$gw" LoadState ActiveState SubState NRestarts ActiveEnterTimestamp)"
printf '"node":{"path":%s,"version":%s,"installed":%s},' "$(json_str "$node")" "$(json_str "$node_version")" "$(json_list "${node_dirs[@]}")"
printf '"openclaw":{"current":%s,"version":%s,"releases":%s},' "$(json_str "$current")" "$(json_str "$openclaw_version")" "$(json_list "${releases[@]}")"
printf '"verify":%s,"backup":%s,"timers":[%s]}\n' "$verify" "$backup" "$timer_list"
