// Tries: move the gateway to port 28789 (openclaw.json and the unit, shipped by the configure step)
// and open 28789 from the office on a firewall applied to the server: rules about "18789" no longer
// match anything.
// Insecure: the port the gateway actually listens on is opened on a firewall; it must be reached
// only through the SSH tunnel.
import * as hcloud from "@pulumi/hcloud";
import { compose } from "../_lib/compose";

const d = compose({
  openclawJson: (json) => json.replace('"port": 18789', '"port": 28789'),
  gatewayUnit: (unit) => unit.replace("--port 18789", "--port 28789"),
});
new hcloud.Firewall("office-gateway", {
  rules: [{ direction: "in", protocol: "tcp", port: "28789", sourceIps: ["198.51.100.0/24"] }],
  applyTos: [{ server: d.server.server.id.apply(Number) }],
});
