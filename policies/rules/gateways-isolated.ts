import { GatewayInstance, gatewayInstances, isRoot, isUnknown, relate, Relation, show, Val } from "../lib/gateway-instances";
import { StackRule } from "../lib/rule";
import { buildStackModel, ServerModel } from "../lib/stack-model";

/** One thing two gateways may have in common. */
interface Shared {
  relation: Relation;
  text: string;
}

const label = (g: GatewayInstance) => (g.path.includes("/systemd/user/") ? `${g.unit} (user unit ${g.path})` : g.unit);

/** Why a comparison came out "maybe": the unknown side's reason, or the instance name it depends on. */
function because(a: Val, b: Val, names: [string, string]): string {
  if (isUnknown(a)) return `${names[0]}'s cannot be read: ${a.unknown}`;
  if (isUnknown(b)) return `${names[1]}'s cannot be read: ${b.unknown}`;
  return "it depends on the instance name";
}

/** A user named by number and one by name may be the same account. */
function relateUsers(a: Val, b: Val, self: boolean): Relation {
  const r = relate(a, b, { self });
  if (r === "distinct" && typeof a === "string" && typeof b === "string" && /^\d+$/.test(a) !== /^\d+$/.test(b)) return "maybe";
  return r;
}

/** What gateways `a` and `b` (or two instances of template `a`, when `self`) have in common. */
function sharedBetween(a: GatewayInstance, b: GatewayInstance, self: boolean): Shared[] {
  const names: [string, string] = self ? ["an instance", "another instance"] : [label(a), label(b)];
  const out: Shared[] = [];
  const add = (relation: Relation, same: string, maybe: string, x: Val, y: Val) => {
    if (relation === "same") out.push({ relation, text: same });
    else if (relation === "maybe") out.push({ relation, text: `${maybe} (${because(x, y, names)})` });
  };

  add(relate(a.port, b.port, { self }), `port ${show(isUnknown(a.port) ? b.port : a.port)}${self ? "" : ` (${a.unit}: ${a.portFrom}; ${b.unit}: ${b.portFrom})`}`, "the port", a.port, b.port);
  // A gateway as root (or without User=) is refused by gateway-unit-hardened already.
  if (!isRoot(a.user) && !isRoot(b.user)) {
    const r = relateUsers(a.user, b.user, self);
    add(r, `the service user ${isUnknown(a.user) ? show(a.user) : `'${show(a.user)}'`}`, "the service user", a.user, b.user);
  }
  const paths = (g: GatewayInstance): [string, Val][] => [["state dir", g.stateDir], ["config", g.configPath], ...g.workspaces.map((w): [string, Val] => ["workspace", w])];
  // The closest match: the same kind of path before a state dir holding another's workspace, equal before nested.
  let pathShared: (Shared & { score: number }) | undefined;
  for (const [wa, pa] of paths(a)) {
    for (const [wb, pb] of paths(b)) {
      const r = relate(pa, pb, { self, nested: true });
      if (r === "distinct") continue;
      const what = wa === wb ? `the ${wa}` : `${names[0]}'s ${wa} and ${names[1]}'s ${wb}`;
      const equal = !isUnknown(pa) && pa === pb;
      const score = (r === "same" ? 4 : 0) + (wa === wb ? 2 : 0) + (equal ? 1 : 0);
      if (pathShared && pathShared.score >= score) continue;
      pathShared =
        r === "same"
          ? { relation: r, score, text: equal ? `${what} ${show(pa)}` : isUnknown(pa) ? `${what} (the same unknown: ${pa.unknown})` : `${what} (${show(pa)} and ${show(pb)}, one inside the other)` }
          : { relation: r, score, text: `${what} (${because(pa, pb, names)})` };
    }
  }
  if (pathShared) out.push({ relation: pathShared.relation, text: pathShared.text });
  let envShared: Shared | undefined;
  for (const ea of a.envFiles) {
    for (const eb of b.envFiles) {
      const r = relate(ea, eb, { self });
      if (r === "same") envShared = { relation: r, text: `the env file ${show(ea)}` };
      else if (r === "maybe" && !envShared) envShared = { relation: r, text: `an env file (${because(ea, eb, names)})` };
    }
  }
  if (envShared) out.push(envShared);
  return out;
}

/** Whether a shipped file is a gateway's unit or one of its drop-ins. */
const isUnitFile = (g: GatewayInstance, path: string) => {
  const unit = g.unit.replace(/#\d+$/, "");
  return path === g.path || path.endsWith(`/${unit}`) || path.includes(`/${unit}.d/`);
};

/** Where the last write of a gateway's unit (or drop-in) lands among the server's files (the later one is the twist). */
const landing = (server: ServerModel, g: GatewayInstance) => server.files.map((f) => isUnitFile(g, f.path)).lastIndexOf(true);

/** The step that ships a unit (or a drop-in of it), for the violation's URN. */
function shipper(server: ServerModel, g: GatewayInstance): string {
  const step = [...server.steps].reverse().find((st) => st.reading.files.some((f) => isUnitFile(g, f.path)));
  return step?.resource.urn ?? server.resource.urn;
}

export const gatewaysIsolated: StackRule = {
  name: "gateways-isolated",
  description:
    "Two OpenClaw gateways on one server (every systemd unit the stack ships to it that runs one, system or user unit, and every instance of a template unit) never share a port, a service user, a state dir, config or workspace (or one inside another's), or an env file. Each is read as systemd and OpenClaw resolve it: User=, Environment= and EnvironmentFile= (readable when the stack writes it), --port, OPENCLAW_GATEWAY_PORT, the gateway.port of the openclaw.json shipped at its config path, --profile/--dev, OPENCLAW_STATE_DIR or the home's .openclaw, 18789 by default; what the pack cannot read counts as shared.",
  why: "Two gateways on one port fight over it, and the loser's channels silently go to the winner; one user, state dir or env file lets either gateway's agents read the other's credentials, sessions and secrets, and take over its pairings.",
  remediationSteps:
    "Give every gateway on a server its own service user, its own OPENCLAW_STATE_DIR (and config and workspace inside it), its own root-only env file and its own loopback port, each set in its unit where the pack can read it; or put each gateway on a server of its own.",
  severity: "critical",
  enforcementLevel: "mandatory",
  validateStack: async (args, report) => {
    const model = await buildStackModel(args.resources);
    for (const server of model.servers) {
      // In the order their units land: each pair is reported at the step that ships the later one.
      const gateways = gatewayInstances(server)
        .map((g, i) => ({ g, i, at: landing(server, g) }))
        .sort((x, y) => x.at - y.at || x.i - y.i)
        .map((x) => x.g);
      const where = `server '${server.resource.name}'`;
      for (const [i, a] of gateways.entries()) {
        if (a.template) {
          const shared = sharedBetween(a, a, true);
          if (shared.length > 0) report(`${where}: the instances of gateway template ${label(a)} ${describe(shared)}`, shipper(server, a));
        }
        for (const b of gateways.slice(i + 1)) {
          const shared = sharedBetween(a, b, false);
          if (shared.length > 0) report(`${where}: gateway units ${label(a)} and ${label(b)} ${describe(shared)}`, shipper(server, b));
        }
      }
    }
  },
};

function describe(shared: Shared[]): string {
  const same = shared.filter((s) => s.relation === "same").map((s) => s.text);
  const maybe = shared.filter((s) => s.relation === "maybe").map((s) => s.text);
  return [same.length > 0 ? `share ${same.join(", ")}` : "", maybe.length > 0 ? `may share ${maybe.join(", ")}` : ""].filter(Boolean).join("; and ");
}
