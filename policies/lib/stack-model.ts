// The stack as Hetzner and the servers will see it, built once per stack rule from the resources
// @pulumi/policy hands over: for each server, every path traffic can take to it (all firewalls,
// however attached; load balancers; private networks), every step that runs on it, its deploy gate,
// the files shipped to it (first boot and steps), and the risks its stack accepted. Unknown values
// are resolved towards the cautious side: an attachment to an unknown server applies to every
// server, an unknown source is the whole internet.
import type { PolicyResource } from "@pulumi/policy";
import { AcceptedRisk, parseAcceptedRisks } from "./risks";
import { commandDigest, copyDigest, STEPS } from "./catalogue";
import { CloudInitReading, readUserData } from "./cloud-init";
import { selectorMayMatch } from "./label-selector";
import { portRange } from "./network";
import { COMMAND_TYPES, readShell, readStepResource, ShippedFile, StepReading } from "./payloads";
import { labelsOf, raw, UNKNOWN } from "./props";
import { classifyPath } from "./sensitive-paths";
import { TYPES } from "./rule";

export const WORLD = ["0.0.0.0/0", "::/0"];

/** One way traffic reaches a server, with the sources it admits. */
export interface IngressPath {
  /** The resource to change, for the violation (firewall, attachment, load balancer service…). */
  resource: PolicyResource;
  /** Human description: "firewall 'fw' rule 2 (tcp 22)". */
  via: string;
  protocol: "tcp" | "udp" | "esp" | "gre" | "icmp";
  /** Inclusive port range (tcp/udp); undefined for protocols without ports. */
  ports?: [number, number];
  sources: string[];
}

export interface StepModel {
  resource: PolicyResource;
  kind: "remote" | "copy" | "local";
  reading: StepReading;
  /** The servers it runs on (every server when the pack cannot tell). */
  servers: ServerModel[];
  /** Whether the pack can tell which server it connects to (its host comes from one). */
  targetKnown: boolean;
  /** Every resource it depends on, transitively (URNs). */
  closure: Set<string>;
  /** The digest a gate's triggers must hold for this step. */
  digest?: string;
}

export interface ServerModel {
  resource: PolicyResource;
  props: any;
  labels: Record<string, unknown> | undefined;
  userData: CloudInitReading;
  /** User data is computed from values unknown at preview (the pack cannot read it). */
  userDataUnknown: boolean;
  /** Firewalls that reach it (resources), and references the pack cannot resolve. */
  firewalls: PolicyResource[];
  unresolvedFirewalls: string[];
  paths: IngressPath[];
  steps: StepModel[];
  /** Steps that are a deploy gate the pack knows. */
  gates: StepModel[];
  acceptedRisks: AcceptedRisk[];
  /** Why the gate's accepted-risks list could not be read, if so. */
  riskProblem?: string;
  /** Files in the order they land: first boot (user data), then the steps in dependency order. */
  firstBootFiles: ShippedFile[];
  files: ShippedFile[];
  /** Ports the gateway listens on, from the openclaw.json and unit shipped to it. */
  gatewayPorts: number[];
  /** The SSH port the host firewall admits (the ufw step's input), if a ufw step is known. */
  hostFirewallSshPort?: number;
}

export interface StackModel {
  resources: PolicyResource[];
  servers: ServerModel[];
  steps: StepModel[];
}

function closureOf(r: PolicyResource): Set<string> {
  const seen = new Set<string>();
  const stack = [...r.dependencies];
  while (stack.length > 0) {
    const d = stack.pop()!;
    if (seen.has(d.urn)) continue;
    seen.add(d.urn);
    stack.push(...d.dependencies);
    // A dependency on a component is a dependency on its children (the SDK expands them; be safe).
  }
  return seen;
}

/** Resources named by a property's dependencies, of the given type. */
function depsOfType(r: PolicyResource, prop: string, type: string): PolicyResource[] {
  return (r.propertyDependencies[prop] ?? []).filter((d) => d.type === type);
}

