import * as pulumi from "@pulumi/pulumi";
import type { Settings } from "../../settings/load";
import { Connection, RemoteStep } from "../remote/remote-step";
import { installNodeInputs } from "../step-inputs";

export interface NodeJsArgs {
  /** Validated stack settings (nodeVersion, nodeMirror, nodeSha256). */
  settings: Settings;
  /** SSH connection of the remote steps. */
  connection: pulumi.Input<Connection>;
  /** The step this one runs after. */
  after: pulumi.Resource;
}

/** Node.js from the official tarball, SHA-256 checked, root-owned under /opt. */
export class NodeJs extends pulumi.ComponentResource {
  readonly install: RemoteStep;

  constructor(name: string, args: NodeJsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("openclaw-hetzner:index:NodeJs", name, {}, opts);
    const s = args.settings;
    this.install = new RemoteStep(
      "install-node",
      {
        connection: args.connection,
        step: "install-node",
        inputs: installNodeInputs(s),
      },
      { parent: this, dependsOn: [args.after] },
    );
    this.registerOutputs({});
  }
}
