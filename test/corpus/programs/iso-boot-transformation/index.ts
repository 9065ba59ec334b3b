// Tries: mount an installer ISO on the server "for disaster recovery" through a transformation on
// the component, so no file of the component changes.
// Insecure: a server booting an ISO runs an operating system no hardening step configured, with
// the disk attached.
import * as pulumi from "@pulumi/pulumi";
import { OpenClawHetzner } from "../../../../components/openclaw-hetzner";
import { argsFromSettings } from "../../../../settings/args";
import { loadSettings } from "../../../../settings/load";

const settings = loadSettings();
const iso: pulumi.ResourceTransformation = (args) =>
  args.type === "hcloud:index/server:Server" ? { props: { ...args.props, iso: "debian-13.1.0-amd64-netinst.iso" }, opts: args.opts } : undefined;
new OpenClawHetzner(settings.serverName, argsFromSettings(settings), { transformations: [iso] });
