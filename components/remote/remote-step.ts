// One remote step of the catalogue, run over SSH by @pulumi/command. The command line carries the
// script and its plain inputs; secrets travel only on stdin, and a step that gets secrets logs
// nothing and keeps its outputs secret.
import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import type { StepName } from "../../policies/lib/catalogue";
import { renderStepCommand } from "./command-line";

export type Connection = command.types.input.remote.ConnectionArgs;

export interface RemoteStepArgs {
  /** SSH connection: the admin user, the SSH port and the deploy key (a secret). */
  connection: pulumi.Input<Connection>;
  /** The catalogue step this runs (policies/lib/catalogue.ts). */
  step: StepName;
  /** The step's declared inputs, plain values known from config. */
  inputs?: Record<string, string>;
  /** Secret payload piped to the script's stdin. */
  stdin?: pulumi.Output<string>;
  /** More trigger values: the step re-runs when any of them changes (e.g. upstream digests). */
  rerunWhen?: string[];
}

export class RemoteStep {
  readonly command: command.remote.Command;
  /** The catalogue step it runs. */
  readonly step: StepName;
  /** Digest of the command line: changes exactly when the step's script or inputs change. */
  readonly digest: string;

  constructor(name: string, args: RemoteStepArgs, opts: pulumi.CustomResourceOptions) {
    this.step = args.step;
    const rendered = renderStepCommand(args.step, args.inputs ?? {});
    this.digest = rendered.digest;
    const hasSecrets = args.stdin !== undefined;
    this.command = new command.remote.Command(
      name,
      {
        connection: args.connection,
        create: rendered.command,
        stdin: args.stdin,
        triggers: [rendered.digest, ...(args.rerunWhen ?? [])],
        logging: hasSecrets ? "none" : "stdoutAndStderr",
        // Would need sshd AcceptEnv, which the hardened sshd does not grant.
        addPreviousOutputInEnv: false,
      },
      { ...opts, additionalSecretOutputs: hasSecrets ? ["stdout", "stderr", "stdin"] : opts.additionalSecretOutputs },
    );
  }
}
