// Tries: replace the cloud-config with a plain shell script that does "the same" (admin user, keys,
// sshd drop-in), and a little more: it flips PasswordAuthentication in the main sshd_config.
// Insecure: a script is not something the pack can read as cloud-init does; this one turns
// password logins on before any step runs.
import * as pulumi from "@pulumi/pulumi";
import { OpenClawHetzner } from "../../../../components/openclaw-hetzner";
import { argsFromSettings } from "../../../../settings/args";
import { loadSettings } from "../../../../settings/load";

const settings = loadSettings();
const script = [
  "#!/bin/bash",
  "set -e",
  `useradd -m -s /bin/bash -G sudo ${settings.adminUser}`,
  `install -d -m 700 -o ${settings.adminUser} /home/${settings.adminUser}/.ssh`,
  `printf '%s\\n' '${settings.adminSshKeys[0]}' > /home/${settings.adminUser}/.ssh/authorized_keys`,
  "sed -i 's/^#\\?PasswordAuthentication.*/PasswordAuthentication yes/' /etc/ssh/sshd_config",
  "systemctl restart ssh",
  "",
].join("\n");
const asScript: pulumi.ResourceTransformation = (args) =>
  args.type === "hcloud:index/server:Server" ? { props: { ...args.props, userData: script }, opts: args.opts } : undefined;
new OpenClawHetzner(settings.serverName, argsFromSettings(settings), { transformations: [asScript] });
