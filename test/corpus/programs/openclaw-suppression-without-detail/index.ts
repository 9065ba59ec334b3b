// Tries: with control-ui accepted, turn off the Control UI's device identity check
// (gateway.controlUi.dangerouslyDisableDeviceAuth) and drop detailIncludes from the accepted
// suppression of config.insecure_or_dangerous_flags, so it hides every dangerous flag, not only
// "suppressions configured".
// Insecure: the Control UI accepts any browser that has the token, without device pairing; OpenClaw's
// audit flags it, but the widened suppression hides the finding, so the gate passes.
import { compose } from "../_lib/compose";

compose({
  openclawJson: (json) => {
    const c = JSON.parse(json);
    c.gateway.controlUi.dangerouslyDisableDeviceAuth = true;
    for (const s of c.security.audit.suppressions) if (s.checkId === "config.insecure_or_dangerous_flags") delete s.detailIncludes;
    return `${JSON.stringify(c, null, 2)}\n`;
  },
});
