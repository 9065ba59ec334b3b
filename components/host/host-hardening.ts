import * as pulumi from "@pulumi/pulumi";
import type { Settings } from "../../settings/load";
import { Connection, RemoteStep } from "../remote/remote-step";
import { fail2banInputs, hardenSshInputs, hostBasicsInputs, osHardeningInputs, ufwInputs } from "../step-inputs";

export interface HostHardeningArgs {
  /** Validated stack settings. */
  settings: Settings;
  /** SSH connection of the remote steps. */
  connection: pulumi.Input<Connection>;
  /** First boot finished (the SSH hardening waits for it). */
  afterBoot: pulumi.Resource;
  /** The host's packages installed (ufw, fail2ban and unattended upgrades configure them). */
  afterPackages: pulumi.Resource;
}

/**
 * SSH hardening, ufw, fail2ban, unattended upgrades and journald retention, and the host layer
 * around them (os-hardening: sysctls, modules, login.defs, auditd, AIDE…): five steps that do not
 * depend on each other, so they run side by side.
 */
export class HostHardening extends pulumi.ComponentResource {
  readonly ssh: RemoteStep;
  readonly ufw: RemoteStep;
  readonly fail2ban: RemoteStep;
  readonly basics: RemoteStep;
  readonly os: RemoteStep;

  constructor(name: string, args: HostHardeningArgs, opts?: pulumi.ComponentResourceOptions) {
    super("openclaw-hetzner:index:HostHardening", name, {}, opts);
    const s = args.settings;
    this.ssh = new RemoteStep(
      "harden-ssh",
      { connection: args.connection, step: "harden-ssh", inputs: hardenSshInputs(s) },
      { parent: this, dependsOn: [args.afterBoot] },
    );
    // ufw admits the SSH port sshd has listened on since first boot (user data sets it): it needs
    // no SSH step before it. Enabling it keeps established connections (the other steps' sessions).
    this.ufw = new RemoteStep("ufw", { connection: args.connection, step: "ufw", inputs: ufwInputs(s) }, { parent: this, dependsOn: [args.afterPackages] });
    this.fail2ban = new RemoteStep(
      "fail2ban",
      { connection: args.connection, step: "fail2ban", inputs: fail2banInputs(s) },
      { parent: this, dependsOn: [args.afterPackages] },
    );
    this.basics = new RemoteStep(
      "host-basics",
      { connection: args.connection, step: "host-basics", inputs: hostBasicsInputs(s) },
      { parent: this, dependsOn: [args.afterPackages] },
    );
    this.os = new RemoteStep(
      "os-hardening",
      { connection: args.connection, step: "os-hardening", inputs: osHardeningInputs() },
      { parent: this, dependsOn: [args.afterPackages] },
    );
    this.registerOutputs({});
  }

  /** The five steps (the deploy gate waits for each, and re-runs on their digests). */
  get steps(): RemoteStep[] {
    return [this.ssh, this.ufw, this.fail2ban, this.basics, this.os];
  }
}
