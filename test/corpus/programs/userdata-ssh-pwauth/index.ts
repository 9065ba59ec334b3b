// Tries: one word in the user data: `ssh_pwauth: on` (YAML 1.1 for true) instead of false, "so the
// support team can use the Hetzner console".
// Insecure: cloud-init writes its own sshd drop-in with PasswordAuthentication yes.
import * as pulumi from "@pulumi/pulumi";
import { OpenClawHetzner } from "../../../../components/openclaw-hetzner";
import { argsFromSettings } from "../../../../settings/args";
import { loadSettings } from "../../../../settings/load";

const settings = loadSettings();
const pwauth: pulumi.ResourceTransformation = (args) =>
  args.type === "hcloud:index/server:Server"
    ? { props: { ...args.props, userData: pulumi.output(args.props.userData).apply((u: string) => u.replace("ssh_pwauth: false", "ssh_pwauth: on")) }, opts: args.opts }
    : undefined;
new OpenClawHetzner(settings.serverName, argsFromSettings(settings), { transformations: [pwauth] });
