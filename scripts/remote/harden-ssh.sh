#!/usr/bin/env bash
# Installs the full sshd hardening drop-in. `sshd -t` checks the result before any reload; a config
# sshd refuses is rolled back, so a bad setting can never lock the admin out.
# Inputs: OC_SSHD_DROPIN (path), OC_SSHD_CONF_B64 (content).
set -eu
dropin="${OC_SSHD_DROPIN:?}"
ensure_packages openssh-server
# Only the ed25519 host key is offered; make sure it exists (images ship it, minimal ones may not).
[ -f /etc/ssh/ssh_host_ed25519_key ] || ssh-keygen -q -t ed25519 -N '' -f /etc/ssh/ssh_host_ed25519_key

backup=""
if [ -f "$dropin" ]; then
  backup="$(mktemp -p /run .oc-sshd-backup-XXXXXX)"
  cp -p "$dropin" "$backup"
fi
changed="$(b64 "${OC_SSHD_CONF_B64:?}" | install_file 600 root:root "$dropin")"
if ! sshd -t 2>&1; then
  log "sshd -t refused the new configuration; keeping the old one"
  if [ -n "$backup" ]; then mv -f "$backup" "$dropin"; else rm -f "$dropin"; fi
  exit 1
fi
[ -z "$backup" ] || rm -f "$backup"

# Ubuntu starts sshd through ssh.socket, which ignores Port and ListenAddress changes: use the
# plain service everywhere, so the drop-in is the one source of truth.
if systemctl is-enabled ssh.socket >/dev/null 2>&1; then
  log "switching from ssh.socket to ssh.service"
  systemctl disable --now ssh.socket
  systemctl enable ssh.service
  systemctl restart ssh.service
  changed=""
fi
systemctl is-active --quiet ssh || systemctl start ssh
if [ -n "$changed" ]; then
  log "sshd configuration changed; reloading"
  systemctl reload ssh
fi

# Independent check of what sshd will actually do, not of what we wrote.
effective="$(sshd -T -C user=nobody,host=localhost,addr=127.0.0.1)"
for want in "permitrootlogin no" "passwordauthentication no" "kbdinteractiveauthentication no" "pubkeyauthentication yes"; do
  if ! printf '%s\n' "$effective" | grep -qx "$want"; then
    log "sshd -T lacks '$want'"
    # sshd keeps the first value it reads: name the drop-ins that sort before ours.
    earlier="$(find "$(dirname "$dropin")" -maxdepth 1 -name '*.conf' ! -path "$dropin" -print | LC_ALL=C sort | awk -v ours="$dropin" '$0 < ours')"
    [ -z "$earlier" ] || log "drop-ins read before ours: $(printf '%s' "$earlier" | tr '\n' ' ')"
    exit 1
  fi
done
