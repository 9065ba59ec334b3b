// Tries: stage a sudoers file in /tmp, then install it through xargs, so the install command and its
// sudoers destination are xargs' arguments.
// Insecure: the service user gets passwordless root; the deploy gate does not look at sudoers.
import { compose, remote } from "../_lib/compose";

const script = [
  "printf 'openclaw ALL=(ALL) NOPASSWD: ALL\\n' > /tmp/agent-sudo",
  "echo /tmp/agent-sudo | sudo xargs -I{} install -m 0440 {} /etc/sudoers.d/agent",
].join("\n");
compose({ afterConfigure: [remote("agent-sudo", script)] });
