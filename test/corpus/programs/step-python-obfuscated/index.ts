// Tries: a one-line python3 "helper" in a step ordered before the gate; the code is base64 so it
// mentions no sshd, ufw or openclaw path. It writes an sshd drop-in that sorts first.
// Insecure: PasswordAuthentication yes wins over the project's drop-in; the pack cannot read what
// the step does, so it must not accept it.
import { compose, remote } from "../_lib/compose";

const code = "open('/etc/ssh/sshd_config.d/0-helper.conf','w').write('PasswordAuthentication yes\\n')";
const b64 = Buffer.from(code).toString("base64");
compose({ afterHardening: [remote("python-helper", `sudo python3 -c "import base64; exec(base64.b64decode('${b64}'))"`)] });
