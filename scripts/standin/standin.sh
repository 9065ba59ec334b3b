#!/usr/bin/env bash
# The local stand-in VPS: a Debian rootfs booted by systemd-nspawn (real systemd, journald, sshd,
# cloud-init NoCloud with the program's own user data) inside its own network namespace; or several
# side by side, one per server of a fleet.
#   standin.sh up SUITE USER_DATA HOSTNAME [USER_DATA HOSTNAME]...   boot them (SUITE: trixie or bookworm)
#   standin.sh down                                                  remove everything `up` made (idempotent)
# Network (namespaces this script creates, addresses only inside them): a bridge namespace, the VPS
# (10.99.0.10; a fleet's next ones 10.99.0.11, 10.99.0.12… in ocs-vps1, ocs-vps2…), an operator
# (10.99.0.20) and an attacker (10.99.0.30). A VPS has no route out:
# the Debian mirror, the npm registry and a local Node.js mirror reach it through socat pairs
# (TCP on the VPS's 127.0.0.1 -> unix socket -> host), named in its /etc/hosts.
# The VPSes share one npm cache with the host ($cache/npm-cache, bound on the cache dir the
# install-openclaw step names; kept 12 hours and emptied when versions.json changes), so only the
# first OpenClaw install of a run fetches its 330 packages. OC_STANDIN_NPM_CACHE=cold boots with
# none, as a new server has (npm run bench:local).
# Linux and root only.
set -eu
top="$(cd "$(dirname "$0")/../.." && pwd)"
cache="${OPENCLAW_HETZNER_CACHE:-$top/.cache}/standin"
run="$cache/run"
npm_cache="$cache/npm-cache"
NS_BR=ocs-br NS_VPS=ocs-vps NS_OP=ocs-op NS_ATK=ocs-atk

# VPS number N (0, 1…): its namespace, address and the suffix of its files in $run.
vps_ns() { if [ "$1" -eq 0 ]; then echo "$NS_VPS"; else echo "$NS_VPS$1"; fi; }
vps_ip() { echo "10.99.0.$((10 + $1))"; }
vps_sfx() { if [ "$1" -eq 0 ]; then echo ""; else echo "$1"; fi; }

die() { echo "standin: $*" >&2; exit 1; }
[ "$(uname -s)" = Linux ] || die "Linux only"
[ "$(id -u)" -eq 0 ] || die "needs root (network namespaces, tmpfs, systemd-nspawn)"

bg() { # bg NAME CMD...: start a background process, remember its pid
  name="$1"; shift
  setsid "$@" >"$run/$name.log" 2>&1 </dev/null &
  echo $! >"$run/$name.pid"
}

net_up() {
  for ns in $NS_BR $NS_VPS $NS_OP $NS_ATK; do ip netns add "$ns"; done
  ip -n $NS_BR link add br0 type bridge
  ip -n $NS_BR link set br0 up
  ip -n $NS_BR link set lo up
  i=0
  for pair in "$NS_VPS:10" "$NS_OP:20" "$NS_ATK:30"; do
    ns="${pair%%:*}"; host="${pair##*:}"; i=$((i + 1))
    ip link add "ocs-v$i" netns "$ns" type veth peer name "ocs-b$i" netns $NS_BR
    ip -n $NS_BR link set "ocs-b$i" master br0
    ip -n $NS_BR link set "ocs-b$i" up
    ip -n "$ns" link set lo up
    ip -n "$ns" addr add "10.99.0.$host/24" dev "ocs-v$i"
    ip -n "$ns" addr add "fd99::$host/64" dev "ocs-v$i" nodad
    ip -n "$ns" link set "ocs-v$i" up
  done
}

# One more VPS on the bridge (N >= 1): its namespace, veth and addresses.
net_add_vps() {
  local n="$1" ns i=$((3 + $1))
  ns="$(vps_ns "$1")"
  ip netns add "$ns"
  ip link add "ocs-v$i" netns "$ns" type veth peer name "ocs-b$i" netns $NS_BR
  ip -n $NS_BR link set "ocs-b$i" master br0
  ip -n $NS_BR link set "ocs-b$i" up
  ip -n "$ns" link set lo up
  ip -n "$ns" addr add "$(vps_ip "$n")/24" dev "ocs-v$i"
  ip -n "$ns" addr add "fd99::$((10 + n))/64" dev "ocs-v$i" nodad
  ip -n "$ns" link set "ocs-v$i" up
}

