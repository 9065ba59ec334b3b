#!/usr/bin/env bash
# The deploy gate, last on the server. It checks the host itself, as it is now, whatever the steps
# before it did: sshd's effective settings (sshd -T), ufw active with default deny and only the SSH
# port, the fail2ban sshd jail, the deployed openclaw.json (with the checker the policy pack runs,
# bundled in this step), the unit's user and sandbox, the env file's owner and mode; then it waits
# for the gateway's health endpoint (configure-gateway only starts it) and checks that nothing but
# sshd listens beyond loopback and that the gateway listens on loopback. Any drift fails the
# deploy, naming it. OpenClaw's own `security audit` (no critical finding), `secrets audit --check`
# and `exec-policy show` run as the service user with the service's environment, in the
# background from the start (they read files, not the running gateway), so they overlap the
# gateway's first start; it prints one JSON summary line (no secrets). A run in which nothing the
# OpenClaw audits look at changed reports the last passing audit instead. It also checks the
# maintenance timers enabled and the backups root-only, and, passing during a deploy, records its
# own body and inputs for the daily verification (openclaw-verify.service runs them again).
# Inputs: OC_STATE_DIR, OC_ENV_FILE, OC_UNIT_NAME, OC_OPENCLAW_HOME, OC_SSH_PORT, OC_ADMIN_USER,
#         OC_GATEWAY_PORT, OC_ACCEPTED_RISKS (JSON [{id, reason}]), OC_HOST_LAYER (JSON: what the
#         os-hardening layer must hold); OC_GATEWAY_ID (a shared server's gateway: its service
#         user, CLI, timers, backups and gate record); bundle OC_BUNDLE_OPENCLAW_CONFIG_CHECK_JS.
set -eu
gateway_id="${OC_GATEWAY_ID:-}"
service_user="$(gateway_name user "$gateway_id")"
openclaw_cli="$(gateway_name cli "$gateway_id")"
jobs_suffix="$(gateway_name jobs-suffix "$gateway_id")"
gate_script="$(gateway_name gate-script "$gateway_id")"
gate_inputs="$(gateway_name gate-inputs "$gateway_id")"
audit_cache="$(gateway_name audit-cache "$gateway_id")"
backup_dir="$(gateway_name backup-dir "$gateway_id")"
state="${OC_STATE_DIR:?}"
home="$(dirname "$state")"
unit="${OC_UNIT_NAME:?}"
env_file="${OC_ENV_FILE:?}"
ssh_port="${OC_SSH_PORT:?}"
admin="${OC_ADMIN_USER:?}"
gateway_port="${OC_GATEWAY_PORT:?}"
cache="$audit_cache"
node_bin="$(sed -n 's/^exec \(.*\)\/node .*/\1/p' "$openclaw_cli" 2>/dev/null || true)"

work="$(mktemp -d)"
audits_pid=""
# The OpenClaw audits write into $work: a failing gate lets them finish before removing it.
# shellcheck disable=SC2317 # called by the trap
cleanup() {
  [ -z "$audits_pid" ] || wait "$audits_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
chown "$service_user:$service_user" "$work"

drift=""
drifted() { drift="${drift}  - $*
"; }

is_loopback() {
  case "$1" in
    127.* | "[::1]" | ::1 | "[::ffff:127."*) return 0 ;;
    *) return 1 ;;
  esac
}

# --- OpenClaw's own audits: started now, in the background; remembered while nothing they look at
# changes -----------------------------------------------------------------------------------------
fingerprint() {
  {
    echo "audit-gateway v2"
    sha256sum "$state/openclaw.json" "$env_file" "/etc/systemd/system/$unit.service" "$openclaw_cli"
    stat -c '%a %U:%G %n' "$home" "$state" "$state/openclaw.json" "$(dirname "$env_file")" "$env_file"
    # Loosened permissions in the state dir (what the audit's fs checks look at). Regular files and
    # directories only: symlinks are always 777, and OpenClaw makes and drops some as it runs.
    find "$state" \( -type f -o -type d \) -perm /077 -printf '%m %u %p\n' | sort
    readlink "${OC_OPENCLAW_HOME:?}/current" "$OC_OPENCLAW_HOME/node"
  } | sha256sum | cut -d' ' -f1
}

