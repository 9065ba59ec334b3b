import * as pulumi from "@pulumi/pulumi";
import type { Settings } from "../../settings/load";
import type { RemoteStep } from "../remote/remote-step";
import type { After, StepChain } from "../remote/step-chain";
import { fail2banInputs, hardenSshInputs, hostBasicsInputs, osHardeningInputs, ufwInputs } from "../step-inputs";

export interface HostHardeningArgs {
  /** Validated stack settings. */
  settings: Settings;
  /** The deployment's steps: these register there (named after the deployment, checked by its gate). */
  chain: StepChain;
  /** First boot finished (the SSH hardening waits for it). */
  afterBoot: After;
  /** The host's packages installed (ufw, fail2ban and unattended upgrades configure them). */
  afterPackages: After;
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
    const { chain } = args;
    this.ssh = chain.add("harden-ssh", { inputs: hardenSshInputs(s), after: [args.afterBoot], parent: this });
    // ufw admits the SSH port sshd has listened on since first boot (user data sets it): it needs
    // no SSH step before it. Enabling it keeps established connections (the other steps' sessions).
    this.ufw = chain.add("ufw", { inputs: ufwInputs(s), after: [args.afterPackages], parent: this });
    this.fail2ban = chain.add("fail2ban", { inputs: fail2banInputs(s), after: [args.afterPackages], parent: this });
    this.basics = chain.add("host-basics", { inputs: hostBasicsInputs(s), after: [args.afterPackages], parent: this });
    this.os = chain.add("os-hardening", { inputs: osHardeningInputs(), after: [args.afterPackages], parent: this });
    this.registerOutputs({});
  }
}
