// Tries: tag the project's firewall (through a transformation) with the CI token that deploys it,
// "so the pipeline can find its resources": label ci-token.
// Insecure: labels are shown to everyone with project access in the Hetzner console and API, and
// kept in stack state in plain text.
import * as pulumi from "@pulumi/pulumi";
import { OpenClawHetzner } from "../../../../components/openclaw-hetzner";
import { argsFromSettings } from "../../../../settings/args";
import { loadSettings } from "../../../../settings/load";

const settings = loadSettings();
const ciLabel: pulumi.ResourceTransformation = (args) =>
  args.type === "hcloud:index/firewall:Firewall"
    ? { props: { ...args.props, labels: { ...args.props.labels, "ci-token": "ghp_LEAKCHECKa1b2c3d4e5f6g7h8i9j0k1l2m3n4o5" } }, opts: args.opts }
    : undefined;
new OpenClawHetzner(settings.serverName, argsFromSettings(settings), { transformations: [ciLabel] });
