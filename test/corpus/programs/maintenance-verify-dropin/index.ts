// Tries: a drop-in for openclaw-verify.service (openclaw-verify.service.d/10-quick.conf) that
// resets ExecStart to `/bin/true`, written with printf | tee by a step before the gate.
// Insecure: the unit file stays the one the pack knows, but systemd runs the drop-in's command:
// the daily verification always passes.
import { compose, remote } from "../_lib/compose";

const script = [
  "sudo mkdir -p /etc/systemd/system/openclaw-verify.service.d",
  "printf '[Service]\\nExecStart=\\nExecStart=/bin/true\\n' | sudo tee /etc/systemd/system/openclaw-verify.service.d/10-quick.conf >/dev/null",
].join("\n");
compose({ afterConfigure: [remote("verify-quick", script)] });
