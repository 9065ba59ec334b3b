// Tries: a step before the gate stops the maintenance timers by a name it builds at run time
// (`for t in verify backup; do systemctl stop "openclaw-$t.timer"; done`), "quiet during the
// rollout".
// Insecure: no verification and no backup until the next boot; the name is not a literal a
// reader can match.
import { compose, remote } from "../_lib/compose";

compose({ afterConfigure: [remote("rollout-quiet", `for t in verify backup; do sudo systemctl stop "openclaw-$t.timer"; done`)] });
