import * as pulumi from "@pulumi/pulumi";
import type { Settings } from "../../settings/load";
import { base64 } from "../remote/command-line";
import { Connection, RemoteStep } from "../remote/remote-step";
import { envFileKeys, renderEnvFile } from "./env-file";
import { layout } from "./layout";
import { renderOpenclawJson, SECRET_ENV } from "./openclaw-config";
import { renderGatewayUnit } from "./systemd-unit";

export interface OpenClawGatewayArgs {
  /** Validated stack settings. */
  settings: Settings;
  /** SSH connection of the remote steps. */
  connection: pulumi.Input<Connection>;
  /** The step this one runs after (Node.js installed). */
  after: pulumi.Resource;
  /** The gateway token (a secret): the stack's, or the one the deployment generated. */
  gatewayToken: pulumi.Output<string>;
  /** Digests of the host steps: a change there re-runs the audit too. */
  upstreamDigests: string[];
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
  readonly audit: RemoteStep;
  readonly auditSummary: pulumi.Output<AuditSummary>;

  constructor(name: string, args: OpenClawGatewayArgs, opts?: pulumi.ComponentResourceOptions) {
    super("openclaw-hetzner:index:OpenClawGateway", name, {}, opts);
    const s = args.settings;
    const connection = args.connection;

    this.install = new RemoteStep(
      "install-openclaw",
      {
        connection,
        step: "install-openclaw",
        inputs: { OC_OPENCLAW_VERSION: s.openclawVersion, OC_NODE_VERSION: s.nodeVersion, OC_OPENCLAW_HOME: layout.openclawHome },
      },
      { parent: this, dependsOn: [args.after] },
    );

    const envFile = pulumi
      .all([args.gatewayToken, s.secrets.modelApiKeys, s.secrets.telegramBotToken, s.secrets.discordBotToken])
      .apply(([gatewayToken, modelApiKeys, telegram, discord]) => {
        const values: Record<string, string> = { [SECRET_ENV.gatewayToken]: gatewayToken, ...modelApiKeys };
        if (s.channels.telegram?.enabled && telegram) values[SECRET_ENV.telegramBotToken] = telegram;
        if (s.channels.discord?.enabled && discord) values[SECRET_ENV.discordBotToken] = discord;
        return renderEnvFile(values);
      });
    this.secrets = new RemoteStep(
      "gateway-secrets",
      {
        connection,
        step: "gateway-secrets",
        inputs: { OC_ENV_FILE: layout.envFile, OC_ENV_KEYS: envFileKeys(s).join(" "), OC_UNIT_NAME: layout.unitName },
        stdin: pulumi.secret(envFile),
      },
      { parent: this, dependsOn: [this.install.command] },
    );

    this.configure = new RemoteStep(
      "configure-gateway",
      {
        connection,
        step: "configure-gateway",
        inputs: {
          OC_STATE_DIR: layout.stateDir,
          OC_CONFIG_B64: base64(renderOpenclawJson(s)),
          OC_UNIT_NAME: layout.unitName,
          OC_UNIT_B64: base64(renderGatewayUnit(s)),
          OC_ENV_FILE: layout.envFile,
          OC_GATEWAY_PORT: String(s.gatewayPort),
        },
      },
      { parent: this, dependsOn: [this.secrets.command] },
    );

    // The deploy gate: OpenClaw's audits plus the host's effective state, with the loosenings the
    // stack accepted. It re-runs whenever any step before it changed.
    this.audit = new RemoteStep(
      "audit-gateway",
      {
        connection,
        step: "audit-gateway",
        inputs: {
          OC_STATE_DIR: layout.stateDir,
          OC_ENV_FILE: layout.envFile,
          OC_UNIT_NAME: layout.unitName,
          OC_OPENCLAW_HOME: layout.openclawHome,
          OC_SSH_PORT: String(s.sshPort),
          OC_ADMIN_USER: s.adminUser,
          OC_GATEWAY_PORT: String(s.gatewayPort),
          OC_ACCEPTED_RISKS: JSON.stringify(s.acceptedRisks),
        },
        rerunWhen: [...args.upstreamDigests, this.install.digest, this.secrets.digest, this.configure.digest],
      },
      { parent: this, dependsOn: [this.configure.command] },
    );
    this.auditSummary = this.audit.command.stdout.apply((out) => JSON.parse(out.trim().split("\n").pop() ?? "{}") as AuditSummary);
    this.registerOutputs({ auditSummary: this.auditSummary });
  }
}
