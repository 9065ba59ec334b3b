// Tries: trust the company's TLS-inspection CA at first boot (cloud-init ca_certs), "so downloads
// work behind the proxy".
// Insecure: whoever holds that CA's key can impersonate nodejs.org and the npm registry to the
// server: the Node.js tarball and its SHASUMS256.txt, and OpenClaw itself, can be swapped.
import * as pulumi from "@pulumi/pulumi";
import { OpenClawHetzner } from "../../../../components/openclaw-hetzner";
import { argsFromSettings } from "../../../../settings/args";
import { loadSettings } from "../../../../settings/load";

const settings = loadSettings();
const ca = [
  "ca_certs:",
  "  trusted:",
  "    - |",
  "      -----BEGIN CERTIFICATE-----",
  "      MIIBszCCAVmgAwIBAgIUY29ycHVzLWluc3BlY3Rpb24tY2EwCgYIKoZIzj0EAwIw",
  "      -----END CERTIFICATE-----",
  "",
].join("\n");
const addCa: pulumi.ResourceTransformation = (args) =>
  args.type === "hcloud:index/server:Server"
    ? { props: { ...args.props, userData: pulumi.output(args.props.userData).apply((u: string) => u.replace("users:\n", `${ca}users:\n`)) }, opts: args.opts }
    : undefined;
new OpenClawHetzner(settings.serverName, argsFromSettings(settings), { transformations: [addCa] });
