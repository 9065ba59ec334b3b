import { configOf, StackRule, TYPES } from "../lib/rule";

/**
 * Types the pack judges by default. Types that can expose a server (load balancers, networks,
 * floating and primary IPs) have rules of their own but are refused until the pack config lists
 * them: using one is an architectural decision a reviewer should see.
 */
export const UNDERSTOOD_TYPES: readonly string[] = [
  TYPES.server,
  TYPES.firewall,
  TYPES.firewallAttachment,
  TYPES.sshKey,
  TYPES.command,
  TYPES.copyToRemote,
  TYPES.localCommand,
  TYPES.randomPassword,
  "pulumi:pulumi:Stack",
];

/** Listable types whose exposure the pack evaluates (firewall union, network and IP rules). */
export const EXPOSURE_TYPES: readonly string[] = [
  TYPES.loadBalancer,
  TYPES.loadBalancerService,
  TYPES.loadBalancerTarget,
  TYPES.loadBalancerNetwork,
  TYPES.network,
  TYPES.networkSubnet,
  TYPES.networkRoute,
  TYPES.serverNetwork,
  TYPES.floatingIp,
  TYPES.floatingIpAssignment,
  TYPES.primaryIp,
];

interface AllowedType {
  type: string;
  reason: string;
}

const defaults = { allowedResourceTypes: [] as AllowedType[] };

export const resourceTypesUnderstood: StackRule = {
  name: "resource-types-understood",
  description:
    "Every resource is of a type the pack understands; any other type is refused unless the pack config lists it in allowedResourceTypes with a reason.",
  why: "A rule can only refuse what it looks at: a load balancer forwarding to the gateway port, or any resource no rule reads, would otherwise pass unseen.",
  remediationSteps:
    "Remove the resource, or add {type, reason} to allowedResourceTypes in the pack config (reviewed like code). Load balancers, networks and IPs keep being checked by their own rules once listed.",
  severity: "critical",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      allowedResourceTypes: {
        type: "array",
        default: [],
        items: {
          type: "object",
          properties: { type: { type: "string" }, reason: { type: "string", minLength: 10 } },
          required: ["type", "reason"],
          additionalProperties: false,
        },
        description: "Further resource types to accept, each with the reason it is safe here.",
      },
    },
  },
  validateStack: (args, report) => {
    const { allowedResourceTypes } = configOf(args, defaults);
    const listed = new Map(allowedResourceTypes.filter((a) => a && typeof a.reason === "string" && a.reason.trim().length >= 10).map((a) => [a.type, a.reason]));
    for (const r of args.resources) {
      // Components (no provider) create nothing themselves; their children are judged one by one.
      // Provider resources configure access, they deploy nothing.
      const custom = r.provider !== undefined;
      if (!custom || r.type.startsWith("pulumi:providers:")) continue;
      if (UNDERSTOOD_TYPES.includes(r.type) || listed.has(r.type)) continue;
      const hint = EXPOSURE_TYPES.includes(r.type) ? " (it can expose a server: its own rules apply once it is listed)" : "";
      report(`resource '${r.name}' is of type ${r.type}, which the pack does not understand${hint}; list it in allowedResourceTypes with a reason, or remove it`, r.urn);
    }
  },
};
