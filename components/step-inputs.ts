// Each catalogue step's inputs (policies/lib/catalogue.ts), derived from the settings in one place:
// the components register their steps with these, and so does anything that composes its own
// deployment from the same parts (the tests' hand-built deployments, the corpus).
import { needsSubordinateIds, renderContainersConf, renderStorageConf, SANDBOX_PACKAGES, SANDBOX_USER, sandboxImageRef, sandboxSuite, SUBORDINATE_ID_COUNT } from "./openclaw/agent-sandbox";
import { PODMAN_RUNTIME_DIR, PODMAN_USERNS_UNIT, renderPodmanUsernsUnit } from "./openclaw/systemd-unit";
import * as pulumi from "@pulumi/pulumi";
import type { Settings } from "../settings/load";
import { renderAutoUpgrades, renderJailLocal, renderJournald, renderUnattendedUpgrades } from "./host/host-configs";
import { renderSshdHardened } from "./host/sshd-config";
import {
  AIDE_CHECKSUMS,
  hostLayerExpectations,
  loginDefsAssignments,
  renderAuditRules,
  renderBanner,
  renderCoredumpConf,
  renderCoreLimits,
  renderLoginProfile,
  renderModprobe,
  renderPamUmaskProfile,
  renderSecuritySources,
  renderSysctl,
  securitySuite,
} from "./host/os-hardening";
import { envFileKeys, renderEnvFile } from "./openclaw/env-file";
import { gatewayLayout, SSHD_DROP_IN } from "./openclaw/layout";
import { renderMaintenanceUnits } from "./openclaw/maintenance";
import { renderOpenclawJson, SECRET_ENV } from "./openclaw/openclaw-config";
import { renderGatewayUnit } from "./openclaw/systemd-unit";
import { base64 } from "./remote/command-line";

/** A shared server's gateway names itself to the scripts (its id suffixes its user and jobs); the server's only gateway does not. */
function gatewayIdInput(s: Pick<Settings, "gatewayId">): Record<string, string> {
  return s.gatewayId ? { OC_GATEWAY_ID: s.gatewayId } : {};
}

export function hardenSshInputs(s: Settings): Record<string, string> {
  return { OC_SSHD_DROPIN: SSHD_DROP_IN, OC_SSHD_CONF_B64: base64(renderSshdHardened(s)) };
}

export function ufwInputs(s: Settings): Record<string, string> {
  return { OC_SSH_PORT: String(s.sshPort) };
}

export function fail2banInputs(s: Settings): Record<string, string> {
  return { OC_JAIL_LOCAL_B64: base64(renderJailLocal(s)) };
}

export function hostBasicsInputs(s: Settings): Record<string, string> {
  return {
    OC_AUTO_UPGRADES_B64: base64(renderAutoUpgrades(s)),
    OC_UNATTENDED_B64: base64(renderUnattendedUpgrades()),
    OC_JOURNALD_B64: base64(renderJournald(s)),
  };
}

export function hostPackagesInputs(s: Settings): Record<string, string> {
  return { OC_SECURITY_SUITE: securitySuite(s.image), OC_SECURITY_SOURCES_B64: base64(renderSecuritySources(s.image)) };
}

export function osHardeningInputs(): Record<string, string> {
  return {
    OC_SYSCTL_B64: base64(renderSysctl()),
    OC_MODPROBE_B64: base64(renderModprobe()),
    OC_LOGIN_DEFS: loginDefsAssignments(),
    OC_AUDIT_RULES_B64: base64(renderAuditRules()),
    OC_CORE_LIMITS_B64: base64(renderCoreLimits()),
    OC_COREDUMP_B64: base64(renderCoredumpConf()),
    OC_PROFILE_B64: base64(renderLoginProfile()),
    OC_BANNER_B64: base64(renderBanner()),
    OC_AIDE_CHECKSUMS: AIDE_CHECKSUMS,
    OC_PAM_UMASK_B64: base64(renderPamUmaskProfile()),
  };
}

export function installNodeInputs(s: Settings): Record<string, string> {
  return { OC_NODE_VERSION: s.nodeVersion, OC_NODE_MIRROR: s.nodeMirror.replace(/\/+$/, ""), OC_NODE_SHA256: s.nodeSha256 ?? "" };
}

export function installOpenclawInputs(s: Settings): Record<string, string> {
  const layout = gatewayLayout(s.gatewayId);
  return {
    OC_OPENCLAW_VERSION: s.openclawVersion,
    OC_NODE_VERSION: s.nodeVersion,
    OC_OPENCLAW_HOME: layout.openclawHome,
    OC_STATE_DIR: layout.stateDir,
    OC_ENV_FILE: layout.envFile,
    OC_UNIT_NAME: layout.unitName,
    OC_GATEWAY_PORT: String(s.gatewayPort),
    OC_BACKUP_DIR: layout.backupDir,
    OC_KEEP_RELEASES: String(s.keepReleases),
    ...gatewayIdInput(s),
  };
}

/** The Debian archive the sandbox image is built from (debootstrap checks its signature). */
export const SANDBOX_MIRROR = "http://deb.debian.org/debian";

