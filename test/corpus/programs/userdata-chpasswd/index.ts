// Tries: a chpasswd block in the user data giving the admin user a console password (not expired),
// "for the Hetzner web console when SSH breaks".
// Insecure: a password on the sudo-capable admin account; any later loosening of sshd, or PAM, makes
// it a network login, and it sits in user data in plain text.
import * as pulumi from "@pulumi/pulumi";
import { OpenClawHetzner } from "../../../../components/openclaw-hetzner";
import { argsFromSettings } from "../../../../settings/args";
import { loadSettings } from "../../../../settings/load";

const settings = loadSettings();
const block = ["chpasswd:", "  expire: false", "  users:", `    - {name: ${settings.adminUser}, password: console-only-please, type: text}`, ""].join("\n");
const addChpasswd: pulumi.ResourceTransformation = (args) =>
  args.type === "hcloud:index/server:Server"
    ? { props: { ...args.props, userData: pulumi.output(args.props.userData).apply((u: string) => u.replace("users:\n", `${block}users:\n`)) }, opts: args.opts }
    : undefined;
new OpenClawHetzner(settings.serverName, argsFromSettings(settings), { transformations: [addChpasswd] });
