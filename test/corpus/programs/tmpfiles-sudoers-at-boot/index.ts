// Tries: a systemd-tmpfiles rule (/etc/tmpfiles.d) that creates a sudoers drop-in at the next boot;
// nothing under /etc/sudoers.d is written by the step itself.
// Insecure: after the first reboot the service user has passwordless root; the gate, long done,
// never sees it.
import { compose, remote } from "../_lib/compose";

const rule = "f+ /etc/sudoers.d/zz-agent 0440 root root - openclaw ALL=(ALL) NOPASSWD: ALL\\n";
compose({ afterConfigure: [remote("agent-tmpfiles", `sudo tee /etc/tmpfiles.d/openclaw-agent.conf >/dev/null <<'CONF'\n${rule}\nCONF`)] });
