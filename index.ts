// Entry point: stack config -> validated settings, one per gateway -> a deployment per gateway ->
// stack outputs. A stack without `gateways` is one gateway, with the outputs it always had; a
// fleet's outputs are maps by gateway name. (The outputs are the value of this module, as Pulumi
// runs a program that exports a function, so each kind of stack shows only its own.)
import * as pulumi from "@pulumi/pulumi";
import { OpenClawHetzner } from "./components/openclaw-hetzner";
import { OpenClawSharedServer } from "./components/openclaw-shared-server";
import { argsFromSettings } from "./settings/args";
import { loadFleet } from "./settings/fleet";
import { argsFromSharedGateways } from "./settings/shared-args";

/** What an operator needs of one gateway (no secrets). */
function outputsOf(d: OpenClawHetzner) {
  return {
    ipv4: d.ipv4,
    ipv6: d.ipv6,
    sshCommand: d.sshCommand,
    tunnelCommand: d.tunnelCommand,
    gatewayUrl: `http://127.0.0.1:${d.settings.gatewayPort}/ (through the tunnel)`,
    securityAudit: d.auditSummary,
  };
}

export = () => {
  const fleet = loadFleet();
  if (fleet.placement === "shared") {
    // Every gateway on one server, the top-level serverName (each as its own service user).
    const server = new OpenClawSharedServer(fleet.gateways[0].settings.serverName, argsFromSharedGateways(fleet.gateways));
    return {
      gateways: Object.fromEntries(
        server.gateways.map((g) => [
          g.name,
          {
            ipv4: server.ipv4,
            ipv6: server.ipv6,
            sshCommand: server.sshCommand,
            tunnelCommand: g.tunnelCommand,
            gatewayUrl: `http://127.0.0.1:${g.settings.gatewayPort}/ (through the tunnel)`,
            securityAudit: g.gateway.auditSummary,
            // Its names on the server are suffixed with it (openclaw-gateway-<id>…): status reads them.
            gatewayId: g.settings.gatewayId,
          },
        ]),
      ),
      gatewayTokens: pulumi.secret(Object.fromEntries(server.gateways.map((g) => [g.name, g.gatewayToken]))),
    };
  }
  const deployments = fleet.gateways.map((g) => ({ name: g.name, deployment: new OpenClawHetzner(g.settings.serverName, argsFromSettings(g.settings)) }));
  if (!fleet.isFleet) {
    const { deployment } = deployments[0];
    // gatewayToken is secret: `pulumi stack output gatewayToken --show-secrets` (clients need it through the tunnel).
    return { ...outputsOf(deployment), gatewayToken: deployment.gatewayToken };
  }
  return {
    gateways: Object.fromEntries(deployments.map((d) => [d.name, outputsOf(d.deployment)])),
    // Secret: `pulumi stack output gatewayTokens --show-secrets`, each gateway's token by name.
    gatewayTokens: pulumi.secret(Object.fromEntries(deployments.map((d) => [d.name, d.deployment.gatewayToken]))),
  };
};
