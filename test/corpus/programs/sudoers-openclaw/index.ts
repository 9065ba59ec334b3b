// Tries: passwordless sudo for the openclaw service user "so the agent can restart itself".
// Insecure: the service user is what a compromised agent runs as: sudo makes it root.
import { compose, remote } from "../_lib/compose";

compose({
  afterConfigure: [remote("agent-restart-rights", "echo 'openclaw ALL=(ALL) NOPASSWD: ALL' | sudo tee /etc/sudoers.d/openclaw >/dev/null && sudo chmod 440 /etc/sudoers.d/openclaw")],
});
