import { STEPS } from "../lib/catalogue";
import { GatewayInstance, gatewayInstances, isUnknown, show, Val } from "../lib/gateway-instances";
import { gatewayBackupDir } from "../lib/gateway-names";
import { AUDIT_WATCHES, MODULES_OFF, SYSCTL_BASELINE } from "../lib/host-baseline";
import { overlay } from "../lib/host-files";
import { raw, UNKNOWN } from "../lib/props";
import { StackRule } from "../lib/rule";
import { effectiveSshd } from "../lib/sshd";
import { buildStackModel, gatesByGateway, ServerModel, StepModel } from "../lib/stack-model";

/**
 * Where the gate's inputs disagree with what the stack ships to its server (a gate checking the
 * wrong thing passes vacuously). `shared`: the server runs several gateways, each with its gate,
 * and the gate's port is its own gateway's (its unit's), not the only one on the server.
 */
function inputMismatches(server: ServerModel, gate: StepModel, shared: boolean): string[] {
  const inputs = gate.reading.inputs ?? {};
  const out: string[] = [];
  const gatewayPort = Number(inputs.OC_GATEWAY_PORT);
  if (shared) {
    const port = unitPort(server, inputs.OC_UNIT_NAME);
    if (port !== inputs.OC_GATEWAY_PORT) {
      const configured = port === undefined ? "runs no gateway the pack can read" : isUnknown(port) ? `listens on a port the pack cannot read (${port.unknown})` : `is configured for ${show(port)}`;
      out.push(`checks gateway port ${inputs.OC_GATEWAY_PORT}, but its gateway, unit ${inputs.OC_UNIT_NAME}, ${configured}`);
    }
  } else if (server.gatewayPorts.length !== 1 || server.gatewayPorts[0] !== gatewayPort) {
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
 * The port the gateway of system unit `unit` listens on, as OpenClaw resolves it (--port,
 * OPENCLAW_GATEWAY_PORT, the openclaw.json it reads, 18789; gateways-isolated reads it the same
 * way); undefined when the unit runs no gateway.
 */
function unitPort(server: ServerModel, unit: string | undefined): Val | undefined {
  return gatewayInstances(server).find((g) => isSystemUnit(g) && g.unit === `${unit}.service`)?.port;
}

const isSystemUnit = (g: GatewayInstance) => !g.template && !g.path.includes("/systemd/user/");

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

/**
 * The gateway id a catalogue step names: its OC_GATEWAY_ID, "" for none (the server's only
 * gateway), undefined when the step has no such input (it does not say).
 */
function gatewayIdOf(step: StepModel): string | undefined {
  if (!step.reading.step || !("OC_GATEWAY_ID" in STEPS[step.reading.step].inputs)) return undefined;
  return step.reading.inputs?.OC_GATEWAY_ID ?? "";
}

const showId = (id: string) => (id ? `OC_GATEWAY_ID=${id}` : "no OC_GATEWAY_ID (the server's only gateway)");

/**
 * Where a catalogue step that acts on the gateway (its install and upgrades, secrets,
 * configuration, the maintenance jobs) names another gateway id, state dir, env file, unit, port or
 * install root than the gate checks (an upgrade that archives and restores another directory,
 * restarts another unit, or takes another port's answer for the gateway's health; root jobs that
 * back up another dir or export another file into the service user's process), or puts the state's
 * archives where the gate does not check them root-only (the gate's own gateway's backup dir).
 */
function stepMismatches(step: StepModel, gate: StepModel): string[] {
  const inputs = step.reading.inputs ?? {};
  const checked = gate.reading.inputs ?? {};
  const out: string[] = [];
  const [id, checkedId] = [gatewayIdOf(step), gatewayIdOf(gate)];
  if (id !== undefined && checkedId !== undefined && id !== checkedId) {
    out.push(`names ${showId(id)}, but the gateway the deploy gate '${gate.resource.name}' checks has ${checkedId || "none (it is the server's only gateway)"}`);
  }
  for (const key of GATEWAY_INPUTS) {
    if (inputs[key] !== undefined && checked[key] !== undefined && inputs[key] !== checked[key]) {
      out.push(`names ${key}=${inputs[key]}, but the gateway the deploy gate '${gate.resource.name}' checks has ${checked[key]}`);
    }
  }
  const backupDir = gatewayBackupDir(checked.OC_GATEWAY_ID);
  if (inputs.OC_BACKUP_DIR !== undefined && inputs.OC_BACKUP_DIR.replace(/\/+$/, "") !== backupDir) {
    out.push(
      `puts the archives of the gateway's state (its credentials store included) in ${inputs.OC_BACKUP_DIR}, not ${backupDir}, the root-only directory the deploy gate checks`,
    );
  }
  return out;
}

/** What tells which gateway a step acts on, most telling first: its unit, its id, then its paths and port. */
const IDENTIFYING = ["OC_UNIT_NAME", "OC_GATEWAY_ID", ...GATEWAY_INPUTS.filter((k) => k !== "OC_UNIT_NAME")] as const;

const identifier = (step: StepModel, key: (typeof IDENTIFYING)[number]) => (key === "OC_GATEWAY_ID" ? gatewayIdOf(step) : step.reading.inputs?.[key]);

/**
 * The gates a catalogue step is checked against, and what it names the gateway by. On a server
 * with one gateway: every gate (whatever it names, it must be that gateway). On a shared server:
 * the gates of the gateway the step names by its most telling input; none when no gate checks that
 * gateway. A step that names no gateway is checked against every gate (it can only mismatch on
 * its backup dir).
 */
function gatesFor(step: StepModel, server: ServerModel, gateways: Map<string, StepModel[]>): { gates: StepModel[]; by?: string } {
  if (gateways.size <= 1) return { gates: server.gates };
  for (const key of IDENTIFYING) {
    const value = identifier(step, key);
    if (value === undefined) continue;
    return { gates: server.gates.filter((g) => identifier(g, key) === value), by: key === "OC_GATEWAY_ID" ? showId(value) : `${key}=${value}` };
  }
  return { gates: server.gates };
}

/**
 * On a shared server, the gateways no gate checks: a gateway in any unit but the system units the
 * gates name (a template's instances and user units included), or a port a gateway is configured
 * for (openclaw.json, unit) that no gate names. (On a server with one gate, its port check covers
 * this: every port on the server must be the gate's.)
 */
function uncheckedGateways(server: ServerModel, gateways: Map<string, StepModel[]>): string[] {
  const out: string[] = [];
  for (const g of gatewayInstances(server)) {
    if (!isSystemUnit(g) || !gateways.has(g.unit.replace(/\.service$/, ""))) out.push(`runs a gateway in unit ${g.unit} (${g.path}), which no deploy gate checks`);
  }
  const ports = new Set(server.gates.map((g) => Number(g.reading.inputs?.OC_GATEWAY_PORT)));
  const unchecked = server.gatewayPorts.filter((p) => !ports.has(p));
  if (unchecked.length > 0) out.push(`has a gateway configured for port ${unchecked.join(", ")}, which no deploy gate checks`);
  return out;
}

export const gateLast: StackRule = {
  name: "gate-last",
  description:
    "Each server has a deploy gate the pack knows (it checks the host itself: sshd -T, ufw, fail2ban, listeners, openclaw.json, the unit, the env file, and OpenClaw's audits), one per gateway on a shared server (placement: shared: several gateways, each its own unit and OC_GATEWAY_ID); every remote Command, CopyToRemote and local Command that can reach the server is ordered before every gate (a gate may follow another), each gate re-runs when any of them changes (its triggers hold their digests), and each gate checks the ports, user and paths the stack ships (its own gateway's port), and at least the pack's host-layer baseline (kernel parameters, modules off, audit watches); on a shared server every gateway unit and port has its gate. Every catalogue step that acts on a gateway (install and upgrades, secrets, configuration, the maintenance jobs) names the gateway id, state dir, env file, unit, port and install root its gate checks (on a shared server, the gate of the gateway the step names by its unit, else its id; a step naming a gateway no gate checks is refused), and the pre-upgrade archives go to that gateway's root-only directory the gate checks (/var/backups/openclaw, or /var/backups/openclaw-<id>).",
  why: "A step that runs after the gate, or alongside it, can loosen ufw, sshd or openclaw.json after the last check; a gate that does not re-run, or checks another port, verifies nothing. An upgrade or a maintenance job pointed at another state dir, unit or port (another gateway's, on a shared server) archives, restores or restarts the wrong thing as root; archives of the state outside the root-only backup directory hand the gateway's credentials to whoever can read or swap them there.",
  remediationSteps:
    "Make every step a dependency of every gate (dependsOn), put each step's digest (catalogue.commandDigest) in the gates' triggers, give each gate the stack's ports, admin user and its gateway's paths, and give every step of a gateway the same gateway id, state dir, env file, unit, port and backup directory as that gateway's gate; deploy with the OpenClawHetzner component (or OpenClawSharedServer) to get all of that.",
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
      const gateways = gatesByGateway(server);
      const shared = gateways.size > 1;
      const catalogueSteps = server.steps.filter((st) => !server.gates.includes(st) && st.reading.step);
      const answersTo = new Map(catalogueSteps.map((st) => [st, gatesFor(st, server, gateways)] as const));
      for (const gate of server.gates) {
        // A gate connected to a literal address may be checking another machine altogether.
        if (!gate.targetKnown) report(`the deploy gate '${gate.resource.name}' does not connect to server '${name}' (its connection.host must come from that server's address)`, gate.resource.urn);
        const triggers = raw(gate.resource.props).triggers;
        const held = new Set(Array.isArray(triggers) ? triggers.filter((t: unknown) => typeof t === "string") : []);
        for (const step of server.steps) {
          // A gate after another gate checks the host once more; nothing else may come after one.
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
        for (const m of inputMismatches(server, gate, shared)) report(`the deploy gate '${gate.resource.name}' of server '${name}' ${m}`, gate.resource.urn);
        for (const step of catalogueSteps.filter((st) => answersTo.get(st)!.gates.includes(gate))) {
          for (const m of stepMismatches(step, gate)) report(`step '${step.resource.name}' (${step.reading.step}) on server '${name}' ${m}`, step.resource.urn);
        }
      }
      if (shared) for (const m of uncheckedGateways(server, gateways)) report(`server '${name}' ${m}`, server.resource.urn);
      for (const [step, { gates, by }] of answersTo) {
        if (gates.length > 0) continue;
        report(`step '${step.resource.name}' (${step.reading.step}) on server '${name}' names ${by}, a gateway no deploy gate checks (the gates check units ${[...gateways.keys()].join(", ")})`, step.resource.urn);
      }
    }
  },
};
