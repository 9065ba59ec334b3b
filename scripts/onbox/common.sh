# shellcheck shell=bash
# Shared by the on-box maintenance scripts (installed by the maintenance step as
# /usr/local/lib/openclaw-hetzner/common.sh, root-owned). They run from systemd units as root, so
# nothing here evaluates what a file says: settings are read as KEY=VALUE lines and checked.
set -eu
umask 077
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

# setting KEY: the value of KEY in the maintenance settings (root-only, written by the maintenance step).
setting() {
  local value
  value="$(sed -n "s/^$1=//p" /etc/openclaw-hetzner/maintenance.env | tail -n 1)"
  if ! printf '%s' "$value" | grep -Eq '^[A-Za-z0-9_./-]+$'; then
    echo "$1 is missing or not a plain value in /etc/openclaw-hetzner/maintenance.env" >&2
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
    cd "$dir"
    setpriv --reuid=openclaw --regid=openclaw --init-groups \
      env HOME="$(dirname "$state")" TMPDIR="$dir" OPENCLAW_STATE_DIR="$state" OPENCLAW_CONFIG_PATH="$state/openclaw.json" \
      OPENCLAW_NO_AUTO_UPDATE=1 /usr/local/bin/openclaw "$@"
  )
}

# A directory the service user works in, made by root under a root-owned parent (so the user
# cannot have prepared it), removed by the caller.
service_workdir() {
  install -d -m 755 -o root -g root /var/lib/openclaw-hetzner
  local dir
  dir="$(mktemp -d "/var/lib/openclaw-hetzner/$1.XXXXXX")"
  chown openclaw:openclaw "$dir"
  printf '%s' "$dir"
}
