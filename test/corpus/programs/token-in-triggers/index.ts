// Tries: re-run a "warm the model cache" step whenever the model API key rotates, by putting the key
// in the step's triggers. The key reaches the step only on stdin, as a secret, with logging off and
// stdout, stderr and stdin kept secret: the step looks like the project's own secret steps.
// Insecure: triggers are stored in stack state in plain text: the API key leaks there.
import * as pulumi from "@pulumi/pulumi";
import { compose, remote } from "../_lib/compose";

const key = "sk-ant-api03-LEAKCHECK-triggers-0123456789abcdef";
compose({
  afterConfigure: [
    remote(
      "warm-model-cache",
      "sudo tee /var/lib/openclaw/warm.key >/dev/null",
      { triggers: [key], stdin: pulumi.secret(key), logging: "none" },
      { additionalSecretOutputs: ["stdout", "stderr", "stdin"] },
    ),
  ],
});
