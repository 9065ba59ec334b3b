// Not a corpus case: the real deployment (OpenClawHetzner) with its sandbox-userns step (agentAccess
// sandboxed on Debian 12: run with --config test/corpus/configs/secure/Pulumi.sandboxed-debian-12.yaml)
// re-rendered from the catalogue with the reviewed script and some inputs changed, and the gate's
// triggers holding the new digest, as a careful author would leave them: only a rule that reads what
// the step ships can refuse it.
import * as pulumi from "@pulumi/pulumi";
import { OpenClawHetzner } from "../../../../components/openclaw-hetzner";
import { argsFromSettings } from "../../../../settings/args";
import { renderStepCommand } from "../../../../components/remote/command-line";
import { sandboxUsernsInputs } from "../../../../components/step-inputs";
import { loadSettings } from "../../../../settings/load";

export function deployWithUsernsInputs(inputs: Record<string, string>): OpenClawHetzner {
  const settings = loadSettings();
  const original = renderStepCommand("sandbox-userns", sandboxUsernsInputs());
  const changed = renderStepCommand("sandbox-userns", { ...sandboxUsernsInputs(), ...inputs });
  const swap = (v: unknown) => (v === original.digest ? changed.digest : v);
  const transform: pulumi.ResourceTransformation = (args) => {
    if (args.type !== "command:remote:Command") return undefined;
    if (args.name.endsWith("-sandbox-userns")) return { props: { ...args.props, create: changed.command, triggers: pulumi.output(args.props.triggers).apply((t: unknown[]) => t.map(swap)) }, opts: args.opts };
    if (args.name.endsWith("-audit-gateway")) return { props: { ...args.props, triggers: pulumi.output(args.props.triggers).apply((t: unknown[]) => t.map(swap)) }, opts: args.opts };
    return undefined;
  };
  return new OpenClawHetzner(settings.serverName, argsFromSettings(settings), { transformations: [transform] });
}
