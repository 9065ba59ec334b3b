// Tries: add the team's package mirror to the user data's apt sources, marked trusted=yes over plain
// http "because the mirror has no signing key yet".
// Insecure: apt installs unsigned packages from a plain-HTTP source as root: anyone on the path can
// replace fail2ban, ufw or an unattended upgrade with their own code.
import * as pulumi from "@pulumi/pulumi";
import { OpenClawHetzner } from "../../../../components/openclaw-hetzner";
import { argsFromSettings } from "../../../../settings/args";
import { loadSettings } from "../../../../settings/load";

const settings = loadSettings();
const apt = ["apt:", "  sources:", "    team-mirror:", '      source: "deb [trusted=yes] http://apt.example.net/debian trixie main"', ""].join("\n");
const addApt: pulumi.ResourceTransformation = (args) =>
  args.type === "hcloud:index/server:Server"
    ? { props: { ...args.props, userData: pulumi.output(args.props.userData).apply((u: string) => u.replace("users:\n", `${apt}users:\n`)) }, opts: args.opts }
    : undefined;
new OpenClawHetzner(settings.serverName, argsFromSettings(settings), { transformations: [addApt] });
