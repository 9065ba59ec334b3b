// Tries: add a "support" user to the user data with a hashed password, unlocked, in the sudo group.
// Insecure: a second sudo-capable account with a password; lock_passwd false keeps password login
// open for it.
import * as pulumi from "@pulumi/pulumi";
import { OpenClawHetzner } from "../../../../components/openclaw-hetzner";
import { argsFromSettings } from "../../../../settings/args";
import { loadSettings } from "../../../../settings/load";

const settings = loadSettings();
const user = [
  "  - name: support",
  "    groups: [sudo]",
  "    shell: /bin/bash",
  "    lock_passwd: false",
  "    hashed_passwd: $6$rounds=4096$saltsalt$3MEaFIlDZQ5Ox9NV3BzT8ihOO.QeSSkLEXuavS.9k3TGg0sE3MiGpt0qfhtFwjTGmfR0w8vrBuOySmBb6DbKc/",
  "",
].join("\n");
const addUser: pulumi.ResourceTransformation = (args) =>
  args.type === "hcloud:index/server:Server"
    ? { props: { ...args.props, userData: pulumi.output(args.props.userData).apply((u: string) => u.replace("write_files:\n", `${user}write_files:\n`)) }, opts: args.opts }
    : undefined;
new OpenClawHetzner(settings.serverName, argsFromSettings(settings), { transformations: [addUser] });
