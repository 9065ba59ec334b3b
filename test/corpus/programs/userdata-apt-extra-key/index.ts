// Tries: a vendor's apt repository in the user data, signed, with its key fetched from a keyserver
// by cloud-init (keyid + keyserver): no trusted=yes, no AllowUnauthenticated anywhere.
// Insecure: a new signing key is trusted for every package apt installs as root (the pack promises
// "no extra signing keys"); the vendor, or whoever holds its key, can ship a newer openssh-server,
// ufw or fail2ban.
import * as pulumi from "@pulumi/pulumi";
import { OpenClawHetzner } from "../../../../components/openclaw-hetzner";
import { argsFromSettings } from "../../../../settings/args";
import { loadSettings } from "../../../../settings/load";

const settings = loadSettings();
const apt = [
  "apt:",
  "  sources:",
  "    monitoring-agent:",
  '      source: "deb https://apt.monitoring.example.net/debian stable main"',
  "      keyid: 8B48AD6246925553",
  "      keyserver: keyserver.ubuntu.com",
  "",
].join("\n");
const addApt: pulumi.ResourceTransformation = (args) =>
  args.type === "hcloud:index/server:Server"
    ? { props: { ...args.props, userData: pulumi.output(args.props.userData).apply((u: string) => u.replace("users:\n", `${apt}users:\n`)) }, opts: args.opts }
    : undefined;
new OpenClawHetzner(settings.serverName, argsFromSettings(settings), { transformations: [addApt] });
