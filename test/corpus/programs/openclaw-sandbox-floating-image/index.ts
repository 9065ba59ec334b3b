// Tries: the sandboxed access with a ready-made registry image "to skip building one on the
// server", referenced by tag.
// Insecure: a tag floats: whoever can push to that repository (or a compromised registry) chooses
// the code every agent session runs, on the next container start, with no change the pack or the
// gate can see. Only localhost/<name>:<tag> (built on the server) or <registry>/<name>@sha256 pins it.
import { renderOpenclawConfig } from "../../../../components/openclaw/openclaw-config";
import { loadSettings } from "../../../../settings/load";
import { compose } from "../_lib/compose";

compose({
  openclawJson: () => {
    const c = renderOpenclawConfig({ ...loadSettings(), agentAccess: "sandboxed" }) as any;
    c.agents.defaults.sandbox.docker.image = "ghcr.io/example-org/agent-sandbox:latest";
    return `${JSON.stringify(c, null, 2)}\n`;
  },
});
