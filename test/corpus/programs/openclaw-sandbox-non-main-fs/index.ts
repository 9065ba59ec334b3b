// Tries: the sandboxed access (exec and file tools allowed), with the sandbox mode relaxed to
// non-main "so the operator's own main session is not slowed down by a container".
// Insecure: non-main leaves the agent's main session (agent:<id>:main: the operator's, heartbeats,
// anything routed there) unsandboxed: exec pinned to 'sandbox' fails there, but the file tools
// read and write on the host as the gateway's user (its workspace: prompts, memory, skills).
import { renderOpenclawConfig } from "../../../../components/openclaw/openclaw-config";
import { loadSettings } from "../../../../settings/load";
import { compose } from "../_lib/compose";

compose({
  openclawJson: () => {
    const c = renderOpenclawConfig({ ...loadSettings(), agentAccess: "sandboxed" }) as any;
    c.agents.defaults.sandbox.mode = "non-main";
    return `${JSON.stringify(c, null, 2)}\n`;
  },
});
