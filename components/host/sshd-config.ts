// The sshd drop-in. Two stages: first boot (user data) sets only what must hold from the first
// second (no root, no passwords, who and which port); the hardening step then installs the full
// file after `sshd -t`, so an algorithm list sshd rejects can never lock anyone out at boot.
import type { Settings } from "../../settings/load";

type SshdSettings = Pick<Settings, "adminUser" | "sshPort" | "gatewayPort" | "image" | "tunnelPorts">;

/**
 * Algorithms both ssh-audit grades clean and Go's x/crypto/ssh (the client inside @pulumi/command)
 * speaks. sntrup761 is for OpenSSH clients (Go lacks it); mlkem768x25519 needs OpenSSH >= 9.9,
 * which only debian-13 ships among our images.
 */
export function sshAlgorithms(image: Settings["image"]) {
  const pq = image === "debian-13" ? ["mlkem768x25519-sha256", "sntrup761x25519-sha512@openssh.com"] : ["sntrup761x25519-sha512@openssh.com"];
  return {
    kex: [...pq, "curve25519-sha256", "curve25519-sha256@libssh.org", "diffie-hellman-group16-sha512", "diffie-hellman-group18-sha512"],
    ciphers: ["chacha20-poly1305@openssh.com", "aes256-gcm@openssh.com", "aes128-gcm@openssh.com", "aes256-ctr", "aes192-ctr", "aes128-ctr"],
    macs: ["hmac-sha2-512-etm@openssh.com", "hmac-sha2-256-etm@openssh.com", "umac-128-etm@openssh.com"],
    hostKeyAlgorithms: ["ssh-ed25519"],
  };
}

function essentials(s: SshdSettings): string[] {
  return [
    `Port ${s.sshPort}`,
    "PermitRootLogin no",
    "PasswordAuthentication no",
    "KbdInteractiveAuthentication no",
    "PermitEmptyPasswords no",
    "PubkeyAuthentication yes",
    "AuthenticationMethods publickey",
    `AllowUsers ${s.adminUser}`,
  ];
}

export function renderSshdFirstBoot(s: SshdSettings): string {
  return ["# Managed by openclaw-hetzner (first boot). Sorts first: sshd keeps the first value it reads.", ...essentials(s), ""].join("\n");
}

export function renderSshdHardened(s: SshdSettings): string {
  const alg = sshAlgorithms(s.image);
  return [
    "# Managed by openclaw-hetzner. Sorts first: sshd keeps the first value it reads.",
    ...essentials(s),
    "MaxAuthTries 3",
    "LoginGraceTime 30",
    "MaxStartups 10:30:60",
    "ClientAliveInterval 300",
    "ClientAliveCountMax 2",
    "# Each step dials its own connection: two sessions (a command, sftp) per connection suffice.",
    "MaxSessions 2",
    "TCPKeepAlive no",
    "Banner /etc/issue.net",
    "PermitUserEnvironment no",
    "UseDNS no",
    "LogLevel VERBOSE",
    "# Forwarding: only the local tunnel to the loopback gateway.",
    "AllowTcpForwarding local",
    `PermitOpen ${(s.tunnelPorts ?? [s.gatewayPort]).map((p) => `127.0.0.1:${p} localhost:${p} [::1]:${p}`).join(" ")}`,
    "AllowAgentForwarding no",
    "AllowStreamLocalForwarding no",
    "X11Forwarding no",
    "PermitTunnel no",
    "GatewayPorts no",
    "# Keys and algorithms.",
    "HostKey /etc/ssh/ssh_host_ed25519_key",
    `HostKeyAlgorithms ${alg.hostKeyAlgorithms.join(",")}`,
    `KexAlgorithms ${alg.kex.join(",")}`,
    `Ciphers ${alg.ciphers.join(",")}`,
    `MACs ${alg.macs.join(",")}`,
    "PubkeyAcceptedAlgorithms ssh-ed25519,sk-ssh-ed25519@openssh.com,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,rsa-sha2-512,rsa-sha2-256",
    "# sftp stays: @pulumi/command's CopyToRemote needs it.",
    "",
  ].join("\n");
}
