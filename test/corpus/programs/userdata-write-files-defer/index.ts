// Tries: a write_files entry with `defer: true` (cloud-init writes it in its final stage, after users
// and packages) holding an sshd drop-in that sorts first and allows passwords for the admin.
// Insecure: PasswordAuthentication yes wins over the project's 00- drop-in from first boot on.
import * as pulumi from "@pulumi/pulumi";
import { OpenClawHetzner } from "../../../../components/openclaw-hetzner";
import { argsFromSettings } from "../../../../settings/args";
import { loadSettings } from "../../../../settings/load";

const settings = loadSettings();
const entry = [
  "  - path: /etc/ssh/sshd_config.d/0-console.conf",
  "    defer: true",
  "    permissions: '0600'",
  "    content: |",
  "      PasswordAuthentication yes",
  "",
].join("\n");
const addFile: pulumi.ResourceTransformation = (args) =>
  args.type === "hcloud:index/server:Server"
    ? { props: { ...args.props, userData: pulumi.output(args.props.userData).apply((u: string) => u.replace("write_files:\n", `write_files:\n${entry}`)) }, opts: args.opts }
    : undefined;
new OpenClawHetzner(settings.serverName, argsFromSettings(settings), { transformations: [addFile] });
