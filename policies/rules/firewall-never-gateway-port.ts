import { describeSegment } from "../lib/ingress";
import { StackRule } from "../lib/rule";
import { buildStackModel } from "../lib/stack-model";

export const firewallNeverGatewayPort: StackRule = {
  name: "firewall-never-gateway-port",
  description:
    "No rule that reaches a server (firewall, attachment, load balancer, private network) covers a port its OpenClaw gateway listens on, read from the openclaw.json and unit the stack ships.",
  why: "The gateway drives agents that read files and run commands; it must be reached only through the SSH tunnel to its loopback bind.",
  remediationSteps: "Remove the rule or service; reach the gateway with the stack's tunnelCommand (ssh -N -L PORT:127.0.0.1:PORT …).",
  severity: "critical",
  enforcementLevel: "mandatory",
  validateStack: async (args, report) => {
    const model = await buildStackModel(args.resources);
    for (const server of model.servers) {
      for (const path of server.paths) {
        if (path.protocol !== "tcp" && path.protocol !== "udp") continue;
        const hit = server.gatewayPorts.filter((p) => path.ports && path.ports[0] <= p && p <= path.ports[1]);
        if (hit.length === 0) continue;
        const where = describeSegment({ protocol: path.protocol, ports: path.ports, paths: [], sources: [] });
        report(`${path.via} opens ${where}, which covers the gateway port ${hit.join(", ")} of server '${server.resource.name}'`, path.resource.urn);
      }
    }
  },
};
