#!/usr/bin/env bash
# The agent sandbox of `agentAccess: sandboxed`: rootless Podman for the service user, and the image
# OpenClaw starts a container of for every session. The user gets no group and no socket: Podman
# runs as the user itself. On Debian 13 it gets no subordinate ids either (OC_SUBORDINATE_IDS=0),
# so a container holds exactly one uid, the user's; Debian 12's Podman needs them (the
# sandbox-userns step gives them, before this one), and a container's other ids are then the
# user's unprivileged subordinate ones. The image is built here from the Debian archive
# (debootstrap checks the archive's signature) or pulled by digest, never by tag.
# Inputs: OC_SERVICE_USER, OC_SERVICE_HOME, OC_RUNTIME_DIR, OC_CONTAINERS_CONF_B64, OC_STORAGE_CONF_B64,
#   OC_SANDBOX_IMAGE, OC_SANDBOX_SUITE, OC_SANDBOX_MIRROR, OC_SANDBOX_PACKAGES, OC_SANDBOX_USER,
#   OC_SANDBOX_UID, OC_SANDBOX_GID, OC_SUBORDINATE_IDS.
set -eu
user="${OC_SERVICE_USER:?}"
home="${OC_SERVICE_HOME:?}"
rundir="${OC_RUNTIME_DIR:?}"
image="${OC_SANDBOX_IMAGE:?}"

# catatonit: OpenClaw starts every sandbox with --init (docs: Podman backend).
ensure_packages podman catatonit debootstrap

if [ "${OC_SUBORDINATE_IDS:?}" = 0 ]; then
  # One uid per container: no subordinate ranges (an image's useradd may have added them).
  for f in /etc/subuid /etc/subgid; do
    if [ -f "$f" ] && grep -q "^$user:" "$f"; then
      sed -i "/^$user:/d" "$f"
      log "removed $user's subordinate ids from $f"
    fi
  done
else
  for f in /etc/subuid /etc/subgid; do
    if ! grep -q "^$user:" "$f" 2>/dev/null; then
      log "$user has no subordinate ids in $f: the sandbox-userns step gives them first"
      exit 1
    fi
  done
fi

podman_user_config "$user" "$home" "${OC_CONTAINERS_CONF_B64:?}" "${OC_STORAGE_CONF_B64:?}" >/dev/null
# The unit's RuntimeDirectory (kept across restarts); made here too, for Podman runs before the unit's first start.
install -d -m 700 -o "$user" -g "$user" "$rundir"

# Podman as the service user, with the environment and umask the gateway gives it (Podman 4.3
# makes ~/.config/cni/net.d/cni.lock with the caller's umask).
as_user() {
  (cd "$home" && umask 077 && runuser -u "$user" -- env -i HOME="$home" XDG_RUNTIME_DIR="$rundir" PATH=/usr/sbin:/usr/bin:/sbin:/bin "$@")
}
# On the way out: the build's scratch dir goes, and what an earlier run made under a looser umask
# is made the user's alone.
work=""
cleanup() {
  [ -z "$work" ] || rm -rf "$work"
  chmod -R go-rwx "$home/.config"
}
trap cleanup EXIT

if as_user podman image exists "$image"; then
  log "image $image present"
  exit 0
fi

case "$image" in
  *@sha256:*)
    log "pulling $image"
    as_user podman pull --quiet "$image" >/dev/null
    ;;
  localhost/*)
    suite="${OC_SANDBOX_SUITE:?}"
    name="${OC_SANDBOX_USER:?}" uid="${OC_SANDBOX_UID:?}" gid="${OC_SANDBOX_GID:?}"
    work="$(mktemp -d /var/tmp/openclaw-sandbox.XXXXXX)"
    log "building $image from Debian $suite"
    packages="$(printf '%s' "${OC_SANDBOX_PACKAGES:?}" | tr ' ' ',')"
    if ! debootstrap --variant=minbase --include="$packages" --keyring=/usr/share/keyrings/debian-archive-keyring.gpg \
      "$suite" "$work/root" "${OC_SANDBOX_MIRROR:?}" >"$work/debootstrap.log" 2>&1; then
      tail -n 20 "$work/debootstrap.log" >&2
      log "debootstrap of $suite failed"
      exit 1
    fi
    chroot "$work/root" groupadd -g "$gid" "$name"
    chroot "$work/root" useradd -u "$uid" -g "$gid" -m -s /bin/bash "$name"
    rm -rf "$work/root/var/lib/apt/lists/"* "$work/root/var/cache/apt/"*.bin "$work/root/var/cache/apt/archives/"*.deb
    tar -C "$work/root" --numeric-owner -cf "$work/rootfs.tar" .
    as_user podman import --quiet \
      --change "USER $uid:$gid" --change "WORKDIR /home/$name" --change 'CMD ["sleep", "infinity"]' \
      - "$image" <"$work/rootfs.tar" >/dev/null
    ;;
  *)
    log "refusing image $image: neither built here (localhost/…) nor pinned by digest (…@sha256:…)"
    exit 1
    ;;
esac
log "image $image: $(as_user podman image inspect --format '{{.Id}}' "$image")"
