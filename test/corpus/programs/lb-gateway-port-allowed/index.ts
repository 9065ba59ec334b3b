// Tries: the same load balancer in front of the gateway port, but run with a pack config that lists
// the load balancer types in allowedResourceTypes (test/corpus/policy/allow-load-balancers.json),
// so the type check no longer refuses it; the target picks the server by label selector.
// Insecure: listing a type only moves the judgement to the exposure rules: a service that forwards
// the internet to the gateway port must still be refused.
import * as hcloud from "@pulumi/hcloud";
import { OpenClawHetzner } from "../../../../components/openclaw-hetzner";
import { argsFromSettings } from "../../../../settings/args";
import { loadSettings } from "../../../../settings/load";

const settings = loadSettings();
new OpenClawHetzner(settings.serverName, argsFromSettings(settings));

const lb = new hcloud.LoadBalancer("webhook-lb", { loadBalancerType: "lb11", location: settings.location });
new hcloud.LoadBalancerTarget("webhook-lb-targets", { loadBalancerId: lb.id.apply(Number), type: "label_selector", labelSelector: "managed-by=openclaw-hetzner" });
new hcloud.LoadBalancerService("webhook-lb-service", { loadBalancerId: lb.id, protocol: "tcp", listenPort: 443, destinationPort: 18789 });
