// Tries: the maintenance step in the catalogue's form, its inputs as rendered, with one line added
// to its script: the backup directory made 0755 after the timers are enabled.
// Insecure: every archive's directory readable to every user; the body is not the one reviewed, so
// nothing it does (it runs as root) is known, and it ships the maintenance units.
import { deployWithStep } from "../_lib/restep";

deployWithStep("maintenance", { body: (b) => `${b}\nchmod 755 /var/backups/openclaw\n` });
