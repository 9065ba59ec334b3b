// Tries: put a Hetzner load balancer in front of the server with a TCP service on 443 forwarding to
// the gateway port. No firewall rule changes at all: load balancers are not filtered by the
// server's cloud firewall rules the way a reviewer expects.
// Insecure: the load balancer accepts connections from the whole internet and forwards them to the
// gateway port. (Run without a pack config that lists load balancer types.)
import * as hcloud from "@pulumi/hcloud";
import { OpenClawHetzner } from "../../../../components/openclaw-hetzner";
import { argsFromSettings } from "../../../../settings/args";
import { loadSettings } from "../../../../settings/load";

const settings = loadSettings();
const d = new OpenClawHetzner(settings.serverName, argsFromSettings(settings));

const lb = new hcloud.LoadBalancer("gateway-lb", { loadBalancerType: "lb11", location: settings.location });
new hcloud.LoadBalancerTarget("gateway-lb-target", { loadBalancerId: lb.id.apply(Number), type: "server", serverId: d.server.server.id.apply(Number) });
new hcloud.LoadBalancerService("gateway-lb-tls", { loadBalancerId: lb.id, protocol: "tcp", listenPort: 443, destinationPort: settings.gatewayPort });
