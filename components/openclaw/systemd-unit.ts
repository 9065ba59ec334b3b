// The gateway's systemd system unit: runs as `openclaw`, restarts always, and is sandboxed so a
// compromised agent has as little of the host as systemd can take away. Scored by
// `systemd-analyze security` in the tests.
import type { Settings } from "../../settings/load";
import { layout, nodeDir } from "./layout";

export function renderGatewayUnit(s: Pick<Settings, "nodeVersion" | "gatewayPort">): string {
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
# Secrets: root-only file, read by systemd before it drops to the service user.
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
ProtectHostname=yes
ProtectProc=invisible
ProcSubset=pid
RestrictNamespaces=yes
RestrictRealtime=yes
# No RestrictSUIDSGID: with it OpenClaw cannot open its state database (found on the stand-in);
# NoNewPrivileges already keeps setuid files from granting anything.
LockPersonality=yes
RemoveIPC=yes
KeyringMode=private
RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK
SystemCallArchitectures=native
SystemCallFilter=@system-service
SystemCallFilter=~@privileged @mount @swap @reboot @raw-io @module @debug @cpu-emulation @obsolete
SystemCallErrorNumber=EPERM

[Install]
WantedBy=multi-user.target
`;
}
