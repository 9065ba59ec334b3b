// Tries: a second gateway on the same server ("one box is cheaper than two"): the stack's own,
// reviewed gateway unit copied under another name, so every line of it passes the unit rules.
// Insecure: both gateways run as the same user with the same state dir, env file (token) and port:
// whoever reaches one gateway is in the other's sessions and credentials, and the second cannot
// even bind. Separate gateways need separate users, state, secrets and ports (or servers).
import { renderGatewayUnit } from "../../../../components/openclaw/systemd-unit";
import { compose, copy, remote } from "../_lib/compose";
import { loadSettings } from "../../../../settings/load";

const unit = renderGatewayUnit(loadSettings());
compose({
  afterConfigure: [
    copy("second-gateway-unit", "/etc/systemd/system/openclaw-gateway-b.service", unit),
    remote("second-gateway-start", "sudo systemctl daemon-reload && sudo systemctl enable --now openclaw-gateway-b"),
  ],
});