as_openclaw() { openclaw_as_service "$state" "$env_file" "$work" "$@"; }

# Each writes its JSON and its exit status to $work; a tool that cannot run leaves no JSON.
run_audit() {
  name="$1"
  shift
  rc=0
  as_openclaw "$@" --json >"$work/$name.json" 2>"$work/$name.err" || rc=$?
  echo "$rc" >"$work/$name.rc"
}

audits=remembered
if [ ! -f "$cache/summary.json" ] || [ "$(cat "$cache/fingerprint" 2>/dev/null)" != "$(fingerprint)" ]; then
  audits=run
  (
    run_audit security security audit &
    run_audit secrets secrets audit --check &
    run_audit exec-policy exec-policy show &
    wait
  ) &
  audits_pid=$!
fi

# --- sshd, as it treats a connection from outside (Match blocks included) ----------------------
check_sshd() {
  local user="$1" effective
  if ! effective="$(sshd -T -C "user=$user,host=gate-check.invalid,addr=192.0.2.1" 2>&1)"; then
    drifted "sshd -T fails: $(printf '%s' "$effective" | head -n 1)"
    return
  fi
  for want in "permitrootlogin no" "passwordauthentication no" "kbdinteractiveauthentication no" "permitemptypasswords no"; do
    printf '%s\n' "$effective" | grep -qx "$want" ||
      drifted "sshd for $user: $(printf '%s\n' "$effective" | grep "^${want% *} " || echo "${want% *} unset") (want '$want')"
  done
  if [ "$user" = "$admin" ]; then
    [ "$(printf '%s\n' "$effective" | sed -n 's/^allowusers //p' | tr '\n' ' ' | sed 's/ $//')" = "$admin" ] ||
      drifted "sshd AllowUsers is '$(printf '%s\n' "$effective" | sed -n 's/^allowusers //p' | tr '\n' ' ')' (want '$admin' only)"
    [ "$(printf '%s\n' "$effective" | sed -n 's/^port //p' | tr '\n' ' ' | sed 's/ $//')" = "$ssh_port" ] ||
      drifted "sshd listens on port(s) $(printf '%s\n' "$effective" | sed -n 's/^port //p' | tr '\n' ' ')(want $ssh_port)"
  fi
}
check_sshd "$admin"
check_sshd root

# --- ufw: active, default deny in, the SSH port and nothing else ------------------------------
if ! command -v ufw >/dev/null 2>&1; then
  drifted "ufw is not installed"
else
  ufw_status="$(ufw status verbose 2>&1 || true)"
  if ! printf '%s\n' "$ufw_status" | grep -q '^Status: active'; then
    # An inactive ufw prints neither its defaults nor its rules: one finding says it all.
    drifted "ufw is not active ($(printf '%s\n' "$ufw_status" | head -n 1))"
  else
    printf '%s\n' "$ufw_status" | grep -Eq '^Default: (deny|reject) \(incoming\)' ||
      drifted "ufw's default for incoming is not deny ($(printf '%s\n' "$ufw_status" | sed -n 's/^Default: //p'))"
    while IFS= read -r rule; do
      [ -n "$rule" ] || continue
      to="$(printf '%s' "$rule" | sed -E 's/ +(ALLOW|LIMIT).*//; s/ \(v6\)$//')"
      [ "$to" = "$ssh_port/tcp" ] || [ "$to" = "$ssh_port" ] || drifted "ufw allows '$(printf '%s' "$rule" | tr -s ' ' | sed 's/ $//')'"
    done <<<"$(printf '%s\n' "$ufw_status" | grep -E ' (ALLOW|LIMIT)( IN)? ' || true)"
  fi
fi

# --- fail2ban ------------------------------------------------------------------------------------
fail2ban-client status sshd >/dev/null 2>&1 || drifted "the fail2ban sshd jail is not running"

