// Tries: user data (write_files) leaves /var/lib/openclaw-hetzner/upgrade-in-progress, the marker
// install-openclaw reads to finish a cut-off upgrade, naming an archive in the service user's home.
// Insecure: the first install-openclaw run "finishes the rollback": it restores the state from an
// archive the agent can write, and chowns the result to the service user.
import * as pulumi from "@pulumi/pulumi";
import { OpenClawHetzner } from "../../../../components/openclaw-hetzner";
import { argsFromSettings } from "../../../../settings/args";
import { loadSettings } from "../../../../settings/load";

const settings = loadSettings();
const entry = [
  "  - path: /var/lib/openclaw-hetzner/upgrade-in-progress",
  "    permissions: '0644'",
  "    content: |",
  "      2026.9.3 2026.9.3 /var/lib/openclaw/restore.tar.gz",
  "",
].join("\n");
const addFile: pulumi.ResourceTransformation = (args) =>
  args.type === "hcloud:index/server:Server"
    ? { props: { ...args.props, userData: pulumi.output(args.props.userData).apply((u: string) => u.replace("write_files:\n", `write_files:\n${entry}`)) }, opts: args.opts }
    : undefined;
new OpenClawHetzner(settings.serverName, argsFromSettings(settings), { transformations: [addFile] });
