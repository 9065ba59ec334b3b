import { auditProblems, coreDumpProblems, LayerProblem, modprobeProblems, sysctlProblems, ufwSysctlProblems } from "../lib/host-baseline";
import { overlay } from "../lib/host-files";
import { StackRule } from "../lib/rule";
import { buildStackModel } from "../lib/stack-model";

export const hostLayerIntact: StackRule = {
  name: "host-layer-intact",
  description:
    "On every server, the host layer the stack ships (steps, copies, user data; read as the host reads it) stays in place: the baseline kernel parameters (pointer and dmesg restrictions, unprivileged BPF, ptrace scope, ASLR, suid dumps, protected links and files, redirects, source routing, rp_filter, syncookies…) end up safe once every sysctl file applies in systemd-sysctl's order, with no core_pattern or modprobe helper and no sysctl file of ufw's own; dccp, sctp, rds, tipc and usb-storage stay off (install … /bin/false) with no other install command; audit rules watch sshd's configuration and sudoers, with no -e 0, rule deletion or never/exclude rule; systemd-coredump keeps Storage=none and logins '* hard core 0'. A server without the layer (no os-hardening step) is refused.",
  why: "Around SSH, these settings keep a foothold from becoming root (kernel pointers, BPF, ptrace, link attacks), keep a record of who changed sshd or sudoers, and keep the gateway's secrets out of core dumps; a later sysctl file or an audit rule with -e 0 undoes them silently.",
  remediationSteps:
    "Keep the os-hardening catalogue step on every server; do not ship files that set these keys to other values (a later /etc/sysctl.d file wins), re-enable the modules, delete or disable audit rules, or re-enable core dumps.",
  severity: "high",
  enforcementLevel: "mandatory",
  validateStack: async (args, report) => {
    const model = await buildStackModel(args.resources);
    for (const server of model.servers) {
      const name = server.resource.name;
      const of = (kind: string) => overlay(server.files.filter((f) => f.kind === kind));
      // The step (or copy) that shipped the file a problem comes from; the server for user data or a missing file.
      const urnFor = (p: LayerProblem) =>
        (p.path ? [...server.steps].reverse().find((s) => s.reading.files.some((f) => f.path === p.path))?.resource.urn : undefined) ?? server.resource.urn;
      const problems = [...sysctlProblems(of("sysctl")), ...ufwSysctlProblems(of("ufw-config").get("/etc/default/ufw")), ...modprobeProblems(of("modprobe")), ...auditProblems(of("audit")), ...coreDumpProblems(of("coredump"), of("limits"))];
      for (const p of problems) report(`server '${name}': ${p.message}`, urnFor(p));
    }
  },
};