# --- the host layer (os-hardening), as the host applies it, not as we wrote it ---------------------
# OC_HOST_LAYER lists what must hold; each is read from the running system (and, for sysctls, from
# what systemd-sysctl will apply at the next boot, all files, later ones winning).
in_container=""
if systemd-detect-virt --container --quiet; then in_container=yes; fi
last_value() { awk -v k="$1" '$1 == k { v = $2 } END { print v }'; }
check_host_layer() {
  local expected boot_sysctls
  # shellcheck disable=SC2016 # JavaScript template literals, not shell
  if [ -z "$node_bin" ] || ! expected="$(printf '%s' "${OC_HOST_LAYER:?}" | "$node_bin/node" -e '
      const l = JSON.parse(require("fs").readFileSync(0, "utf8"));
      for (const [k, v] of Object.entries(l.sysctl)) console.log(`sysctl ${k} ${v}`);
      for (const [k, v] of Object.entries(l.loginDefs)) console.log(`login.defs ${k} ${v}`);
      for (const m of l.modules) console.log(`module ${m}`);
      for (const p of l.auditWatches) console.log(`watch ${p}`);
      console.log(`suite ${l.securitySuite}`);')"; then
    drifted "cannot read the host layer's expectations (no Node.js?)"
    return
  fi
  boot_sysctls="$(systemd-analyze cat-config sysctl.d 2>/dev/null | sed -nE 's/^-?[[:space:]]*([a-z0-9_.-]+)[[:space:]]*=[[:space:]]*(.*[^[:space:]])[[:space:]]*$/\1 \2/p')"
  local modprobe_config audit_rules
  modprobe_config="$(modprobe --showconfig 2>/dev/null | tr '-' '_' || true)"
  if [ -n "$in_container" ]; then
    audit_rules="$(cat /etc/audit/audit.rules 2>/dev/null || true)"
  elif ! systemctl is-active --quiet auditd; then
    drifted "auditd is not running"
    audit_rules=""
  else
    audit_rules="$(auditctl -l 2>/dev/null || true)"
  fi
  while read -r kind key value; do
    case "$kind" in
      sysctl)
        local at_boot running
        at_boot="$(printf '%s\n' "$boot_sysctls" | last_value "$key")"
        [ "$at_boot" = "$value" ] || drifted "sysctl $key: the boot configuration sets '${at_boot:-nothing}' (want $value)"
        running="$(cat "/proc/sys/$(printf '%s' "$key" | tr . /)" 2>/dev/null || echo unreadable)"
        if [ "$running" != "$value" ]; then
          # In a container the kernel-wide keys are the host's: only the boot configuration counts.
          if [ -z "$in_container" ] || [ -w "/proc/sys/$(printf '%s' "$key" | tr . /)" ]; then
            drifted "sysctl $key is $running (want $value)"
          fi
        fi
        ;;
      login.defs)
        [ "$(last_value "$key" </etc/login.defs)" = "$value" ] || drifted "login.defs $key is '$(last_value "$key" </etc/login.defs)' (want $value)"
        ;;
      module)
        printf '%s\n' "$modprobe_config" | grep -Eq "^install $(printf '%s' "$key" | tr '-' '_') /bin/(false|true)$" ||
          drifted "kernel module $key can be loaded (want 'install $key /bin/false' in modprobe.d)"
        ;;
      watch)
        printf '%s\n' "$audit_rules" | grep -Fq -e "-w $key " -e "dir=$key " -e "path=$key " ||
          drifted "auditd does not watch $key"
        ;;
      suite)
        apt_sources_carry "$key" ||
          drifted "no apt source carries $key (unattended upgrades would install no security fix)"
        apt-config dump 2>/dev/null | grep -E '^Unattended-Upgrade::Origins-Pattern' -A 8 | grep -q -- '-security' ||
          drifted "unattended-upgrades does not take the security suite"
        ;;
    esac
  done <<<"$expected"
  [ "$(systemd-analyze cat-config systemd/coredump.conf 2>/dev/null | sed -n 's/^Storage=//p' | tail -n 1)" = none ] ||
    drifted "systemd-coredump stores core dumps (want Storage=none)"
  grep -hsEq '^\*[[:space:]]+hard[[:space:]]+core[[:space:]]+0$' /etc/security/limits.conf /etc/security/limits.d/*.conf ||
    drifted "core dumps are not limited to 0 in limits.d"
  if [ ! -s /etc/issue.net ] || ! sshd -T -C "user=$admin,host=gate-check.invalid,addr=192.0.2.1" 2>/dev/null | grep -qx "banner /etc/issue.net"; then
    drifted "sshd shows no banner (want Banner /etc/issue.net, non-empty)"
  fi
  if ! command -v aide >/dev/null 2>&1; then
    drifted "AIDE is not installed"
  elif ! aide --config-check --config /etc/aide/aide.conf >/dev/null 2>&1; then
    drifted "AIDE's configuration does not parse (aide --config-check)"
  fi
}
check_host_layer

# --- the deployed openclaw.json, with the pack's own checker -------------------------------------
if [ ! -f "$state/openclaw.json" ]; then
  drifted "$state/openclaw.json is missing"
elif [ -z "$node_bin" ] || [ ! -x "$node_bin/node" ]; then
  drifted "no Node.js to read $state/openclaw.json with (is OpenClaw installed?)"
else
  printf '%s\n' "${OC_BUNDLE_OPENCLAW_CONFIG_CHECK_JS:?}" >"$work/openclaw-config-check.js"
  if ! config_problems="$("$node_bin/node" "$work/openclaw-config-check.js" "$state/openclaw.json" "${OC_ACCEPTED_RISKS:-[]}")"; then
    while IFS= read -r p; do [ -n "$p" ] && drifted "openclaw.json: $p"; done <<<"$config_problems"
  fi
fi

# --- the agent sandbox, as the deployed openclaw.json asks for it: "<image> <user>" or nothing ------
sandbox=""
if [ -n "$node_bin" ] && [ -f "$state/openclaw.json" ]; then
  sandbox="$("$node_bin/node" -e '
    const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).agents?.defaults?.sandbox ?? {};
    if ((s.mode ?? "off") !== "off") process.stdout.write([s.docker?.image ?? "-", s.docker?.user ?? "-", s.backend ?? "docker"].join(" "));
  ' "$state/openclaw.json" 2>/dev/null || echo "- - unreadable")"
fi

# --- the unit (its user, its sandbox as systemd scores it) and the env file -----------------------
unit_user="$(systemctl show -p User --value "$unit" 2>/dev/null || true)"
# Any drop-in or edit that weakens the unit's sandbox raises systemd's own exposure score; the
# hardened unit scores about 1.8 (10 is no sandbox at all). Starting rootless Podman needs user
# namespaces and mounts inside them: 2.6 with agentAccess sandboxed, and never above 3.0.
max_exposure=2.5
[ -z "$sandbox" ] || max_exposure=3.0
exposure="$(systemd-analyze security --no-pager "$unit" 2>/dev/null | sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')"
if [ -z "$exposure" ]; then
  drifted "systemd-analyze cannot score unit $unit's sandbox"
elif ! awk -v e="$exposure" -v m="$max_exposure" 'BEGIN { exit !(e <= m) }'; then
  drifted "unit $unit's sandbox is weaker than hardened: systemd-analyze security exposure $exposure (want $max_exposure or less)"
fi
# No container runtime may make the service user root: no group beyond its own (docker's group is
# root on the host), no root-owned runtime socket it can write to.
groups="$(id -Gn "$service_user" 2>/dev/null || true)"
[ "$groups" = "$service_user" ] || drifted "$service_user is in groups '$groups' (want only its own)"
for sock in /run/docker.sock /var/run/docker.sock /run/podman/podman.sock /run/containerd/containerd.sock; do
  if [ -S "$sock" ] && setpriv --reuid="$service_user" --regid="$service_user" --init-groups test -w "$sock"; then
    drifted "$service_user can write to the container runtime socket $sock (root on the host)"
  fi
done

# A container started as the gateway starts one: by the service user, under the gateway unit's own
# systemd sandbox (a transient copy of the unit, secrets left out), with OpenClaw's Podman flags.
probe_sandbox() {
  image="$1" user="$2"
  probe=openclaw-hetzner-sandbox-probe
  out="/run/$probe.out"
  sed -e '/^\[Install\]/,$d' -e '/^EnvironmentFile=/d' -e '/^Restart/d' -e 's/^Type=.*/Type=oneshot/' \
    -e "s|^ExecStart=.*|ExecStart=/usr/bin/podman run --rm --init --read-only --read-only-tmpfs=true --network none --cap-drop ALL --security-opt no-new-privileges --http-proxy=false --user $user --userns keep-id:uid=${user%%:*},gid=${user##*:} $image /bin/sh -c 'id -u'|" \
    -e "/^\[Service\]/a StandardOutput=truncate:$out\nStandardError=journal" \
    "/etc/systemd/system/$unit.service" >"/run/systemd/system/$probe.service"
  systemctl daemon-reload
  rc=0
  timeout 300 systemctl start "$probe" 2>/dev/null || rc=$?
  got="$(cat "$out" 2>/dev/null || true)"
  if [ "$rc" -ne 0 ] || [ "$got" != "${user%%:*}" ]; then
    drifted "agent sandbox: rootless Podman cannot start $image as $service_user under unit $unit's sandbox (exit $rc): $(journalctl -u "$probe" -n 3 -o cat --no-pager 2>/dev/null | tr '\n' ' ')"
  fi
  systemctl reset-failed "$probe" 2>/dev/null || true
  rm -f "/run/systemd/system/$probe.service" "$out"
  systemctl daemon-reload
}
if [ -n "$sandbox" ]; then
  read -r sandbox_image sandbox_user sandbox_backend <<<"$sandbox"
  if [ "$sandbox_backend" != podman ] || ! command -v podman >/dev/null; then
    drifted "openclaw.json asks for a '$sandbox_backend' sandbox; this host runs agent sandboxes in rootless Podman only (is the agent-sandbox step deployed?)"
  elif ! printf '%s' "$sandbox_user" | grep -Eq '^[1-9][0-9]*:[1-9][0-9]*$'; then
    drifted "openclaw.json's sandbox user is '$sandbox_user' (want a non-zero uid:gid)"
  else
    probe_sandbox "$sandbox_image" "$sandbox_user"
  fi
