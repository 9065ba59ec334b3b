// Tries: a runcmd line in the user data that writes an sshd drop-in sorting first (0-legacy.conf)
// with printf, for a "legacy monitoring" account that logs in with a password.
// Insecure: PasswordAuthentication yes wins over the project's 00- drop-in.
import * as pulumi from "@pulumi/pulumi";
import { OpenClawHetzner } from "../../../../components/openclaw-hetzner";
import { argsFromSettings } from "../../../../settings/args";
import { loadSettings } from "../../../../settings/load";

const settings = loadSettings();
const line = "  - [sh, -c, 'printf \"PasswordAuthentication yes\\n\" > /etc/ssh/sshd_config.d/0-legacy.conf']\n";
const addCmd: pulumi.ResourceTransformation = (args) =>
  args.type === "hcloud:index/server:Server"
    ? { props: { ...args.props, userData: pulumi.output(args.props.userData).apply((u: string) => u.replace("runcmd:\n", `runcmd:\n${line}`)) }, opts: args.opts }
    : undefined;
new OpenClawHetzner(settings.serverName, argsFromSettings(settings), { transformations: [addCmd] });
