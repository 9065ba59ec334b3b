// Tries: "fewer tokens per turn": tools.codeMode enabled with the default Node executor. Exec stays
// denied, the deny list stays.
// Insecure: Code Mode adds its own `exec` tool after the allow/deny policy; with the Node executor it
// runs model-written JavaScript in node:vm, which OpenClaw documents as no security boundary
// (trusted host execution), so a prompt-injected turn runs code in the gateway process, with its
// environment (gateway, bot and model keys).
import { compose } from "../_lib/compose";

compose({
  openclawJson: (json) => {
    const c = JSON.parse(json);
    c.tools.codeMode = { enabled: true, executor: "node" };
    return `${JSON.stringify(c, null, 2)}\n`;
  },
});