/** Numeric/string ids of a property that do not come from a resource of this stack. */
function hasLiteralRefs(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(hasLiteralRefs);
  return value !== undefined && value !== null;
}

function firewallRulePaths(fw: PolicyResource, fwProps: any): IngressPath[] {
  const rules = fwProps.rules;
  const name = fw.name;
  if (rules === UNKNOWN) return [{ resource: fw, via: `firewall '${name}' (rules unknown at preview)`, protocol: "tcp", ports: [1, 65535], sources: WORLD }];
  const out: IngressPath[] = [];
  for (const [i, rule] of (Array.isArray(rules) ? rules : []).entries()) {
    if (!rule || rule === UNKNOWN) {
      out.push({ resource: fw, via: `firewall '${name}' rule ${i} (unknown at preview)`, protocol: "tcp", ports: [1, 65535], sources: WORLD });
      continue;
    }
    if (rule.direction !== "in" && rule.direction !== UNKNOWN) continue;
    const protocol = ["tcp", "udp", "esp", "gre", "icmp"].includes(rule.protocol) ? rule.protocol : "tcp";
    const sources = Array.isArray(rule.sourceIps) ? rule.sourceIps.map((s: unknown) => (typeof s === "string" ? s : "0.0.0.0/0")) : WORLD;
    const ports = protocol === "tcp" || protocol === "udp" ? (typeof rule.port === "string" || typeof rule.port === "number" ? portRange(rule.port) : [1, 65535]) : undefined;
    const label = `${rule.protocol ?? "?"}${ports ? ` ${ports[0] === ports[1] ? ports[0] : `${ports[0]}-${ports[1]}`}` : ""}`;
    out.push({ resource: fw, via: `firewall '${name}' rule ${i} (${label})`, protocol, ports: ports as [number, number] | undefined, sources });
  }
  return out;
}

/** Servers a reference (ids + label selectors) may point at. */
function serversReferenced(
  servers: ServerModel[],
  owner: PolicyResource,
  idProp: string,
  idValue: unknown,
  selectors: unknown[],
): ServerModel[] {
  const viaDeps = new Set(depsOfType(owner, idProp, TYPES.server).map((d) => d.urn));
  const out = new Set<ServerModel>(servers.filter((s) => viaDeps.has(s.resource.urn)));
  // An id that comes from no server of this stack (a literal, or unknown) may be any of them.
  const ids = Array.isArray(idValue) ? idValue : idValue === undefined || idValue === null ? [] : [idValue];
  if (ids.length > viaDeps.size || (ids.length > 0 && viaDeps.size === 0 && hasLiteralRefs(idValue))) servers.forEach((s) => out.add(s));
  for (const sel of selectors) for (const s of servers) if (sel === UNKNOWN || selectorMayMatch(sel, s.labels)) out.add(s);
  return [...out];
}

/** The topological order of steps (dependencies first; ties keep registration order). */
function ordered(steps: StepModel[]): StepModel[] {
  const out: StepModel[] = [];
  const done = new Set<string>();
  const pending = [...steps];
  while (pending.length > 0) {
    const i = pending.findIndex((s) => pending.every((o) => o === s || !s.closure.has(o.resource.urn)));
    const [next] = pending.splice(i >= 0 ? i : 0, 1);
    out.push(next);
    done.add(next.resource.urn);
  }
  return out;
}

function gatewayPortsOf(files: ShippedFile[]): number[] {
  const ports = new Set<number>();
  let sawConfig = false;
  for (const f of files) {
    if (f.kind === "openclaw-config") {
      try {
        const c = JSON.parse(f.content);
        sawConfig = true;
        const port = c?.gateway?.port;
        ports.add(typeof port === "number" ? port : typeof port === "string" && /^\d+$/.test(port) ? Number(port) : 18789);
      } catch {
        // an unreadable openclaw.json is refused by its own rule
      }
    }
    if (f.kind === "systemd-unit" || f.kind === "systemd-dropin") {
      for (const m of f.content.matchAll(/--port[= ]+(\d+)|OPENCLAW_GATEWAY_PORT=(\d+)/g)) ports.add(Number(m[1] ?? m[2]));
    }
  }
  if (!sawConfig) ports.add(18789);
  return [...ports].sort((a, b) => a - b);
}

