import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { Settings } from "../settings/load";
import { sharedGatewaysFromArgs } from "../settings/shared-args";
import { HetznerServer } from "./hetzner/hetzner-server";
import { HostHardening } from "./host/host-hardening";
import { gatewayLayout } from "./openclaw/layout";
import { NodeJs } from "./nodejs/nodejs";
import type { OpenClawSharedServerArgs } from "./openclaw-shared-server-args";
import { OpenClawGateway } from "./openclaw/openclaw-gateway";
import { adminConnection, deployPublicKeyOf } from "./remote/admin-connection";
import { StepChain } from "./remote/step-chain";
import { hostPackagesInputs } from "./step-inputs";

/** What one gateway of the server gives its operator. */
export interface SharedGateway {
  name: string;
  settings: Settings;
  gateway: OpenClawGateway;
  /** Secret: the gateway's token (the stack's, or generated and kept in state). */
  gatewayToken: pulumi.Output<string>;
  tunnelCommand: pulumi.Output<string>;
}

/**
 * Several gateways on one server (placement: shared): the server, first boot (a service user per
 * gateway), the host's hardening and Node.js once, then each gateway as its own user with its own
 * state, env file, unit, install root, jobs and port, and a deploy gate per gateway after every
 * step of the server (a step of one gateway can loosen the host under another).
 */
export class OpenClawSharedServer extends pulumi.ComponentResource {
  readonly server: HetznerServer;
  readonly hardening: HostHardening;
  readonly nodejs: NodeJs;
  readonly gateways: SharedGateway[];
  readonly sshCommand: pulumi.Output<string>;
  readonly ipv4: pulumi.Output<string>;
  readonly ipv6: pulumi.Output<string>;

  constructor(name: string, args: OpenClawSharedServerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("openclaw-hetzner:index:OpenClawSharedServer", name, {}, opts);
    // Validated as a stack config with placement: shared is: each gateway over the defaults, its id
    // its name, no port twice, no server key in an entry.
    const gateways = sharedGatewaysFromArgs(name, args);
    // The server keys are the same for every gateway (only the defaults set them); the host's sshd
    // lets the tunnel reach every gateway's port.
    const host: Settings = Object.freeze({ ...gateways[0].settings, gatewayId: undefined, tunnelPorts: gateways.map((g) => g.settings.gatewayPort) });
    this.server = new HetznerServer(name, { settings: host, deployPublicKey: deployPublicKeyOf(host), gatewayIds: gateways.map((g) => g.settings.gatewayId!) }, { parent: this });
    const address = args.host ?? this.server.ipv4;
    const connection = adminConnection(host, address);

    // The same graph as a dedicated server's (components/openclaw-hetzner.ts), the gateway steps
    // once per gateway, the gates last.
    const chain = new StepChain(name, connection);
    const waitForBoot = chain.add("wait-for-boot", {
      inputs: { OC_SERVICE_USERS: gateways.map((g) => gatewayLayout(g.settings.gatewayId).serviceUser).join(" ") },
      after: [this.server.server],
      parent: this,
    });
    const packages = chain.add("host-packages", { inputs: hostPackagesInputs(host), after: [waitForBoot], parent: this });
    this.hardening = new HostHardening(`${name}-host`, { settings: host, chain, afterBoot: waitForBoot, afterPackages: packages }, { parent: this });
    this.nodejs = new NodeJs(`${name}-nodejs`, { settings: host, chain, after: waitForBoot }, { parent: this });

    const portFlag = host.sshPort === 22 ? "" : ` -p ${host.sshPort}`;
    this.gateways = gateways.map((g) => {
      const s = g.settings;
      const gatewayToken =
        s.secrets.gatewayToken ??
        pulumi.secret(new random.RandomPassword(`${name}-${g.name}-gateway-token`, { length: 48, special: false }, { parent: this }).result);
      const gateway = new OpenClawGateway(
        `${name}-${g.name}-gateway`,
        { settings: s, chain, afterBoot: waitForBoot, afterPackages: packages, afterNode: this.nodejs.install, gatewayToken, deferGate: true },
        { parent: this },
      );
      const tunnelCommand = pulumi.interpolate`ssh -N -L ${s.gatewayPort}:127.0.0.1:${s.gatewayPort}${portFlag} ${host.adminUser}@${address}`;
      return { name: g.name, settings: s, gateway, gatewayToken, tunnelCommand };
    });
    for (const g of this.gateways) g.gateway.addGate();

    this.ipv4 = this.server.ipv4;
    this.ipv6 = this.server.ipv6;
    this.sshCommand = pulumi.interpolate`ssh${portFlag} ${host.adminUser}@${address}`;
    this.registerOutputs({ sshCommand: this.sshCommand, ipv4: this.ipv4, ipv6: this.ipv6 });
  }
}
