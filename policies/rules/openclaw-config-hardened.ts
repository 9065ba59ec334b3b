import { ResourceRule, TYPES } from "../lib/rule";
import { publishedFiles } from "../lib/published";

/** The checks, on a parsed openclaw.json; each returns a problem or nothing. */
export function openclawConfigProblems(c: any): string[] {
  const problems: string[] = [];
  const gw = c?.gateway ?? {};
  const auth = gw.auth ?? {};
  if (gw.bind !== "loopback" && !(gw.bind === "tailnet" && ["token", "password"].includes(auth.mode))) {
    problems.push(`gateway.bind is '${gw.bind ?? "unset"}' (loopback, or tailnet with auth)`);
  }
  if (!["token", "password"].includes(auth.mode)) problems.push(`gateway.auth.mode is '${auth.mode ?? "unset"}' (token or password)`);
  for (const field of ["token", "password"]) {
    if (typeof auth[field] === "string") problems.push(`gateway.auth.${field} is a literal value (use a SecretRef to the env file)`);
  }
  for (const [name, channel] of Object.entries((c?.channels ?? {}) as Record<string, any>)) {
    if (!channel || typeof channel !== "object") continue;
    if (channel.dmPolicy === "open") problems.push(`channels.${name}.dmPolicy is 'open'`);
    if (channel.groupPolicy === "open") problems.push(`channels.${name}.groupPolicy is 'open'`);
    for (const list of ["allowFrom", "groupAllowFrom"]) {
      if (Array.isArray(channel[list]) && channel[list].some((v: unknown) => String(v).trim() === "*")) {
        problems.push(`channels.${name}.${list} contains the wildcard '*'`);
      }
    }
    for (const [group, g] of Object.entries((channel.groups ?? channel.guilds ?? {}) as Record<string, any>)) {
      if (g?.requireMention === false) problems.push(`channels.${name} group ${group} does not require a mention`);
    }
  }
  const tools = c?.tools ?? {};
  if (tools.exec?.security === "full") problems.push("tools.exec.security is 'full'");
  if (tools.exec?.security === undefined) problems.push("tools.exec.security is not set explicitly");
  if (tools.elevated?.enabled !== false) problems.push("tools.elevated.enabled is not false");
  if (tools.fs?.workspaceOnly !== true) problems.push("tools.fs.workspaceOnly is not true");
  if (tools.profile === "full" || tools.profile === "coding") problems.push(`tools.profile is '${tools.profile}'`);
  return problems;
}

export const openclawConfigHardened: ResourceRule = {
  name: "openclaw-config-hardened",
  description:
    "The deployed openclaw.json keeps the gateway on loopback (or tailnet with auth), with token or password auth from a SecretRef, no open DM or group policy, no '*' allowlists, mentions required in groups, exec not 'full', elevated off, fs workspace-only.",
  why: "Each of these, loosened, turns the gateway into a remote shell for anyone who can message the bot or reach the port.",
  remediationSteps: "Keep the stack's defaults; widen access only with allowlisted numeric ids; never 'open' or '*'.",
  severity: "critical",
  enforcementLevel: "mandatory",
  validateResource: (args, report) => {
    if (args.type !== TYPES.command) return;
    const config = publishedFiles(args.props).openclawConfig;
    if (config === undefined) return;
    for (const problem of openclawConfigProblems(config)) report(problem);
  },
};
