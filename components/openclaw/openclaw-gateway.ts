import * as pulumi from "@pulumi/pulumi";
import type { Settings } from "../../settings/load";
import type { RemoteStep } from "../remote/remote-step";
import type { After, StepChain } from "../remote/step-chain";
import { needsSubordinateIds } from "./agent-sandbox";
import { agentSandboxInputs, auditGatewayInputs, configureGatewayInputs, gatewayEnvFile, gatewaySecretsInputs, installOpenclawInputs, maintenanceInputs, sandboxUsernsInputs } from "../step-inputs";

export interface OpenClawGatewayArgs {
  /** Validated stack settings. */
  settings: Settings;
  /** The deployment's steps: these register there, and the deploy gate comes after all of them. */
  chain: StepChain;
  /** First boot finished: the secrets step needs nothing else. */
  afterBoot: After;
  /** The host packages installed: the sandbox step's apt run comes after theirs. */
  afterPackages: After;
  /** Node.js installed: the OpenClaw install needs it. */
  afterNode: After;
  /** The gateway token (a secret): the stack's, or the one the deployment generated. */
  gatewayToken: pulumi.Output<string>;
  /**
   * On a shared server the gate comes after every gateway's steps: the server's component calls
   * `addGate()` once all are registered. Otherwise the gate is added at once.
   */
  deferGate?: boolean;
}

/** The audit summary the last step prints (no secrets). */
export interface AuditSummary {
  critical: number;
  warn: number;
  info: number;
  findings: AuditFinding[];
  secrets: SecretsAudit;
}

export interface AuditFinding {
  checkId: string;
  severity: string;
}

export interface SecretsAudit {
  status: string;
  exitCode: number;
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
  private gateStep?: RemoteStep;
  private summary?: pulumi.Output<AuditSummary>;
  private readonly s: Settings;
  private readonly chain: StepChain;

  /** The deploy gate (after addGate on a shared server). */
  get audit(): RemoteStep {
    if (!this.gateStep) throw new Error(`${this.s.serverName}: the deploy gate is not added yet`);
    return this.gateStep;
  }

  get auditSummary(): pulumi.Output<AuditSummary> {
    if (!this.summary) throw new Error(`${this.s.serverName}: the deploy gate is not added yet`);
    return this.summary;
  }

  constructor(name: string, args: OpenClawGatewayArgs, opts?: pulumi.ComponentResourceOptions) {
    super("openclaw-hetzner:index:OpenClawGateway", name, {}, opts);
    const s = args.settings;
    const { chain } = args;
    this.s = s;
    this.chain = chain;
    const gateway = s.gatewayId;

    this.install = chain.add("install-openclaw", { inputs: installOpenclawInputs(s), after: [args.afterNode], parent: this, gateway });
    // The env file needs no software: it goes in while Node.js and OpenClaw install.
    this.secrets = chain.add("gateway-secrets", {
      inputs: gatewaySecretsInputs(s),
      stdin: gatewayEnvFile(s, args.gatewayToken),
      after: [args.afterBoot],
      parent: this,
      gateway,
    });
    // The sandbox's runtime and image, while OpenClaw installs: the gateway needs both from its
    // first session on. Its packages come after the host packages' single apt run.
    if (s.agentAccess === "sandboxed") {
      // Debian 12: the user namespace is made first, so every Podman run of the user (the image
      // build included) joins it.
      if (needsSubordinateIds(s.image)) {
        this.sandboxUserns = chain.add("sandbox-userns", { inputs: sandboxUsernsInputs(s), after: [args.afterPackages], parent: this, gateway });
      }
      this.sandbox = chain.add("agent-sandbox", { inputs: agentSandboxInputs(s), after: [this.sandboxUserns ?? args.afterPackages], parent: this, gateway });
    }
    // The unit starts the installed release with the env file: both must be in place.
    this.configure = chain.add("configure-gateway", {
      inputs: configureGatewayInputs(s),
      after: [this.install, this.secrets, ...(this.sandbox ? [this.sandbox] : [])],
      parent: this,
      gateway,
    });

    // The timers run OpenClaw as the service user with the gateway's state and env file: after the
    // gateway is configured. The gate checks them enabled, and records itself for the daily check.
    this.maintenance = chain.add("maintenance", {
      inputs: maintenanceInputs(s),
      ...(s.secrets.verifyNotifyUrl ? { stdin: s.secrets.verifyNotifyUrl } : {}),
      after: [this.configure],
      parent: this,
      gateway,
    });
    if (!args.deferGate) this.addGate();
  }

  /**
   * The deploy gate: OpenClaw's audits plus the host's effective state, with the loosenings the
   * stack accepted. It runs after every step of the server, and again whenever one changed.
   */
  addGate(): RemoteStep {
    const gate = this.chain.gate("audit-gateway", { inputs: auditGatewayInputs(this.s), parent: this, gateway: this.s.gatewayId });
    this.gateStep = gate;
    this.summary = gate.command.stdout.apply((out) => JSON.parse(out.trim().split("\n").pop() ?? "{}") as AuditSummary);
    this.registerOutputs({ auditSummary: this.summary });
    return gate;
  }
}
