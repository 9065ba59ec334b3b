# shellcheck shell=bash
# Helpers prepended to every remote step (see components/remote/command-line.ts). Each step runs
# as root through sudo, in a fresh SSH session, with its inputs in OC_* environment variables.
set -eu
# The login umask may be stricter (login.defs UMASK 027): what the steps create is readable where
# they mean it to be, whatever the admin's login set.
umask 022
# libpam-tmpdir gives sudo sessions a root-only TMPDIR (/tmp/user/0); the gate hands its temp dir to
# the service user, so every step uses the shared /tmp (its own dirs are made 700 by mktemp).
TMPDIR=/tmp
export TMPDIR

log() { printf '%s: %s\n' "${OC_STEP:-step}" "$*" >&2; }

# apt waits for the dpkg lock itself (first boot may still hold it) instead of failing.
apt_get() {
  DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=900 -o Dpkg::Options::=--force-confdef \
    -o Dpkg::Options::=--force-confold "$@"
}

# `apt-get update` fails at once while another apt holds the package lists (apt-daily on a fresh
# server): wait for it, up to 15 minutes, as apt_get waits for the dpkg lock. Lists a step of this
# deployment fetched in the last 10 minutes are fresh enough for the next one (the stamp is in
# /run: a reboot forgets it).
apt_update() {
  stamp=/run/openclaw-hetzner-apt-updated
  if [ -n "$(find "$stamp" -mmin -10 2>/dev/null)" ]; then return 0; fi
  err="$(mktemp -p /run .oc-apt-XXXXXX)"
  for _ in $(seq 1 180); do
    # Translated package descriptions are of no use to a server: not fetching them saves a third.
    if apt_get -o Acquire::Languages=none update >/dev/null 2>"$err"; then
      rm -f "$err"
      touch "$stamp"
      return 0
    fi
    grep -q 'Could not get lock' "$err" || break
    sleep 5
  done
  cat "$err" >&2
  rm -f "$err"
  return 1
}

# The packages among "$@" that are not installed (empty when all are).
missing_packages() {
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || printf ' %s' "$pkg"
  done
}

# Installs only the packages that are missing, so a second run touches nothing. Steps run side by
# side: our apt runs take turns on one lock (apt's own locks fail `apt-get update` at once instead
# of waiting), and what is missing is looked at again once the lock is ours.
ensure_packages() {
  [ -n "$(missing_packages "$@")" ] || return 0
  exec 9>/run/openclaw-hetzner-apt.lock
  flock -w 900 9 || { log "another step held the apt lock for 15 minutes"; return 1; }
  missing="$(missing_packages "$@")"
  if [ -n "$missing" ]; then
    log "installing:$missing"
    apt_update
    # shellcheck disable=SC2086 # word splitting of the package list is intended
    apt_get install -y --no-install-recommends $missing >/dev/null
  fi
  exec 9>&- # the lock goes with the descriptor (and with the step, should apt fail)
}

# install_file MODE OWNER PATH: writes stdin to PATH only if the content, mode or owner differ.
# Prints "changed" when it wrote, so callers restart services only on a real change. The input is
# staged in /run (root-only tmpfs) so an unchanged file leaves its directory untouched too; a
# change lands through a temp file in the same directory and an atomic rename.
install_file() {
  mode="$1" owner="$2" path="$3"
  staged="$(mktemp -p /run .oc-staged-XXXXXX)"
  cat >"$staged"
  if [ -f "$path" ] && cmp -s "$staged" "$path" &&
    [ "$(stat -c '%a %U:%G' "$path")" = "$mode $owner" ]; then
    rm -f "$staged"
    return 0
  fi
  tmp="$(mktemp "$(dirname "$path")/.oc-XXXXXX")"
  cat "$staged" >"$tmp"
  rm -f "$staged"
  chmod "$mode" "$tmp"
  chown "$owner" "$tmp"
  mv -f "$tmp" "$path"
  echo changed
}

# apt_sources_carry SUITE [EXCLUDED_FILE_NAME]: whether an apt source file names SUITE (one-line
# and deb822 forms), leaving out one file by name (the one we may have added ourselves).
apt_sources_carry() {
  grep -rhsE "^[[:space:]]*(deb[[:space:]].*[[:space:]]$1([[:space:]]|\$)|Suites:(.*[[:space:]])?$1([[:space:]]|\$))" \
    --include=sources.list --include='*.list' --include='*.sources' --exclude="${2:-/}" \
    /etc/apt/sources.list /etc/apt/sources.list.d | grep -q .
}

# gateway_name WHAT [ID]: a name of the gateway, as components/openclaw/layout.ts names it: of the
# server's only gateway (no ID), or of gateway ID of a shared server (each name suffixed -ID). The
# gateway steps pass their OC_GATEWAY_ID.
gateway_name() {
  local sfx="${2:+-$2}"
  case "$1" in
    user) echo "openclaw$sfx" ;;
    cli) echo "/usr/local/bin/openclaw$sfx" ;;
    jobs-suffix) echo "$sfx" ;;
    jobs-settings) echo "/etc/openclaw-hetzner/maintenance$sfx.env" ;;
    gate-script) echo "/usr/local/lib/openclaw-hetzner/gate$sfx.sh" ;;
    gate-inputs) echo "/etc/openclaw-hetzner/verify$sfx.env" ;;
    verify-result) echo "/var/lib/openclaw-hetzner/verify$sfx.json" ;;
    upgrade-marker) echo "/var/lib/openclaw-hetzner/upgrade-in-progress$sfx" ;;
    audit-cache) echo "/var/lib/openclaw-hetzner/audit$sfx" ;;
    backup-dir) echo "/var/backups/openclaw$sfx" ;;
    *) log "gateway_name: no name '$1'"; return 1 ;;
  esac
}

# openclaw_as_service STATE_DIR ENV_FILE WORKDIR ARGS...: OpenClaw's CLI as the service user (the
# caller's $service_user, run through its $openclaw_cli; gateway_name), with
# the gateway's environment (the env file's secrets as systemd hands them over), from WORKDIR (also
# its TMPDIR). OpenClaw's code never runs as root: the service user can write what it reads.
openclaw_as_service() {
  (
    state="$1" env_file="$2" dir="$3"
    shift 3
    # The env file is KEY=value lines without quoting (the program guarantees that).
    while IFS= read -r line; do export "${line?}"; done <"$env_file"
    cd "$dir"
    setpriv --reuid="${service_user:?}" --regid="$service_user" --init-groups \
      env HOME="$(dirname "$state")" TMPDIR="$dir" OPENCLAW_STATE_DIR="$state" OPENCLAW_CONFIG_PATH="$state/openclaw.json" \
      OPENCLAW_NO_AUTO_UPDATE=1 "${openclaw_cli:?}" "$@"
  )
}

# Decodes a base64 input variable (file contents travel base64 so quoting never matters).
b64() { printf '%s' "$1" | base64 -d; }

# podman_user_config USER HOME CONTAINERS_CONF_B64 STORAGE_CONF_B64: the user's rootless Podman
# configuration (written before the user's first Podman run: its store keeps the driver it starts
# with). Prints "changed" when a file changed.
podman_user_config() {
  install -d -m 700 -o "$1" -g "$1" "$2/.config" "$2/.config/containers"
  b64 "$3" | install_file 600 "$1:$1" "$2/.config/containers/containers.conf"
  b64 "$4" | install_file 600 "$1:$1" "$2/.config/containers/storage.conf"
}
