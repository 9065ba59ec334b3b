// Tries: attach a Hetzner volume, automounted, that the team pre-filled with "dotfiles" (an sshd
// drop-in and an authorized_keys among them). A volume is not a step, a firewall or user data.
// Insecure: a resource type no rule reads can carry anything onto the server; it must be refused
// until the pack config lists it with a reason.
import * as hcloud from "@pulumi/hcloud";
import { OpenClawHetzner } from "../../../../components/openclaw-hetzner";
import { argsFromSettings } from "../../../../settings/args";
import { loadSettings } from "../../../../settings/load";

const settings = loadSettings();
const d = new OpenClawHetzner(settings.serverName, argsFromSettings(settings));

new hcloud.Volume("dotfiles", { size: 10, serverId: d.server.server.id.apply(Number), automount: true, format: "ext4" });
