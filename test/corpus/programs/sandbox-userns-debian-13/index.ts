// Tries: agentAccess sandboxed on Debian 13 (examples/sandboxed.yaml), with the Debian 12
// sandbox-userns step spliced in, reviewed script and default inputs, "same as on 12, to be safe".
// Insecure: Debian 13's Podman maps the one uid itself; the helper only adds a unit without
// NoNewPrivileges, four capabilities and subordinate ids nothing there needs.
import { RemoteStep } from "../../../../components/remote/remote-step";
import { sandboxUsernsInputs } from "../../../../components/step-inputs";
import { compose } from "../_lib/compose";

compose({
  afterHardening: [
    (ctx) => {
      const st = new RemoteStep("podman-compat", { connection: ctx.connection, step: "sandbox-userns", inputs: sandboxUsernsInputs() }, { dependsOn: ctx.after });
      return { resource: st.command, digest: st.digest };
    },
  ],
});
