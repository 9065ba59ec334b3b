import { aptPeriodic, aptSourceProblems, overlay } from "../lib/host-files";
import { StackRule } from "../lib/rule";
import { buildStackModel } from "../lib/stack-model";

export const aptAuthenticated: StackRule = {
  name: "apt-authenticated",
  description:
    "apt installs only packages it can authenticate on every server: no repository marked trusted=yes or allow-insecure, no extra signing keys, no AllowUnauthenticated/AllowInsecureRepositories (in steps or in user data).",
  why: "Everything on the host installs through apt as root, unattended; one unauthenticated repository lets whoever answers its URL run code as root.",
  remediationSteps: "Use signed repositories with their keys under review; never trusted=yes or AllowUnauthenticated.",
  severity: "critical",
  enforcementLevel: "mandatory",
  validateStack: async (args, report) => {
    const model = await buildStackModel(args.resources);
    for (const server of model.servers) {
      const name = server.resource.name;
      if (/trusted\s*=\s*yes|allow-insecure\s*=\s*yes|allow_unauthenticated|AllowUnauthenticated/i.test(server.userData.text)) {
        report(`server '${name}': user data adds an apt source or setting that skips signature checks`, server.resource.urn);
      }
      for (const step of [undefined, ...server.steps]) {
        const files = step ? step.reading.files : server.firstBootFiles;
        const urn = step ? step.resource.urn : server.resource.urn;
        for (const f of files.filter((x) => x.kind === "apt-sources")) for (const p of aptSourceProblems(f.path, f.content)) report(`server '${name}': ${p}`, urn);
        for (const p of aptPeriodic(overlay(files.filter((x) => x.kind === "apt-config"))).insecure) report(`server '${name}': ${p}`, urn);
      }
    }
  },
};
