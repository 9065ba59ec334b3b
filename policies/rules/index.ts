// Every rule of the pack, in the order the README lists them. Side-effect free: the pack's entry
// point (../index.ts) and the offline plan both import this list.
import type { Rule } from "../lib/rule";
import { commandKeyAuthOnly } from "./command-key-auth-only";
import { commandNoSecretsInCommandLine } from "./command-no-secrets-in-command-line";
import { commandSecretStepsSilent } from "./command-secret-steps-silent";
import { deploymentComplete } from "./deployment-complete";
import { firewallNeverGatewayPort } from "./firewall-never-gateway-port";
import { firewallNoWorldIngress } from "./firewall-no-world-ingress";
import { firewallSourcesAllowlisted } from "./firewall-sources-allowlisted";
import { openclawConfigHardened } from "./openclaw-config-hardened";
import { serverFirewallAtCreation } from "./server-firewall-at-creation";
import { serverImageAllowed } from "./server-image-allowed";
import { serverProtectionConsistent } from "./server-protection-consistent";
import { serverSshKeysPresent } from "./server-ssh-keys-present";
import { serverUserDataNoSecrets } from "./server-user-data-no-secrets";
import { sshConfigHardened } from "./ssh-config-hardened";

export const rules: Rule[] = [
  firewallNoWorldIngress,
  firewallNeverGatewayPort,
  firewallSourcesAllowlisted,
  serverFirewallAtCreation,
  serverImageAllowed,
  serverProtectionConsistent,
  serverSshKeysPresent,
  serverUserDataNoSecrets,
  commandKeyAuthOnly,
  commandSecretStepsSilent,
  commandNoSecretsInCommandLine,
  openclawConfigHardened,
  sshConfigHardened,
  deploymentComplete,
];
