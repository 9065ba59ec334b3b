import * as pulumi from "@pulumi/pulumi";
import type { Settings } from "../../settings/load";
import { Connection, RemoteStep } from "../remote/remote-step";
import { fail2banInputs, hardenSshInputs, hostBasicsInputs, ufwInputs } from "../step-inputs";

export interface HostHardeningArgs {
  /** Validated stack settings. */
  settings: Settings;
  /** SSH connection of the remote steps. */
  connection: pulumi.Input<Connection>;
  /** The step everything waits for (first boot finished). */
  after: pulumi.Resource;
}

/** SSH hardening, ufw, fail2ban, unattended upgrades and journald retention, in that order. */
export class HostHardening extends pulumi.ComponentResource {
  readonly ssh: RemoteStep;
  readonly ufw: RemoteStep;
  readonly fail2ban: RemoteStep;
  readonly basics: RemoteStep;

  constructor(name: string, args: HostHardeningArgs, opts?: pulumi.ComponentResourceOptions) {
    super("openclaw-hetzner:index:HostHardening", name, {}, opts);
    const s = args.settings;
    this.ssh = new RemoteStep(
      "harden-ssh",
      { connection: args.connection, step: "harden-ssh", inputs: hardenSshInputs(s) },
      { parent: this, dependsOn: [args.after] },
    );
    this.ufw = new RemoteStep("ufw", { connection: args.connection, step: "ufw", inputs: ufwInputs(s) }, { parent: this, dependsOn: [this.ssh.command] });
    this.fail2ban = new RemoteStep(
      "fail2ban",
      { connection: args.connection, step: "fail2ban", inputs: fail2banInputs(s) },
      { parent: this, dependsOn: [this.ufw.command] },
    );
    this.basics = new RemoteStep(
      "host-basics",
      { connection: args.connection, step: "host-basics", inputs: hostBasicsInputs(s) },
      { parent: this, dependsOn: [this.fail2ban.command] },
    );
    this.registerOutputs({});
  }

  get lastStep(): pulumi.Resource {
    return this.basics.command;
  }

  get digests(): string[] {
    return [this.ssh.digest, this.ufw.digest, this.fail2ban.digest, this.basics.digest];
  }
}
