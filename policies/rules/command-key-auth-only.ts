import { ResourceRule, TYPES } from "../lib/rule";

export const commandKeyAuthOnly: ResourceRule = {
  name: "command-key-auth-only",
  description: "Remote steps log in with a key (deploy key or SSH agent), never a password.",
  why: "The hardened sshd refuses passwords; a password in a connection means a password login path exists somewhere, and it sits in stack state.",
  remediationSteps: "Use connection.privateKey (a secret) or the SSH agent; remove connection.password.",
  severity: "high",
  enforcementLevel: "mandatory",
  validateResource: (args, report) => {
    if (args.type !== TYPES.command && args.type !== TYPES.copyToRemote) return;
    const conn = args.props.connection ?? {};
    if (conn.password !== undefined) report("the connection uses a password");
    if (conn.proxy?.password !== undefined) report("the proxy connection uses a password");
  },
};
