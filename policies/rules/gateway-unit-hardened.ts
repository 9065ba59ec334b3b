import { lastValue, mergedUnit, overlay, runsOpenclawGateway, unitFile, unitNames } from "../lib/host-files";
import { findSecretLooking } from "../lib/secret-patterns";
import { StackRule } from "../lib/rule";
import { buildStackModel } from "../lib/stack-model";

export const gatewayUnitHardened: StackRule = {
  name: "gateway-unit-hardened",
  description:
    "Every systemd unit the stack ships that runs the OpenClaw gateway (with its drop-ins merged) runs as a dedicated non-root user, keeps NoNewPrivileges, binds to loopback, and takes secrets from an EnvironmentFile rather than Environment= lines.",
  why: "A gateway running as root, or able to gain privileges, turns any agent tool call into root on the host; a bind flag on the command line overrides openclaw.json.",
  remediationSteps: "Run the gateway as the openclaw user with NoNewPrivileges=yes and `--bind loopback`; put secrets in the root-only env file.",
  severity: "critical",
  enforcementLevel: "mandatory",
  validateStack: async (args, report) => {
    const model = await buildStackModel(args.resources);
    for (const server of model.servers) {
      const files = overlay(server.files);
      // Variables openclaw.json reads secrets from (SecretRefs with source env): a unit that sets
      // one in plain text puts the secret in a world-readable unit file.
      const secretVars = new Set<string>();
      for (const f of server.files.filter((x) => x.kind === "openclaw-config")) {
        for (const m of f.content.matchAll(/"source"\s*:\s*"env"[^}]*?"id"\s*:\s*"([A-Za-z_][A-Za-z0-9_]*)"|"id"\s*:\s*"([A-Za-z_][A-Za-z0-9_]*)"[^}]*?"source"\s*:\s*"env"/g)) {
          secretVars.add(m[1] ?? m[2]);
        }
      }
      // Units by name, their drop-ins from every directory systemd reads merged in (a drop-in for a
      // unit the stack does not ship still applies to it when it is the gateway's).
      for (const unit of unitNames(files).filter((n) => n.endsWith(".service"))) {
        const merged = mergedUnit(files, unit);
        const shipper = [...server.steps].reverse().find((st) => st.reading.files.some((f) => f.path.endsWith(`/${unit}`) || f.path.includes(`/${unit}.d/`)));
        const urn = shipper?.resource.urn ?? server.resource.urn;
        const isGateway = runsOpenclawGateway(merged) || (!unitFile(files, unit) && /openclaw/.test(unit));
        if (!isGateway) continue;
        const where = `server '${server.resource.name}' unit ${unit}`;
        const user = lastValue(merged, "Service.User");
        if (!user || user === "root" || user === "0") report(`${where} runs the gateway as ${user ? "root" : "root (no User=)"}`, urn);
        if ((lastValue(merged, "Service.DynamicUser") ?? "no") === "no" && user && /^(ops|admin|ubuntu|debian)$/.test(user)) {
          report(`${where} runs the gateway as '${user}', an admin login, not a dedicated service user`, urn);
        }
        const nnp = lastValue(merged, "Service.NoNewPrivileges");
        if (nnp !== undefined && !/^(yes|true|1|on)$/i.test(nnp)) report(`${where} sets NoNewPrivileges=${nnp}`, urn);
        for (const exec of merged.get("Service.ExecStart") ?? []) {
          const bind = exec.match(/--bind[= ]+(\S+)/)?.[1];
          if (bind && bind !== "loopback") report(`${where} starts the gateway with --bind ${bind}`, urn);
        }
        for (const env of merged.get("Service.Environment") ?? []) {
          const names = [...env.matchAll(/(?:^|\s)"?([A-Za-z_][A-Za-z0-9_]*)=/g)].map((m) => m[1]);
          if (/OPENCLAW_GATEWAY_(TOKEN|PASSWORD)=|_API_KEY=|BOT_TOKEN=/.test(env) || names.some((n) => secretVars.has(n)) || findSecretLooking(env).length > 0) {
            report(`${where} puts a secret in an Environment= line (use the root-only EnvironmentFile)`, urn);
          }
          // The gateway must read a config this pack has checked.
          const configPath = env.match(/(?:^|\s)"?OPENCLAW_CONFIG_PATH=([^\s"]+)/)?.[1];
          if (configPath && !files.has(configPath)) report(`${where} points the gateway at ${configPath}, an openclaw.json the stack does not ship`, urn);
          else if (configPath && !configPath.endsWith("/openclaw.json")) report(`${where} points the gateway at ${configPath}; name it openclaw.json so its content is checked`, urn);
        }
      }
    }
  },
};
