#!/usr/bin/env bash
# The host-hardening layer (components/host/os-hardening.ts declares each setting and why): kernel
# sysctls, unused kernel modules off, login.defs, auditd and its watches, AIDE and debsums, core
# dumps off, an idle-shell timeout and a banner (host-packages does the security suite and fixes).
# Each file is written only when it differs; a changed one is applied at once.
# Inputs: OC_SYSCTL_B64, OC_MODPROBE_B64,
#         OC_LOGIN_DEFS (KEY=VALUE …), OC_AUDIT_RULES_B64, OC_CORE_LIMITS_B64, OC_COREDUMP_B64,
#         OC_PROFILE_B64, OC_BANNER_B64, OC_AIDE_CHECKSUMS, OC_PAM_UMASK_B64.
set -eu
ensure_packages auditd aide aide-common debsums kmod libpam-passwdqc libpam-tmpdir
# A container (the local stand-in) shares the host's kernel: kernel-wide sysctls and the kernel's
# audit belong to the host there. Everything is installed all the same.
in_container=""
if systemd-detect-virt --container --quiet; then in_container=yes; fi

# --- kernel: sysctls, then modules ----------------------------------------------------------------
# Sorts after the distribution's own files (Debian 12's 99-protect-links.conf sets
# fs.protected_fifos = 1): systemd-sysctl applies files in name order, later ones win.
sysctl_file=/etc/sysctl.d/99-zz-openclaw-hetzner.conf
[ -z "$(b64 "${OC_SYSCTL_B64:?}" | install_file 644 root:root "$sysctl_file")" ] || log "sysctls changed: $sysctl_file"
# Applied on every run (cheap, and it repairs a value changed by hand). In a container only the
# network namespace's own keys are writable: the others are the host's, and are left to it.
while IFS='=' read -r key value; do
  key="$(printf '%s' "$key" | tr -d ' ')"
  value="$(printf '%s' "$value" | sed 's/^ *//; s/ *$//')"
  case "$key" in '' | '#'*) continue ;; esac
  proc="/proc/sys/$(printf '%s' "$key" | tr . /)"
  [ "$(cat "$proc" 2>/dev/null)" = "$value" ] && continue
  if [ -n "$in_container" ] && { [ ! -w "$proc" ] || ! printf '%s\n' "$value" 2>/dev/null >"$proc"; }; then
    continue
  fi
  sysctl -q -w "$key=$value" >/dev/null
done <"$sysctl_file"

b64 "${OC_MODPROBE_B64:?}" | install_file 644 root:root /etc/modprobe.d/60-openclaw-hetzner.conf >/dev/null

# --- login.defs: set each key in place (other keys stay as the image has them) --------------------
for assignment in ${OC_LOGIN_DEFS:?}; do
  key="${assignment%%=*}"
  value="${assignment#*=}"
  current="$(awk -v k="$key" '$1 == k { v = $2 } END { print v }' /etc/login.defs)"
  [ "$current" = "$value" ] && continue
  if grep -qE "^[[:space:]]*${key}[[:space:]]" /etc/login.defs; then
    sed -i -E "s/^[[:space:]]*${key}[[:space:]].*/$key $value/" /etc/login.defs
  else
    printf '%s %s\n' "$key" "$value" >>/etc/login.defs
  fi
  log "login.defs: $key $value"
done

# pam_umask applies UMASK at login; Debian 12's common-session lacks it (Debian 13 has it).
if ! grep -qs '^[^#]*pam_umask\.so' /etc/pam.d/common-session; then
  b64 "${OC_PAM_UMASK_B64:?}" | install_file 644 root:root /usr/share/pam-configs/openclaw-hetzner-umask >/dev/null
  pam-auth-update --package --enable openclaw-hetzner-umask
  if ! grep -qs '^[^#]*pam_umask\.so' /etc/pam.d/common-session; then
    log "pam-auth-update did not add pam_umask to /etc/pam.d/common-session (edited by hand?)"
    exit 1
  fi
  log "pam_umask added to common-session"
fi

# --- auditd and its watches ----------------------------------------------------------------------
rules_changed="$(b64 "${OC_AUDIT_RULES_B64:?}" | install_file 640 root:root /etc/audit/rules.d/60-openclaw-hetzner.rules)"
if [ -n "$in_container" ]; then
  # The kernel takes audit rules only from its initial PID namespace: compile them, load nothing.
  # (augenrules then finds no kernel audit to ask whether a reload is due, and says so: not an error.)
  if ! out="$(augenrules 2>&1)"; then
    printf '%s\n' "$out" >&2
    exit 1
  fi
  log "in a container: audit rules compiled to /etc/audit/audit.rules, auditd not started (the kernel's audit is the host's)"
else
  systemctl enable --quiet auditd
  if ! systemctl is-active --quiet auditd; then
    systemctl start auditd
  elif [ -n "$rules_changed" ]; then
    augenrules --load >/dev/null
    log "audit rules changed; loaded"
  fi
fi

# --- AIDE: one strong checksum (the package's default is every hash it knows) -------------------
checksums="${OC_AIDE_CHECKSUMS:?}"
if ! grep -qx "Checksums = $checksums" /etc/aide/aide.conf; then
  sed -i -E "s/^Checksums[[:space:]]*=.*/Checksums = $checksums/" /etc/aide/aide.conf
  grep -qx "Checksums = $checksums" /etc/aide/aide.conf || { log "/etc/aide/aide.conf has no Checksums line to set"; exit 1; }
  log "AIDE checksums: $checksums"
fi

# --- core dumps off, idle shells closed, a banner --------------------------------------------------
b64 "${OC_CORE_LIMITS_B64:?}" | install_file 644 root:root /etc/security/limits.d/60-openclaw-hetzner.conf >/dev/null
mkdir -p /etc/systemd/coredump.conf.d
b64 "${OC_COREDUMP_B64:?}" | install_file 644 root:root /etc/systemd/coredump.conf.d/60-openclaw-hetzner.conf >/dev/null
b64 "${OC_PROFILE_B64:?}" | install_file 644 root:root /etc/profile.d/60-openclaw-hetzner.sh >/dev/null
b64 "${OC_BANNER_B64:?}" | install_file 644 root:root /etc/issue.net >/dev/null
b64 "${OC_BANNER_B64:?}" | install_file 644 root:root /etc/issue >/dev/null
log "host layer in place"
