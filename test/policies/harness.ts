// Rule tests register real resources (hcloud, @pulumi/command, our components) under Pulumi's
// mocks, then evaluate the pack through @pulumi/policy's analyzer handlers, as the CLI would.
import * as command from "@pulumi/command";
import * as hcloud from "@pulumi/hcloud";
import * as pulumi from "@pulumi/pulumi";
import { firewallRules } from "../../components/hetzner/firewall-rules";
import { renderUserData } from "../../components/hetzner/user-data";
import { OpenClawHetzner } from "../../components/openclaw-hetzner";
import { OpenClawSharedServer } from "../../components/openclaw-shared-server";
import { parseFleet } from "../../settings/fleet";
import { argsFromSettings } from "../../settings/args";
import { argsFromSharedGateways } from "../../settings/shared-args";
import { base64, renderStepCommand } from "../../components/remote/command-line";
import { auditGatewayInputs, configureGatewayInputs, fail2banInputs, hardenSshInputs, hostBasicsInputs, osHardeningInputs, ufwInputs } from "../../components/step-inputs";
import { RemoteStep, RemoteStepArgs } from "../../components/remote/remote-step";
import { commandDigest, decodeStepCommand, stepCommandLine } from "../../policies/lib/catalogue";
import { parseSettings } from "../../settings/load";
import { rules } from "../../policies/rules";
import { analyze, PolicyConfig, Violation } from "../../plan/analyze";
import { PROJECT, runMocked } from "../../plan/capture";
import { baseValues, rawConfig, stackConfig } from "../fixtures/stack";

export { base64, command, hcloud, pulumi, RemoteStep };

export async function violationsOf(
  program: () => void,
  opts: { preview?: boolean; config?: PolicyConfig } = {},
): Promise<Violation[]> {
  const run = await runMocked({
    config: {},
    secretKeys: [],
    preview: opts.preview,
    program: () => {
      program();
      return {};
    },
  });
  return analyze(run.resources, rules, { packName: "openclaw-hetzner", packVersion: "0.0.0-test", config: opts.config });
}

/** The real deployment component with the example settings (plus overrides). */
export function deployment(overrides: Record<string, unknown> = {}): OpenClawHetzner {
  const settings = parseSettings(PROJECT, "dev", rawConfig({ ...baseValues(), ...overrides }));
  return new OpenClawHetzner("openclaw", argsFromSettings(settings));
}

/** Mandatory violations of one rule. */
export function by(violations: Violation[], policy: string): Violation[] {
  return violations.filter((v) => v.policy === policy);
}

/** The messages of one rule's violations, joined (for toContain / toMatch). */
export function messages(violations: Violation[], policy: string): string {
  return by(violations, policy)
    .map((v) => v.message)
    .join("\n");
}

export const SSH_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx4c0bWmWyN1hY3S8i2pXgq3cJ0h9O5cM8Ue2l4N7kQ alice@laptop";

/** A firewall with the given inbound rules. */
export function firewall(rules: { protocol: string; port?: string; sourceIps: string[] }[], name = "fw") {
  return new hcloud.Firewall(name, { rules: rules.map((r) => ({ direction: "in", ...r })) });
}

/** A server with sane values unless overridden. */
export function server(args: Partial<hcloud.ServerArgs> = {}, fw?: hcloud.Firewall) {
  const firewallIds = fw ? [fw.id.apply(Number)] : [];
  return new hcloud.Server("srv", { serverType: "cx23", image: "debian-13", sshKeys: ["1"], firewallIds, backups: true, deleteProtection: true, rebuildProtection: true, ...args });
}

export function remoteCommand(args: Partial<command.remote.CommandArgs>, opts: pulumi.CustomResourceOptions = {}, name = "step") {
  return new command.remote.Command(name, { connection: { host: "203.0.113.10", user: "ops", privateKey: "k" }, create: "true", ...args }, opts);
}

/** A remote step connected to the deployment's server, ordered before its gate? Not by itself: pass dependsOn. */
export function stepOn(d: OpenClawHetzner, name: string, args: Partial<command.remote.CommandArgs>, opts: pulumi.CustomResourceOptions = {}) {
  return new command.remote.Command(name, { connection: { host: d.server.ipv4, user: "ops", privateKey: "k" }, create: "true", ...args }, opts);
}

/**
 * The deployment assembled by hand from the catalogue and the renderers, with room for extra steps
 * before the gate: what a program that composes its own deployment looks like. `extra` gets the
 * connection and the step to run after, and returns its steps with their literal create commands;
 * the gate depends on them and re-runs on their digests, as the pack requires.
 */
