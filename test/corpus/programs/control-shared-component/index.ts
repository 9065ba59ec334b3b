// Control, not an evasion: a program of its own (not this project's index.ts) that puts two
// gateways on one server with OpenClawSharedServer's typed Args, as the npm package exports it,
// reading its keys and secrets from the stack config. It must pass the pack (exit 0): the pack
// judges what is deployed, not which program wrote it.
import * as pulumi from "@pulumi/pulumi";
import { OpenClawSharedServer } from "../../../../components/openclaw-shared-server";

const config = new pulumi.Config();
const team = new OpenClawSharedServer("team", {
  defaults: {
    location: "nbg1",
    adminSshKeys: config.requireObject<string[]>("adminSshKeys"),
    sshAllowedCidrs: config.requireObject<string[]>("sshAllowedCidrs"),
    modelApiKeys: { ANTHROPIC_API_KEY: config.requireSecretObject<Record<string, string>>("modelApiKeys").apply((keys) => keys.ANTHROPIC_API_KEY) },
  },
  gateways: {
    support: { channels: { telegram: { dmPolicy: "pairing" } }, telegramBotToken: config.requireSecret("telegramBotToken") },
    research: { gatewayPort: 18790, toolProfile: "minimal" },
  },
});

export const sshCommand = team.sshCommand;
export const tunnels = Object.fromEntries(team.gateways.map((g) => [g.name, g.tunnelCommand]));