fi
[ "$unit_user" = "$service_user" ] || drifted "unit $unit runs as '${unit_user:-root}' (want $service_user)"
[ "$(stat -c '%a %U:%G' "$env_file" 2>/dev/null)" = "600 root:root" ] ||
  drifted "$env_file is $(stat -c '%a %U:%G' "$env_file" 2>/dev/null || echo missing) (want 600 root:root)"

# --- the maintenance timers (maintenance step): enabled and waiting; the backups root-only ---------
for timer in "openclaw-verify$jobs_suffix.timer" "openclaw-retention$jobs_suffix.timer" "openclaw-backup$jobs_suffix.timer"; do
  if ! systemctl is-enabled --quiet "$timer" 2>/dev/null || ! systemctl is-active --quiet "$timer" 2>/dev/null; then
    drifted "timer $timer is $(systemctl is-enabled "$timer" 2>/dev/null || true)/$(systemctl is-active "$timer" 2>/dev/null || true) (want enabled/active)"
  fi
done
[ "$(stat -c '%a %U:%G' "$backup_dir" 2>/dev/null)" = "700 root:root" ] ||
  drifted "$backup_dir is $(stat -c '%a %U:%G' "$backup_dir" 2>/dev/null || echo missing) (want 700 root:root)"
while IFS= read -r archive; do
  [ -z "$archive" ] || drifted "backup archive $archive is $(stat -c '%a %U:%G' "$archive") (want 600 root:root)"
