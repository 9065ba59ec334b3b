// Tries: keep token auth and a SecretRef, but point the ref at another variable, OC_GW_TOKEN, set in
// the unit ("so local tools can use a fixed token"): Environment=OC_GW_TOKEN=changeme-please.
// Insecure: the gateway token becomes a known literal, in a world-readable unit file, instead of the
// stack's 128+-bit secret in the root-only env file.
import { compose } from "../_lib/compose";

compose({
  openclawJson: (json) => {
    const c = JSON.parse(json);
    c.gateway.auth.token = { source: "env", provider: "default", id: "OC_GW_TOKEN" };
    return `${JSON.stringify(c, null, 2)}\n`;
  },
  gatewayUnit: (unit) => unit.replace("Environment=NODE_ENV=production\n", "Environment=NODE_ENV=production\nEnvironment=OC_GW_TOKEN=changeme-please\n"),
});
