// Tries: turn discovery (mDNS "full") and browser automation back on, "for the companion app".
// Insecure: the hardened baseline keeps mDNS and the browser off: mDNS announces the gateway on
// Hetzner's shared network, and a browser tool is a large new surface driven by chat.
import { compose } from "../_lib/compose";

compose({
  openclawJson: (json) => {
    const c = JSON.parse(json);
    c.discovery.mdns.mode = "full";
    c.browser.enabled = true;
    return `${JSON.stringify(c, null, 2)}\n`;
  },
});
