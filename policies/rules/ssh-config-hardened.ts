import type { ShippedFile } from "../lib/payloads";
import { StackRule } from "../lib/rule";
import { effectiveSshd, sshdHardeningProblems } from "../lib/sshd";
import { sshdBaselineProblems } from "../lib/sshd-baseline";
import { buildStackModel, ServerModel } from "../lib/stack-model";
import { overlay } from "../lib/host-files";

/** cloud-init writes this when ssh_pwauth is set; it sorts after a 00- drop-in. */
function cloudInitPwauthFile(server: ServerModel): ShippedFile[] {
  const pwauth = server.userData.sshPwauth;
  if (pwauth === undefined) return [];
  return [{ path: "/etc/ssh/sshd_config.d/50-cloud-init.conf", kind: "sshd-config", content: `PasswordAuthentication ${pwauth ? "yes" : "no"}\n`, append: false, via: "cloud-init (ssh_pwauth)" }];
}

function sshdFiles(files: ShippedFile[]) {
  return [...overlay(files.filter((f) => f.kind === "sshd-config"))].map(([path, content]) => ({ path, content }));
}

export const sshConfigHardened: StackRule = {
  name: "ssh-config-hardened",
  description:
    "On every server, sshd's effective settings (files in name order, first value wins, as sshd reads them) deny root login, passwords and keyboard-interactive logins and restrict AllowUsers, at first boot (user data, cloud-init's own drop-in) and after every step; after the steps also every keyword, and every line of a Match block, is on the pack's allowlist with an allowed value (algorithms ssh-audit grades clean, keys only from the user's own authorized_keys, no user CA, principals or keys command, StrictModes, forwarding only to loopback ports, no agent, X11, tunnel or user environment); a keyword the pack does not know is refused.",
  why: "Keys only and no root is the line between the internet and a sudo-capable account on the gateway host; a drop-in that sorts first, or a Match block, silently wins.",
  remediationSteps:
    "Keep PermitRootLogin no, PasswordAuthentication no, KbdInteractiveAuthentication no and AllowUsers in a drop-in that sorts first; ship no other sshd file that loosens them. A keyword missing from the allowlist (policies/lib/sshd-baseline.ts) is added there, with why it cannot weaken sshd, after review.",
  severity: "critical",
  enforcementLevel: "mandatory",
  validateStack: async (args, report) => {
    const model = await buildStackModel(args.resources);
    for (const server of model.servers) {
      if (server.userDataUnknown) continue; // user-data-cloud-config refuses it
      const name = server.resource.name;
      const firstBoot = [...server.firstBootFiles, ...cloudInitPwauthFile(server)];
      const stages: [string, ShippedFile[], string][] = [
        ["at first boot", firstBoot, server.resource.urn],
        ["after the steps", [...firstBoot, ...server.files.slice(server.firstBootFiles.length)], server.resource.urn],
      ];
      const reported = new Set<string>();
      for (const [when, files, urn] of stages) {
        const effective = effectiveSshd(sshdFiles(files));
        // First boot sets only the essentials; the full baseline holds once the steps ran.
        const baseline = when === "after the steps" ? sshdBaselineProblems(effective) : [];
        for (const p of [...effective.problems, ...sshdHardeningProblems(effective), ...baseline]) {
          // Name the step that shipped the file the problem comes from, when one did.
          const source = server.steps.find((st) => st.reading.files.some((f) => f.kind === "sshd-config" && p.includes(f.path)));
          const message = `server '${name}' ${when}: ${p}`;
          if (reported.has(p)) continue;
          reported.add(p);
          report(message, source?.resource.urn ?? urn);
        }
      }
    }
  },
};
