/** Where things live on the server. One place, passed to the scripts as inputs. */
export const layout = {
  /** The service user's home (700): the only path the unit may write; the state dir is inside. */
  home: "/var/lib/openclaw",
  stateDir: "/var/lib/openclaw/.openclaw",
  /** Root-only (0600) env file with every secret the gateway needs; read by systemd, not by the user. */
  envFile: "/etc/openclaw/gateway.env",
  unitName: "openclaw-gateway",
  /** Root-owned install root: one folder per OpenClaw version plus a `current` link. */
  openclawHome: "/opt/openclaw",
  /** The Node.js the gateway runs: a link to /opt/node-v<version>, switched with `current` (upgrades roll back both). */
  nodeLink: "/opt/openclaw/node",
  /** Root-only (0700) archives of the state: before each upgrade, and the scheduled ones. */
  backupDir: "/var/backups/openclaw",
  /** Sorts before an image's 50-cloud-init.conf: sshd keeps the first value it reads. */
  sshdDropIn: "/etc/ssh/sshd_config.d/00-openclaw-hetzner.conf",
} as const;
