import * as hcloud from "@pulumi/hcloud";
import * as pulumi from "@pulumi/pulumi";
import type { Settings } from "../../settings/load";
import { firewallRules } from "./firewall-rules";
import { renderUserData } from "./user-data";

export interface HetznerServerArgs {
  /** Validated stack settings. */
  settings: Settings;
  /** Public half of the deploy key (not secret), added to the admin user at first boot. */
  deployPublicKey?: pulumi.Input<string>;
  /** A shared server's gateways: each gets its service user at first boot. */
  gatewayIds?: readonly string[];
}

/**
 * The Hetzner server with its cloud firewall (attached at creation, never later) and the
 * operators' SSH keys. Edits to user data or keys never replace the server.
 */
export class HetznerServer extends pulumi.ComponentResource {
  readonly server: hcloud.Server;
  readonly firewall: hcloud.Firewall;
  readonly sshKeys: hcloud.SshKey[];
  readonly ipv4: pulumi.Output<string>;
  readonly ipv6: pulumi.Output<string>;

  constructor(name: string, args: HetznerServerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("openclaw-hetzner:index:HetznerServer", name, {}, opts);
    const s = args.settings;
    const labels = { ...s.labels, "managed-by": "openclaw-hetzner", stack: s.stack };

    this.sshKeys = s.adminSshKeys.map(
      (publicKey, i) => new hcloud.SshKey(`${name}-operator-${i}`, { name: `${s.serverName}-operator-${i}`, publicKey, labels }, { parent: this }),
    );
    this.firewall = new hcloud.Firewall(`${name}-firewall`, { name: `${s.serverName}-firewall`, rules: firewallRules(s), labels }, { parent: this });

    const userData = pulumi.output(args.deployPublicKey).apply((key) => renderUserData(s, key, args.gatewayIds));
    this.server = new hcloud.Server(
      name,
      {
        name: s.serverName,
        serverType: s.serverType,
        image: s.image,
        location: s.location,
        backups: s.backups,
        deleteProtection: s.protection,
        rebuildProtection: s.protection,
        labels,
        sshKeys: this.sshKeys.map((k) => k.id),
        firewallIds: [this.firewall.id.apply((id) => Number(id))],
        publicNets: [{ ipv4Enabled: true, ipv6Enabled: true }],
        userData,
      },
      // User data runs once at first boot; later edits are applied by the remote steps instead.
      { parent: this, ignoreChanges: ["userData", "sshKeys"] },
    );
    this.ipv4 = this.server.ipv4Address;
    this.ipv6 = this.server.ipv6Address;
    this.registerOutputs({ ipv4: this.ipv4, ipv6: this.ipv6, serverId: this.server.id, firewallId: this.firewall.id });
  }
}
