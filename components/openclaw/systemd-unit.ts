// The gateway's systemd system unit: runs as `openclaw`, restarts always, and is sandboxed so a
// compromised agent has as little of the host as systemd can take away. Scored by
// `systemd-analyze security` in the tests. With `agentAccess: sandboxed` the gateway starts rootless
// Podman itself, so the unit lets it make namespaces and mount inside them, and no more (below).
import type { Settings } from "../../settings/load";
import { needsSubordinateIds } from "./agent-sandbox";
import { gatewayLayout, GatewayLayout } from "./layout";

/** The directory rootless Podman keeps its run state in (XDG_RUNTIME_DIR of the service user). */
export const PODMAN_RUNTIME_DIR = "/run/openclaw-podman";

/** Debian 12 only: the unit that makes the service user's rootless user namespace (below). */
export const PODMAN_USERNS_UNIT = "openclaw-podman-userns";

/**
 * Root-owned copies of the user's Podman configuration, the only ones that unit's Podman reads
 * (CONTAINERS_CONF, CONTAINERS_STORAGE_CONF): the user's own are writable by the gateway, and that
 * unit runs without NoNewPrivileges.
 */
export const PODMAN_USERNS_CONF = { containers: "/etc/openclaw-podman/containers.conf", storage: "/etc/openclaw-podman/storage.conf" } as const;

/**
 * What rootless Podman needs from the unit, each measured on the stand-in (a systemd-run with the
 * unit's sandbox, one directive loosened at a time, until `podman run` as OpenClaw calls it passed):
 * - namespaces: user, mnt, pid, net, ipc, uts and cgroup (every one Podman creates);
 * - syscalls: @mount and @privileged (mount, pivot_root, sethostname, setgroups… inside the
 *   container's own user namespace); the rest of @privileged that no container needs stays denied;
 * - ProtectHostname off: it filters sethostname, which the container's own UTS namespace needs;
 * - ProcSubset=all: Podman reads /proc/sys/kernel/cap_last_cap.
 * It keeps NoNewPrivileges (implied by the syscall filter) and an empty capability bounding set:
 * no setuid newuidmap. On Debian 13 (Podman 5) the container gets one uid, the service user's; on
 * Debian 12 (Podman 4.3, which needs subordinate ids for keep-id) the user namespace is made
 * outside this unit, by ${PODMAN_USERNS_UNIT} (renderPodmanUsernsUnit), and Podman joins it.
 */
const SANDBOXED_RELAXATIONS = {
  RestrictNamespaces: "user mnt pid net ipc uts cgroup",
  // seccomp: crun installs the container's own filter (systemd 252's @system-service lacks it).
  SystemCallFilterAllow: "@system-service @mount @privileged seccomp",
  SystemCallFilterDeny:
    "~@swap @reboot @raw-io @module @debug @cpu-emulation @obsolete @clock bpf acct quotactl open_by_handle_at fanotify_init fanotify_mark nfsservctl vhangup _sysctl",
} as const;

/**
 * The gateway's filesystem view, the part made by mounts alone: the Debian 12 user-namespace unit
 * shares it (Podman works in that unit's mount namespace, so it sees no more of the host than the
 * gateway does). The gateway's seccomp-based settings are not here: each implies NoNewPrivileges.
 */
function filesystemView(l: GatewayLayout): string {
  return `ProtectSystem=strict
# The whole home, not just the state dir: OpenClaw keeps its fallback temp dir in ~/.cache.
ReadWritePaths=${l.home}
ProtectHome=yes
PrivateTmp=yes
ProtectControlGroups=yes`;
}

