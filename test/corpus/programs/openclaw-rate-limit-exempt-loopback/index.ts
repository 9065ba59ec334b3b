// Tries: "the limiter locked us out during a demo": gateway.auth.rateLimit.exemptLoopback true (the
// attempt and lockout numbers stay as they are).
// Insecure: every client reaches the gateway through the SSH tunnel, i.e. from loopback: exempting
// loopback turns the token brute-force limiter off for everyone.
import { compose } from "../_lib/compose";

compose({
  openclawJson: (json) => {
    const c = JSON.parse(json);
    c.gateway.auth.rateLimit.exemptLoopback = true;
    return `${JSON.stringify(c, null, 2)}\n`;
  },
});
