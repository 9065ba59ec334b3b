// Hetzner cloud firewall rules: SSH from the allowed CIDRs (IPv4 and IPv6) and ICMP. Nothing else,
// and never the gateway port: the gateway is reached only through the SSH tunnel.
import type { Settings } from "../../settings/load";

export interface FirewallRuleSpec {
  direction: "in";
  protocol: "tcp" | "icmp";
  port?: string;
  sourceIps: string[];
  description: string;
}

export function firewallRules(s: Pick<Settings, "sshPort" | "sshAllowedCidrs" | "gatewayPort">): FirewallRuleSpec[] {
  if (s.sshPort === s.gatewayPort) throw new Error("the SSH port must differ from the gateway port");
  return [
    { direction: "in", protocol: "tcp", port: String(s.sshPort), sourceIps: [...s.sshAllowedCidrs], description: "SSH from the allowed CIDRs" },
    { direction: "in", protocol: "icmp", sourceIps: ["0.0.0.0/0", "::/0"], description: "ICMP (path MTU discovery, ping)" },
  ];
}
