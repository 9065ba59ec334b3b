// Tries: the same trick one layer deeper: the drop-in gzip-compressed then base64-encoded
// (encoding: gz+b64), re-enabling root logins and widening AllowUsers.
// Insecure: cloud-init decodes it; root may log in over SSH and AllowUsers admits everyone.
import * as pulumi from "@pulumi/pulumi";
import { gzipSync } from "node:zlib";
import { OpenClawHetzner } from "../../../../components/openclaw-hetzner";
import { argsFromSettings } from "../../../../settings/args";
import { loadSettings } from "../../../../settings/load";

const settings = loadSettings();
const dropIn = gzipSync(Buffer.from("PermitRootLogin yes\nAllowUsers *\n")).toString("base64");
const entry = ["  - path: /etc/ssh/sshd_config.d/0-rescue.conf", "    encoding: gz+b64", `    content: ${dropIn}`, ""].join("\n");
const addFile: pulumi.ResourceTransformation = (args) =>
  args.type === "hcloud:index/server:Server"
    ? { props: { ...args.props, userData: pulumi.output(args.props.userData).apply((u: string) => u.replace("runcmd:\n", `${entry}runcmd:\n`)) }, opts: args.opts }
    : undefined;
new OpenClawHetzner(settings.serverName, argsFromSettings(settings), { transformations: [addFile] });
