# shellcheck shell=bash
# Helpers prepended to every remote step (see components/remote/command-line.ts). Each step runs
# as root through sudo, in a fresh SSH session, with its inputs in OC_* environment variables.
set -eu

log() { printf '%s: %s\n' "${OC_STEP:-step}" "$*" >&2; }

# apt waits for the dpkg lock itself (first boot may still hold it) instead of failing.
apt_get() {
  DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=900 -o Dpkg::Options::=--force-confdef \
    -o Dpkg::Options::=--force-confold "$@"
}

# Installs only the packages that are missing, so a second run touches nothing.
ensure_packages() {
  missing=""
  for pkg in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
      missing="$missing $pkg"
    fi
  done
  [ -z "$missing" ] && return 0
  log "installing:$missing"
  apt_get update >/dev/null
  # shellcheck disable=SC2086 # word splitting of the package list is intended
  apt_get install -y --no-install-recommends $missing >/dev/null
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

# Decodes a base64 input variable (file contents travel base64 so quoting never matters).
b64() { printf '%s' "$1" | base64 -d; }
