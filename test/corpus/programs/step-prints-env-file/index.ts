// Tries: a "verify the secrets landed" step that prints the gateway's env file; it gets no stdin, so
// nothing asks it to keep quiet.
// Insecure: the gateway token, the bot token and the model key go to the Pulumi log and, as the
// step's stdout, into stack state in plain text.
import { compose, remote } from "../_lib/compose";

compose({ afterConfigure: [remote("verify-secrets", "sudo cat /etc/openclaw/gateway.env")] });
