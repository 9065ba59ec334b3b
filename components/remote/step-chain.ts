// Registers a deployment's remote steps in one place: each named after the deployment
// (`${name}-<step>`, so any number of deployments coexist in a stack), ordered after what it needs,
// and remembered, so the deploy gate runs after every step and re-runs when any of them changes
// without anyone keeping that list by hand.
import * as pulumi from "@pulumi/pulumi";
import type { StepName } from "../../policies/lib/catalogue";
import { Connection, RemoteStep } from "./remote-step";

/** What a step can run after: another step, or any resource. */
export type After = RemoteStep | pulumi.Resource;

export interface StepOptions {
  /** The step's declared inputs (plain values: secrets go on stdin). */
  inputs?: Record<string, string>;
  /** Secret payload piped to the script's stdin. */
  stdin?: pulumi.Output<string>;
  /** What the step runs after: other steps, or any resource (the server). */
  after: After[];
  /** The component the step belongs to. */
  parent?: pulumi.Resource;
}

export class StepChain {
  private readonly registered: RemoteStep[] = [];
  private gateStep?: RemoteStep;

  /** `name`: the deployment's name, the prefix of every step's. */
  constructor(
    readonly name: string,
    private readonly connection: pulumi.Input<Connection>,
  ) {}

  /** Registers one catalogue step, named `${name}-${step}`. */
  add(step: StepName, opts: StepOptions): RemoteStep {
    if (this.gateStep) throw new Error(`${this.name}: step ${step} comes after the deploy gate, which would never check it`);
    if (this.registered.some((s) => s.step === step)) throw new Error(`${this.name}: step ${step} is registered twice`);
    const registered = new RemoteStep(
      `${this.name}-${step}`,
      { connection: this.connection, step, inputs: opts.inputs, stdin: opts.stdin },
      { parent: opts.parent, dependsOn: opts.after.map(resourceOf) },
    );
    this.registered.push(registered);
    return registered;
  }

  /**
   * The deploy gate: runs after every step registered so far, and again whenever any of their
   * command lines (script or inputs) changed. Nothing can be registered after it.
   */
  gate(step: StepName, opts: Omit<StepOptions, "after" | "stdin">): RemoteStep {
    if (this.gateStep) throw new Error(`${this.name}: a second deploy gate`);
    const before = [...this.registered];
    const gate = new RemoteStep(
      `${this.name}-${step}`,
      { connection: this.connection, step, inputs: opts.inputs, rerunWhen: before.map((s) => s.digest) },
      { parent: opts.parent, dependsOn: before.map((s) => s.command) },
    );
    this.registered.push(gate);
    this.gateStep = gate;
    return gate;
  }

  /** Every step registered, in registration order. */
  get steps(): readonly RemoteStep[] {
    return this.registered;
  }
}

function resourceOf(after: After): pulumi.Resource {
  return after instanceof RemoteStep ? after.command : after;
}
