// Not a corpus case: the real deployment (OpenClawHetzner) with one of its catalogue steps
// re-rendered in the catalogue's form (same name, same command line shape) with some inputs, or
// its body, changed, and every trigger that held the old digest holding the new one (the step's
// own and the gate's), as a careful author would leave them: gate-last cannot refuse it for its
// ordering or its triggers; only a rule that reads what the step ships can.
import * as pulumi from "@pulumi/pulumi";
import { OpenClawHetzner } from "../../../../components/openclaw-hetzner";
import { argsFromSettings } from "../../../../settings/args";
import { commandDigest, decodeStepCommand, stepCommandLine, StepName } from "../../../../policies/lib/catalogue";
import { loadSettings } from "../../../../settings/load";

export interface StepChange {
  /** Inputs to set (added to, or replacing, the rendered ones). */
  inputs?: Record<string, string>;
  /** A change to the step's body (lib.sh, bundles and script, as bash gets it). */
  body?: (body: string) => string;
}

export function deployWithStep(step: StepName, change: StepChange): OpenClawHetzner {
  const settings = loadSettings();
  const digests = new Map<string, string>();
  const swap = (t: unknown[]) => t.map((v) => (typeof v === "string" && digests.has(v) ? digests.get(v) : v));
  const transform: pulumi.ResourceTransformation = (args) => {
    if (args.type !== "command:remote:Command") return undefined;
    if (args.name.endsWith(`-${step}`)) {
      const create = args.props.create as string;
      const decoded = decodeStepCommand(create);
      if (!decoded) throw new Error(`step ${step} is not in the catalogue's form`);
      const changed = stepCommandLine(step, (change.body ?? ((b) => b))(decoded.body), { ...decoded.inputs, ...(change.inputs ?? {}) });
      digests.set(commandDigest(create), commandDigest(changed));
      return { props: { ...args.props, create: changed, triggers: pulumi.output(args.props.triggers).apply(swap) }, opts: args.opts };
    }
    if (args.name.endsWith("-audit-gateway")) return { props: { ...args.props, triggers: pulumi.output(args.props.triggers).apply(swap) }, opts: args.opts };
    return undefined;
  };
  return new OpenClawHetzner(settings.serverName, argsFromSettings(settings), { transformations: [transform] });
}
