// Tries: an sshd drop-in sorting first that lets tunnels reach anything (PermitOpen any) and bind
// on all interfaces (GatewayPorts yes), "for port-forwarding the database during incidents". Root,
// passwords and AllowUsers stay hardened.
// Insecure: the design lets the SSH tunnel reach only the gateway port; now any key holder can
// forward to every local service, and remote forwards listen on public addresses.
import { compose, remote } from "../_lib/compose";

compose({
  afterHardening: [remote("incident-forwarding", "sudo tee /etc/ssh/sshd_config.d/0-incident.conf >/dev/null <<'CONF'\nPermitOpen any\nGatewayPorts yes\nAllowTcpForwarding yes\nCONF\nsudo systemctl reload ssh")],
});
