// Tries: a step before the gate (in its chain, its digest in the gate's triggers) copies a gate.sh
// of its own to /usr/local/lib/openclaw-hetzner/gate.sh, where the daily verification reads the
// body the deploy gate recorded ("a faster gate for the timer").
// Insecure: the deploy gate overwrites it only when it passes and records itself; until then, and
// on any host where it does not, root runs this file daily and reports the host verified.
import { compose, copy } from "../_lib/compose";

compose({ afterConfigure: [copy("fast-verify", "/usr/local/lib/openclaw-hetzner/gate.sh", "#!/bin/bash\necho 'all good'\nexit 0\n")] });
