// Tries: the gate re-rendered (reviewed script) with OC_HOST_LAYER emptied: no kernel parameter,
// login.defs setting, disabled module or audit watch to check ("the host layer has a rule of its
// own in the pack").
// Insecure: the pack judges what the steps ship, but the gate records these inputs for the daily
// verification: a sysctl, module or audit rule changed on the host after the deploy is never
// reported.
import { deployWithStep } from "../_lib/restep";

deployWithStep("audit-gateway", {
  inputs: { OC_HOST_LAYER: JSON.stringify({ sysctl: {}, loginDefs: {}, modules: [], auditWatches: [], securitySuite: "trixie-security" }) },
});
