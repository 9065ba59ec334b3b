import { journaldProblems, overlay, sshdJail } from "../lib/host-files";
import { DEFAULT_SOURCE_LIMIT, isLoopbackAddress, sourcesTooWide } from "../lib/network";
import { StackRule } from "../lib/rule";
import { buildStackModel } from "../lib/stack-model";

const seconds = (v: string | undefined) => {
  const m = v?.trim().match(/^(-?\d+)\s*([smhdw]?)$/);
  if (!m) return undefined;
  return Number(m[1]) * ({ "": 1, s: 1, m: 60, h: 3600, d: 86400, w: 604800 } as Record<string, number>)[m[2]];
};

export const fail2banSshdJail: StackRule = {
  name: "fail2ban-sshd-jail",
  description:
    "On every server, the jail files the stack ships leave fail2ban's sshd jail enabled on the SSH port, banning after at most 10 failures within at least a minute for at least a minute, exempting no wide source range; fail2ban's filters and actions are not replaced, and journald keeps the log it reads.",
  why: "fail2ban is what slows down the scanners that find every SSH port; a jail switched off in a later file, or an emptied filter, removes it silently.",
  remediationSteps: "Keep [sshd] enabled = true in jail.local with maxretry <= 10 and bantime >= 60; do not ship filter.d or action.d files.",
  severity: "high",
  enforcementLevel: "mandatory",
  validateStack: async (args, report) => {
    const model = await buildStackModel(args.resources);
    for (const server of model.servers) {
      const name = server.resource.name;
      const jailFiles = server.files.filter((f) => f.kind === "fail2ban-jail");
      for (const f of server.files.filter((x) => x.kind === "journald")) {
        for (const p of journaldProblems(f.path, f.content)) report(`server '${name}': ${p}`, server.steps.find((s) => s.reading.files.includes(f))?.resource.urn ?? server.resource.urn);
      }
      for (const f of server.files.filter((x) => x.kind === "fail2ban-other")) {
        report(`server '${name}': ${f.path} (${f.via}) replaces a fail2ban filter or action`, server.steps.find((s) => s.reading.files.includes(f))?.resource.urn ?? server.resource.urn);
      }
      if (jailFiles.length === 0) {
        report(`server '${name}' gets no fail2ban jail configuration (the sshd jail is off by default on Debian)`, server.resource.urn);
        continue;
      }
      const jail = sshdJail(overlay(jailFiles));
      // Name the step that shipped the file a value came from.
      const urnFor = (key: string) => {
        const path = jail.from[key] ?? jail.sources[jail.sources.length - 1];
        return [...server.steps].reverse().find((s) => s.reading.files.some((f) => f.path === path))?.resource.urn ?? server.resource.urn;
      };
      const urn = urnFor("enabled");
      if (!/^(true|yes|1|on)$/i.test(jail.enabled ?? "")) report(`server '${name}': the sshd jail is not enabled (enabled = ${jail.enabled ?? "unset"})`, urn);
      const maxretry = Number(jail.maxretry ?? 5);
      if (!(maxretry >= 1 && maxretry <= 10)) report(`server '${name}': the sshd jail allows ${jail.maxretry} failures (at most 10)`, urnFor("maxretry"));
      const bantime = seconds(jail.bantime ?? "600");
      if (bantime === undefined || (bantime >= 0 && bantime < 60)) report(`server '${name}': the sshd jail bans for ${jail.bantime} (at least 60 s, or -1 for ever)`, urnFor("bantime"));
      const findtime = seconds(jail.findtime ?? "600");
      if (findtime === undefined || findtime < 60) report(`server '${name}': the sshd jail counts failures over ${jail.findtime} (at least 60 s, or maxretry means nothing)`, urnFor("findtime"));
      // Exempt sources: a wide ignoreip is an allowlist for the whole internet.
      const ignored = (jail.ignoreip ?? "").split(/[\s,]+/).filter((x) => x && !isLoopbackAddress(x.replace(/\/\d+$/, "")) && x !== "::1/128");
      const wide = sourcesTooWide(ignored.map((x) => (x.includes("/") ? x : x.includes(":") ? `${x}/128` : `${x}/32`)), DEFAULT_SOURCE_LIMIT);
      if (wide) report(`server '${name}': the sshd jail's ignoreip exempts too much (${wide})`, urnFor("ignoreip"));
      // The jail must watch the port sshd listens on.
      const sshPort = server.hostFirewallSshPort;
      const ports = (jail.port ?? "ssh").split(/[\s,]+/).filter(Boolean);
      const covers = ports.some((p) => p === "all" || p === "any" || p === String(sshPort) || (p === "ssh" && sshPort === 22) || /^0?:65535$|^1:65535$/.test(p));
      if (sshPort !== undefined && !covers) report(`server '${name}': the sshd jail bans on port ${jail.port}, not on the SSH port ${sshPort}`, urnFor("port"));
    }
  },
};