export function agentSandboxInputs(s: Settings): Record<string, string> {
  const layout = gatewayLayout(s.gatewayId);
  return {
    OC_SERVICE_USER: layout.serviceUser,
    OC_SERVICE_HOME: layout.home,
    OC_RUNTIME_DIR: PODMAN_RUNTIME_DIR,
    OC_CONTAINERS_CONF_B64: base64(renderContainersConf()),
    OC_STORAGE_CONF_B64: base64(renderStorageConf()),
    OC_SANDBOX_IMAGE: sandboxImageRef(s),
    OC_SANDBOX_SUITE: sandboxSuite(s.image),
    OC_SANDBOX_MIRROR: SANDBOX_MIRROR,
    OC_SANDBOX_PACKAGES: SANDBOX_PACKAGES.join(" "),
    OC_SANDBOX_USER: SANDBOX_USER.name,
    OC_SANDBOX_UID: String(SANDBOX_USER.uid),
    OC_SANDBOX_GID: String(SANDBOX_USER.gid),
    OC_SUBORDINATE_IDS: String(needsSubordinateIds(s.image) ? SUBORDINATE_ID_COUNT : 0),
  };
}

/** Debian 12 with agentAccess: sandboxed: subordinate ids and the unit that holds the user namespace. */
export function sandboxUsernsInputs(s: Pick<Settings, "gatewayId"> = {}): Record<string, string> {
  const layout = gatewayLayout(s.gatewayId);
  return {
    OC_SERVICE_USER: layout.serviceUser,
    OC_SERVICE_HOME: layout.home,
    OC_CONTAINERS_CONF_B64: base64(renderContainersConf()),
    OC_STORAGE_CONF_B64: base64(renderStorageConf()),
    OC_SUBORDINATE_IDS: String(SUBORDINATE_ID_COUNT),
    OC_USERNS_UNIT_NAME: PODMAN_USERNS_UNIT,
    OC_USERNS_UNIT_B64: base64(renderPodmanUsernsUnit(layout)),
    OC_USERNS_CONTAINERS_CONF_B64: base64(renderContainersConf()),
    OC_USERNS_STORAGE_CONF_B64: base64(renderStorageConf()),
  };
}

export function gatewaySecretsInputs(s: Settings): Record<string, string> {
  const layout = gatewayLayout(s.gatewayId);
  return { OC_ENV_FILE: layout.envFile, OC_ENV_KEYS: envFileKeys(s).join(" "), OC_UNIT_NAME: layout.unitName, ...gatewayIdInput(s) };
}

/** The env file the secrets step receives on stdin: every secret the gateway needs, still secret. */
export function gatewayEnvFile(s: Settings, gatewayToken: pulumi.Input<string>): pulumi.Output<string> {
  return pulumi.secret(
    pulumi.all([gatewayToken, s.secrets.modelApiKeys, s.secrets.telegramBotToken, s.secrets.discordBotToken]).apply(([token, modelApiKeys, telegram, discord]) => {
      const values: Record<string, string> = { [SECRET_ENV.gatewayToken]: token, ...modelApiKeys };
      if (s.channels.telegram?.enabled && telegram) values[SECRET_ENV.telegramBotToken] = telegram;
      if (s.channels.discord?.enabled && discord) values[SECRET_ENV.discordBotToken] = discord;
      return renderEnvFile(values);
    }),
  );
}

/** `files` lets a caller ship other content (the corpus ships loosened files this way). */
export function configureGatewayInputs(s: Settings, files: { openclawJson?: string; unit?: string } = {}): Record<string, string> {
  const layout = gatewayLayout(s.gatewayId);
  return {
    OC_STATE_DIR: layout.stateDir,
    OC_CONFIG_B64: base64(files.openclawJson ?? renderOpenclawJson(s)),
    OC_UNIT_NAME: layout.unitName,
    OC_UNIT_B64: base64(files.unit ?? renderGatewayUnit(s)),
    OC_ENV_FILE: layout.envFile,
    ...gatewayIdInput(s),
  };
}

export function auditGatewayInputs(s: Settings): Record<string, string> {
  const layout = gatewayLayout(s.gatewayId);
  return {
    OC_STATE_DIR: layout.stateDir,
    OC_ENV_FILE: layout.envFile,
    OC_UNIT_NAME: layout.unitName,
    OC_OPENCLAW_HOME: layout.openclawHome,
    OC_SSH_PORT: String(s.sshPort),
    OC_ADMIN_USER: s.adminUser,
    OC_GATEWAY_PORT: String(s.gatewayPort),
    OC_ACCEPTED_RISKS: JSON.stringify(s.acceptedRisks),
    OC_HOST_LAYER: JSON.stringify(hostLayerExpectations(s.image)),
    ...gatewayIdInput(s),
  };
}

/** The maintenance timers' settings and units; OC_NOTIFY says whether the URL comes on stdin. */
export function maintenanceInputs(s: Settings, units: Record<string, string> = renderMaintenanceUnits(gatewayLayout(s.gatewayId))): Record<string, string> {
  const layout = gatewayLayout(s.gatewayId);
  const jobs = layout.jobs;
  return {
    OC_STATE_DIR: layout.stateDir,
    OC_ENV_FILE: layout.envFile,
    OC_SESSION_RETENTION_DAYS: String(s.sessionRetentionDays),
    OC_LOG_RETENTION_DAYS: String(s.logRetentionDays),
    OC_BACKUP_RETENTION_DAYS: String(s.backupRetentionDays),
    OC_NOTIFY: s.secrets.verifyNotifyUrl ? "on" : "off",
    ...gatewayIdInput(s),
    OC_VERIFY_SERVICE_B64: base64(units[jobs.verifyService]),
    OC_VERIFY_TIMER_B64: base64(units[jobs.verifyTimer]),
    OC_RETENTION_SERVICE_B64: base64(units[jobs.retentionService]),
    OC_RETENTION_TIMER_B64: base64(units[jobs.retentionTimer]),
    OC_BACKUP_SERVICE_B64: base64(units[jobs.backupService]),
    OC_BACKUP_TIMER_B64: base64(units[jobs.backupTimer]),
    OC_NOTIFY_SERVICE_B64: base64(units["openclaw-notify@.service"]),
  };
}
