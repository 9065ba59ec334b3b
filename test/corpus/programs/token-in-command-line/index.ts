// Tries: a step, ordered before the gate, that checks the model provider key works by calling the
// API with the key on the command line.
// Insecure: the command line is stored in plain text in state, shown in previews, and visible in
// the server's process list and sudo log.
import { compose, remote } from "../_lib/compose";

compose({
  afterConfigure: [
    remote("check-model-key", "curl -fsS https://api.anthropic.com/v1/models -H 'x-api-key: sk-ant-api03-LEAKCHECK-0123456789abcdefghij' -H 'anthropic-version: 2023-06-01' >/dev/null"),
  ],
});
