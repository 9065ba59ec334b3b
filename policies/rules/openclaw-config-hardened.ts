import { openclawConfigProblems } from "../lib/openclaw-config-check";
import { parseAcceptedRisks } from "../lib/risks";
import { StackRule } from "../lib/rule";
import { buildStackModel, gatesByGateway, ServerModel } from "../lib/stack-model";

/**
 * The risks accepted for an openclaw.json at `path` on a server: what its gates accept. On a shared
 * server (gates of several gateways) a gateway's loosening is its own: a config is judged with the
 * risks of the gates that check it (their OC_STATE_DIR), and one no gate checks with only what
 * every gateway accepts.
 */
function acceptedAt(server: ServerModel, path: string): string[] {
  const all = server.acceptedRisks.map((r) => r.id);
  const gateways = [...gatesByGateway(server).values()];
  if (gateways.length <= 1) return all;
  const risksOf = (gates: typeof server.gates) => gates.flatMap((g) => parseAcceptedRisks(g.reading.inputs?.OC_ACCEPTED_RISKS ?? "[]").risks.map((r) => r.id));
  const own = server.gates.filter((g) => `${g.reading.inputs?.OC_STATE_DIR}/openclaw.json` === path);
  if (own.length > 0) return all.filter((id) => risksOf(own).includes(id));
  return gateways.map(risksOf).reduce((a, b) => a.filter((id) => b.includes(id)));
}

export const openclawConfigHardened: StackRule = {
  name: "openclaw-config-hardened",
  description:
    "Every openclaw.json the stack ships (by any step, copy or user data) passes the checker the deploy gate also runs on the server: gateway on loopback with token or password auth from a SecretRef and a rate limit that covers loopback; no open DM or group policy, '*' allowlist or unmentioned group anywhere in a channel (accounts, groups, topics…); Code Mode and elevated off, fs workspace-only, no allow list re-allowing automation or session-spawning tools; exec and file tools denied (exec 'deny' in either spelling, the baseline deny list, per agent too), or, for every agent they reach, contained in the sandbox: mode 'all', exec host 'sandbox', rootless Podman, a container per session, read-only root, all capabilities dropped, a non-root user, a pinned image, no setup command or browser, no network or host mounts unless accepted (never the host's network, system paths, the runtime's socket, the state dir or the env file); terminal, mDNS, browser, MCP servers, hooks, plugins and config-changing chat commands off; no plain-http URL, no $include or ${} the pack cannot read; the Control UI, group chats and audit suppressions only as accepted risks (on a shared server, risks the gate of that gateway accepts: one gateway's accepted loosening is not another's).",
  why: "Each of these, loosened, turns the gateway into a remote shell for anyone who can message the bot or reach the port.",
  remediationSteps: "Keep the stack's defaults; widen access only with allowlisted numeric ids; never 'open' or '*'; name deliberate loosenings in acceptedRisks.",
  severity: "critical",
  enforcementLevel: "mandatory",
  validateStack: async (args, report) => {
    const model = await buildStackModel(args.resources);
    // Every openclaw.json shipped: by user data (its server's risks apply) and by any step (the
    // risks all its servers accept; none when it reaches no server of this stack), each at its path
    // (a shared server's gateway's own).
    const sources = [
      ...model.servers.map((s) => ({ files: s.firstBootFiles, urn: s.resource.urn, servers: [s] })),
      ...model.steps.map((st) => ({ files: st.reading.files, urn: st.resource.urn, servers: st.servers })),
    ];
    for (const { files, urn, servers } of sources) {
      for (const f of files.filter((x) => x.kind === "openclaw-config")) {
        const accepted = servers.length === 0 ? [] : servers.map((s) => acceptedAt(s, f.path)).reduce((a, b) => a.filter((x) => b.includes(x)));
        let config: unknown;
        try {
          config = JSON.parse(f.content);
        } catch {
          config = undefined;
        }
        const problems = config === undefined ? [{ message: `${f.path} is not JSON the pack can read` }] : openclawConfigProblems(config, accepted);
        for (const p of problems) report(`${f.path} (${f.via}): ${p.message}${p.risk ? ` (accept '${p.risk}' with a reason if deliberate)` : ""}`, urn);
      }
    }
  },
};
