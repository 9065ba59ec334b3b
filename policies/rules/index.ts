// Every rule of the pack, in the order the README lists them. Side-effect free: the pack's entry
// point (../index.ts) and the offline plan both import this list.
import type { Rule } from "../lib/rule";
import { acceptedRisksAllowed, acceptedRisksListed } from "./accepted-risks";
import { aptAuthenticated } from "./apt-authenticated";
import { changesNotIgnored } from "./changes-not-ignored";
import { hcloudEndpointHttps } from "./hcloud-endpoint-https";
import { commandTriggersNoSecrets } from "./command-triggers-no-secrets";
import { commandKeyAuthOnly } from "./command-key-auth-only";
import { commandNoDelete } from "./command-no-delete";
import { commandNoSecretsInCommandLine } from "./command-no-secrets-in-command-line";
import { commandSecretStepsSilent } from "./command-secret-steps-silent";
import { deploymentComplete } from "./deployment-complete";
import { fail2banSshdJail } from "./fail2ban-sshd-jail";
import { firewallIngressBounded } from "./firewall-ingress-bounded";
import { firewallNeverGatewayPort } from "./firewall-never-gateway-port";
import { firewallSourcesAllowlisted } from "./firewall-sources-allowlisted";
import { gateLast } from "./gate-last";
import { gatewayUnitHardened } from "./gateway-unit-hardened";
import { gatewaysIsolated } from "./gateways-isolated";
import { hostAccessFilesUntouched } from "./host-access-files-untouched";
import { hostLayerIntact } from "./host-layer-intact";
import { hcloudInputsNoSecrets } from "./hcloud-inputs-no-secrets";
import { privilegedUnitsAllowlisted } from "./privileged-units-allowlisted";
import { openclawConfigHardened } from "./openclaw-config-hardened";
import { publicIpTargetsKnown } from "./public-ip-targets-known";
import { resourceTypesUnderstood } from "./resource-types-understood";
import { serverBackupsOn } from "./server-backups-on";
import { serverFirewallAtCreation } from "./server-firewall-at-creation";
import { serverImageAllowed } from "./server-image-allowed";
import { serverNoRescueOrIso } from "./server-no-rescue-or-iso";
import { serverProtectionConsistent } from "./server-protection-consistent";
import { serverSshKeysPresent } from "./server-ssh-keys-present";
import { serverUserDataNoSecrets } from "./server-user-data-no-secrets";
import { sshConfigHardened } from "./ssh-config-hardened";
import { stepPayloadsReadable } from "./step-payloads-readable";
import { unattendedUpgradesOn } from "./unattended-upgrades-on";
import { userDataCloudConfig } from "./user-data-cloud-config";

export const rules: Rule[] = [
  resourceTypesUnderstood,
  firewallIngressBounded,
  firewallNeverGatewayPort,
  firewallSourcesAllowlisted,
  publicIpTargetsKnown,
  serverFirewallAtCreation,
  serverImageAllowed,
  serverNoRescueOrIso,
  serverProtectionConsistent,
  serverBackupsOn,
  serverSshKeysPresent,
  userDataCloudConfig,
  serverUserDataNoSecrets,
  hcloudInputsNoSecrets,
  hcloudEndpointHttps,
  commandKeyAuthOnly,
  commandSecretStepsSilent,
  commandNoSecretsInCommandLine,
  commandTriggersNoSecrets,
  commandNoDelete,
  stepPayloadsReadable,
  openclawConfigHardened,
  sshConfigHardened,
  gatewayUnitHardened,
  gatewaysIsolated,
  privilegedUnitsAllowlisted,
  fail2banSshdJail,
  unattendedUpgradesOn,
  aptAuthenticated,
  hostAccessFilesUntouched,
  hostLayerIntact,
  gateLast,
  changesNotIgnored,
  deploymentComplete,
  acceptedRisksAllowed,
  acceptedRisksListed,
];
