# shellcheck shell=bash
# Shared by the on-box maintenance scripts (installed by the maintenance step as
# /usr/local/lib/openclaw-hetzner/common.sh, root-owned). They run from systemd units as root, so
# nothing here evaluates what a file says: settings are read as KEY=VALUE lines and checked.
set -eu
umask 077
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

# The gateway's job settings: the unit names the file of a shared server's gateway
# (maintenance-<id>.env); the server's only gateway has maintenance.env.
settings_file="${1:-/etc/openclaw-hetzner/maintenance.env}"
case "$settings_file" in
  /etc/openclaw-hetzner/maintenance.env | /etc/openclaw-hetzner/maintenance-[a-z]*.env) ;;
  *)
    echo "$settings_file is not a maintenance settings file of /etc/openclaw-hetzner" >&2
    exit 1
    ;;
esac

# setting KEY: the value of KEY in the gateway's job settings (root-only, written by the maintenance step).
setting() {
  local value
  value="$(sed -n "s/^$1=//p" "$settings_file" | tail -n 1)"
  if ! printf '%s' "$value" | grep -Eq '^[A-Za-z0-9_./-]+$'; then
    echo "$1 is missing or not a plain value in $settings_file" >&2
    return 1
  fi
  printf '%s' "$value"
}

# as_openclaw WORKDIR [--with-secrets] ARGS...: OpenClaw's CLI as the service user with the
# gateway's environment (the deploy gate runs it the same way); OpenClaw's code never runs as root:
# the service user can write what it reads. The env file's secrets only when the command needs them.
as_openclaw() {
  (
    dir="$1"
    shift
    state="$(setting OC_STATE_DIR)"
    if [ "$1" = --with-secrets ]; then
      shift
      # The env file is KEY=value lines without quoting (the program guarantees that).
      while IFS= read -r line; do export "${line?}"; done <"$(setting OC_ENV_FILE)"
    fi
    user="$(setting OC_SERVICE_USER)"
    cli="$(setting OC_CLI)"
    cd "$dir"
    setpriv --reuid="$user" --regid="$user" --init-groups \
      env HOME="$(dirname "$state")" TMPDIR="$dir" OPENCLAW_STATE_DIR="$state" OPENCLAW_CONFIG_PATH="$state/openclaw.json" \
      OPENCLAW_NO_AUTO_UPDATE=1 "$cli" "$@"
  )
}

# A directory the service user works in, made by root under a root-owned parent (so the user
# cannot have prepared it), removed by the caller.
service_workdir() {
  install -d -m 755 -o root -g root /var/lib/openclaw-hetzner
  local dir
  dir="$(mktemp -d "/var/lib/openclaw-hetzner/$1.XXXXXX")"
  chown "$(setting OC_SERVICE_USER):$(setting OC_SERVICE_USER)" "$dir"
  printf '%s' "$dir"
}
