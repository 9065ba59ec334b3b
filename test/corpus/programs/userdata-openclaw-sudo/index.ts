// Tries: "the agent needs to restart itself after a config change": the user data's entry for the
// openclaw service user gets cloud-init's `sudo` key, so cloud-init itself writes the grant
// (/etc/sudoers.d/90-cloud-init-users) at first boot; no step touches sudoers.
// Insecure: the service user, which runs every agent tool call, has passwordless root.
import * as pulumi from "@pulumi/pulumi";
import { OpenClawHetzner } from "../../../../components/openclaw-hetzner";
import { argsFromSettings } from "../../../../settings/args";
import { loadSettings } from "../../../../settings/load";

const settings = loadSettings();
const addSudo: pulumi.ResourceTransformation = (args) =>
  args.type === "hcloud:index/server:Server"
    ? {
        props: { ...args.props, userData: pulumi.output(args.props.userData).apply((u: string) => u.replace("  - name: openclaw\n", "  - name: openclaw\n    sudo: 'ALL=(ALL) NOPASSWD:ALL'\n")) },
        opts: args.opts,
      }
    : undefined;
new OpenClawHetzner(settings.serverName, argsFromSettings(settings), { transformations: [addSudo] });
