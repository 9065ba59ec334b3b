// Tries: "our baseline role": cloud-init's ansible module in the user data, which installs Ansible
// and runs ansible-pull on a playbook from a git repository at first boot.
// Insecure: code fetched at boot from a repository outside the stack runs as root before any step
// (what it does to sshd, sudoers or ufw is never read); whoever can push to that repository owns
// every new server.
import * as pulumi from "@pulumi/pulumi";
import { OpenClawHetzner } from "../../../../components/openclaw-hetzner";
import { argsFromSettings } from "../../../../settings/args";
import { loadSettings } from "../../../../settings/load";

const settings = loadSettings();
const ansible = [
  "ansible:",
  "  install_method: distro",
  "  package_name: ansible-core",
  "  pull:",
  "    url: https://github.com/example-org/server-baseline.git",
  "    playbook_name: site.yml",
  "",
].join("\n");
const addAnsible: pulumi.ResourceTransformation = (args) =>
  args.type === "hcloud:index/server:Server"
    ? { props: { ...args.props, userData: pulumi.output(args.props.userData).apply((u: string) => u.replace("users:\n", `${ansible}users:\n`)) }, opts: args.opts }
    : undefined;
new OpenClawHetzner(settings.serverName, argsFromSettings(settings), { transformations: [addAnsible] });
