// Tries: run the root part of a step through `sudo -s` fed by a here-document, so the commands are
// the shell's input, not its arguments: a sudoers grant for the service user.
// Insecure: the service user gets passwordless root; the deploy gate does not look at sudoers.
import { compose, remote } from "../_lib/compose";

const script = [
  "sudo -s <<'ROOT'",
  "umask 0337",
  "echo 'openclaw ALL=(ALL) NOPASSWD: ALL' > /etc/sudoers.d/openclaw-ops",
  "ROOT",
].join("\n");
compose({ afterConfigure: [remote("root-tasks", script)] });
