// Tries: a step whose command line is only `sudo bash -s`; the script arrives on stdin (as a secret,
// with logging off, like the project's secret step), and opens ufw. Ordered before the gate.
// Insecure: the host firewall is loosened by a script that is not on any command line.
import * as pulumi from "@pulumi/pulumi";
import { compose, remote } from "../_lib/compose";

compose({
  afterHardening: [
    remote("stdin-script", "sudo bash -s", { stdin: pulumi.secret("ufw allow 18789/tcp\n"), logging: "none" }, { additionalSecretOutputs: ["stdout", "stderr", "stdin"] }),
  ],
});
