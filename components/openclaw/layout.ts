/**
 * Where things live on the server. One place, passed to the scripts as inputs.
 *
 * A server runs one gateway (`id` undefined: the names below), or, with `placement: shared`,
 * several, each under its id (the gateway's name in `gateways`): its own service user, home and
 * state dir, env file, unit, install root, backups and maintenance jobs, every name suffixed
 * `-<id>`. What is the host's (sshd, the on-box scripts' folders) stays one.
 */
export interface GatewayLayout {
  /** The gateway's name on a shared server; undefined for the server's only gateway. */
  id: string | undefined;
  /** The unprivileged user the gateway runs as (a system user made at first boot). */
  serviceUser: string;
  /** The service user's home (700): the only path the unit may write; the state dir is inside. */
  home: string;
  stateDir: string;
  /** Root-only (0600) env file with every secret the gateway needs; read by systemd, not by the user. */
  envFile: string;
  unitName: string;
  /** Root-owned install root: one folder per OpenClaw version plus a `current` link. */
  openclawHome: string;
  /** The Node.js the gateway runs: a link to /opt/node-v<version>, switched with `current` (upgrades roll back both). */
  nodeLink: string;
  /** The root-owned wrapper that runs this install root's OpenClaw with its Node.js. */
  cli: string;
  /** Root-only (0700) archives of the state: before each upgrade, and the scheduled ones. */
  backupDir: string;
  /** The suffix of this gateway's names ("" or `-<id>`). */
  suffix: string;
  /** The gateway's maintenance jobs and the deploy gate's record (the on-box scripts are the host's). */
  jobs: {
    verifyService: string;
    verifyTimer: string;
    retentionService: string;
    retentionTimer: string;
    backupService: string;
    backupTimer: string;
    /** The timers the gate requires enabled and active. */
    timers: readonly string[];
    /** Root-only settings of the jobs (KEY=VALUE). */
    settingsFile: string;
    /** The gate body and inputs the deploy gate records for the daily verification. */
    gateScript: string;
    gateInputs: string;
    /** The daily verification's result (0644, no secrets). */
    verifyResult: string;
    /** Set while an upgrade of this gateway is switching (install-openclaw). */
    upgradeMarker: string;
    /** The gate's cache of OpenClaw's audits. */
    auditCache: string;
  };
}

/** The host's folders for the on-box scripts and their records (root-owned). */
export const ONBOX_DIRS = {
  /** The on-box scripts (scripts/onbox/*.sh) and the gate bodies the deploy gates record. */
  libDir: "/usr/local/lib/openclaw-hetzner",
  /** Root-only (0700): each gateway's job settings and gate inputs, and the notify URL (secret, 0600). */
  confDir: "/etc/openclaw-hetzner",
  /** The verification results (0644, no secrets) and the jobs' work dirs. */
  stateDir: "/var/lib/openclaw-hetzner",
} as const;

/** The sshd drop-in: sorts before an image's 50-cloud-init.conf (sshd keeps the first value it reads). */
export const SSHD_DROP_IN = "/etc/ssh/sshd_config.d/00-openclaw-hetzner.conf";

/** The layout of a server's only gateway (`id` undefined), or of gateway `id` on a shared server. */
export function gatewayLayout(id?: string): GatewayLayout {
  const suffix = id ? `-${id}` : "";
  const home = `/var/lib/openclaw${suffix}`;
  const openclawHome = `/opt/openclaw${suffix}`;
  return {
    id,
    serviceUser: `openclaw${suffix}`,
    home,
    stateDir: `${home}/.openclaw`,
    envFile: `/etc/openclaw/gateway${suffix}.env`,
    unitName: `openclaw-gateway${suffix}`,
    openclawHome,
    nodeLink: `${openclawHome}/node`,
    cli: `/usr/local/bin/openclaw${suffix}`,
    backupDir: `/var/backups/openclaw${suffix}`,
    suffix,
    jobs: {
      verifyService: `openclaw-verify${suffix}.service`,
      verifyTimer: `openclaw-verify${suffix}.timer`,
      retentionService: `openclaw-retention${suffix}.service`,
      retentionTimer: `openclaw-retention${suffix}.timer`,
      backupService: `openclaw-backup${suffix}.service`,
      backupTimer: `openclaw-backup${suffix}.timer`,
      timers: [`openclaw-verify${suffix}.timer`, `openclaw-retention${suffix}.timer`, `openclaw-backup${suffix}.timer`],
      settingsFile: `${ONBOX_DIRS.confDir}/maintenance${suffix}.env`,
      gateScript: `${ONBOX_DIRS.libDir}/gate${suffix}.sh`,
      gateInputs: `${ONBOX_DIRS.confDir}/verify${suffix}.env`,
      verifyResult: `${ONBOX_DIRS.stateDir}/verify${suffix}.json`,
      upgradeMarker: `${ONBOX_DIRS.stateDir}/upgrade-in-progress${suffix}`,
      auditCache: `${ONBOX_DIRS.stateDir}/audit${suffix}`,
    },
  };
}

/** The layout of a server's only gateway (every path as it always was). */
export const layout = { ...gatewayLayout(), sshdDropIn: SSHD_DROP_IN } as const;
