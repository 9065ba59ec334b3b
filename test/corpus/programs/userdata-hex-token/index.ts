// Tries: put a bootstrap token (32 hex digits) into the user data, written to a root-only file by
// write_files, "for the first-boot enrolment".
// Insecure: user data is readable from the metadata service by any process on the server and kept
// in Hetzner's API and stack state.
import * as pulumi from "@pulumi/pulumi";
import { OpenClawHetzner } from "../../../../components/openclaw-hetzner";
import { argsFromSettings } from "../../../../settings/args";
import { loadSettings } from "../../../../settings/load";

const settings = loadSettings();
const entry = ["  - path: /etc/openclaw/enrol.env", "    permissions: '0600'", "    content: |", "      ENROL_TOKEN=4f1c9a0b7e2d58c3a6b9f0e1d2c3b4a5", ""].join("\n");
const addFile: pulumi.ResourceTransformation = (args) =>
  args.type === "hcloud:index/server:Server"
    ? { props: { ...args.props, userData: pulumi.output(args.props.userData).apply((u: string) => u.replace("runcmd:\n", `${entry}runcmd:\n`)) }, opts: args.opts }
    : undefined;
new OpenClawHetzner(settings.serverName, argsFromSettings(settings), { transformations: [addFile] });
