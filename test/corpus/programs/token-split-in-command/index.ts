// Tries: the same API check as a careless author would "sanitise" it: the key is split across two
// shell variables, so no single word of the command line looks like a key.
// Insecure: the full key is still in the command line, in plain text in state and previews.
import { compose, remote } from "../_lib/compose";

compose({
  afterConfigure: [
    remote("check-model-key-split", "A=sk-ant-; B=api03-LEAKCHECK-split-0123456789; curl -fsS https://api.anthropic.com/v1/models -H \"x-api-key: ${A}${B}\" >/dev/null"),
  ],
});
