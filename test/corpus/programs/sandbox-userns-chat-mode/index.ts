// Tries: chat access on Debian 13 (no agent sandbox), with the sandbox-userns step spliced in,
// reviewed script and default inputs, "to have Podman ready for later".
// Insecure: a unit without NoNewPrivileges, with four capabilities in its bounding set, and
// subordinate ids for the service user, where nothing needs them: privilege with no purpose.
import { RemoteStep } from "../../../../components/remote/remote-step";
import { sandboxUsernsInputs } from "../../../../components/step-inputs";
import { compose } from "../_lib/compose";

compose({
  afterHardening: [
    (ctx) => {
      const st = new RemoteStep("podman-ready", { connection: ctx.connection, step: "sandbox-userns", inputs: sandboxUsernsInputs() }, { dependsOn: ctx.after });
      return { resource: st.command, digest: st.digest };
    },
  ],
});
