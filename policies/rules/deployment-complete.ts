import type { PolicyResource } from "@pulumi/policy";
import { StackRule, TYPES } from "../lib/rule";
import { stepScript } from "../lib/published";

const HARDENING_STEPS = ["harden-ssh.sh", "ufw.sh", "fail2ban.sh", "configure-gateway.sh", "audit-gateway.sh"];

function dependsOn(r: PolicyResource, target: PolicyResource, seen = new Set<string>()): boolean {
  if (seen.has(r.urn)) return false;
  seen.add(r.urn);
  return r.dependencies.some((d) => d.urn === target.urn || dependsOn(d, target, seen));
}

export const deploymentComplete: StackRule = {
  name: "deployment-complete",
  description:
    "Each server has exactly one firewall, given at creation, and the hardening steps (SSH, ufw, fail2ban, gateway, audit) exist and run after the wait-for-boot step.",
  why: "A stack that drops a hardening step, or runs it before first boot settled, deploys a gateway without the protection the rest of the checks assume.",
  remediationSteps: "Deploy with the OpenClawHetzner component, or keep every step and its dependsOn chain when composing your own.",
  severity: "critical",
  enforcementLevel: "mandatory",
  validateStack: (args, report) => {
    const servers = args.resources.filter((r) => r.type === TYPES.server);
    const attachments = args.resources.filter((r) => r.type === TYPES.firewallAttachment);
    for (const server of servers) {
      const firewalls = (server.propertyDependencies.firewallIds ?? []).filter((d) => d.type === TYPES.firewall);
      const ids = Array.isArray(server.props.firewallIds) ? server.props.firewallIds.length : 0;
      if (ids !== 1 || firewalls.length !== 1) {
        report(`server '${server.name}' has ${ids} firewall id(s) from ${firewalls.length} firewall resource(s); exactly one, at creation`, server.urn);
      }
      for (const a of attachments) {
        if ((a.propertyDependencies.serverIds ?? []).some((d) => d.urn === server.urn)) {
          report(`server '${server.name}' also gets a firewall through FirewallAttachment '${a.name}'`, a.urn);
        }
      }
    }
    if (servers.length === 0) return;
    const commands = args.resources.filter((r) => r.type === TYPES.command);
    const byScript = new Map(commands.map((c) => [stepScript(c.props), c] as const));
    const wait = byScript.get("wait-for-boot.sh");
    if (!wait) {
      report("no wait-for-boot step: steps would race cloud-init and the first apt run");
      return;
    }
    for (const script of HARDENING_STEPS) {
      const step = byScript.get(script);
      if (!step) report(`missing hardening step ${script}`);
      else if (!dependsOn(step, wait)) report(`step ${script} ('${step.name}') does not run after wait-for-boot`, step.urn);
    }
  },
};
