// First-boot user data (cloud-config). Minimal and free of secrets: the admin user with the
// operators' keys and sudo, the `openclaw` service user, and the first-boot sshd drop-in. Everything
// else happens in the remote steps, where it is checked and idempotent.
import type { Settings } from "../../settings/load";
import { renderSshdFirstBoot } from "../host/sshd-config";
import { gatewayLayout, SSHD_DROP_IN } from "../openclaw/layout";

type UserDataSettings = Pick<Settings, "serverName" | "adminUser" | "adminSshKeys" | "sshPort" | "gatewayPort" | "image">;

/**
 * `deployPublicKey`: the public half of the deploy key, when the stack has one. `gatewayIds`: the
 * gateways of a shared server (each gets its own service user and home); unset: the server's only one.
 */
export function renderUserData(s: UserDataSettings, deployPublicKey?: string, gatewayIds?: readonly string[]): string {
  const gateways = gatewayIds ? gatewayIds.map((id) => gatewayLayout(id)) : [gatewayLayout()];
  const keys = [...s.adminSshKeys, ...(deployPublicKey ? [deployPublicKey] : [])];
  const dropIn = renderSshdFirstBoot(s);
  const lines = [
    "#cloud-config",
    "# Rendered by openclaw-hetzner. Holds no secret.",
    `hostname: ${s.serverName}`,
    "locale: C.UTF-8",
    "ssh_pwauth: false",
    "disable_root: true",
    "users:",
    `  - name: ${s.adminUser}`,
    "    groups: [sudo]",
    "    shell: /bin/bash",
    "    sudo: 'ALL=(ALL) NOPASSWD:ALL'",
    "    lock_passwd: true",
    "    ssh_authorized_keys:",
    ...keys.map((k) => `      - ${JSON.stringify(k)}`),
    ...gateways.flatMap((g) => [
      `  - name: ${g.serviceUser}`,
      "    system: true",
      `    homedir: ${g.home}`,
      "    shell: /usr/sbin/nologin",
      "    lock_passwd: true",
    ]),
    "write_files:",
    `  - path: ${SSHD_DROP_IN}`,
    "    owner: root:root",
    "    permissions: '0600'",
    "    content: |",
    ...dropIn.trimEnd().split("\n").map((l) => `      ${l}`),
    "runcmd:",
  ];
  if (s.image.startsWith("ubuntu")) {
    // Ubuntu's socket activation ignores the Port setting: use the plain service.
    lines.push("  - [sh, -c, 'systemctl disable --now ssh.socket && systemctl enable ssh.service']");
  }
  lines.push(
    ...gateways.map((g) => `  - [sh, -c, 'install -d -m 700 -o ${g.serviceUser} -g ${g.serviceUser} ${g.home}']`),
    "  - [sh, -c, 'sshd -t && systemctl restart ssh']",
    "",
  );
  return lines.join("\n");
}
