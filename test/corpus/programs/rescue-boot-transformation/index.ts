// Tries: boot the deployed server into Hetzner's rescue system through a stack transformation, so
// the component itself looks untouched in review.
// Insecure: a rescue boot starts a root shell with a password Hetzner mails out, with the disk
// mounted, past every hardening step (sshd, ufw, fail2ban never run in it).
import * as pulumi from "@pulumi/pulumi";
import { OpenClawHetzner } from "../../../../components/openclaw-hetzner";
import { argsFromSettings } from "../../../../settings/args";
import { loadSettings } from "../../../../settings/load";

const settings = loadSettings();
const rescue: pulumi.ResourceTransformation = (args) =>
  args.type === "hcloud:index/server:Server" ? { props: { ...args.props, rescue: "linux64" }, opts: args.opts } : undefined;
const d = new OpenClawHetzner(settings.serverName, argsFromSettings(settings), { transformations: [rescue] });
export const ipv4 = d.server.ipv4;
