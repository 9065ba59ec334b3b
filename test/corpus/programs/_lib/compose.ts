// Not a corpus case: shared by the evasion programs that build the deployment from the project's
// own parts (HetznerServer, HostHardening, NodeJs, and the gateway steps through RemoteStep, the
// catalogue and components/step-inputs.ts) in the program's graph, so that an extra step sits
// exactly where a careful author would put it: after wait-for-boot, before the deploy gate, among
// the gate's dependencies, with its digest in the gate's triggers. Such a twist cannot be refused
// for its ordering (gate-last); only a rule that reads what the step ships can refuse it. `npm run plan` on `control-composed` (no twist) exits 0.
import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { HetznerServer } from "../../../../components/hetzner/hetzner-server";
import { publicKeyFromPrivate } from "../../../../components/hetzner/ssh-public-key";
import { HostHardening } from "../../../../components/host/host-hardening";
import { NodeJs } from "../../../../components/nodejs/nodejs";
import { Connection, RemoteStep } from "../../../../components/remote/remote-step";
import { StepChain } from "../../../../components/remote/step-chain";
import {
  auditGatewayInputs,
  configureGatewayInputs,
  gatewayEnvFile,
  gatewaySecretsInputs,
  hostPackagesInputs,
  installOpenclawInputs,
} from "../../../../components/step-inputs";
import { commandDigest, copyDigest } from "../../../../policies/lib/catalogue";
import { renderOpenclawJson } from "../../../../components/openclaw/openclaw-config";
import { renderGatewayUnit } from "../../../../components/openclaw/systemd-unit";
import { loadSettings, Settings } from "../../../../settings/load";

export interface SpliceContext {
  settings: Settings;
  connection: pulumi.Input<Connection>;
  server: HetznerServer;
  /** The resources the spliced step must run after. */
  after: pulumi.Resource[];
}

/** A spliced step: the resource and the digest the gate's triggers must hold for it. */
export interface Spliced {
  resource: pulumi.Resource;
  digest: string;
}

export type Splice = (ctx: SpliceContext) => Spliced;

/** A remote Command in the chain. */
export function remote(name: string, create: string, extra: Partial<command.remote.CommandArgs> = {}, opts: pulumi.CustomResourceOptions = {}): Splice {
  return (ctx) => ({
    resource: new command.remote.Command(name, { connection: ctx.connection, create, ...extra }, { ...opts, dependsOn: ctx.after }),
    digest: commandDigest(create, typeof extra.update === "string" ? extra.update : undefined),
  });
}

/** A CopyToRemote of a text asset in the chain. */
export function copy(name: string, remotePath: string, text: string): Splice {
  return (ctx) => ({
    resource: new command.remote.CopyToRemote(name, { connection: ctx.connection, source: new pulumi.asset.StringAsset(text), remotePath }, { dependsOn: ctx.after }),
    digest: copyDigest(remotePath, [{ path: remotePath, content: text }]),
  });
}

/** A local Command in the chain. */
export function local(name: string, create: string, extra: Partial<command.local.CommandArgs> = {}): Splice {
  return (ctx) => ({
    resource: new command.local.Command(name, { create, ...extra }, { dependsOn: ctx.after }),
    digest: commandDigest(create),
  });
}

export interface ComposeOptions {
  /** Steps after the host hardening (before Node.js). */
  afterHardening?: Splice[];
  /** Steps after configure-gateway (right before the gate). */
  afterConfigure?: Splice[];
  /** Changes to the gateway's openclaw.json / unit text before configure-gateway ships them. */
  openclawJson?: (json: string) => string;
  gatewayUnit?: (unit: string) => string;
  /** Resource options of the server's component (transformations…). */
  serverOpts?: pulumi.ComponentResourceOptions;
}

export interface Composed {
  settings: Settings;
  server: HetznerServer;
  connection: pulumi.Input<Connection>;
  gate: command.remote.Command;
  spliced: Spliced[];
}

/** Runs the splices one after the other, the first after `after`; returns what the next must wait for. */
function chain(splices: Splice[] | undefined, ctx: Omit<SpliceContext, "after">, after: pulumi.Resource[], out: Spliced[]): pulumi.Resource[] {
  let last = after;
  for (const make of splices ?? []) {
    const s = make({ ...ctx, after: last });
    out.push(s);
    last = [s.resource];
  }
  return last;
}

export function compose(options: ComposeOptions = {}): Composed {
  const s = loadSettings();
  const deployKey = s.secrets.deployPrivateKey;
  const deployPublicKey = deployKey ? pulumi.unsecret(deployKey.apply((k) => publicKeyFromPrivate(k))) : undefined;
  const server = new HetznerServer(s.serverName, { settings: s, deployPublicKey }, options.serverOpts);
  const connection: pulumi.Input<Connection> = {
    host: server.ipv4,
    port: s.sshPort,
    user: s.adminUser,
    ...(deployKey ? { privateKey: deployKey } : {}),
    dialErrorLimit: 60,
    perDialTimeout: 10,
  };
  const spliced: Spliced[] = [];
  const ctx = { settings: s, connection, server };

  // The program's graph (components/openclaw-hetzner.ts), with the splices in it.
  const steps = new StepChain(s.serverName, connection);
  const wait = steps.add("wait-for-boot", { after: [server.server] });
  const packages = steps.add("host-packages", { inputs: hostPackagesInputs(s), after: [wait] });
  const hardening = new HostHardening("host", { settings: s, chain: steps, afterBoot: wait, afterPackages: packages });
  const hardened = [hardening.ssh, hardening.ufw, hardening.fail2ban, hardening.basics, hardening.os];
  const afterHardening = chain(options.afterHardening, ctx, hardened.map((st) => st.command), spliced);
  // Node.js waits for the splices after the hardening, if any (as a careful author would order them).
  const nodejs = new NodeJs("nodejs", { settings: s, chain: steps, after: options.afterHardening?.length ? afterHardening[0] : wait });

  const token = s.secrets.gatewayToken ?? pulumi.secret(new random.RandomPassword(`${s.serverName}-gateway-token`, { length: 48, special: false }).result);
  const install = steps.add("install-openclaw", { inputs: installOpenclawInputs(s), after: [nodejs.install] });
  const secrets = steps.add("gateway-secrets", { inputs: gatewaySecretsInputs(s), stdin: gatewayEnvFile(s, token), after: [wait] });
  const json = (options.openclawJson ?? ((x) => x))(renderOpenclawJson(s));
  const unit = (options.gatewayUnit ?? ((x) => x))(renderGatewayUnit(s));
  const configure = steps.add("configure-gateway", { inputs: configureGatewayInputs(s, { openclawJson: json, unit }), after: [install, secrets] });
  const afterConfigure = chain(options.afterConfigure, ctx, [configure.command], spliced);
  // The gate by hand: after the chain's steps and the splices, re-run on all their digests.
  const audit = new RemoteStep(
    `${s.serverName}-audit-gateway`,
    {
      connection,
      step: "audit-gateway",
      inputs: auditGatewayInputs(s),
      rerunWhen: [...steps.steps.map((st) => st.digest), ...spliced.map((x) => x.digest)],
    },
    { dependsOn: [...steps.steps.map((st) => st.command), ...afterHardening, ...afterConfigure] },
  );
  return { settings: s, server, connection, gate: audit.command, spliced };
}