done <<<"$(find "$backup_dir" -maxdepth 1 -type f -name '*.tar.gz' \( -perm /077 -o ! -user root -o ! -group root \) 2>/dev/null || true)"

# --- the gateway up: configure-gateway (re)started it; the first start takes a while ------------
healthy=""
for _ in $(seq 1 600); do
  if curl -fsS --max-time 5 "http://127.0.0.1:$gateway_port/healthz" >/dev/null 2>&1; then
    healthy=yes
    break
  fi
  systemctl is-failed --quiet "$unit" && break
  sleep 0.5
done
if [ -z "$healthy" ]; then
  drifted "the gateway does not answer on http://127.0.0.1:$gateway_port/healthz (unit $unit: $(systemctl is-active "$unit" 2>/dev/null || true))"
  log "the gateway's last log lines:"
  journalctl -u "$unit" -n 40 --no-pager >&2 || true
fi

# Its process, once it is up.
pid="$(systemctl show -p MainPID --value "$unit" 2>/dev/null || echo 0)"
if [ "${pid:-0}" != 0 ]; then
  [ "$(ps -o user= -p "$pid" | tr -d ' ')" = "$service_user" ] || drifted "the gateway process $pid does not run as $service_user"
else
  drifted "unit $unit is not running"
fi

# --- listeners: only sshd (on its port) beyond loopback; DHCP clients excepted --------------------
while read -r proto _state _recv _send local _peer process; do
  [ -n "$proto" ] || continue
  addr="${local%:*}"
  port="${local##*:}"
  addr="${addr%%%*}"
  is_loopback "$addr" && continue
  name="$(printf '%s' "$process" | sed -n 's/^users:(("\([^"]*\)".*/\1/p')"
  if [ "$proto" = udp ] && { [ "$port" = 68 ] || [ "$port" = 546 ]; }; then continue; fi
  if [ "$proto" = tcp ] && [ "$name" = sshd ] && [ "$port" = "$ssh_port" ]; then continue; fi
  # ss shows the first 15 characters of a process's name: add its pid and systemd unit.
  lpid="$(printf '%s' "$process" | sed -n 's/^users:(("[^"]*",pid=\([0-9]*\).*/\1/p')"
  lunit="$([ -z "$lpid" ] || ps -o unit= -p "$lpid" 2>/dev/null | tr -d ' ')"
  drifted "${name:-a process}${lpid:+ (pid $lpid${lunit:+, $lunit})} listens on $proto $local (only sshd on $ssh_port may listen beyond loopback)"
done <<<"$(ss -H -ltnup 2>/dev/null || true)"
ss -H -ltn "sport = :$gateway_port" 2>/dev/null | grep -Eq '127\.0\.0\.1:|\[::1\]:' ||
  drifted "nothing listens on 127.0.0.1:$gateway_port (the gateway is not on loopback, or not up)"

if [ -n "$drift" ]; then
  log "the host does not match the hardening:"
  printf '%s' "$drift" >&2
  exit 1
fi
log "host checks passed (sshd, ufw, fail2ban, host layer, openclaw.json, unit, ${sandbox:+agent sandbox, }env file, gateway health, listeners)"

# The daily verification (openclaw-verify.service) runs this very body with these inputs: a passing
# deploy records both (the body as bash got it; the inputs as OC_NAME=base64 lines, root-only).
# The daily run (OC_STEP=openclaw-verify) records nothing and takes no AIDE baseline: a baseline
# taken then would bless whatever changed since the deploy.
record_gate() {
  if [ "${OC_STEP:-}" != audit-gateway ] || [ -z "${BASH_EXECUTION_STRING:-}" ]; then return 0; fi
  install -d -m 755 -o root -g root /usr/local/lib/openclaw-hetzner
  install -d -m 700 -o root -g root /etc/openclaw-hetzner
  printf '%s\n' "$BASH_EXECUTION_STRING" | install_file 700 root:root "$gate_script" >/dev/null
  for name in $(compgen -e | grep -E '^OC_[A-Z0-9_]+$' | grep -vx OC_STEP | sort); do
    printf '%s=%s\n' "$name" "$(printf '%s' "${!name}" | base64 -w0)"
  done | install_file 600 root:root "$gate_inputs" >/dev/null
}

# AIDE's baseline: taken after a deploy that changed what the OpenClaw audits look at (or when there
# is none), in the background, so the daily check compares with what was deployed.
aide_baseline() {
  [ "${OC_STEP:-}" = audit-gateway ] || return 0
  if [ "$audits" = run ] || [ ! -s /var/lib/aide/aide.db ]; then
    # Another gateway's gate on this server (placement: shared) may have just started it.
    if systemctl is-active --quiet openclaw-hetzner-aide-baseline.service; then
      log "AIDE baseline already being taken (unit openclaw-hetzner-aide-baseline)"
      return 0
    fi
    systemctl reset-failed openclaw-hetzner-aide-baseline.service 2>/dev/null || true
    if systemd-run --quiet --no-block --unit=openclaw-hetzner-aide-baseline --property=Nice=10 \
      --property=IOSchedulingClass=idle /usr/sbin/aideinit --yes --force; then
      log "AIDE baseline started (unit openclaw-hetzner-aide-baseline)"
    else
      log "could not start the AIDE baseline"
    fi
  fi
}

if [ "$audits" = remembered ]; then
  log "nothing the OpenClaw audits check changed since the last passing audit; that audit stands"
  record_gate
  aide_baseline
  cat "$cache/summary.json"
  exit 0
fi
wait "$audits_pid" || true
audits_pid=""
if [ "$(cat "$work/security.rc")" != 0 ]; then
  log "openclaw security audit failed to run (exit $(cat "$work/security.rc"))"
  tail -n 20 "$work/security.err" >&2
  exit 1
fi
secrets_rc="$(cat "$work/secrets.rc")"

verdict=0
summary="$("$node_bin/node" - "$work/security.json" "$work/secrets.json" "$secrets_rc" "$work/exec-policy.json" <<'JS'
const fs = require("fs");
const [security, secrets, secretsRc, execPolicy] = process.argv.slice(2);
const audit = JSON.parse(fs.readFileSync(security, "utf8"));
const read = (f) => { try { return JSON.parse(fs.readFileSync(f, "utf8")); } catch { return {}; } };
const secretsReport = read(secrets);
const scopes = read(execPolicy)?.effectivePolicy?.scopes ?? [];
// OpenClaw's own view of every agent's exec policy: each scope must come out 'deny', or have exec
// pinned to the sandbox by config ('sandbox'; the checker above allows that only inside a sandbox
// with mode all, no network and rootless Podman).
const pinnedToSandbox = (s) => s?.host?.requested === "sandbox" && /tools\.exec\.host$/.test(s?.host?.requestedSource ?? "");
const modes = [...new Set(scopes.map((s) => (pinnedToSandbox(s) ? "sandbox" : s?.mode?.effective ?? "unknown")))];
const summary = {
  critical: audit.summary.critical,
  warn: audit.summary.warn,
  info: audit.summary.info,
  findings: audit.findings.filter((f) => f.severity !== "info").map((f) => ({ checkId: f.checkId, severity: f.severity })),
  secrets: { status: secretsReport.status ?? "unknown", exitCode: Number(secretsRc), ...(secretsReport.summary ?? {}) },
  execPolicy: modes.length === 1 ? modes[0] : modes.length === 0 ? "unknown" : modes.join(","),
};
process.stdout.write(JSON.stringify(summary) + "\n");
if (summary.critical > 0) { console.error(`security audit: ${summary.critical} critical finding(s)`); process.exit(1); }
if (Number(secretsRc) !== 0) { console.error(`secrets audit: ${summary.secrets.status} (exit ${secretsRc})`); process.exit(1); }
if (!["deny", "sandbox"].includes(summary.execPolicy)) { console.error(`exec policy: OpenClaw reports '${summary.execPolicy}' as effective (want deny, or exec pinned to the sandbox)`); process.exit(1); }
JS
)" || verdict=$?
printf '%s\n' "$summary"
[ "$verdict" -eq 0 ] || exit "$verdict"
# Passed: remember what was audited.
install -d -m 700 "$cache"
printf '%s\n' "$summary" >"$cache/summary.json"
fingerprint >"$cache/fingerprint"
record_gate
aide_baseline