export async function buildStackModel(resources: PolicyResource[]): Promise<StackModel> {
  const servers: ServerModel[] = resources
    .filter((r) => r.type === TYPES.server)
    .map((r) => {
      const props = raw(r.props);
      return {
        resource: r,
        props,
        labels: labelsOf(props),
        userData: readUserData(typeof props.userData === "string" ? props.userData : undefined),
        userDataUnknown: props.userData === UNKNOWN,
        firewalls: [],
        unresolvedFirewalls: [],
        paths: [],
        steps: [],
        gates: [],
        acceptedRisks: [],
        firstBootFiles: [],
        files: [],
        gatewayPorts: [],
      };
    });

  // Firewalls: at creation (firewallIds), attachments, applyTo.
  const firewalls = new Map(resources.filter((r) => r.type === TYPES.firewall).map((r) => [r.urn, r] as const));
  const applies = new Map<string, Set<ServerModel>>(); // firewall urn -> servers
  const apply = (fwUrn: string, list: ServerModel[]) => {
    const set = applies.get(fwUrn) ?? new Set<ServerModel>();
    list.forEach((s) => set.add(s));
    applies.set(fwUrn, set);
  };
  for (const s of servers) {
    const ids = s.props.firewallIds;
    const deps = depsOfType(s.resource, "firewallIds", TYPES.firewall);
    deps.forEach((fw) => apply(fw.urn, [s]));
    const count = Array.isArray(ids) ? ids.length : ids === undefined || ids === null ? 0 : 1;
    if (count > deps.length) s.unresolvedFirewalls.push(`firewallIds holds ${count - deps.length} id(s) of firewalls outside this stack (their rules cannot be read)`);
  }
  for (const a of resources.filter((r) => r.type === TYPES.firewallAttachment)) {
    const props = raw(a.props);
    const fws = depsOfType(a, "firewallId", TYPES.firewall);
    const targets = serversReferenced(servers, a, "serverIds", props.serverIds, Array.isArray(props.labelSelectors) ? props.labelSelectors : props.labelSelectors === UNKNOWN ? [UNKNOWN] : []);
    if (fws.length === 0) targets.forEach((s) => s.unresolvedFirewalls.push(`FirewallAttachment '${a.name}' attaches a firewall outside this stack`));
    fws.forEach((fw) => apply(fw.urn, targets));
  }
  for (const fw of firewalls.values()) {
    const props = raw(fw.props);
    const applyTos = props.applyTos;
    if (applyTos === undefined || applyTos === null) continue;
    if (applyTos === UNKNOWN) {
      apply(fw.urn, servers);
      continue;
    }
    const entries = Array.isArray(applyTos) ? applyTos : [];
    const serverEntries = entries.filter((e: any) => e === UNKNOWN || (e && e.server !== undefined && e.server !== null));
    const selectors = entries.filter((e: any) => e && e !== UNKNOWN && e.labelSelector !== undefined && e.labelSelector !== null).map((e: any) => e.labelSelector);
    apply(fw.urn, serversReferenced(servers, fw, "applyTos", serverEntries.map((e: any) => (e === UNKNOWN ? UNKNOWN : e.server)), selectors));
  }
  for (const [fwUrn, set] of applies) {
    const fw = firewalls.get(fwUrn);
    if (!fw) continue;
    const paths = firewallRulePaths(fw, raw(fw.props));
    for (const s of set) {
      s.firewalls.push(fw);
      s.paths.push(...paths);
    }
  }

  loadBalancerPaths(resources, servers);

  // Steps and the servers they run on.
  const steps: StepModel[] = [];
  for (const r of resources) {
    const kind = r.type === COMMAND_TYPES.remote ? "remote" : r.type === COMMAND_TYPES.copy ? "copy" : r.type === COMMAND_TYPES.local ? "local" : undefined;
    if (!kind) continue;
    const props = raw(r.props);
    const reading = await readStepResource(r.type, props, r.name);
    let targets = servers;
    let targetKnown = false;
    if (kind !== "local") {
      const viaDeps = depsOfType(r, "connection", TYPES.server).map((d) => d.urn);
      const host = props.connection && props.connection !== UNKNOWN ? props.connection.host : UNKNOWN;
      const byAddress = servers.filter((s) => typeof host === "string" && [s.props.ipv4Address, s.props.ipv6Address].includes(host));
      const byDeps = servers.filter((s) => viaDeps.includes(s.resource.urn));
      if (byDeps.length > 0 || byAddress.length > 0) targets = [...new Set([...byDeps, ...byAddress])];
      // Known to be a server's: its address once known (update), or an output of exactly that server
      // (preview). A literal next to a dependency (a transform rewrote the host) is another machine.
      targetKnown = byAddress.length === 1 || (host === UNKNOWN && byDeps.length === 1);
    }
    const digest =
      kind === "copy"
        ? reading.files.length > 0 && typeof props.remotePath === "string" ? copyDigest(props.remotePath, reading.files) : undefined
        : typeof props.create === "string"
          ? commandDigest(props.create, typeof props.update === "string" ? props.update : undefined)
          : undefined;
    steps.push({ resource: r, kind, reading, servers: targets, targetKnown, closure: closureOf(r), digest });
  }
  for (const step of steps) for (const s of step.servers) s.steps.push(step);

  for (const s of servers) {
    s.gates = s.steps.filter((st) => st.reading.step !== undefined && "gate" in STEPS[st.reading.step]);
    const risks = s.gates.map((g) => parseAcceptedRisks(g.reading.inputs?.OC_ACCEPTED_RISKS ?? "[]"));
    s.riskProblem = risks.find((r) => r.problem)?.problem;
    s.acceptedRisks = s.riskProblem ? [] : risks.flatMap((r) => r.risks);
    s.firstBootFiles = s.userData.files
      .filter((f) => f.content !== undefined)
      .map((f) => ({ path: f.path, kind: classifyPath(f.path), content: f.content!, append: f.append, via: `user data of '${s.resource.name}'` }));
    const commandFiles = s.userData.commands.flatMap((c) => readShell(c.text, `user data ${c.key}`).files);
    s.files = [...s.firstBootFiles, ...commandFiles, ...ordered(s.steps).flatMap((st) => st.reading.files)];
    s.gatewayPorts = gatewayPortsOf(s.files);
    const ufw = ordered(s.steps).filter((st) => st.reading.step === "ufw").pop();
    if (ufw?.reading.inputs?.OC_SSH_PORT) s.hostFirewallSshPort = Number(ufw.reading.inputs.OC_SSH_PORT);
  }
  privateNetworkPaths(resources, servers);
  return { resources, servers, steps };
}

