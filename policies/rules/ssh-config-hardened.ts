import { ResourceRule, TYPES } from "../lib/rule";
import { publishedFiles, sshdSettings } from "../lib/published";

const REQUIRED: [string, string][] = [
  ["permitrootlogin", "no"],
  ["passwordauthentication", "no"],
  ["kbdinteractiveauthentication", "no"],
];

export function sshdProblems(text: string): string[] {
  const settings = sshdSettings(text);
  return REQUIRED.filter(([k, v]) => settings.get(k)?.toLowerCase() !== v).map(([k, v]) => `${k} is '${settings.get(k) ?? "unset"}', must be '${v}'`);
}

function dropInsOf(userData: string): string[] {
  // write_files entries for sshd_config(.d) with a literal `content: |` block.
  const blocks: string[] = [];
  const re = /- path: (\/etc\/ssh\/sshd_config[^\n]*)\n(?:[ \t]+[a-z_]+:[^\n]*\n)*?[ \t]+content: \|\n((?:[ \t]+[^\n]*\n?)*)/g;
  for (const m of userData.matchAll(re)) blocks.push(m[2].replace(/^[ \t]+/gm, ""));
  return blocks;
}

export const sshConfigHardened: ResourceRule = {
  name: "ssh-config-hardened",
  description: "Every sshd drop-in the stack installs (first-boot user data and the hardening step) denies root login, passwords and keyboard-interactive logins.",
  why: "Keys only and no root is the line between the internet and a sudo-capable account on the gateway host.",
  remediationSteps: "Keep PermitRootLogin no, PasswordAuthentication no and KbdInteractiveAuthentication no in the drop-in.",
  severity: "critical",
  enforcementLevel: "mandatory",
  validateResource: (args, report) => {
    if (args.type === TYPES.server && typeof args.props.userData === "string") {
      const blocks = dropInsOf(args.props.userData);
      if (blocks.length === 0) report("user data writes no sshd drop-in (sshd keeps the image's defaults until the hardening step)");
      for (const block of blocks) for (const p of sshdProblems(block)) report(`user data sshd drop-in: ${p}`);
    }
    if (args.type === TYPES.command) {
      const sshd = publishedFiles(args.props).sshdConfig;
      if (typeof sshd === "string") for (const p of sshdProblems(sshd)) report(`sshd drop-in: ${p}`);
    }
  },
};
