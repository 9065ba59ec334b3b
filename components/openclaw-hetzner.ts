import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { settingsFromArgs } from "../settings/args";
import type { Settings } from "../settings/load";
import type { OpenClawHetznerArgs } from "./openclaw-hetzner-args";
import { HetznerServer } from "./hetzner/hetzner-server";
import { HostHardening } from "./host/host-hardening";
import { NodeJs } from "./nodejs/nodejs";
import { AuditSummary, OpenClawGateway } from "./openclaw/openclaw-gateway";
import { adminConnection, deployPublicKeyOf } from "./remote/admin-connection";
import { StepChain } from "./remote/step-chain";
import { hostPackagesInputs } from "./step-inputs";

/** The deployment's child components and settings. */
interface Parts {
  settings: Settings;
  server: HetznerServer;
  hardening: HostHardening;
  nodejs: NodeJs;
  gateway: OpenClawGateway;
}

/** Child components and settings: not outputs of the package (the analyzer reads every field). */
const PARTS = new WeakMap<OpenClawHetzner, Parts>();

/** The whole deployment: server, first boot, host hardening, Node.js, the gateway and its audit. */
export class OpenClawHetzner extends pulumi.ComponentResource {
  /** `ssh` to the admin user on the server. */
  readonly sshCommand: pulumi.Output<string>;
  /** The SSH tunnel to the loopback gateway (and the Control UI, when on). */
  readonly tunnelCommand: pulumi.Output<string>;
  /** What OpenClaw's security audit found at the deploy gate (counts and check ids; no secrets). */
  readonly auditSummary: pulumi.Output<AuditSummary>;
  /** The server's public IPv4 address. */
  readonly ipv4: pulumi.Output<string>;
  /** The server's public IPv6 address. */
  readonly ipv6: pulumi.Output<string>;
  /** The gateway token (secret): the stack's gatewayToken, or one generated and kept in state. */
  readonly gatewayToken: pulumi.Output<string>;

  get settings(): Settings { return PARTS.get(this)!.settings; }
  get server(): HetznerServer { return PARTS.get(this)!.server; }
  get hardening(): HostHardening { return PARTS.get(this)!.hardening; }
  get nodejs(): NodeJs { return PARTS.get(this)!.nodejs; }
  get gateway(): OpenClawGateway { return PARTS.get(this)!.gateway; }

  constructor(name: string, args: OpenClawHetznerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("openclaw-hetzner:index:OpenClawHetzner", name, {}, opts);
    const s = settingsFromArgs(name, args);
    const parts = {} as Parts;
    PARTS.set(this, parts);
    parts.settings = s;
    parts.server = new HetznerServer(name, { settings: s, deployPublicKey: deployPublicKeyOf(s) }, { parent: this });
    const host = args.host ?? parts.server.ipv4;
    const connection = adminConnection(s, host);

    // The steps form a graph, as Pulumi's engine runs them: each waits only for what it needs, and
    // the deploy gate waits for all (the chain keeps the list). Every step waits for first boot
    // (cloud-init's own apt run and users). Nothing but the gate waits for the SSH hardening: first
    // boot's drop-in already refuses root and passwords and sets the port every step connects on;
    // the hardening narrows algorithms and forwarding, which the gate verifies before anything
    // counts as deployed. Every step is named `${name}-<step>`.
    const chain = new StepChain(name, connection);
    const waitForBoot = chain.add("wait-for-boot", { after: [parts.server.server], parent: this });
    // One apt transaction for every package the host steps configure, from sources that carry the
    // security suite, then the pending security fixes.
    const packages = chain.add("host-packages", { inputs: hostPackagesInputs(s), after: [waitForBoot], parent: this });
    parts.hardening = new HostHardening(`${name}-host`, { settings: s, chain, afterBoot: waitForBoot, afterPackages: packages }, { parent: this });
    // Node.js needs no package (apt's own downloader fetches it), so it and OpenClaw, the long path,
    // install while the host packages do.
    parts.nodejs = new NodeJs(`${name}-nodejs`, { settings: s, chain, after: waitForBoot }, { parent: this });
    // Without a configured token, 48 random alphanumerics (~285 bits), generated once and kept
    // (secret) in stack state, so no example value can ever end up guarding a gateway.
    this.gatewayToken =
      s.secrets.gatewayToken ??
      pulumi.secret(new random.RandomPassword(`${name}-gateway-token`, { length: 48, special: false }, { parent: this }).result);
    parts.gateway = new OpenClawGateway(
      `${name}-gateway`,
      { settings: s, chain, afterBoot: waitForBoot, afterPackages: packages, afterNode: parts.nodejs.install, gatewayToken: this.gatewayToken },
      { parent: this },
    );

    this.ipv4 = parts.server.ipv4;
    this.ipv6 = parts.server.ipv6;
    const portFlag = s.sshPort === 22 ? "" : ` -p ${s.sshPort}`;
    this.sshCommand = pulumi.interpolate`ssh${portFlag} ${s.adminUser}@${host}`;
    this.tunnelCommand = pulumi.interpolate`ssh -N -L ${s.gatewayPort}:127.0.0.1:${s.gatewayPort}${portFlag} ${s.adminUser}@${host}`;
    this.auditSummary = parts.gateway.auditSummary;
    this.registerOutputs({ sshCommand: this.sshCommand, tunnelCommand: this.tunnelCommand, auditSummary: this.auditSummary, gatewayToken: this.gatewayToken });
  }
}
