// Rule tests register real resources (hcloud, @pulumi/command, our components) under Pulumi's
// mocks, then evaluate the pack through @pulumi/policy's analyzer handlers, as the CLI would.
import * as command from "@pulumi/command";
import * as hcloud from "@pulumi/hcloud";
import { OpenClawHetzner } from "../../components/openclaw-hetzner";
import { parseSettings } from "../../settings/load";
import { rules } from "../../policies/rules";
import { analyze, PolicyConfig, Violation } from "../../plan/analyze";
import { PROJECT, runMocked } from "../../plan/capture";
import { baseValues, rawConfig } from "../fixtures/stack";

export { command, hcloud };

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
  return new OpenClawHetzner("openclaw", { settings });
}

export function by(violations: Violation[], policy: string): Violation[] {
  return violations.filter((v) => v.policy === policy);
}

export const SSH_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx4c0bWmWyN1hY3S8i2pXgq3cJ0h9O5cM8Ue2l4N7kQ alice@laptop";

/** A firewall with the given inbound rules. */
export function firewall(rules: { protocol: string; port?: string; sourceIps: string[] }[]) {
  return new hcloud.Firewall("fw", { rules: rules.map((r) => ({ direction: "in", ...r })) });
}

/** A server with sane values unless overridden. */
export function server(args: Partial<hcloud.ServerArgs> = {}, fw?: hcloud.Firewall) {
  const firewallIds = fw ? [fw.id.apply(Number)] : [];
  return new hcloud.Server("srv", { serverType: "cx23", image: "debian-13", sshKeys: ["1"], firewallIds, ...args });
}

export function remoteCommand(args: Partial<command.remote.CommandArgs>, opts: { additionalSecretOutputs?: string[] } = {}) {
  return new command.remote.Command("step", { connection: { host: "203.0.113.10", user: "ops", privateKey: "k" }, create: "true", ...args }, opts);
}
