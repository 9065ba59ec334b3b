import { dropInDirs, lastValue, overlay, runsOpenclawGateway, unitAssignments, unitFile } from "../lib/host-files";
import type { ShippedFile } from "../lib/payloads";
import { raw } from "../lib/props";
import { StackRule } from "../lib/rule";
import { buildStackModel, ServerModel } from "../lib/stack-model";

// A unit "can gain privileges" unless the pack reads all of: a non-root User=, NoNewPrivileges=yes
// set explicitly (what systemd implies from other settings depends on the unit's capabilities; the
// pack does not guess), no ambient capabilities, no root group, no supplementary groups. The only
// such unit a deployment needs is the agent sandbox's user-namespace helper on Debian 12 (Podman
// 4.3 maps subordinate ids only through the setuid newuidmap/newgidmap, which NoNewPrivileges
// stops); anything else that can gain privileges is refused.

/** Images whose Podman needs the setuid newuidmap for the sandbox (Podman 5 maps the one uid itself). */
const HELPER_IMAGES = ["debian-12"];
/** The helper's only commands, word for word: make the rootless namespace, nothing else. */
const HELPER_COMMANDS = ["/usr/bin/podman unshare /bin/true"];
/** What newuidmap/newgidmap need in the bounding set (measured); nothing more. */
const HELPER_CAPABILITIES = ["CAP_SETUID", "CAP_SETGID", "CAP_SYS_ADMIN", "CAP_DAC_OVERRIDE"];
/** Variables the helper may set (Podman's home and run state, and its configuration). */
const HELPER_ENVIRONMENT = ["HOME", "XDG_RUNTIME_DIR", "CONTAINERS_CONF", "CONTAINERS_STORAGE_CONF"];
/**
 * The configuration the helper's Podman must read: root-owned files under /etc, not the user's
 * (which the gateway can write, and would then steer a unit without NoNewPrivileges).
 */
const HELPER_CONFIG = ["CONTAINERS_CONF", "CONTAINERS_STORAGE_CONF"];
/** Service settings the pack understands in a unit that can gain privileges; any other is refused. */
const HELPER_SERVICE_KEYS = new Set([
  "Type", "RemainAfterExit", "User", "Group", "WorkingDirectory", "Environment", "UnsetEnvironment",
  "RuntimeDirectory", "RuntimeDirectoryMode", "RuntimeDirectoryPreserve", "ExecStart", "UMask",
  "CapabilityBoundingSet", "AmbientCapabilities", "NoNewPrivileges", "ProtectSystem", "ProtectHome",
  "PrivateTmp", "ProtectControlGroups", "ReadWritePaths", "ReadOnlyPaths", "InaccessiblePaths",
  "TimeoutSec", "TimeoutStartSec", "TimeoutStopSec", "Restart", "RestartSec",
]);
/** Subordinate ids a user may get: Podman's usual range. */
const MAX_SUBORDINATE_IDS = 65536;
/** Settings a drop-in for a unit the stack does not ship may not change (the pack cannot read that unit). */
const PRIVILEGE_KEYS =
  /^(Exec[A-Za-z]*|User|Group|DynamicUser|SupplementaryGroups|NoNewPrivileges|CapabilityBoundingSet|AmbientCapabilities|SecureBits|PAMName|RootDirectory|RootImage|MountImages|ExtensionImages|ExtensionDirectories|BindPaths|BindReadOnlyPaths|Environment|EnvironmentFile|PassEnvironment)$/;

const ROOT = /^(root|0)$/;
/** Where the system manager loads units from (user units run with the user's own rights). */
const SYSTEM_DIR = /^\/(etc|run|lib|usr\/lib|usr\/local\/lib)\/systemd\/(system|system\.control|transient)\//;
const yes = (v: string | undefined) => v !== undefined && /^(yes|true|1|on)$/i.test(v.trim());

/** A unit file name systemd runs something from (timers and paths only start other units). */
const UNIT_NAME = /^[^/]+\.(service|socket)$/;

/** The unit as systemd loads it: its file (`content`, or the one that wins), then every drop-in that applies, by file name. */
function effectiveUnit(files: Map<string, string>, name: string, content?: string): Map<string, string[]> {
  const dirs = dropInDirs(name);
  const dropIns = [...files.keys()]
    .filter((p) => SYSTEM_DIR.test(p) && p.endsWith(".conf") && dirs.includes(p.replace(SYSTEM_DIR, "").split("/")[0]) && p.replace(SYSTEM_DIR, "").split("/").length === 2)
    .sort((a, b) => (a.split("/").pop()! < b.split("/").pop()! ? -1 : a.split("/").pop()! > b.split("/").pop()! ? 1 : 0));
  const file = unitFile(files, name);
  const merged = unitAssignments(content ?? (file ? files.get(file)! : ""));
  for (const d of dropIns) for (const [k, v] of unitAssignments(files.get(d)!)) merged.set(k, [...(merged.get(k) ?? []), ...v]);
  return merged;
}