export function renderGatewayUnit(s: Pick<Settings, "gatewayPort" | "agentAccess" | "image" | "gatewayId">): string {
  const layout = gatewayLayout(s.gatewayId);
  const sandboxed = s.agentAccess === "sandboxed";
  const usernsUnit = sandboxed && needsSubordinateIds(s.image);
  // Through the link install-openclaw switches (and switches back): a Node.js upgrade is part of
  // the same checked, reversible switch as an OpenClaw one.
  const node = `${layout.nodeLink}/bin/node`;
  const entry = `${layout.openclawHome}/current/lib/node_modules/openclaw/openclaw.mjs`;
  return `# Managed by openclaw-hetzner.
[Unit]
Description=OpenClaw gateway
After=network-online.target
Wants=network-online.target
${usernsUnit ? `# Podman in this unit joins the user namespace that unit holds (it cannot make one with subordinate ids here).
Requires=${PODMAN_USERNS_UNIT}.service
After=${PODMAN_USERNS_UNIT}.service
` : ""}
[Service]
Type=simple
User=${layout.serviceUser}
Group=${layout.serviceUser}
WorkingDirectory=${layout.home}
Environment=HOME=${layout.home}
Environment=OPENCLAW_STATE_DIR=${layout.stateDir}
Environment=OPENCLAW_CONFIG_PATH=${layout.stateDir}/openclaw.json
Environment=OPENCLAW_NO_AUTO_UPDATE=1
Environment=NODE_ENV=production
${sandboxed ? `# Rootless Podman's run state; systemd makes it (700, the service user's) and keeps it across restarts.
Environment=XDG_RUNTIME_DIR=${PODMAN_RUNTIME_DIR}
RuntimeDirectory=${PODMAN_RUNTIME_DIR.replace("/run/", "")}
RuntimeDirectoryMode=0700
RuntimeDirectoryPreserve=yes
# Every sandbox container runs in this unit's cgroup (no delegation): these bound them all.
TasksMax=1024
MemoryMax=85%
` : ""}# Secrets: root-only file, read by systemd before it drops to the service user.
EnvironmentFile=${layout.envFile}
ExecStart=${node} ${entry} gateway run --bind loopback --port ${s.gatewayPort}
Restart=always
RestartSec=5
TimeoutStopSec=30
UMask=0077

# Sandbox, checked on a real boot (the stand-in). Node's JIT needs writable+executable memory,
# so MemoryDenyWriteExecute stays off.
NoNewPrivileges=yes
CapabilityBoundingSet=
AmbientCapabilities=
${filesystemView(layout)}
PrivateDevices=yes
DevicePolicy=closed
ProtectKernelTunables=yes
ProtectKernelModules=yes
ProtectKernelLogs=yes
ProtectClock=yes
${sandboxed ? "" : "ProtectHostname=yes\n"}ProtectProc=invisible
${sandboxed ? "ProcSubset=all" : "ProcSubset=pid"}
RestrictNamespaces=${sandboxed ? SANDBOXED_RELAXATIONS.RestrictNamespaces : "yes"}
${sandboxed ? "# The containers' mounts stay in the unit's own mount namespace.\nPrivateMounts=yes\n" : ""}RestrictRealtime=yes
# No RestrictSUIDSGID: with it OpenClaw cannot open its state database (found on the stand-in);
# NoNewPrivileges already keeps setuid files from granting anything.
LockPersonality=yes
RemoveIPC=yes
KeyringMode=private
RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK
SystemCallArchitectures=native
SystemCallFilter=${sandboxed ? SANDBOXED_RELAXATIONS.SystemCallFilterAllow : "@system-service"}
SystemCallFilter=${sandboxed ? SANDBOXED_RELAXATIONS.SystemCallFilterDeny : "~@privileged @mount @swap @reboot @raw-io @module @debug @cpu-emulation @obsolete"}
SystemCallErrorNumber=EPERM

[Install]
WantedBy=multi-user.target
`;
}


/**
 * Debian 12 with `agentAccess: sandboxed`: the service user's rootless user namespace, made by a
 * unit without NoNewPrivileges so the setuid newuidmap/newgidmap can map the user's subordinate
 * ids (Podman 4.3 starts keep-id containers only with them; measured on the Debian 12 stand-in).
 * `podman unshare` leaves Podman's pause process holding the namespace in this unit's cgroup; the
 * gateway's Podman joins it (the user namespace and its mount namespace), so the gateway unit keeps
 * NoNewPrivileges and an empty bounding set: joining changes no credential of the gateway's
 * processes. This unit runs only Podman, and keeps in its bounding set only what the setuid
 * newuidmap needs, with the gateway's mount-made filesystem view, which becomes the view Podman
 * works in. The gateway's cgroup device policy still holds for Podman and its containers: they run
 * in the gateway's cgroup. What the gateway (as the user) can write does not steer this unit: its
 * Podman reads root-owned configuration only, and its run state is emptied when it stops, so no
 * pause.pid left there can point it at a namespace the user made.
 */
export function renderPodmanUsernsUnit(layout: GatewayLayout = gatewayLayout()): string {
  return `# Managed by openclaw-hetzner.
[Unit]
Description=OpenClaw agent sandbox: the service user's rootless Podman user namespace
Before=${layout.unitName}.service

[Service]
Type=oneshot
RemainAfterExit=yes
User=${layout.serviceUser}
Group=${layout.serviceUser}
WorkingDirectory=${layout.home}
Environment=HOME=${layout.home}
Environment=XDG_RUNTIME_DIR=${PODMAN_RUNTIME_DIR}
Environment=CONTAINERS_CONF=${PODMAN_USERNS_CONF.containers}
Environment=CONTAINERS_STORAGE_CONF=${PODMAN_USERNS_CONF.storage}
RuntimeDirectory=${PODMAN_RUNTIME_DIR.replace("/run/", "")}
RuntimeDirectoryMode=0700
# Emptied when this unit stops (the gateway, which Requires it, stops first): a new namespace each start.
RuntimeDirectoryPreserve=no
ExecStart=/usr/bin/podman unshare /bin/true
UMask=0077
# newuidmap/newgidmap are setuid root and need these four (measured: without any one of them the
# mapping fails); the user itself holds no capability, and nothing else runs in this unit.
CapabilityBoundingSet=CAP_SETUID CAP_SETGID CAP_SYS_ADMIN CAP_DAC_OVERRIDE
AmbientCapabilities=
# Mounts only: every seccomp-based setting (a syscall filter, ProtectClock, PrivateDevices,
# RestrictAddressFamilies…) would imply NoNewPrivileges and stop newuidmap; ProtectKernelTunables
# stops its write to uid_map too (measured).
${filesystemView(layout)}

[Install]
WantedBy=multi-user.target
`;
}
