import { mergedUnit, overlay, runsOpenclawGateway, unitNames } from "../lib/host-files";
import { StackRule } from "../lib/rule";
import { buildStackModel } from "../lib/stack-model";

export const deploymentComplete: StackRule = {
  name: "deployment-complete",
  description:
    "Each server gets the whole deployment: a wait-for-boot step every other step runs after, the ufw step the pack knows, an openclaw.json and a systemd unit that runs the gateway.",
  why: "A stack that drops a hardening step, or runs it before first boot settled, deploys a gateway without the protection the rest of the checks assume.",
  remediationSteps: "Deploy with the OpenClawHetzner component, or keep every catalogue step and its dependsOn chain when composing your own.",
  severity: "critical",
  enforcementLevel: "mandatory",
  validateStack: async (args, report) => {
    const model = await buildStackModel(args.resources);
    for (const server of model.servers) {
      const name = server.resource.name;
      const urn = server.resource.urn;
      const wait = server.steps.find((s) => s.reading.step === "wait-for-boot");
      if (!wait) report(`server '${name}' has no wait-for-boot step: steps would race cloud-init and the first apt run`, urn);
      else {
        for (const s of server.steps) {
          if (s !== wait && s.kind !== "local" && !s.closure.has(wait.resource.urn)) report(`step '${s.resource.name}' does not run after wait-for-boot on server '${name}'`, s.resource.urn);
        }
      }
      if (!server.steps.some((s) => s.reading.step === "ufw")) report(`server '${name}' has no ufw step the pack knows (host firewall: deny all but SSH)`, urn);
      const files = overlay(server.files);
      if (![...files.keys()].some((p) => p.endsWith("/openclaw.json"))) report(`server '${name}' gets no openclaw.json`, urn);
      const units = unitNames(files).map((n) => mergedUnit(files, n));
      if (!units.some(runsOpenclawGateway)) report(`server '${name}' gets no systemd unit that runs the gateway`, urn);
    }
  },
};
