import { raw, UNKNOWN } from "../lib/props";
import { ResourceRule, TYPES } from "../lib/rule";

export const commandKeyAuthOnly: ResourceRule = {
  name: "command-key-auth-only",
  description: "Remote steps (Command, CopyToRemote) log in with a key (deploy key or SSH agent), never a password, also through a proxy.",
  why: "The hardened sshd refuses passwords; a password in a connection means a password login path exists somewhere, and it sits in stack state.",
  remediationSteps: "Use connection.privateKey (a secret) or the SSH agent; remove connection.password.",
  severity: "high",
  enforcementLevel: "mandatory",
  validateResource: (args, report) => {
    if (args.type !== TYPES.command && args.type !== TYPES.copyToRemote) return;
    const conn = raw(args.props).connection;
    if (conn === UNKNOWN || !conn) return;
    if (conn.password !== undefined && conn.password !== null) report("the connection uses a password");
    if (conn.proxy && conn.proxy !== UNKNOWN && conn.proxy.password !== undefined && conn.proxy.password !== null) report("the proxy connection uses a password");
  },
};
