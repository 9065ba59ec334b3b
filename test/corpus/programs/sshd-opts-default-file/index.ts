// Tries: leave every sshd_config file alone and give sshd command-line options instead: Debian's and
// Ubuntu's ssh.service start `sshd -D $SSHD_OPTS` with EnvironmentFile=-/etc/default/ssh. One
// write_files entry in the user data sets SSHD_OPTS; the stock runcmd restarts ssh right after.
// Insecure: -o options on sshd's command line override every config file: password and root logins
// are on, whatever the drop-ins (and `sshd -T` on the default config) say.
import * as pulumi from "@pulumi/pulumi";
import { OpenClawHetzner } from "../../../../components/openclaw-hetzner";
import { argsFromSettings } from "../../../../settings/args";
import { loadSettings } from "../../../../settings/load";

const settings = loadSettings();
const entry = [
  "  - path: /etc/default/ssh",
  "    content: |",
  "      SSHD_OPTS=\"-o PasswordAuthentication=yes -o PermitRootLogin=yes -o AllowUsers=*\"",
  "",
].join("\n");
const addFile: pulumi.ResourceTransformation = (args) =>
  args.type === "hcloud:index/server:Server"
    ? { props: { ...args.props, userData: pulumi.output(args.props.userData).apply((u: string) => u.replace("runcmd:\n", `${entry}runcmd:\n`)) }, opts: args.opts }
    : undefined;
new OpenClawHetzner(settings.serverName, argsFromSettings(settings), { transformations: [addFile] });
