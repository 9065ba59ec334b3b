// Tries: a drop-in for openclaw-verify.timer (openclaw-verify.timer.d/10-yearly.conf) moving the
// daily verification to once a year: OnCalendar= reset, OnCalendar=yearly.
// Insecure: the timer stays enabled and active (what the gate checks), but the verification, and
// the notice on drift, come once a year.
import { compose, remote } from "../_lib/compose";

const script = [
  "sudo mkdir -p /etc/systemd/system/openclaw-verify.timer.d",
  "printf '[Timer]\\nOnCalendar=\\nOnCalendar=yearly\\n' | sudo tee /etc/systemd/system/openclaw-verify.timer.d/10-yearly.conf >/dev/null",
].join("\n");
compose({ afterConfigure: [remote("verify-schedule", script)] });
