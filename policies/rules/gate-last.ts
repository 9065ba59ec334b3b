import { AUDIT_WATCHES, MODULES_OFF, SYSCTL_BASELINE } from "../lib/host-baseline";
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
  const layer = hostLayerGaps(inputs.OC_HOST_LAYER);
  if (layer.length > 0) out.push(`does not check the host layer the pack requires (OC_HOST_LAYER, which the daily verification replays): ${layer.join("; ")}`);
  return out;
}

/**
 * What the gate's host-layer expectations leave out of the pack's baseline: the deploy is judged by
 * the pack, but the daily verification replays the gate's inputs, so a drift the gate does not look
 * for is never reported.
 */
function hostLayerGaps(text: string | undefined): string[] {
  let layer: any;
  try {
    layer = JSON.parse(text ?? "");
  } catch {
    return ["it is not JSON"];
  }
  if (!layer || typeof layer !== "object") return ["it is not an object"];
  const out: string[] = [];
  const sysctl = layer.sysctl && typeof layer.sysctl === "object" ? (layer.sysctl as Record<string, unknown>) : {};
  const loose = SYSCTL_BASELINE.filter((b) => !b.allowed.includes(Number(sysctl[b.key])) || !/^\d+$/.test(String(sysctl[b.key]))).map((b) => b.key);
  if (loose.length > 0) out.push(`sysctl ${loose.join(", ")} not expected at a safe value`);
  const modules = Array.isArray(layer.modules) ? layer.modules : [];
  const missing = MODULES_OFF.filter((m) => !modules.includes(m));
  if (missing.length > 0) out.push(`modules ${missing.join(", ")} not expected off`);
  const watches = Array.isArray(layer.auditWatches) ? layer.auditWatches : [];
  const unwatched = AUDIT_WATCHES.filter((w) => !w.paths.some((p) => watches.includes(p))).map((w) => w.what);
  if (unwatched.length > 0) out.push(`no audit watch expected on ${unwatched.join(", ")}`);
  return out;
}

/** The gateway, as the steps that act on it name it (state dir, env file, unit, port, install root): the inputs must be the gate's. */
const GATEWAY_INPUTS = ["OC_STATE_DIR", "OC_ENV_FILE", "OC_UNIT_NAME", "OC_GATEWAY_PORT", "OC_OPENCLAW_HOME"] as const;
/** Where the gate checks the archives of the gateway's state root-only (700 root:root, archives 600). */
const BACKUP_DIR = "/var/backups/openclaw";

/**
 * Where a catalogue step that acts on the gateway (its install and upgrades, secrets,
 * configuration, the maintenance jobs) names another state dir, env file, unit, port or install root than the
 * gate checks (an upgrade that archives and restores another directory, restarts another unit,
 * or takes another port's answer for the gateway's health; root jobs that back up another dir or
 * export another file into the service user's process), or puts the state's archives where the gate
 * does not check them root-only.
 */
function stepMismatches(step: StepModel, gate: StepModel): string[] {
  const inputs = step.reading.inputs ?? {};
  const checked = gate.reading.inputs ?? {};
  const out: string[] = [];
  for (const key of GATEWAY_INPUTS) {
    if (inputs[key] !== undefined && checked[key] !== undefined && inputs[key] !== checked[key]) {
      out.push(`names ${key}=${inputs[key]}, but the gateway the deploy gate '${gate.resource.name}' checks has ${checked[key]}`);
    }
  }
  if (inputs.OC_BACKUP_DIR !== undefined && inputs.OC_BACKUP_DIR.replace(/\/+$/, "") !== BACKUP_DIR) {
    out.push(
      `puts the archives of the gateway's state (its credentials store included) in ${inputs.OC_BACKUP_DIR}, not ${BACKUP_DIR}, the root-only directory the deploy gate checks`,
    );
  }
  return out;
}

export const gateLast: StackRule = {
  name: "gate-last",
  description:
    "Each server has a deploy gate the pack knows (it checks the host itself: sshd -T, ufw, fail2ban, listeners, openclaw.json, the unit, the env file, and OpenClaw's audits); every remote Command, CopyToRemote and local Command that can reach the server is ordered before it, the gate re-runs when any of them changes (its triggers hold their digests), and the gate checks the ports, user and paths the stack ships, and at least the pack's host-layer baseline (kernel parameters, modules off, audit watches); every catalogue step that acts on the gateway (install and upgrades, secrets, configuration, the maintenance jobs) names the state dir, env file, unit, port and install root the gate checks, and the pre-upgrade archives go to /var/backups/openclaw, the root-only directory the gate checks.",
  why: "A step that runs after the gate, or alongside it, can loosen ufw, sshd or openclaw.json after the last check; a gate that does not re-run, or checks another port, verifies nothing. An upgrade or a maintenance job pointed at another state dir, unit or port archives, restores or restarts the wrong thing as root; archives of the state outside the root-only backup directory hand the gateway's credentials to whoever can read or swap them there.",
  remediationSteps:
    "Make every step a dependency of the gate (dependsOn), put each step's digest (catalogue.commandDigest) in the gate's triggers, give the gate the stack's ports, admin user and paths, and give every step the same state dir, env file, unit, port and backup directory; deploy with the OpenClawHetzner component to get all of that.",
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
        for (const step of server.steps) {
          if (step === gate || server.gates.includes(step) || !step.reading.step) continue;
          for (const m of stepMismatches(step, gate)) report(`step '${step.resource.name}' (${step.reading.step}) on server '${name}' ${m}`, step.resource.urn);
        }
      }
    }
  },
};
