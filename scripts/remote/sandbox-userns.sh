#!/usr/bin/env bash
# Debian 12 with `agentAccess: sandboxed`: Podman 4.3 starts OpenClaw's keep-id containers only for
# a user with subordinate ids, and mapping them takes the setuid newuidmap/newgidmap, which the
# gateway unit's NoNewPrivileges stops. So the service user gets one range of subordinate ids
# (unprivileged host ids, owned by nobody else), and a small unit without NoNewPrivileges makes
# the user's rootless namespace at boot, before the gateway; the gateway's Podman joins it.
# Runs before agent-sandbox, so every later Podman run of the user joins this unit's namespace.
# The unit runs without NoNewPrivileges, so nothing the user (the gateway) can write steers it: its
# Podman reads root-owned copies of the configuration (below), and its run state goes when it stops.
# Inputs: OC_SERVICE_USER, OC_SERVICE_HOME, OC_SUBORDINATE_IDS, OC_USERNS_UNIT_NAME, OC_USERNS_UNIT_B64,
#   OC_CONTAINERS_CONF_B64, OC_STORAGE_CONF_B64, OC_USERNS_CONTAINERS_CONF_B64, OC_USERNS_STORAGE_CONF_B64.
set -eu
user="${OC_SERVICE_USER:?}"
home="${OC_SERVICE_HOME:?}"
count="${OC_SUBORDINATE_IDS:?}"
unit="${OC_USERNS_UNIT_NAME:?}"

# uidmap: newuidmap/newgidmap (podman only recommends it).
ensure_packages podman uidmap catatonit

changed=""
for f in /etc/subuid /etc/subgid; do
  [ -f "$f" ] || install -m 644 -o root -g root /dev/null "$f"
  if line="$(grep "^$user:" "$f")"; then
    if [ "$(printf '%s\n' "$line" | wc -l)" -ne 1 ] || [ "${line##*:}" -lt "$count" ]; then
      log "$f gives $user something other than one range of $count ids: $(printf '%s' "$line" | tr '\n' ' ')"
      exit 1
    fi
  else
    # The first id after every range already given (and after 100000, the usual start).
    start="$(awk -F: 'BEGIN { next_free = 100000 } NF == 3 && $2 + $3 > next_free { next_free = $2 + $3 } END { print next_free }' "$f")"
    printf '%s:%s:%s\n' "$user" "$start" "$count" >>"$f"
    log "gave $user subordinate ids $start-$((start + count - 1)) in $f"
    changed=yes
  fi
done

# Podman's configuration before its first run here (agent-sandbox writes the same files).
if [ -n "$(podman_user_config "$user" "$home" "${OC_CONTAINERS_CONF_B64:?}" "${OC_STORAGE_CONF_B64:?}")" ]; then
  changed=yes
fi
install -d -m 755 -o root -g root /etc/openclaw-podman
if [ -n "$(b64 "${OC_USERNS_CONTAINERS_CONF_B64:?}" | install_file 644 root:root /etc/openclaw-podman/containers.conf)" ]; then
  changed=yes
fi
if [ -n "$(b64 "${OC_USERNS_STORAGE_CONF_B64:?}" | install_file 644 root:root /etc/openclaw-podman/storage.conf)" ]; then
  changed=yes
fi
if [ -n "$(b64 "${OC_USERNS_UNIT_B64:?}" | install_file 644 root:root "/etc/systemd/system/$unit.service")" ]; then
  changed=yes
fi
[ -z "$changed" ] || systemctl daemon-reload
systemctl enable --quiet "$unit.service"
if [ -n "$changed" ]; then
  # A restart stops the old pause process (the unit's cgroup) and maps the current ids.
  systemctl restart "$unit.service"
  log "$unit: the namespace is (re)made"
else
  systemctl start "$unit.service"
fi
if ! systemctl is-active --quiet "$unit.service"; then
  journalctl -u "$unit.service" -n 20 --no-pager >&2 || true
  log "$unit did not start"
  exit 1
fi
