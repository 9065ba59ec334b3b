// Tries: the sandboxed access on the Docker backend "because Podman is awkward on this image";
// every other sandbox setting stays as the project renders it.
// Insecure: OpenClaw drives Docker through its socket, and whoever can use the Docker socket is
// root on the host (unless DOCKER_HOST points at a rootless daemon, which nothing here shows):
// the gateway's user, and with it anything that escapes into the gateway process, becomes root.
import { renderOpenclawConfig } from "../../../../components/openclaw/openclaw-config";
import { loadSettings } from "../../../../settings/load";
import { compose } from "../_lib/compose";

compose({
  openclawJson: () => {
    const c = renderOpenclawConfig({ ...loadSettings(), agentAccess: "sandboxed" }) as any;
    c.agents.defaults.sandbox.backend = "docker";
    return `${JSON.stringify(c, null, 2)}\n`;
  },
});
