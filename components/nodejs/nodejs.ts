import * as pulumi from "@pulumi/pulumi";
import type { Settings } from "../../settings/load";
import type { RemoteStep } from "../remote/remote-step";
import type { After, StepChain } from "../remote/step-chain";
import { installNodeInputs } from "../step-inputs";

export interface NodeJsArgs {
  /** Validated stack settings (nodeVersion, nodeMirror, nodeSha256). */
  settings: Settings;
  /** The deployment's steps: the install registers there. */
  chain: StepChain;
  /** The step this one runs after. */
  after: After;
}

/** Node.js from the official tarball, SHA-256 checked, root-owned under /opt. */
export class NodeJs extends pulumi.ComponentResource {
  readonly install: RemoteStep;

  constructor(name: string, args: NodeJsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("openclaw-hetzner:index:NodeJs", name, {}, opts);
    const s = args.settings;
    this.install = args.chain.add("install-node", { inputs: installNodeInputs(s), after: [args.after], parent: this });
    this.registerOutputs({});
  }
}
