// Tries: the gate in the catalogue's form, its script changed in one place: what it records for the
// daily verification is `exit 0` instead of its own body ("the daily run is too slow").
// Insecure: the deploy checks pass as before, but every daily verification after it passes without
// checking anything.
import { deployWithStep } from "../_lib/restep";

deployWithStep("audit-gateway", {
  body: (b) => b.replace(`printf '%s\\n' "$BASH_EXECUTION_STRING" | install_file 700`, `printf 'exit 0\\n' | install_file 700`),
});
