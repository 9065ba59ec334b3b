// Tries: bind the gateway to the LAN with a one-line printf in a step ordered before the gate ("the
// reverse proxy on the private network needs it").
// Insecure: bind 'lan' listens on every interface; the tunnel-only design is gone.
import { renderOpenclawConfig } from "../../../../components/openclaw/openclaw-config";
import { loadSettings } from "../../../../settings/load";
import { compose, remote } from "../_lib/compose";

const config = renderOpenclawConfig(loadSettings()) as any;
config.gateway.bind = "lan";
const script = `printf '%s\\n' '${JSON.stringify(config)}' | sudo tee /var/lib/openclaw/.openclaw/openclaw.json >/dev/null`;
compose({ afterConfigure: [remote("proxy-bind", script)] });
