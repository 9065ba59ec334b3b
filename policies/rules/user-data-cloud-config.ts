import { readUserData } from "../lib/cloud-init";
import { deferredRefusals, readShell } from "../lib/payloads";
import { classifyPath } from "../lib/sensitive-paths";
import { raw, UNKNOWN } from "../lib/props";
import { configOf, ResourceRule, TYPES } from "../lib/rule";

const defaults = { allowedUserDataForms: [] as string[] };

export const userDataCloudConfig: ResourceRule = {
  name: "user-data-cloud-config",
  description:
    "Server user data is a cloud-config the pack reads as cloud-init does (write_files decoded): only top-level keys the pack knows to be harmless (no apt, ansible, chef, puppet, snap, ca_certs, ssh_keys…), only user fields it knows, sudo rights, groups and keys only for the admin user, system users without a login shell; no password login (ssh_pwauth, chpasswd, user passwords, lock_passwd false), root stays disabled, and its commands touch nothing the pack cannot read. Other forms (shell script, multipart, jinja, include…) only when the pack config allows them.",
  why: "User data runs as root before any step; a form the pack cannot read, or a password set at first boot, opens the server before the hardening lands.",
  remediationSteps:
    "Ship a #cloud-config with keys only; move other first-boot work into remote steps; list a form in allowedUserDataForms only after review. A cloud-init key or user field missing from the allowlists (policies/lib/cloud-init.ts) is added there, with why it cannot weaken the host, after review.",
  severity: "critical",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      allowedUserDataForms: {
        type: "array",
        items: { type: "string", enum: ["shell-script", "multipart", "jinja", "include", "boothook", "part-handler", "cloud-config-archive", "unknown"] },
        default: [],
        description: "User data forms other than #cloud-config to accept (their content is then not checked).",
      },
    },
  },
  validateResource: (args, report) => {
    if (args.type !== TYPES.server) return;
    const userData = raw(args.props).userData;
    if (userData === UNKNOWN) {
      report("user data is computed from values unknown at preview; build it from config so it can be read");
      return;
    }
    const reading = readUserData(typeof userData === "string" ? userData : undefined);
    const { allowedUserDataForms } = configOf(args, defaults);
    if (reading.form !== "cloud-config" && reading.form !== "empty") {
      if (!allowedUserDataForms.includes(reading.form)) {
        report(`user data is a ${reading.form}${[reading.base64 ? " (base64)" : "", reading.gzipped ? " (gzip)" : ""].join("")}, not a #cloud-config the pack can read; list '${reading.form}' in allowedUserDataForms to accept it`);
      }
      return;
    }
    for (const problem of reading.problems) report(`user data: ${problem}`);
    for (const c of reading.commands) for (const refusal of readShell(c.text, `user data ${c.key}`).refusals) report(refusal);
    const files = reading.files
      .filter((f) => f.content !== undefined)
      .map((f) => ({ path: f.path, kind: classifyPath(f.path), content: f.content!, append: f.append, via: "user data write_files" }));
    for (const refusal of deferredRefusals(files)) report(refusal);
    for (const f of reading.files.filter((x) => x.content === undefined && classifyPath(x.path))) {
      report(`user data writes ${f.path} (${classifyPath(f.path)}) in a form the pack cannot read: ${f.unreadable}`);
    }
  },
};
