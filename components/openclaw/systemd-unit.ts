// The gateway's systemd system unit: runs as `openclaw`, restarts always, and is sandboxed so a
// compromised agent has as little of the host as systemd can take away. Scored by
// `systemd-analyze security` in the tests. With `agentAccess: sandboxed` the gateway starts rootless
// Podman itself, so the unit lets it make namespaces and mount inside them, and no more (below).
import type { Settings } from "../../settings/load";
import { layout, nodeDir } from "./layout";

/** The directory rootless Podman keeps its run state in (XDG_RUNTIME_DIR of the service user). */
export const PODMAN_RUNTIME_DIR = "/run/openclaw-podman";

/**
 * What rootless Podman needs from the unit, each measured on the stand-in (a systemd-run with the
 * unit's sandbox, one directive loosened at a time, until `podman run` as OpenClaw calls it passed):
 * - namespaces: user, mnt, pid, net, ipc, uts and cgroup (every one Podman creates);
 * - syscalls: @mount and @privileged (mount, pivot_root, sethostname, setgroups… inside the
 *   container's own user namespace); the rest of @privileged that no container needs stays denied;
 * - ProtectHostname off: it filters sethostname, which the container's own UTS namespace needs;
 * - ProcSubset=all: Podman reads /proc/sys/kernel/cap_last_cap.
 * It keeps NoNewPrivileges (implied by the syscall filter) and an empty capability bounding set:
 * no setuid newuidmap, so the container gets one uid (the service user's) and no root at all.
 */
const SANDBOXED_RELAXATIONS = {
  RestrictNamespaces: "user mnt pid net ipc uts cgroup",
  SystemCallFilterAllow: "@system-service @mount @privileged",
  SystemCallFilterDeny:
    "~@swap @reboot @raw-io @module @debug @cpu-emulation @obsolete @clock bpf acct quotactl open_by_handle_at fanotify_init fanotify_mark nfsservctl vhangup _sysctl",
} as const;

export function renderGatewayUnit(s: Pick<Settings, "nodeVersion" | "gatewayPort" | "agentAccess">): string {
  const sandboxed = s.agentAccess === "sandboxed";
  const node = `${nodeDir(s.nodeVersion)}/bin/node`;
  const entry = `${layout.openclawHome}/current/lib/node_modules/openclaw/openclaw.mjs`;
  return `# Managed by openclaw-hetzner.
[Unit]
Description=OpenClaw gateway
After=network-online.target
Wants=network-online.target

[Service]
Type=simple
User=openclaw
Group=openclaw
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
ProtectSystem=strict
# The whole home, not just the state dir: OpenClaw keeps its fallback temp dir in ~/.cache.
ReadWritePaths=${layout.home}
ProtectHome=yes
PrivateTmp=yes
PrivateDevices=yes
DevicePolicy=closed
ProtectKernelTunables=yes
ProtectKernelModules=yes
ProtectKernelLogs=yes
ProtectControlGroups=yes
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
