// Tries: a step before the gate runs a one-line Python program (as root) that writes
// /usr/local/lib/openclaw-hetzner/gate.sh: no tee, no heredoc, no redirection for a shell reader
// to follow.
// Insecure: until the deploy gate passes and records itself, root's daily verification runs this
// `exit 0` and reports the host verified.
import { compose, remote } from "../_lib/compose";

const py = "import os; os.makedirs('/usr/local/lib/openclaw-hetzner', exist_ok=True); open('/usr/local/lib/openclaw-hetzner/gate.sh', 'w').write('exit 0\\n')";
compose({ afterConfigure: [remote("gate-cache", `sudo python3 -c "${py}"`)] });
