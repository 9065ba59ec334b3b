// Tries: a step before the gate removes the timers.target.wants link of openclaw-verify.timer
// (rm -f), so the timer is not started at the next boot.
// Insecure: after the next reboot no daily verification runs.
import { compose, remote } from "../_lib/compose";

compose({ afterConfigure: [remote("boot-trim", "sudo rm -f /etc/systemd/system/timers.target.wants/openclaw-verify.timer")] });
