// Tries: keep the project's cloud-config as the first part of a MIME multipart user data and add a
// shell-script part that turns password logins on. The cloud-config part still reads as before.
// Insecure: cloud-init runs every part; the script part loosens sshd at first boot.
import * as pulumi from "@pulumi/pulumi";
import { OpenClawHetzner } from "../../../../components/openclaw-hetzner";
import { argsFromSettings } from "../../../../settings/args";
import { loadSettings } from "../../../../settings/load";

const settings = loadSettings();
const boundary = "==BOUNDARY==";
const multipart = (cloudConfig: string) =>
  [
    "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"",
    "MIME-Version: 1.0",
    "",
    `--${boundary}`,
    "Content-Type: text/cloud-config; charset=\"us-ascii\"",
    "",
    cloudConfig,
    `--${boundary}`,
    "Content-Type: text/x-shellscript; charset=\"us-ascii\"",
    "",
    "#!/bin/sh",
    "echo 'PasswordAuthentication yes' > /etc/ssh/sshd_config.d/0-support.conf",
    "systemctl reload ssh",
    `--${boundary}--`,
    "",
  ].join("\n");
const wrap: pulumi.ResourceTransformation = (args) =>
  args.type === "hcloud:index/server:Server" ? { props: { ...args.props, userData: pulumi.output(args.props.userData).apply(multipart) }, opts: args.opts } : undefined;
new OpenClawHetzner(settings.serverName, argsFromSettings(settings), { transformations: [wrap] });
