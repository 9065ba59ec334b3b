// What every rule of the pack carries besides @pulumi/policy's own fields.
import type { ResourceValidationArgs, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";

export interface RuleMetadata {
  /** Why the rule matters: the risk it keeps out. Shown in the README's rule table. */
  why: string;
  /** How to fix a violation. */
  remediationSteps: string;
  severity: "low" | "medium" | "high" | "critical";
}

export type ResourceRule = ResourceValidationPolicy & RuleMetadata;
export type StackRule = StackValidationPolicy & RuleMetadata;
export type Rule = ResourceRule | StackRule;

/**
 * The rule's config: the CLI fills schema defaults, a direct call may not, so defaults are merged
 * here too.
 */
export function configOf<T extends object>(args: ResourceValidationArgs | StackValidationArgs, defaults: T): T {
  return { ...defaults, ...(args.getConfig<Partial<T>>() ?? {}) };
}

export const TYPES = {
  server: "hcloud:index/server:Server",
  firewall: "hcloud:index/firewall:Firewall",
  firewallAttachment: "hcloud:index/firewallAttachment:FirewallAttachment",
  sshKey: "hcloud:index/sshKey:SshKey",
  loadBalancer: "hcloud:index/loadBalancer:LoadBalancer",
  loadBalancerService: "hcloud:index/loadBalancerService:LoadBalancerService",
  loadBalancerTarget: "hcloud:index/loadBalancerTarget:LoadBalancerTarget",
  loadBalancerNetwork: "hcloud:index/loadBalancerNetwork:LoadBalancerNetwork",
  network: "hcloud:index/network:Network",
  networkSubnet: "hcloud:index/networkSubnet:NetworkSubnet",
  networkRoute: "hcloud:index/networkRoute:NetworkRoute",
  serverNetwork: "hcloud:index/serverNetwork:ServerNetwork",
  floatingIp: "hcloud:index/floatingIp:FloatingIp",
  floatingIpAssignment: "hcloud:index/floatingIpAssignment:FloatingIpAssignment",
  primaryIp: "hcloud:index/primaryIp:PrimaryIp",
  command: "command:remote:Command",
  copyToRemote: "command:remote:CopyToRemote",
  localCommand: "command:local:Command",
  randomPassword: "random:index/randomPassword:RandomPassword",
} as const;
