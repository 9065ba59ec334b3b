import { raw } from "../lib/props";
import { ResourceRule } from "../lib/rule";

function insecure(endpoint: unknown): boolean {
  if (typeof endpoint !== "string" || endpoint === "") return false;
  try {
    const url = new URL(endpoint);
    return url.protocol.toLowerCase() !== "https:" || url.username !== "" || url.password !== "";
  } catch {
    return true;
  }
}

export const hcloudEndpointHttps: ResourceRule = {
  name: "hcloud-endpoint-https",
  description: "The Hetzner provider talks to its API over https: an explicit hcloud provider, and the provider of every hcloud resource, has no plain-http endpoint.",
  why: "Every API call carries the Hetzner token, which can create and delete servers and firewalls; over plain http anyone on the path takes it.",
  remediationSteps: "Leave the provider's endpoint at its default, or give an https URL.",
  severity: "critical",
  enforcementLevel: "mandatory",
  validateResource: (args, report) => {
    if (args.type === "pulumi:providers:hcloud" && insecure(raw(args.props)?.endpoint)) report("this hcloud provider's endpoint is not https");
    if (args.type.startsWith("hcloud:") && args.provider && insecure(raw(args.provider.props)?.endpoint)) {
      report(`the hcloud provider of this resource ('${args.provider.name}') has an endpoint that is not https`);
    }
  },
};
