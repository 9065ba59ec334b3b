import { overlay } from "../lib/host-files";
import { raw, UNKNOWN } from "../lib/props";
import { StackRule } from "../lib/rule";
import { effectiveSshd } from "../lib/sshd";
import { buildStackModel, ServerModel, StepModel } from "../lib/stack-model";

/** Where the gate's inputs disagree with what the stack ships to its server (a gate checking the wrong thing passes vacuously). */
function inputMismatches(server: ServerModel, gate: StepModel): string[] {
  const inputs = gate.reading.inputs ?? {};
  const out: string[] = [];
  const gatewayPort = Number(inputs.OC_GATEWAY_PORT);
  if (server.gatewayPorts.length !== 1 || server.gatewayPorts[0] !== gatewayPort) {
    out.push(`checks gateway port ${inputs.OC_GATEWAY_PORT}, but the gateway is configured for ${server.gatewayPorts.join(", ")}`);
  }
  if (server.hostFirewallSshPort !== undefined && Number(inputs.OC_SSH_PORT) !== server.hostFirewallSshPort) {
    out.push(`checks SSH port ${inputs.OC_SSH_PORT}, but ufw admits ${server.hostFirewallSshPort}`);
  }
  const files = overlay(server.files);
  const sshd = effectiveSshd([...files].filter(([p]) => p.startsWith("/etc/ssh/sshd_config")).map(([path, content]) => ({ path, content })));
  const allowUsers = (sshd.settings.get("allowusers") ?? "").split(/\s+/);
  if (!allowUsers.includes(inputs.OC_ADMIN_USER)) out.push(`checks admin user '${inputs.OC_ADMIN_USER}', but sshd allows '${sshd.settings.get("allowusers") ?? "anyone"}'`);
  if (!files.has(`${inputs.OC_STATE_DIR}/openclaw.json`)) out.push(`checks ${inputs.OC_STATE_DIR}/openclaw.json, which no step ships`);
  if (!files.has(`/etc/systemd/system/${inputs.OC_UNIT_NAME}.service`)) out.push(`checks unit ${inputs.OC_UNIT_NAME}, which no step ships`);
  return out;
}

export const gateLast: StackRule = {
  name: "gate-last",
  description:
    "Each server has a deploy gate the pack knows (it checks the host itself: sshd -T, ufw, fail2ban, listeners, openclaw.json, the unit, the env file, and OpenClaw's audits); every remote Command, CopyToRemote and local Command that can reach the server is ordered before it, the gate re-runs when any of them changes (its triggers hold their digests), and the gate checks the ports, user and paths the stack ships.",
  why: "A step that runs after the gate, or alongside it, can loosen ufw, sshd or openclaw.json after the last check; a gate that does not re-run, or checks another port, verifies nothing.",
  remediationSteps:
    "Make every step a dependency of the gate (dependsOn), put each step's digest (catalogue.commandDigest) in the gate's triggers, and give the gate the stack's ports, admin user and paths; deploy with the OpenClawHetzner component to get all of that.",
  severity: "critical",
  enforcementLevel: "mandatory",
  validateStack: async (args, report) => {
    const model = await buildStackModel(args.resources);
    for (const server of model.servers) {
      const name = server.resource.name;
      if (server.gates.length === 0) {
        report(`server '${name}' has no deploy gate the pack knows (catalogue step audit-gateway, with its reviewed script)`, server.resource.urn);
        continue;
      }
      if (server.riskProblem) report(`server '${name}': the gate's accepted-risks list cannot be read (${server.riskProblem})`, server.gates[0].resource.urn);
      for (const gate of server.gates) {
        // A gate connected to a literal address may be checking another machine altogether.
        if (!gate.targetKnown) report(`the deploy gate '${gate.resource.name}' does not connect to server '${name}' (its connection.host must come from that server's address)`, gate.resource.urn);
        const triggers = raw(gate.resource.props).triggers;
        const held = new Set(Array.isArray(triggers) ? triggers.filter((t: unknown) => typeof t === "string") : []);
        for (const step of server.steps) {
          if (step === gate || server.gates.includes(step)) continue;
          const what = `${step.kind === "copy" ? "copy" : step.kind === "local" ? "local command" : "step"} '${step.resource.name}'`;
          if (step.closure.has(gate.resource.urn)) {
            report(`${what} runs after the deploy gate '${gate.resource.name}' of server '${name}'; what it changes is never checked`, step.resource.urn);
          } else if (!gate.closure.has(step.resource.urn)) {
            report(`${what} is not ordered before the deploy gate '${gate.resource.name}' of server '${name}' (add it to the gate's dependsOn)`, step.resource.urn);
          } else if (triggers === UNKNOWN || !step.digest || !held.has(step.digest)) {
            report(`the deploy gate '${gate.resource.name}' does not re-run when ${what} changes (its digest is not in the gate's triggers)`, gate.resource.urn);
          }
        }
        for (const m of inputMismatches(server, gate)) report(`the deploy gate '${gate.resource.name}' of server '${name}' ${m}`, gate.resource.urn);
      }
    }
  },
};
