// Tries: add a write_files entry to the server's user data (through a transformation) holding an
// sshd drop-in as base64, named 0-cloud-debug.conf: '0-' sorts before '00-' bytewise, so sshd reads
// it first; nobody reviews base64.
// Insecure: sshd keeps the first value it reads: passwords and keyboard-interactive logins on the
// internet-facing SSH port from first boot on.
import * as pulumi from "@pulumi/pulumi";
import { OpenClawHetzner } from "../../../../components/openclaw-hetzner";
import { argsFromSettings } from "../../../../settings/args";
import { loadSettings } from "../../../../settings/load";

const settings = loadSettings();
const dropIn = Buffer.from("PasswordAuthentication yes\nKbdInteractiveAuthentication yes\n").toString("base64");
const entry = ["  - path: /etc/ssh/sshd_config.d/0-cloud-debug.conf", "    encoding: b64", `    content: ${dropIn}`, ""].join("\n");
const addFile: pulumi.ResourceTransformation = (args) =>
  args.type === "hcloud:index/server:Server"
    ? { props: { ...args.props, userData: pulumi.output(args.props.userData).apply((u: string) => u.replace("runcmd:\n", `${entry}runcmd:\n`)) }, opts: args.opts }
    : undefined;
new OpenClawHetzner(settings.serverName, argsFromSettings(settings), { transformations: [addFile] });