proxies_up() {
  # host side: unix sockets to the real services (and the local Node.js mirror)
  bg proxy-deb socat "UNIX-LISTEN:$run/deb.sock,fork,unlink-early" TCP:deb.debian.org:80
  bg proxy-npm socat "UNIX-LISTEN:$run/npm.sock,fork,unlink-early" TCP:registry.npmjs.org:443
  bg node-mirror python3 -m http.server --bind 127.0.0.1 18080 --directory "$cache/node-mirror"
  bg proxy-node socat "UNIX-LISTEN:$run/node.sock,fork,unlink-early" TCP:127.0.0.1:18080
  for _ in $(seq 1 50); do [ -S "$run/deb.sock" ] && [ -S "$run/npm.sock" ] && [ -S "$run/node.sock" ] && break; sleep 0.1; done
}

# VPS side: loopback listeners the VPS's /etc/hosts points at.
vps_proxies_up() {
  local ns sfx
  ns="$(vps_ns "$1")" sfx="$(vps_sfx "$1")"
  bg "vps$sfx-deb" ip netns exec "$ns" socat TCP-LISTEN:80,bind=127.0.0.1,fork,reuseaddr "UNIX-CONNECT:$run/deb.sock"
  bg "vps$sfx-npm" ip netns exec "$ns" socat TCP-LISTEN:443,bind=127.0.0.1,fork,reuseaddr "UNIX-CONNECT:$run/npm.sock"
  bg "vps$sfx-node" ip netns exec "$ns" socat TCP-LISTEN:8080,bind=127.0.0.1,fork,reuseaddr "UNIX-CONNECT:$run/node.sock"
}

lower_up() {
  suite="$1"
  tarball="$(bash "$top/scripts/standin/build-rootfs.sh" "$suite")"
  lower="$cache/$suite-lower"
  if [ ! -x "$lower/usr/sbin/init" ] || [ "$tarball" -nt "$lower/.extracted" ]; then
    rm -rf "$lower" "$lower.tmp"
    mkdir -p "$lower.tmp"
    tar --numeric-owner --xattrs -I zstd -C "$lower.tmp" -xf "$tarball"
    touch "$lower.tmp/.extracted"
    mv "$lower.tmp" "$lower"
  fi
}

# The shared npm cache, emptied when 12 hours old or older than versions.json (npm on the stand-in
# prefers its cache, scripts/standin/node-mirror.sh: a stale one would not know a newer release).
npm_cache_up() {
  if [ "${OC_STANDIN_NPM_CACHE:-shared}" = cold ]; then return 0; fi
  if [ ! -f "$npm_cache/.since" ] || [ -n "$(find "$npm_cache/.since" -mmin +720)" ] || [ "$top/versions.json" -nt "$npm_cache/.since" ]; then
    rm -rf "$npm_cache"
    mkdir -p "$npm_cache"
    touch "$npm_cache/.since"
  fi
}