/**
 * A server's deploy gates by the gateway each checks (its OC_UNIT_NAME; several gates of one unit
 * check one gateway). One entry: the server's only gateway; several: a shared server (placement:
 * shared), whose gateways each have their own gate, paths, port and accepted risks.
 */
export function gatesByGateway(server: ServerModel): Map<string, StepModel[]> {
  const out = new Map<string, StepModel[]>();
  for (const gate of server.gates) {
    const unit = gate.reading.inputs?.OC_UNIT_NAME ?? "";
    out.set(unit, [...(out.get(unit) ?? []), gate]);
  }
  return out;
}

/** Load balancers: a service forwards the whole internet to its destination port on every target. */
function loadBalancerPaths(resources: PolicyResource[], servers: ServerModel[]) {
  const lbs = resources.filter((r) => r.type === TYPES.loadBalancer);
  const targetsOf = new Map<string, ServerModel[]>();
  const add = (lbUrns: string[], list: ServerModel[]) => {
    for (const urn of lbUrns) targetsOf.set(urn, [...new Set([...(targetsOf.get(urn) ?? []), ...list])]);
  };
  const lbUrnsOf = (r: PolicyResource) => {
    const deps = depsOfType(r, "loadBalancerId", TYPES.loadBalancer).map((d) => d.urn);
    return deps.length > 0 ? deps : lbs.map((l) => l.urn); // unknown load balancer: any of them
  };
  for (const lb of lbs) {
    const props = raw(lb.props);
    for (const t of Array.isArray(props.targets) ? props.targets : props.targets === UNKNOWN ? [UNKNOWN] : []) {
      add([lb.urn], t === UNKNOWN || t.type !== "server" ? servers : serversReferenced(servers, lb, "targets", t.serverId, []));
    }
  }
  for (const t of resources.filter((r) => r.type === TYPES.loadBalancerTarget)) {
    const props = raw(t.props);
    const list =
      props.type === "server"
        ? serversReferenced(servers, t, "serverId", props.serverId, [])
        : props.type === "label_selector"
          ? servers.filter((s) => selectorMayMatch(props.labelSelector, s.labels))
          : servers; // ip targets (or unknown types) may be any server's address
    add(lbUrnsOf(t), list);
  }
  for (const svc of resources.filter((r) => r.type === TYPES.loadBalancerService)) {
    const props = raw(svc.props);
    const proto = props.protocol;
    const dest = typeof props.destinationPort === "number" ? props.destinationPort : props.destinationPort === undefined ? (proto === "http" || proto === "https" ? 80 : props.listenPort) : undefined;
    const ports: [number, number] = typeof dest === "number" ? [dest, dest] : [1, 65535];
    for (const lbUrn of lbUrnsOf(svc)) {
      for (const s of targetsOf.get(lbUrn) ?? []) {
        s.paths.push({ resource: svc, via: `load balancer service '${svc.name}' (any source to port ${ports[0] === ports[1] ? ports[0] : "any"})`, protocol: "tcp", ports, sources: WORLD });
      }
    }
  }
}

