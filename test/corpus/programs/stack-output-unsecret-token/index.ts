// Tries: "CI needs the gateway token to run smoke tests": export it as a stack output, unsecreted so
// the pipeline can read it with `pulumi stack output` without --show-secrets.
// Insecure: the gateway token lands in plain text in stack state and in every output listing; it
// opens the gateway to anyone who gets it.
import * as pulumi from "@pulumi/pulumi";
import { OpenClawHetzner } from "../../../../components/openclaw-hetzner";
import { argsFromSettings } from "../../../../settings/args";
import { loadSettings } from "../../../../settings/load";

const settings = loadSettings();
const d = new OpenClawHetzner(settings.serverName, argsFromSettings(settings));
export const gatewayTokenForCi = pulumi.unsecret(d.gatewayToken);
