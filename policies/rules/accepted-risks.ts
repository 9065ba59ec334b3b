import { RISKS } from "../lib/risks";
import { configOf, StackRule } from "../lib/rule";
import { buildStackModel } from "../lib/stack-model";

const defaults = { neverAccept: [] as string[] };

/** Lists every loosening a stack accepted, with its reason: advisory, so it shows on every preview. */
export const acceptedRisksListed: StackRule = {
  name: "accepted-risks-listed",
  description: "Reports every risk a server's stack accepted (acceptedRisks, shipped to its deploy gate), with its reason.",
  why: "A loosening taken on purpose stays visible in every preview and PR comment, not only in the diff that introduced it.",
  remediationSteps: "Nothing to fix: remove the entry from acceptedRisks (and the loosening) when it is no longer needed.",
  severity: "low",
  enforcementLevel: "advisory",
  validateStack: async (args, report) => {
    const model = await buildStackModel(args.resources);
    for (const server of model.servers) {
      for (const r of server.acceptedRisks) {
        const what = RISKS.find((x) => x.id === r.id)?.loosens ?? r.id;
        report(`server '${server.resource.name}' accepts '${r.id}' (${what}): ${r.reason}`, server.gates[0]?.resource.urn ?? server.resource.urn);
      }
    }
  },
};

/** The risks an organisation never accepts, whatever a stack says. */
export const acceptedRisksAllowed: StackRule = {
  name: "accepted-risks-allowed",
  description: "No server accepts a risk the pack config lists in neverAccept.",
  why: "An organisation may rule some loosenings out entirely (say, SSH from anywhere), beyond what a stack's own review allows.",
  remediationSteps: "Remove the loosening and its acceptedRisks entry, or change neverAccept in the pack config through review.",
  severity: "high",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      neverAccept: { type: "array", items: { type: "string", enum: RISKS.map((r) => r.id) }, default: [], description: "Risk ids no stack may accept." },
    },
  },
  validateStack: async (args, report) => {
    const { neverAccept } = configOf(args, defaults);
    if (neverAccept.length === 0) return;
    const model = await buildStackModel(args.resources);
    for (const server of model.servers) {
      for (const r of server.acceptedRisks.filter((x) => neverAccept.includes(x.id))) {
        report(`server '${server.resource.name}' accepts '${r.id}', which the pack config never accepts`, server.gates[0]?.resource.urn ?? server.resource.urn);
      }
    }
  },
};