/**
 * Private networks: Hetzner's firewall does not filter them, so members of the network reach
 * whatever the host firewall admits: the SSH port when the ufw step the pack knows runs on the
 * server (the gate verifies it), else every port.
 */
function privateNetworkPaths(resources: PolicyResource[], servers: ServerModel[]) {
  const networks = new Map(resources.filter((r) => r.type === TYPES.network).map((r) => [r.urn, r] as const));
  const rangeOf = (urns: string[]) => {
    const ranges = urns.map((u) => networks.get(u)).map((n) => (n ? raw(n.props).ipRange : undefined));
    return ranges.length > 0 && ranges.every((x) => typeof x === "string") ? (ranges as string[]) : WORLD;
  };
  const join = (s: ServerModel, via: PolicyResource, what: string, networkUrns: string[]) => {
    const ports: [number, number] = s.hostFirewallSshPort ? [s.hostFirewallSshPort, s.hostFirewallSshPort] : [1, 65535];
    s.paths.push({ resource: via, via: `${what} (members of the private network reach ${s.hostFirewallSshPort ? `the SSH port ufw admits` : "every port: no ufw step the pack knows"})`, protocol: "tcp", ports, sources: rangeOf(networkUrns) });
  };
  for (const s of servers) {
    const inline = s.props.networks;
    if (inline === UNKNOWN || (Array.isArray(inline) && inline.length > 0)) {
      join(s, s.resource, `server '${s.resource.name}' networks`, depsOfType(s.resource, "networks", TYPES.network).map((d) => d.urn));
    }
  }
  for (const sn of resources.filter((r) => r.type === TYPES.serverNetwork)) {
    const props = raw(sn.props);
    const nets = [...depsOfType(sn, "networkId", TYPES.network), ...(sn.propertyDependencies.subnetId ?? []).flatMap((sub) => depsOfType(sub, "networkId", TYPES.network))].map((d) => d.urn);
    for (const s of serversReferenced(servers, sn, "serverId", props.serverId, [])) join(s, sn, `server network '${sn.name}'`, nets);
  }
}
