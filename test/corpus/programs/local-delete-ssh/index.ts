// Tries: a local Command ordered before the gate with a harmless create and a delete command that
// ssh-es to the box and switches fail2ban off ("teardown").
// Insecure: a delete runs at the end of a later `pulumi up`, after that run's gate; this one removes
// SSH brute-force protection unverified.
import { compose, local } from "../_lib/compose";

compose({
  afterHardening: [local("teardown-hook", "true", { delete: "ssh ops@203.0.113.10 'sudo systemctl disable --now fail2ban'" })],
});