/** Values of a list setting after its last reset (an empty assignment). */
function afterReset(values: string[] | undefined): string[] {
  const list = values ?? [];
  const reset = list.map((v) => v.trim()).lastIndexOf("");
  return list.slice(reset + 1).map((v) => v.trim());
}

/** The unit's service section (`Service`, or `Socket` for a socket's Exec lines). */
function section(name: string): string {
  return name.endsWith(".socket") ? "Socket" : "Service";
}

/** Why the unit can gain privileges (empty: it cannot, as far as the pack reads it). */
function privileges(unit: Map<string, string[]>, s: string): string[] {
  const out: string[] = [];
  const user = lastValue(unit, `${s}.User`)?.trim();
  if (!user || ROOT.test(user)) out.push(user ? "runs as root" : "runs as root (no User=)");
  if (!yes(lastValue(unit, `${s}.NoNewPrivileges`))) out.push("has no NoNewPrivileges=yes");
  if (afterReset(unit.get(`${s}.AmbientCapabilities`)).some((v) => v !== "")) out.push("has ambient capabilities");
  if (ROOT.test(lastValue(unit, `${s}.Group`)?.trim() ?? "")) out.push("runs in the root group");
  if (afterReset(unit.get(`${s}.SupplementaryGroups`)).length > 0) out.push("has supplementary groups");
  return out;
}

/** Whether any openclaw.json shipped to the server turns an agent sandbox on (a `sandbox.mode` other than off). */
function sandboxOn(files: ShippedFile[]): boolean {
  const on = (node: unknown, key?: string): boolean => {
    if (!node || typeof node !== "object") return false;
    if (key === "sandbox" && typeof (node as any).mode === "string" && (node as any).mode !== "off") return true;
    return Object.entries(node as Record<string, unknown>).some(([k, v]) => on(v, k));
  };
  return files
    .filter((f) => f.kind === "openclaw-config")
    .some((f) => {
      try {
        return on(JSON.parse(f.content)?.agents);
      } catch {
        return false;
      }
    });
}

/** What keeps a unit that can gain privileges from being the sandbox helper the pack allows. */
function helperProblems(unit: Map<string, string[]>, s: string, serviceUsers: Set<string>, server: ServerModel, sandbox: boolean): string[] {
  const out: string[] = [];
  const image = server.props.image;
  if (!sandbox) out.push("the server runs no agent sandbox (no openclaw.json it gets turns one on), so nothing needs it");
  if (typeof image !== "string" || !HELPER_IMAGES.includes(image)) {
    out.push(`the server's image (${typeof image === "string" ? image : "unknown"}) has a Podman that needs no setuid id mapping (only ${HELPER_IMAGES.join(", ")} does)`);
  }
  const user = lastValue(unit, `${s}.User`)?.trim();
  if (!user || ROOT.test(user) || !serviceUsers.has(user)) {
    out.push(`it runs as ${user ? `'${user}'` : "root (no User=)"}, not as the gateway's service user (${[...serviceUsers].join(", ") || "none found"})`);
  }
  const group = lastValue(unit, `${s}.Group`)?.trim();
  if (group !== undefined && !serviceUsers.has(group)) out.push(`it runs in group '${group}', not the service user's own`);
  for (const key of new Set([...unit.keys()].filter((k) => k.startsWith(`${s}.`)).map((k) => k.slice(s.length + 1)))) {
    if (key.startsWith("Exec") && key !== "ExecStart") {
      if (afterReset(unit.get(`${s}.${key}`)).length > 0) out.push(`it sets ${key} (only ExecStart with ${HELPER_COMMANDS.join(" / ")})`);
    } else if (!HELPER_SERVICE_KEYS.has(key)) out.push(`it sets ${key}, a setting the pack does not allow where privileges can be gained`);
  }
  const starts = afterReset(unit.get(`${s}.ExecStart`));
  if (starts.length === 0) out.push("it has no ExecStart the pack can read");
  for (const cmd of starts) {
    if (!HELPER_COMMANDS.includes(cmd.replace(/\s+/g, " "))) out.push(`it runs '${cmd.slice(0, 120)}' (only ${HELPER_COMMANDS.join(" / ")})`);
  }
  const bounding = afterReset(unit.get(`${s}.CapabilityBoundingSet`));
  if (unit.get(`${s}.CapabilityBoundingSet`) === undefined) out.push("it leaves the capability bounding set full (no CapabilityBoundingSet=)");
  for (const line of bounding) {
    if (line.startsWith("~")) out.push(`its CapabilityBoundingSet=${line} keeps every capability but those listed`);
    else {
      const extra = line.split(/\s+/).filter((c) => !HELPER_CAPABILITIES.includes(c.toUpperCase()));
      if (extra.length > 0) out.push(`its bounding set holds ${extra.join(" ")} (at most ${HELPER_CAPABILITIES.join(" ")})`);
    }
  }
  if (afterReset(unit.get(`${s}.AmbientCapabilities`)).length > 0) out.push("it sets ambient capabilities");
  const envValues = new Map<string, string>();
  for (const env of unit.get(`${s}.Environment`) ?? []) {
    for (const m of env.matchAll(/(?:^|\s)"?([^=\s"]+)=("[^"]*"|\S*)/g)) {
      if (!HELPER_ENVIRONMENT.includes(m[1])) out.push(`it sets ${m[1]} in its environment (only ${HELPER_ENVIRONMENT.join(", ")})`);
      envValues.set(m[1], m[2].replace(/^"|"$/g, ""));
    }
  }
  for (const key of HELPER_CONFIG) {
    const value = envValues.get(key);
    if (!value || !/^\/etc\/[A-Za-z0-9._/-]+$/.test(value) || value.includes("..")) {
      out.push(`it does not set ${key} to a file under /etc (its Podman would read the user's own configuration, which the gateway can write)`);
    }
  }
  return out;
}

