// Small config files of the host hardening steps: fail2ban, unattended-upgrades, journald.
import type { Settings } from "../../settings/load";

export function renderJailLocal(s: Pick<Settings, "sshPort" | "fail2banBantime" | "fail2banFindtime" | "fail2banMaxretry">): string {
  return [
    "# Managed by openclaw-hetzner.",
    "[DEFAULT]",
    `bantime = ${s.fail2banBantime}`,
    `findtime = ${s.fail2banFindtime}`,
    `maxretry = ${s.fail2banMaxretry}`,
    "banaction = iptables-multiport",
    "banaction_allports = iptables-allports",
    "",
    "[sshd]",
    "enabled = true",
    "# Debian has no /var/log/auth.log: read sshd's messages from the journal.",
    "backend = systemd",
    `port = ${s.sshPort}`,
    "",
  ].join("\n");
}

export function renderAutoUpgrades(s: Pick<Settings, "unattendedUpgrades">): string {
  const on = s.unattendedUpgrades ? "1" : "0";
  return ["// Managed by openclaw-hetzner.", `APT::Periodic::Update-Package-Lists "${on}";`, `APT::Periodic::Unattended-Upgrade "${on}";`, ""].join("\n");
}

export function renderUnattendedUpgrades(): string {
  return [
    "// Managed by openclaw-hetzner: security updates only, never an unplanned reboot.",
    "Unattended-Upgrade::Origins-Pattern {",
    '  "origin=Debian,codename=${distro_codename}-security,label=Debian-Security";',
    '  "origin=Ubuntu,archive=${distro_codename}-security,label=Ubuntu";',
    "};",
    'Unattended-Upgrade::Automatic-Reboot "false";',
    'Unattended-Upgrade::Remove-Unused-Dependencies "true";',
    "",
  ].join("\n");
}

export function renderJournald(s: Pick<Settings, "logRetentionDays">): string {
  return ["# Managed by openclaw-hetzner.", "[Journal]", `MaxRetentionSec=${s.logRetentionDays}day`, "SystemMaxUse=1G", ""].join("\n");
}
