// What the hardened sshd promises beyond root and passwords: algorithms ssh-audit grades clean, no
// keys fetched by a command, forwarding only to where the tunnel goes, no user environment. Checked
// on the effective settings once every step ran (first boot sets only the essentials).
import type { EffectiveSshd } from "./sshd";

/** Algorithms ssh-audit 3.x grades without a failure or warning (and that OpenSSH 9.2+ offers). */
export const CLEAN_ALGORITHMS = {
  kexalgorithms: [
    "mlkem768x25519-sha256",
    "sntrup761x25519-sha512",
    "sntrup761x25519-sha512@openssh.com",
    "curve25519-sha256",
    "curve25519-sha256@libssh.org",
    "diffie-hellman-group16-sha512",
    "diffie-hellman-group18-sha512",
  ],
  ciphers: ["chacha20-poly1305@openssh.com", "aes256-gcm@openssh.com", "aes128-gcm@openssh.com", "aes256-ctr", "aes192-ctr", "aes128-ctr"],
  macs: ["hmac-sha2-512-etm@openssh.com", "hmac-sha2-256-etm@openssh.com", "umac-128-etm@openssh.com"],
} as const;

const NAMES: Record<keyof typeof CLEAN_ALGORITHMS, string> = { kexalgorithms: "KexAlgorithms", ciphers: "Ciphers", macs: "MACs" };

function from(effective: EffectiveSshd, key: string): string {
  return effective.sources.get(key) ?? "sshd's default";
}

export function sshdBaselineProblems(effective: EffectiveSshd): string[] {
  const s = effective.settings;
  const out: string[] = [];
  for (const key of Object.keys(CLEAN_ALGORITHMS) as (keyof typeof CLEAN_ALGORITHMS)[]) {
    const value = s.get(key);
    if (value === undefined) {
      out.push(`${NAMES[key]} is not restricted (sshd's defaults include algorithms ssh-audit flags)`);
      continue;
    }
    // +list, ^list and -list modify sshd's default list; only a plain list says exactly what is offered.
    if (/^[+^]/.test(value)) {
      out.push(`${NAMES[key]} '${value}' adds to sshd's defaults (from ${from(effective, key)})`);
      continue;
    }
    const weak = value.replace(/^-/, "").split(",").filter((a) => a && !(CLEAN_ALGORITHMS[key] as readonly string[]).includes(a));
    if (!value.startsWith("-") && weak.length > 0) out.push(`${NAMES[key]} offers ${weak.join(", ")} (from ${from(effective, key)})`);
  }
  const akc = s.get("authorizedkeyscommand");
  if (akc !== undefined && akc.toLowerCase() !== "none") out.push(`AuthorizedKeysCommand is set (keys come from a command, from ${from(effective, "authorizedkeyscommand")})`);
  const permitOpen = (s.get("permitopen") ?? "any").toLowerCase();
  const forwarding = (s.get("allowtcpforwarding") ?? "yes").toLowerCase();
  if (forwarding !== "no" && permitOpen.split(/\s+/).includes("any")) {
    out.push(`TCP forwarding (${forwarding}) may reach any port (PermitOpen ${permitOpen}, from ${from(effective, "permitopen")}): the tunnel must reach the gateway only`);
  }
  if (["yes", "all", "remote"].includes(forwarding)) out.push(`AllowTcpForwarding is '${forwarding}' (from ${from(effective, "allowtcpforwarding")}): remote forwarding publishes ports of clients on the server`);
  const gatewayPorts = (s.get("gatewayports") ?? "no").toLowerCase();
  if (gatewayPorts !== "no") out.push(`GatewayPorts is '${gatewayPorts}' (from ${from(effective, "gatewayports")}): forwarded ports on non-loopback addresses`);
  const userEnv = (s.get("permituserenvironment") ?? "no").toLowerCase();
  if (userEnv !== "no") out.push(`PermitUserEnvironment is '${userEnv}' (from ${from(effective, "permituserenvironment")}): users set the environment sshd starts their shell with`);
  const tunnel = (s.get("permittunnel") ?? "no").toLowerCase();
  if (tunnel !== "no") out.push(`PermitTunnel is '${tunnel}' (from ${from(effective, "permittunnel")})`);
  const methods = (s.get("authenticationmethods") ?? "").toLowerCase();
  if (/password|keyboard-interactive/.test(methods)) out.push(`AuthenticationMethods includes '${methods}' (from ${from(effective, "authenticationmethods")})`);
  return out;
}
