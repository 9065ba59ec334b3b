import * as pulumi from "@pulumi/pulumi";
import type { Settings } from "../../settings/load";
import { layout } from "../openclaw/layout";
import { base64 } from "../remote/command-line";
import { Connection, RemoteStep } from "../remote/remote-step";
import { renderAutoUpgrades, renderJailLocal, renderJournald, renderUnattendedUpgrades } from "./host-configs";
import { renderSshdHardened } from "./sshd-config";

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
      {
        connection: args.connection,
        step: "harden-ssh",
        inputs: { OC_SSHD_DROPIN: layout.sshdDropIn, OC_SSHD_CONF_B64: base64(renderSshdHardened(s)) },
      },
      { parent: this, dependsOn: [args.after] },
    );
    this.ufw = new RemoteStep(
      "ufw",
      { connection: args.connection, step: "ufw", inputs: { OC_SSH_PORT: String(s.sshPort) } },
      { parent: this, dependsOn: [this.ssh.command] },
    );
    this.fail2ban = new RemoteStep(
      "fail2ban",
      { connection: args.connection, step: "fail2ban", inputs: { OC_JAIL_LOCAL_B64: base64(renderJailLocal(s)) } },
      { parent: this, dependsOn: [this.ufw.command] },
    );
    this.basics = new RemoteStep(
      "host-basics",
      {
        connection: args.connection,
        step: "host-basics",
        inputs: {
          OC_AUTO_UPGRADES_B64: base64(renderAutoUpgrades(s)),
          OC_UNATTENDED_B64: base64(renderUnattendedUpgrades()),
          OC_JOURNALD_B64: base64(renderJournald(s)),
        },
      },
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
