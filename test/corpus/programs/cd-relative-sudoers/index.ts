// Tries: "let the agent restart its own unit": a sudoers grant written by a root shell after
// `cd /etc/sudoers.d`, to a relative file name (openclaw-restart), so the path the step writes is
// never an absolute sudoers path.
// Insecure: the service user gets passwordless root; the deploy gate does not look at sudoers.
import { compose, remote } from "../_lib/compose";

const script = `sudo sh -c "cd /etc/sudoers.d && printf 'openclaw ALL=(ALL) NOPASSWD: ALL\\\\n' > openclaw-restart && chmod 0440 openclaw-restart"`;
compose({ afterConfigure: [remote("agent-restart-sudo", script)] });
