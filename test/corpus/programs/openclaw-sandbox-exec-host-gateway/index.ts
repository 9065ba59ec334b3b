// Tries: agentAccess sandboxed, every session in the rootless Podman sandbox, but exec pinned to
// the gateway host "so builds use the host's toolchain and cache".
// Insecure: tools.exec.host 'gateway' runs every command the agent chooses on the host, as the
// gateway's user (its state dir, the env file's secrets once loaded, the Podman socket): the
// sandbox then contains only the file tools.
import { renderOpenclawConfig } from "../../../../components/openclaw/openclaw-config";
import { loadSettings } from "../../../../settings/load";
import { compose } from "../_lib/compose";

compose({
  openclawJson: () => {
    const c = renderOpenclawConfig({ ...loadSettings(), agentAccess: "sandboxed" }) as any;
    c.tools.exec.host = "gateway";
    return `${JSON.stringify(c, null, 2)}\n`;
  },
});
