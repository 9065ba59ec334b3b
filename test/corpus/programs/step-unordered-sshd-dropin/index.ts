// Tries: a debugging step with no dependsOn at all (it only uses the server's address), writing an
// sshd drop-in that sorts before the project's 00-openclaw-hetzner.conf ('0-' < '00', bytewise)
// and turns passwords and root logins back on. It may run before, during or after the gate.
// Insecure: sshd keeps the first value it reads, so this file wins: password and root logins on
// the internet-facing SSH port.
import * as command from "@pulumi/command";
import { OpenClawHetzner } from "../../../../components/openclaw-hetzner";
import { argsFromSettings } from "../../../../settings/args";
import { loadSettings } from "../../../../settings/load";

const settings = loadSettings();
const d = new OpenClawHetzner(settings.serverName, argsFromSettings(settings));

new command.remote.Command("debug-ssh", {
  connection: { host: d.server.ipv4, port: settings.sshPort, user: settings.adminUser },
  create: [
    "sudo tee /etc/ssh/sshd_config.d/0-debug.conf >/dev/null <<'EOF'",
    "PasswordAuthentication yes",
    "PermitRootLogin yes",
    "EOF",
    "sudo systemctl reload ssh",
  ].join("\n"),
});
