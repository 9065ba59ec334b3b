import { StackRule } from "../lib/rule";
import { buildStackModel } from "../lib/stack-model";

/** What a readable write to each kind of access file may hold. */
function problem(kind: string | undefined, path: string, content: string): string | undefined {
  switch (kind) {
    case "accounts":
      return `writes ${path} directly`;
    case "pam":
      return `changes PAM (${path})`;
    case "ufw-config":
      if (path === "/etc/default/ufw") {
        const policy = content.match(/^DEFAULT_INPUT_POLICY="?([A-Z]+)"?/m)?.[1];
        return policy === "DROP" || policy === "REJECT" ? undefined : `sets ufw's default input policy to ${policy ?? "unset"} in ${path}`;
      }
      return `edits ufw's rule files directly (${path})`;
    case "sudoers": {
      // Any mention of the service user (directly, as %group, or in an alias) or of every user.
      const lines = content.split("\n").filter((l) => !/^\s*#(?!include)/.test(l));
      const grants = lines.filter((l) => /(^|[\s,=%!])openclaw\b/.test(l) || /^\s*ALL\s+\S+\s*=/.test(l) || /^\s*#?include(dir)?\b/i.test(l) || /^\s*@include/.test(l));
      return grants.length > 0 ? `grants sudo to the service user or to everyone, or includes other files, in ${path}` : undefined;
    }
    case "sshd-options":
      return `sets sshd's command-line options (${path}), which override every sshd config file`;
    case "systemd-unit":
    case "systemd-dropin":
      return /\/(ssh|sshd)(@)?\.(service|socket)(\.d\/[^/]+)?$/.test(path) && /^\s*(ExecStart|Environment|EnvironmentFile|ListenStream)\s*=/m.test(content)
        ? `changes how sshd starts (${path})`
        : undefined;
    case "ssh-keys":
      return /^\/root\//.test(path) || /ssh_host_/.test(path) ? `writes ${path}` : undefined;
    default:
      return undefined;
  }
}

export const hostAccessFilesUntouched: StackRule = {
  name: "host-access-files-untouched",
  description:
    "No step or user data rewrites account files (/etc/passwd, shadow, group), PAM, root's authorized_keys or host keys, ufw's rule files, sshd's command line (/etc/default/ssh, the ssh unit), gives the service user sudo, or sets ufw's default input policy to accept.",
  why: "These files decide who can log in and what the host firewall lets through; a change to them bypasses the SSH and ufw hardening without touching either step.",
  remediationSteps: "Manage users in user data (keys only) and sudo for the admin only; leave ufw to its catalogue step.",
  severity: "critical",
  enforcementLevel: "mandatory",
  validateStack: async (args, report) => {
    const model = await buildStackModel(args.resources);
    const sources = [...model.servers.map((s) => ({ files: s.firstBootFiles, urn: s.resource.urn })), ...model.steps.map((st) => ({ files: st.reading.files, urn: st.resource.urn }))];
    for (const { files, urn } of sources) {
      for (const f of files) {
        const p = problem(f.kind, f.path, f.content);
        if (p) report(`${f.via}: ${p}`, urn);
      }
    }
  },
};
