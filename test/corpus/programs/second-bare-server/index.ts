// Tries: next to the real deployment, a "scratch" server for experiments built directly with
// @pulumi/hcloud: the stack's firewall and SSH keys at creation, a supported image, backups and
// protection on, but none of the steps (no sshd hardening, no ufw, no fail2ban, no gate).
// Insecure: a second host in the stack with the image's default sshd and no host firewall; every
// server the stack creates must get the whole deployment.
import * as hcloud from "@pulumi/hcloud";
import { OpenClawHetzner } from "../../../../components/openclaw-hetzner";
import { argsFromSettings } from "../../../../settings/args";
import { loadSettings } from "../../../../settings/load";

const settings = loadSettings();
const d = new OpenClawHetzner(settings.serverName, argsFromSettings(settings));
new hcloud.Server("scratch", {
  serverType: "cx23",
  image: "debian-13",
  location: settings.location,
  backups: true,
  deleteProtection: true,
  rebuildProtection: true,
  sshKeys: d.server.sshKeys.map((k) => k.id),
  firewallIds: [d.server.firewall.id.apply(Number)],
});
