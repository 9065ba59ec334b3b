// Tries: a step placed properly before the gate (ordered, its digest in the gate's triggers) whose
// create is harmless; its delete command disables ufw. It runs when the step is removed or
// replaced: at the end of a later `pulumi up`, after that run's gate has passed.
// Insecure: delete commands run after the gate, unverified; this one turns the host firewall off.
import { compose, remote } from "../_lib/compose";

compose({ afterHardening: [remote("ufw-maintenance", "true", { delete: "sudo ufw --force disable" })] });
