import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { Settings } from "../settings/load";
import { HetznerServer } from "./hetzner/hetzner-server";
import { publicKeyFromPrivate } from "./hetzner/ssh-public-key";
import { HostHardening } from "./host/host-hardening";
import { NodeJs } from "./nodejs/nodejs";
import { AuditSummary, OpenClawGateway } from "./openclaw/openclaw-gateway";
import { Connection, RemoteStep } from "./remote/remote-step";
import { hostPackagesInputs } from "./step-inputs";

export interface OpenClawHetznerArgs {
  /** Validated stack settings (see settings/schema.ts). */
  settings: Settings;
  /**
   * Where the remote steps connect. Defaults to the new server's IPv4 address; the local stand-in
   * harness passes its own address.
   */
  host?: pulumi.Input<string>;
}

/** The whole deployment: server, first boot, host hardening, Node.js, the gateway and its audit. */
export class OpenClawHetzner extends pulumi.ComponentResource {
  readonly server: HetznerServer;
  readonly hardening: HostHardening;
  readonly nodejs: NodeJs;
  readonly gateway: OpenClawGateway;
  readonly sshCommand: pulumi.Output<string>;
  readonly tunnelCommand: pulumi.Output<string>;
  readonly auditSummary: pulumi.Output<AuditSummary>;
  /** The gateway token (secret): the stack's gatewayToken, or one generated and kept in state. */
  readonly gatewayToken: pulumi.Output<string>;

  constructor(name: string, args: OpenClawHetznerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("openclaw-hetzner:index:OpenClawHetzner", name, {}, opts);
    const s = args.settings;
    const deployKey = s.secrets.deployPrivateKey;
    // The public half is not secret; unsecret it so user data stays readable (and checkable).
    const deployPublicKey = deployKey ? pulumi.unsecret(deployKey.apply((k) => publicKeyFromPrivate(k))) : undefined;

    this.server = new HetznerServer(name, { settings: s, deployPublicKey }, { parent: this });
    const host = args.host ?? this.server.ipv4;
    const connection: pulumi.Input<Connection> = {
      host,
      port: s.sshPort,
      user: s.adminUser,
      // Without a deploy key the provider uses the operator's SSH agent (SSH_AUTH_SOCK).
      ...(deployKey ? { privateKey: deployKey } : {}),
      // A new server needs a minute or two before sshd answers.
      dialErrorLimit: 60,
      perDialTimeout: 10,
    };

    // The steps form a graph, as Pulumi's engine runs them: each waits only for what it needs, and
    // the deploy gate waits for all. Every step waits for first boot (cloud-init's own apt run and
    // users). Nothing but the gate waits for the SSH hardening: first boot's drop-in already refuses
    // root and passwords and sets the port every step connects on; the hardening narrows
    // algorithms and forwarding, which the gate verifies before anything counts as deployed.
    const waitForBoot = new RemoteStep(
      "wait-for-boot",
      { connection, step: "wait-for-boot" },
      { parent: this, dependsOn: [this.server.server] },
    );
    // One apt transaction for every package the host steps configure, from sources that carry the
    // security suite, then the pending security fixes.
    const packages = new RemoteStep(
      "host-packages",
      { connection, step: "host-packages", inputs: hostPackagesInputs(s) },
      { parent: this, dependsOn: [waitForBoot.command] },
    );
    this.hardening = new HostHardening(
      "host",
      { settings: s, connection, afterBoot: waitForBoot.command, afterPackages: packages.command },
      { parent: this },
    );
    // Node.js needs no package (apt's own downloader fetches it), so it and OpenClaw, the long path,
    // install while the host packages do.
    this.nodejs = new NodeJs("nodejs", { settings: s, connection, after: waitForBoot.command }, { parent: this });
    // Without a configured token, 48 random alphanumerics (~285 bits), generated once and kept
    // (secret) in stack state, so no example value can ever end up guarding a gateway.
    this.gatewayToken =
      s.secrets.gatewayToken ??
      pulumi.secret(new random.RandomPassword(`${name}-gateway-token`, { length: 48, special: false }, { parent: this }).result);
    this.gateway = new OpenClawGateway(
      "gateway",
      {
        settings: s,
        connection,
        afterBoot: waitForBoot.command,
        afterPackages: packages.command,
        afterNode: this.nodejs.install.command,
        upstream: [waitForBoot, packages, ...this.hardening.steps, this.nodejs.install],
        gatewayToken: this.gatewayToken,
      },
      { parent: this },
    );

    const portFlag = s.sshPort === 22 ? "" : ` -p ${s.sshPort}`;
    this.sshCommand = pulumi.interpolate`ssh${portFlag} ${s.adminUser}@${host}`;
    this.tunnelCommand = pulumi.interpolate`ssh -N -L ${s.gatewayPort}:127.0.0.1:${s.gatewayPort}${portFlag} ${s.adminUser}@${host}`;
    this.auditSummary = this.gateway.auditSummary;
    this.registerOutputs({ sshCommand: this.sshCommand, tunnelCommand: this.tunnelCommand, auditSummary: this.auditSummary, gatewayToken: this.gatewayToken });
  }
}
