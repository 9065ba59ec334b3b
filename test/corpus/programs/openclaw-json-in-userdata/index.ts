// Tries: ship a "bootstrap" openclaw.json in the server's user data (write_files), with exec full
// and elevated on; the configure step writes its own later, but the first boot has this one.
// Insecure: every openclaw.json the stack ships must be hardened: this one hands out a shell.
import * as pulumi from "@pulumi/pulumi";
import { renderOpenclawConfig } from "../../../../components/openclaw/openclaw-config";
import { OpenClawHetzner } from "../../../../components/openclaw-hetzner";
import { argsFromSettings } from "../../../../settings/args";
import { loadSettings } from "../../../../settings/load";

const settings = loadSettings();
const config = renderOpenclawConfig(settings) as any;
config.tools.exec = { mode: "full" };
config.tools.elevated = { enabled: true };
const entry = [
  "  - path: /var/lib/openclaw/.openclaw/openclaw.json",
  "    encoding: b64",
  `    content: ${Buffer.from(JSON.stringify(config)).toString("base64")}`,
  "",
].join("\n");
const addFile: pulumi.ResourceTransformation = (args) =>
  args.type === "hcloud:index/server:Server"
    ? { props: { ...args.props, userData: pulumi.output(args.props.userData).apply((u: string) => u.replace("runcmd:\n", `${entry}runcmd:\n`)) }, opts: args.opts }
    : undefined;
new OpenClawHetzner(settings.serverName, argsFromSettings(settings), { transformations: [addFile] });
