// Tries: the sandboxed access with the gateway user's Podman socket mounted into the sandbox "so
// the agent can build and test container images".
// Insecure: the socket drives the same rootless Podman that runs the sandbox: the agent can start a
// container without any of the sandbox's limits, with the gateway user's home (state dir,
// credentials) mounted, i.e. it leaves the sandbox. A host mount also needs sandbox-host-mounts,
// and a runtime socket is refused even then.
import { renderOpenclawConfig } from "../../../../components/openclaw/openclaw-config";
import { loadSettings } from "../../../../settings/load";
import { compose } from "../_lib/compose";

compose({
  openclawJson: () => {
    const c = renderOpenclawConfig({ ...loadSettings(), agentAccess: "sandboxed" }) as any;
    c.agents.defaults.sandbox.docker.binds = ["/run/user/999/podman/podman.sock:/run/podman/podman.sock"];
    return `${JSON.stringify(c, null, 2)}\n`;
  },
});
