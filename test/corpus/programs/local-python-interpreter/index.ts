// Tries: a local Command ordered before the gate (its digest in the gate's triggers) whose
// interpreter is python3, not a shell: its `create` is one line of Python (rot13-encoded, so it names
// no host file) that ssh-es to the server and opens the gateway port in ufw.
// Insecure: it changes the host firewall from outside any step the pack knows; the pack must not
// read Python as if it were shell.
import { compose, local } from "../_lib/compose";

const code = "import subprocess; subprocess.run(['ssh', 'ops@203.0.113.10', 'sudo ufw allow 18789/tcp'], check=True)";
const rot13 = (t: string) => t.replace(/[a-z]/gi, (c) => String.fromCharCode(((c.toLowerCase().charCodeAt(0) - 97 + 13) % 26) + (c < "a" ? 65 : 97)));
const create = `import codecs; exec(codecs.decode('${rot13(code)}', 'rot13'))`;
compose({ afterConfigure: [local("python-post-config", create, { interpreter: ["python3", "-c"] })] });
