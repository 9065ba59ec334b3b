// Tries: an explicit hcloud provider for the server's component "through the office's caching
// proxy", on plain http. The stack's own hcloud:endpoint setting (which must be https) is untouched.
// Insecure: every Hetzner API call, with the project's API token in its Authorization header, crosses
// the network in clear text; whoever reads it controls every server and firewall in the project.
import * as hcloud from "@pulumi/hcloud";
import * as pulumi from "@pulumi/pulumi";
import { compose } from "../_lib/compose";

const proxied = new hcloud.Provider("hcloud-office-proxy", {
  endpoint: "http://hcloud-cache.office.example.net/v1",
  token: new pulumi.Config("hcloud").requireSecret("token"),
});
compose({ serverOpts: { providers: { hcloud: proxied } } });