export function handBuilt(
  opts: {
    overrides?: Record<string, unknown>;
    extra?: (connection: command.types.input.remote.ConnectionArgs, after: pulumi.Resource) => { resource: pulumi.Resource; create: string }[];
    /** Leave the extra steps' digests out of the gate's triggers. */
    omitExtraDigests?: boolean;
    /** Gate inputs to change (e.g. another port than the stack ships). */
    gateInputs?: Record<string, string>;
    /** The gate's command line, changed after rendering (a fake gate). */
    tamperGate?: (command: string) => string;
    /** A literal host for the gate's connection (another machine). */
    gateHost?: string;
    userData?: string;
    /** Catalogue steps to leave out (a deployment that drops one). */
    without?: string[];
  } = {},
) {
  const s = parseSettings(PROJECT, "dev", rawConfig({ ...baseValues(), ...(opts.overrides ?? {}) }));
  const fw = new hcloud.Firewall("fw", { rules: firewallRules(s) });
  const srv = new hcloud.Server("srv", {
    serverType: "cx23",
    image: s.image,
    sshKeys: ["1"],
    firewallIds: [fw.id.apply(Number)],
    backups: s.backups,
    deleteProtection: s.protection,
    rebuildProtection: s.protection,
    userData: opts.userData ?? renderUserData(s),
  });
  const connection = { host: srv.ipv4Address, user: s.adminUser, port: s.sshPort, privateKey: "k" };
  const chain: RemoteStep[] = [];
  const step = (name: string, args: Omit<RemoteStepArgs, "connection">) => {
    if (opts.without?.includes(name)) return;
    const previous = chain.length > 0 ? chain[chain.length - 1].command : srv;
    const st = new RemoteStep(name, { connection, ...args }, { dependsOn: [previous] });
    chain.push(st);
    return st;
  };
  step("wait-for-boot", { step: "wait-for-boot" });
  step("harden-ssh", { step: "harden-ssh", inputs: hardenSshInputs(s) });
  step("ufw", { step: "ufw", inputs: ufwInputs(s) });
  step("fail2ban", { step: "fail2ban", inputs: fail2banInputs(s) });
  step("host-basics", { step: "host-basics", inputs: hostBasicsInputs(s) });
  step("os-hardening", { step: "os-hardening", inputs: osHardeningInputs() });
  step("configure-gateway", { step: "configure-gateway", inputs: configureGatewayInputs(s) });
  const extras = opts.extra ? opts.extra(connection, chain[chain.length - 1].command) : [];
  const extraDigests = opts.omitExtraDigests ? [] : extras.map((e) => commandDigest(e.create));
  const gate = new command.remote.Command(
    "audit-gateway",
    {
      connection: opts.gateHost ? { ...connection, host: opts.gateHost } : connection,
      create: (opts.tamperGate ?? ((c: string) => c))(
        renderStepCommand("audit-gateway", { ...auditGatewayInputs(s), ...(opts.gateInputs ?? {}) }).command,
      ),
      triggers: [...chain.map((c) => c.digest), ...extraDigests],
      logging: "stdoutAndStderr",
    },
    { dependsOn: [chain[chain.length - 1].command, ...extras.map((e) => e.resource)] },
  );
  return { settings: s, firewall: fw, server: srv, connection, steps: chain, gate };
}

/** Two gateways on one server, as examples/shared.yaml has them: each its own port and channels. */
export const SHARED_GATEWAYS: Record<string, Record<string, unknown>> = {
  alice: { gatewayPort: 18789, channels: { telegram: { dmPolicy: "allowlist", allowFrom: ["111111111"] } } },
  bob: { gatewayPort: 18790, toolProfile: "minimal", channels: { telegram: { dmPolicy: "pairing" } } },
};

/**
 * The program's shared server (placement: shared, components/openclaw-shared-server.ts) with the
 * example settings and `gateways` (name -> own keys), each with its own bot token; `overrides` are
 * top-level (the server's) keys. The gateway tokens are generated.
 */
export function sharedServer(
  gateways: Record<string, Record<string, unknown>> = SHARED_GATEWAYS,
  opts: { overrides?: Record<string, unknown>; transformations?: pulumi.ResourceTransformation[] } = {},
): OpenClawSharedServer {
  const { gatewayToken: _token, telegramBotToken: _bot, channels: _channels, ...shared } = baseValues();
  const gatewaySecrets = Object.fromEntries(Object.keys(gateways).map((name, i) => [name, { telegramBotToken: `12345678${i}:LEAKCHECK-tg-${name}-AAbbCCddEEffGGhhIIjj` }]));
  const { config, secretKeys } = stackConfig({ ...shared, ...(opts.overrides ?? {}), placement: "shared", gateways, gatewaySecrets });
  const secret = [...secretKeys, `${PROJECT}:gatewaySecrets`];
  const fleet = parseFleet(PROJECT, "dev", { all: config, isSecret: (k: string) => secret.includes(k) });
  return new OpenClawSharedServer(fleet.gateways[0].settings.serverName, argsFromSharedGateways(fleet.gateways), { transformations: opts.transformations ?? [] });
}

/**
 * A transformation that re-renders the catalogue step named `name` in the catalogue's form with
 * some inputs changed (or removed: ""), and swaps its digest in every trigger that held it (its own,
 * the gates'), as a careful author would: gate-last cannot refuse it for its ordering or triggers.
 */
export function restep(name: string, inputs: Record<string, string> | ((current: Record<string, string>) => Record<string, string>)): pulumi.ResourceTransformation {
  const digests = new Map<string, string>();
  const swap = (t: unknown[]) => t.map((v) => (typeof v === "string" && digests.has(v) ? digests.get(v) : v));
  return (args) => {
    if (args.type !== "command:remote:Command") return undefined;
    if (args.name === name) {
      const create = args.props.create as string;
      const decoded = decodeStepCommand(create);
      if (!decoded) throw new Error(`${name} is not in the catalogue's form`);
      const change = typeof inputs === "function" ? inputs(decoded.inputs) : inputs;
      const changed = stepCommandLine(decoded.step, decoded.body, Object.fromEntries(Object.entries({ ...decoded.inputs, ...change }).filter(([, v]) => v !== "")));
      digests.set(commandDigest(create), commandDigest(changed));
      return { props: { ...args.props, create: changed, triggers: pulumi.output(args.props.triggers).apply(swap) }, opts: args.opts };
    }
    if (args.props.triggers === undefined) return undefined;
    return { props: { ...args.props, triggers: pulumi.output(args.props.triggers).apply(swap) }, opts: args.opts };
  };
}
