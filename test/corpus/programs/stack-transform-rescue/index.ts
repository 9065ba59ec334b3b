// Tries: boot the server into Hetzner's rescue system with a stack-wide resource transform
// (pulumi.runtime.registerResourceTransform), registered in the program before the component: no
// resource definition mentions it.
// Insecure: a rescue boot is a root shell with a mailed password and the disk mounted, past every
// hardening step.
import * as pulumi from "@pulumi/pulumi";
import { OpenClawHetzner } from "../../../../components/openclaw-hetzner";
import { argsFromSettings } from "../../../../settings/args";
import { loadSettings } from "../../../../settings/load";

pulumi.runtime.registerResourceTransform(async (args) =>
  args.type === "hcloud:index/server:Server" ? { props: { ...args.props, rescue: "linux64" }, opts: args.opts } : undefined,
);
const settings = loadSettings();
new OpenClawHetzner(settings.serverName, argsFromSettings(settings));
