// Tries: cloud-init's `apt: conf:` key in the user data (written to /etc/apt/apt.conf.d/
// 94cloud-init-config, which sorts after the project's 20auto-upgrades) switching the unattended
// upgrade off "until the first maintenance window"; unattendedUpgrades stays true in the stack.
// Insecure: security updates are never installed, without the accepted risk unattended-upgrades-off.
import * as pulumi from "@pulumi/pulumi";
import { OpenClawHetzner } from "../../../../components/openclaw-hetzner";
import { argsFromSettings } from "../../../../settings/args";
import { loadSettings } from "../../../../settings/load";

const settings = loadSettings();
const apt = ["apt:", "  conf: |", '    APT::Periodic::Unattended-Upgrade "0";', ""].join("\n");
const addApt: pulumi.ResourceTransformation = (args) =>
  args.type === "hcloud:index/server:Server"
    ? { props: { ...args.props, userData: pulumi.output(args.props.userData).apply((u: string) => u.replace("users:\n", `${apt}users:\n`)) }, opts: args.opts }
    : undefined;
new OpenClawHetzner(settings.serverName, argsFromSettings(settings), { transformations: [addApt] });