export const privilegedUnitsAllowlisted: StackRule = {
  name: "privileged-units-allowlisted",
  description:
    "Every systemd unit the stack ships that can gain privileges (runs as root, or without NoNewPrivileges=yes, with ambient capabilities or privileged groups), with its drop-ins, in every version a step writes, is the agent sandbox's user-namespace helper and nothing more: not at the gateway unit's name, not the gateway itself, only on an image whose Podman needs it (Debian 12) with an agent sandbox turned on, as the gateway's non-root service user, running only `/usr/bin/podman unshare /bin/true` with its configuration from root-owned files under /etc (CONTAINERS_CONF, CONTAINERS_STORAGE_CONF), with a bounding set within CAP_SETUID CAP_SETGID CAP_SYS_ADMIN CAP_DAC_OVERRIDE, no ambient capabilities and only settings the pack understands. Drop-ins for units the stack does not ship change no command, identity or privilege; subordinate ids go only to the service user, at most 65536, only where that helper is allowed.",
  why: "A unit without NoNewPrivileges lets whatever it runs exec setuid programs with the capabilities its bounding set keeps; anything in it beyond Podman's namespace setup, or a unit that replaces the gateway's, runs outside the gateway's confinement, after the deploy gate, at every boot.",
  remediationSteps:
    "Give every unit you ship User= (not root) and NoNewPrivileges=yes; leave the Debian 12 sandbox helper (sandbox-userns) as the program renders it, and only with agentAccess: sandboxed on debian-12.",
  severity: "critical",
  enforcementLevel: "mandatory",
  validateStack: async (args, report) => {
    const model = await buildStackModel(args.resources);
    for (const server of model.servers) {
      const where = `server '${server.resource.name}'`;
      const final = overlay(server.files);
      const shipper = new Map<ShippedFile, string>();
      for (const st of server.steps) for (const f of st.reading.files) shipper.set(f, st.resource.urn);
      const urnOf = (f: ShippedFile | undefined) => (f && shipper.get(f)) ?? server.resource.urn;
      const sandbox = sandboxOn(server.files);

      // Every version of every system unit: each write of a unit file (a later write may not win a
      // race, and a step restarts what it writes), and each drop-in, merged with the final drop-ins.
      const unitFiles = server.files.filter((f) => f.kind === "systemd-unit" && SYSTEM_DIR.test(f.path) && UNIT_NAME.test(f.path.replace(SYSTEM_DIR, "")));
      const dropIns = server.files.filter((f) => f.kind === "systemd-dropin" && SYSTEM_DIR.test(f.path));
      const names = [...new Set(unitFiles.map((f) => f.path.replace(SYSTEM_DIR, "")))].filter((n) => !/-\.(service|socket)$/.test(n));
      const versions: { name: string; unit: Map<string, string[]>; file?: ShippedFile; unitShipped: boolean }[] = [];
      for (const f of unitFiles) {
        const name = f.path.replace(SYSTEM_DIR, "");
        if (names.includes(name)) versions.push({ name, unit: effectiveUnit(final, name, f.content), file: f, unitShipped: true });
      }
      for (const f of dropIns) {
        const dir = f.path.replace(SYSTEM_DIR, "").split("/")[0];
        const targets = names.filter((n) => dropInDirs(n).includes(dir));
        for (const name of targets) versions.push({ name, unit: effectiveUnit(final, name), file: f, unitShipped: true });
        // A drop-in for units the stack does not ship (or a prefix no shipped unit has): the pack cannot read what they run.
        if (targets.length === 0 || /(^|-)\.?(service|socket)\.d$/.test(dir)) {
          versions.push({ name: dir.replace(/\.d$/, ""), unit: unitAssignments(f.content), file: f, unitShipped: false });
        }
      }

      // The gateway's unit names (as the gateway steps name it, or any unit that runs it) and its users.
      const gatewayNames = new Set<string>();
      for (const st of server.steps) if (st.reading.inputs?.OC_UNIT_NAME) gatewayNames.add(`${st.reading.inputs.OC_UNIT_NAME}.service`);
      for (const v of versions) if (runsOpenclawGateway(v.unit)) gatewayNames.add(v.name);
      const serviceUsers = new Set<string>();
      for (const v of versions.filter((x) => gatewayNames.has(x.name) && runsOpenclawGateway(x.unit))) {
        const user = lastValue(v.unit, "Service.User")?.trim();
        if (user && !ROOT.test(user)) serviceUsers.add(user);
      }

      for (const v of versions) {
        const s = section(v.name);
        const at = `${where} unit ${v.name} (${v.file?.via ?? "shipped"})`;
        const urn = urnOf(v.file);
        const runsGateway = runsOpenclawGateway(v.unit);
        if (gatewayNames.has(v.name) && !runsGateway && v.file?.kind === "systemd-unit") {
          report(`${at} puts a unit that does not run the gateway at the gateway unit's name`, urn);
          continue;
        }
        if (!v.unitShipped) {
          // A drop-in for units the pack cannot read (a unit the stack does not ship, or every unit of a prefix or type).
          const keys = [...new Set([...v.unit.keys()].map((k) => k.split(".").pop()!).filter((k) => PRIVILEGE_KEYS.test(k)))];
          if (keys.length > 0) report(`${at} changes ${keys.join(", ")} of a unit the stack does not ship (the pack cannot read what it runs)`, urn);
          continue;
        }
        // A socket that runs no command of its own only starts its service (judged on its own).
        if (s === "Socket" && ![...v.unit.keys()].some((k) => k.startsWith("Socket.Exec"))) continue;
        const why = privileges(v.unit, s);
        if (why.length === 0) continue;
        if (runsGateway) {
          report(`${at} runs the gateway and ${why.join(", ")}: the gateway must never gain privileges`, urn);
          continue;
        }
        const problems = helperProblems(v.unit, s, serviceUsers, server, sandbox);
        if (problems.length > 0) report(`${at} ${why.join(", ")}, and is not the agent sandbox's user-namespace helper: ${[...new Set(problems)].join("; ")}`, urn);
      }

      // Subordinate ids (catalogue steps' OC_SUBORDINATE_IDS): host ids the user maps through newuidmap.
      for (const st of server.steps) {
        const count = st.reading.inputs?.OC_SUBORDINATE_IDS;
        if (count === undefined || Number(count) === 0) continue;
        const user = st.reading.inputs?.OC_SERVICE_USER;
        const problems: string[] = [];
        if (!(Number(count) <= MAX_SUBORDINATE_IDS)) problems.push(`${count} of them (at most ${MAX_SUBORDINATE_IDS})`);
        if (!user || !serviceUsers.has(user)) problems.push(`to '${user ?? "?"}', not the gateway's service user`);
        if (!sandbox || typeof server.props.image !== "string" || !HELPER_IMAGES.includes(server.props.image)) problems.push(`where no sandbox helper is allowed (agent sandbox ${sandbox ? "on" : "off"}, image ${raw(server.props).image ?? "unknown"})`);
        if (problems.length > 0) report(`${where}: step '${st.resource.name}' gives subordinate ids ${problems.join(", ")}`, st.resource.urn);
      }
    }
  },
};
