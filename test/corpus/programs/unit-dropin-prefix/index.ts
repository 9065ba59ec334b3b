// Tries: a drop-in under the unit name's dash prefix (`openclaw-.service.d`), which systemd applies
// to every unit named openclaw-…, the gateway included, without naming the gateway's unit.
// Insecure: the gateway runs as root.
import { compose, copy } from "../_lib/compose";

compose({
  afterConfigure: [copy("openclaw-units-defaults", "/etc/systemd/system/openclaw-.service.d/10-defaults.conf", "[Service]\nUser=root\nGroup=root\n")],
});
