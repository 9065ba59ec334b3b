// The CrossGuard policy pack: `pulumi preview --policy-pack policies`. The only file that
// constructs the pack (construction starts the analyzer's gRPC server).
import { PolicyPack } from "@pulumi/policy";
import { rules } from "./rules";

new PolicyPack("openclaw-hetzner", {
  enforcementLevel: "mandatory",
  policies: rules,
});
