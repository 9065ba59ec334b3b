import * as pulumi from "@pulumi/pulumi";
import type { Settings } from "../../settings/load";
import { Connection, RemoteStep } from "../remote/remote-step";
import { needsSubordinateIds } from "./agent-sandbox";
import { agentSandboxInputs, auditGatewayInputs, configureGatewayInputs, gatewayEnvFile, gatewaySecretsInputs, installOpenclawInputs, maintenanceInputs, sandboxUsernsInputs } from "../step-inputs";

export interface OpenClawGatewayArgs {
  /** Validated stack settings. */
  settings: Settings;
  /** SSH connection of the remote steps. */
  connection: pulumi.Input<Connection>;
  /** First boot finished: the secrets step needs nothing else. */
  afterBoot: pulumi.Resource;
  /** The host packages installed: the sandbox step's apt run comes after theirs. */
  afterPackages: pulumi.Resource;
  /** Node.js installed: the OpenClaw install needs it. */
  afterNode: pulumi.Resource;
  /** Every other step of the server: the deploy gate runs after all of them, and again when one changes. */
  upstream: RemoteStep[];
  /** The gateway token (a secret): the stack's, or the one the deployment generated. */
  gatewayToken: pulumi.Output<string>;
}

/** The audit summary the last step prints (no secrets). */
export interface AuditSummary {
  critical: number;
  warn: number;
  info: number;
  findings: { checkId: string; severity: string }[];
  secrets: { status: string; exitCode: number };
}

/**
 * The OpenClaw gateway: the pinned release under /opt, the secrets env file (stdin only), the
 * hardened openclaw.json and sandboxed unit, and the `openclaw security audit` deploy gate.
 */
export class OpenClawGateway extends pulumi.ComponentResource {
  readonly install: RemoteStep;
  readonly secrets: RemoteStep;
  readonly configure: RemoteStep;
  /** Rootless Podman and the sandbox image (agentAccess: sandboxed only). */
  readonly sandbox?: RemoteStep;
  /** Debian 12, sandboxed: subordinate ids and the unit holding the user namespace (before `sandbox`). */
  readonly sandboxUserns?: RemoteStep;
  /** The daily timers: verification (the gate's checks), retention, backups; and their notifier. */
  readonly maintenance: RemoteStep;
  readonly audit: RemoteStep;
  readonly auditSummary: pulumi.Output<AuditSummary>;

  constructor(name: string, args: OpenClawGatewayArgs, opts?: pulumi.ComponentResourceOptions) {
    super("openclaw-hetzner:index:OpenClawGateway", name, {}, opts);
    const s = args.settings;
    const connection = args.connection;

    this.install = new RemoteStep(
      "install-openclaw",
      { connection, step: "install-openclaw", inputs: installOpenclawInputs(s) },
      { parent: this, dependsOn: [args.afterNode] },
    );
    // The env file needs no software: it goes in while Node.js and OpenClaw install.
    this.secrets = new RemoteStep(
      "gateway-secrets",
      { connection, step: "gateway-secrets", inputs: gatewaySecretsInputs(s), stdin: gatewayEnvFile(s, args.gatewayToken) },
      { parent: this, dependsOn: [args.afterBoot] },
    );
    // The sandbox's runtime and image, while OpenClaw installs: the gateway needs both from its
    // first session on. Its packages come after the host packages' single apt run.
    if (s.agentAccess === "sandboxed") {
      // Debian 12: the user namespace is made first, so every Podman run of the user (the image
      // build included) joins it.
      if (needsSubordinateIds(s.image)) {
        this.sandboxUserns = new RemoteStep(
          "sandbox-userns",
          { connection, step: "sandbox-userns", inputs: sandboxUsernsInputs() },
          { parent: this, dependsOn: [args.afterPackages] },
        );
      }
      this.sandbox = new RemoteStep(
        "agent-sandbox",
        { connection, step: "agent-sandbox", inputs: agentSandboxInputs(s) },
        { parent: this, dependsOn: [this.sandboxUserns?.command ?? args.afterPackages] },
      );
    }
    // The unit starts the installed release with the env file: both must be in place.
    this.configure = new RemoteStep(
      "configure-gateway",
      { connection, step: "configure-gateway", inputs: configureGatewayInputs(s) },
      { parent: this, dependsOn: [this.install.command, this.secrets.command, ...(this.sandbox ? [this.sandbox.command] : [])] },
    );

    // The timers run OpenClaw as the service user with the gateway's state and env file: after the
    // gateway is configured. The gate checks them enabled, and records itself for the daily check.
    this.maintenance = new RemoteStep(
      "maintenance",
      {
        connection,
        step: "maintenance",
        inputs: maintenanceInputs(s),
        ...(s.secrets.verifyNotifyUrl ? { stdin: s.secrets.verifyNotifyUrl } : {}),
      },
      { parent: this, dependsOn: [this.configure.command] },
    );

    // The deploy gate: OpenClaw's audits plus the host's effective state, with the loosenings the
    // stack accepted. It re-runs whenever any step before it changed.
    this.audit = new RemoteStep(
      "audit-gateway",
      {
        connection,
        step: "audit-gateway",
        inputs: auditGatewayInputs(s),
        rerunWhen: [...args.upstream.map((st) => st.digest), ...this.own().map((st) => st.digest)],
      },
      { parent: this, dependsOn: [...args.upstream.map((st) => st.command), ...this.own().map((st) => st.command)] },
    );
    this.auditSummary = this.audit.command.stdout.apply((out) => JSON.parse(out.trim().split("\n").pop() ?? "{}") as AuditSummary);
    this.registerOutputs({ auditSummary: this.auditSummary });
  }

  /** This component's steps before the gate. */
  private own(): RemoteStep[] {
    return [this.install, this.secrets, ...(this.sandboxUserns ? [this.sandboxUserns] : []), ...(this.sandbox ? [this.sandbox] : []), this.configure, this.maintenance];
  }
}
