// Tries: an `at` job queued by the step (the job text arrives on at's stdin) that opens the gateway
// port in ufw half an hour later, "for the load test".
// Insecure: the host firewall admits the gateway port from anywhere after the deploy gate checked it.
import { compose, remote } from "../_lib/compose";

const script = [
  "sudo apt-get install -y -qq at >/dev/null",
  "echo '/usr/sbin/ufw allow 18789/tcp' | sudo at now + 30 minutes",
].join("\n");
compose({ afterHardening: [remote("load-test-window", script)] });
