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
  /** On a shared server: the gateway the step is for (named `${name}-<gateway>-<step>`). */
  gateway?: string;
}

export class StepChain {
  private readonly registered: RemoteStep[] = [];
  /** The deploy gates: one per gateway of the server, after every other step. */
  private readonly gates: RemoteStep[] = [];
  private readonly names = new Set<string>();

  /** `name`: the deployment's name, the prefix of every step's. */
  constructor(
    readonly name: string,
    private readonly connection: pulumi.Input<Connection>,
  ) {}

  private nameOf(step: StepName, gateway?: string): string {
    const name = `${this.name}${gateway ? `-${gateway}` : ""}-${step}`;
    if (this.names.has(name)) throw new Error(`${this.name}: step ${step}${gateway ? ` of gateway ${gateway}` : ""} is registered twice`);
    this.names.add(name);
    return name;
  }

  /** Registers one catalogue step, named `${name}-${step}` (`${name}-<gateway>-${step}` for a shared server's gateway). */
  add(step: StepName, opts: StepOptions): RemoteStep {
    if (this.gates.length > 0) throw new Error(`${this.name}: step ${step} comes after the deploy gate, which would never check it`);
    const registered = new RemoteStep(
      this.nameOf(step, opts.gateway),
      { connection: this.connection, step, inputs: opts.inputs, stdin: opts.stdin },
      { parent: opts.parent, dependsOn: opts.after.map(resourceOf) },
    );
    this.registered.push(registered);
    return registered;
  }

  /**
   * The deploy gate: runs after every step registered so far, and again whenever any of their
   * command lines (script or inputs) changed. Nothing can be registered after it. A shared server
   * has one per gateway, each after every other step of the server (and the gates before it).
   */
  gate(step: StepName, opts: Omit<StepOptions, "after" | "stdin">): RemoteStep {
    if (this.gates.length > 0 && !opts.gateway) throw new Error(`${this.name}: a second deploy gate`);
    const before = [...this.registered];
    const gate = new RemoteStep(
      this.nameOf(step, opts.gateway),
      { connection: this.connection, step, inputs: opts.inputs, rerunWhen: before.map((s) => s.digest) },
      { parent: opts.parent, dependsOn: before.map((s) => s.command) },
    );
    this.registered.push(gate);
    this.gates.push(gate);
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