rootfs_up() {
  local suite="$2" user_data="$3" hostname="$4" lower ovl root
  lower="$cache/$suite-lower"
  ovl="$run/ovl$(vps_sfx "$1")"
  # The root file system is a copy on tmpfs, not an overlay of the extracted image: rootless Podman
  # inside (agentAccess sandboxed) keeps its images on overlayfs, which cannot stack on overlayfs,
  # as on a server's ext4 it does not have to. 270 MB, about a second.
  mkdir -p "$ovl"
  mount -t tmpfs -o size=6G,mode=755 standin-root "$ovl"
  mkdir -p "$ovl/root"
  cp -a "$lower/." "$ovl/root/"
  root="$ovl/root"
  chmod 755 "$root" # cp -a gives it the extract dir's 700: no user could reach their own home
  mkdir -p "$root/var/lib/cloud/seed/nocloud"
  cp "$user_data" "$root/var/lib/cloud/seed/nocloud/user-data"
  printf 'instance-id: standin-%s\nlocal-hostname: %s\n' "$(date +%s)" "$hostname" >"$root/var/lib/cloud/seed/nocloud/meta-data"
  printf 'datasource_list: [NoCloud, None]\nnetwork: {config: disabled}\n' >"$root/etc/cloud/cloud.cfg.d/99-standin.cfg"
  # This machine's egress re-signs TLS with its own CA (the host trusts it): the VPS must too.
  if ls /usr/local/share/ca-certificates/*.crt >/dev/null 2>&1; then
    cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/"
    chroot "$root" update-ca-certificates >/dev/null 2>&1
  fi
  # No DNS here: name the VPS itself and the two services its proxies lead to.
  printf '127.0.0.1 localhost %s\n127.0.0.1 deb.debian.org registry.npmjs.org\n::1 localhost ip6-localhost\n' "$hostname" >"$root/etc/hosts"
}

boot() {
  local sfx ns shared=()
  sfx="$(vps_sfx "$1")" ns="$(vps_ns "$1")"
  # The host's npm cache, on the cache dir the install-openclaw step names.
  [ "${OC_STANDIN_NPM_CACHE:-shared}" = cold ] || shared=("--bind=$npm_cache:/var/cache/openclaw-npm")
  mkdir -p /run/systemd/nspawn
  mountpoint -q /run/systemd/nspawn || mount -t tmpfs tmpfs /run/systemd/nspawn
  # CAP_NET_ADMIN and a writable /proc/sys/net: ufw and fail2ban manage netfilter inside.
  # @keyring: the container runtime inside gives each container a session keyring of its own, as a
  # server's kernel lets it (nspawn's default filter refuses keyctl, which is not namespaced).
  SYSTEMD_NSPAWN_API_VFS_WRITABLE=network bg "nspawn$sfx" systemd-nspawn -D "$run/ovl$sfx/root" --boot --register=no --keep-unit \
    -M "ocs-vps$sfx" --capability=CAP_NET_ADMIN --network-namespace-path="/run/netns/$ns" --console=read-only \
    --system-call-filter=@keyring "${shared[@]}"
}

wait_for_ssh() {
  local sfx ip
  sfx="$(vps_sfx "$1")" ip="$(vps_ip "$1")"
  for _ in $(seq 1 180); do
    if ip netns exec $NS_OP timeout 2 nc -w 2 "$ip" 22 </dev/null 2>/dev/null | grep -q '^SSH-'; then return 0; fi
    kill -0 "$(cat "$run/nspawn$sfx.pid")" 2>/dev/null || die "systemd-nspawn exited; see $run/nspawn$sfx.log"
    sleep 1
  done
  die "no SSH banner from $ip after 180 s; see $run/nspawn$sfx.log"
}

up() {
  if [ $# -lt 3 ] || [ $(($# % 2)) -ne 1 ]; then die "usage: standin.sh up SUITE USER_DATA HOSTNAME [USER_DATA HOSTNAME]..."; fi
  [ ! -e "$run/up" ] || die "already up ($run/up); run 'standin.sh down' first"
  if ip netns list | grep -q '^ocs-'; then
    die "network namespaces ocs-* exist: another stand-in is up (run 'npm run local:down' in its checkout)"
  fi
  [ -d "$cache/node-mirror" ] || die "no Node.js mirror; run scripts/standin/node-mirror.sh first"
  mkdir -p "$run"
  touch "$run/up"
  suite="$1"
  shift
  net_up
  proxies_up
  lower_up "$suite"
  npm_cache_up
  n=0
  while [ $# -gt 0 ]; do
    [ "$n" -eq 0 ] || net_add_vps "$n"
    vps_proxies_up "$n"
    rootfs_up "$n" "$suite" "$1" "$2"
    boot "$n"
    n=$((n + 1))
    shift 2
  done
  # They boot side by side; each is up when its sshd answers.
  i=0
  while [ "$i" -lt "$n" ]; do wait_for_ssh "$i"; i=$((i + 1)); done
}

down() {
  for f in "$run"/nspawn*.pid; do
    [ -f "$f" ] || continue
    pid="$(cat "$f")"
    # SIGTERM asks systemd-nspawn for a clean poweroff of the container.
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  for f in "$run"/*.pid; do
    [ -f "$f" ] || continue
    kill -TERM -- "-$(cat "$f")" 2>/dev/null || kill -TERM "$(cat "$f")" 2>/dev/null || true
    rm -f "$f"
  done
  for ns in $(ip netns list | awk '$1 ~ /^ocs-vps[0-9]*$/ {print $1}') $NS_OP $NS_ATK $NS_BR; do ip netns del "$ns" 2>/dev/null || true; done
  for ovl in "$run"/ovl*; do
    [ -d "$ovl" ] || continue
    umount "$ovl" 2>/dev/null || umount -l "$ovl" 2>/dev/null || true
  done
  rm -rf "$run"
}

case "${1:-}" in
  up) shift; up "$@" ;;
  down) down ;;
  *) die "usage: standin.sh up SUITE USER_DATA HOSTNAME [USER_DATA HOSTNAME]... | down" ;;
esac
