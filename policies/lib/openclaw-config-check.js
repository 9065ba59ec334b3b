// The hardened properties of an openclaw.json, checked in two places with this one file: the policy
// pack reads the openclaw.json a step ships (at preview), and the deploy gate reads the file on the
// server (during `pulumi up`; the step bundles this file into its script). Plain CommonJS with no
// dependencies, so it runs under the pack's TypeScript and under the server's bare Node alike.
//
// Run directly: `node openclaw-config-check.js FILE [ACCEPTED_RISKS_JSON]` prints one problem per
// line and exits 1 when there is any. Messages name key paths, never a value that could be secret.
//
// What can widen what chat senders or the network can do (OpenClaw 2026.9.6: `openclaw config
// schema`, docs/gateway/security/*, docs/gateway/config-*.md, docs/tools/*), and the decision:
//
//   key                                              decision
//   -----------------------------------------------  -----------------------------------------------
//   gateway.bind / auth.mode / auth.token|password   loopback (tailnet only with auth); token or password; SecretRef
//   gateway.auth.rateLimit                           no looser than 20 / 1 min; exemptLoopback false (tunnel = loopback)
//   gateway.auth.allowTailscale                      refuse true (a tailnet identity instead of the token)
//   gateway.mode / gateway.remote                    require 'local'; refuse remote (proxies to another runtime, holds its secret)
//   gateway.tailscale.mode                           refuse 'funnel' (public internet)
//   gateway.terminal.enabled                         require false (default true: a browser shell on the host)
//   gateway.controlUi.enabled                        risk 'control-ui'; allowedOrigins '*', embedSandbox 'trusted', allowExternalEmbedUrls refused
//   gateway.trustedProxies / allowRealIpFallback     refuse (no proxy in front: forwarded headers would be believed)
//   gateway.http.endpoints.*.enabled                 refuse true (OpenAI-compatible HTTP APIs run agent turns with operator rights)
//   gateway.tools.allow                              refuse (re-enables denied tools over POST /tools/invoke)
//   gateway.nodes.commands.allow                     refuse (dangerous node commands); pairing.autoApproveCidrs refused
//   gateway.portals.ingress                          refuse (an ingress path from outside)
//   gateway.nodes.pairing.autoApproveLocal|sshVerify allow (only clients that already reach loopback, i.e. hold the SSH tunnel)
//   gateway.cliAgents                                allow (Control UI only, i.e. operators)
//   discovery.mdns.mode / discovery.wideArea         require 'off'; refuse wideArea.enabled
//   browser.enabled                                  require false
//   channels.** (channel, accounts.<id>, groups,     refuse dmPolicy/groupPolicy 'open', requireMention false, '*' in any
//     guilds, channels, topics, direct, dms, …)        sender list (allowFrom, groupAllowFrom, users, roles, approvers, …)
//                                                     or as a group/guild/room id; configWrites must be false on the
//                                                     channel, not true on an account (accounts inherit it); groups on = risk 'group-chats'
//   accessGroups.*                                   refuse '*' members and discord.channelAudience (everyone who can read a channel)
//   session.dmScope / session.scope                  require a per-peer dmScope; refuse scope 'global' (one session for all senders)
//   tools.elevated / fs / profile                    elevated off (it runs exec outside every sandbox), fs workspace-only, no full/coding
//     (global; agents.entries.*.tools overrides)       profile; elevated.allowFrom refused; applyPatch.workspaceOnly false refused
//   tools.codeMode (+ agents.entries.*.tools,        require false / {enabled:false} globally (absent = 'auto': Code Mode runs model-written
//     agents.*.models.<m>.codeMode)                    JS for 'preferred' models, node:vm, after the deny list); refuse any override on
//   allow/alsoAllow/toolsAllow anywhere (tools,      refuse entries that name or cover a denied tool other than exec and file tools
//     byProvider.*, toolsBySender.*, sandbox/          (automation, sessions_spawn/send, their groups, group:openclaw, '*', globs); entries
//     subagents.tools, channel groups' tools)          that cover exec or file tools are a widening (below); byProvider profile full/coding refused
//   EXEC AND FILE TOOLS: denied, or contained       a widening is: an exec mode other than 'deny' (either spelling; unset globally), any
//     tools.exec.mode|security/ask, tools.exec.host,   tools.exec.host, an allow list covering group:runtime / group:fs or a member (exec,
//     allow lists, tools.deny (global and each         process, code_execution, bash, read, write, edit, apply_patch), a deny list without
//     agents.entries.*.tools)                          group:runtime / group:fs. It is accepted only when every agent it reaches (agents.defaults,
//                                                      each agents.entries.* merged over them; a global key reaches all) is contained:
//                                                      sandbox mode exactly 'all' (non-main leaves the main session on the host), exec host
//                                                      'sandbox' unless its exec mode is 'deny' ('auto' falls back to the gateway host), and
//                                                      the sandbox shape below (problems a risk covers, network and mounts, are reported on
//                                                      their own; an operator's per-chat opt-out needs operator.admin). Always refused: exec
//                                                      mode 'full', 'auto' or unknown (with host 'sandbox': unset, 'allowlist' or 'ask', since
//                                                      unset is what runs exec in the sandbox and 'deny' denies it there too), exec host
//                                                      auto/gateway/node. A deny list without group:runtime/fs where an agent is not contained
//                                                      stays the risk 'tool-deny-reduced' when the profile is minimal/messaging (neither
//                                                      includes them; any allow list that re-adds them is refused), and is refused otherwise
//   agents.defaults.sandbox, agents.entries.*.       the contained shape wherever a sandbox is on (mode non-main/all, or a gateway role with
//     sandbox (merged key by key; binds of both)       sandbox 'required'), widening or not (a Docker backend alone makes the gateway user root):
//     backend                                          'podman' only (docker: its socket is root on the host unless DOCKER_HOST names a
//                                                      rootless daemon the pack cannot see; ssh/openshell/crabbox run elsewhere)
//     scope                                            'session' only: 'agent' (the default) puts every sender of an agent in one container
//                                                      and workspace, undoing the per-peer dmScope; 'shared' every agent too
//     docker.network                                   'none' (explicit); a bridge or named network is the risk 'sandbox-network'; 'host',
//                                                      'container:*', 'ns:*' and anything with options (slirp4netns:allow_host_loopback…) refused
//     docker.binds                                     none, or the risk 'sandbox-host-mounts'; always refused: a non-absolute source (named
//                                                      volume), '/', /etc /proc /sys /dev /root /boot /run /var/run /var/lib/{containers,docker}
//                                                      (equal, inside or covering), covering /tmp /var/tmp /home /var/lib, a home dir
//                                                      (/home/x, /var/lib/x: the state dir and rootless store), a path naming a runtime
//                                                      (docker, podman, containerd, *.sock…), .openclaw or a credentials dir, an env file.
//                                                      Symlinks cannot be resolved here (OpenClaw re-checks real paths when it mounts)
//     docker.readOnlyRoot / capDrop / user             true / includes ALL / a non-zero numeric uid[:gid] (unset runs the image's user)
//     docker.image                                     localhost/<name>:<tag> (built on the server) or <registry>/<name>@sha256:<64 hex>;
//                                                      unset (a floating default) or any registry tag refused
//     docker.setupCommand / gpus / seccompProfile /    refused when set (root + network at creation; host devices; profiles the pack cannot
//       apparmorProfile                                  read, 'unconfined' among them); any docker key the pack does not know refused
//     browser.enabled / workspaceRoot / ssh /          browser not true; workspaceRoot and ssh refused when set; sessionToolsVisibility
//       sessionToolsVisibility / workspaceAccess         'spawned' if set; workspaceAccess none/ro/rw; any other sandbox key refused
//   agents.<key other than ownership/defaults/       refuse (agents.list is the legacy roster `openclaw doctor` migrates; the pack reads
//     entries>                                         only defaults and entries)
//   tools.sessions.visibility / agentToAgent         require visibility set and not 'all'; agentToAgent.enabled false
//   tools.message.crossContext / broadcast           require false (a sender could make the bot post into other chats)
//   agents.defaults.elevatedDefault                  'off' if set
//   agents.*.embeddedAgent.projectSettingsPolicy     refuse 'trusted' (workspace settings could set shell paths)
//   *.agentRuntime.id                                require 'openclaw' where set (codex / claude-cli harnesses bring their own shell)
//   commands.bash|config|mcp|plugins|debug|restart   require false each (/bash, /config, /mcp, /plugins, /debug change config or state
//                                                     from chat; /restart also gates /update and the gateway tool's update.run)
//   commands.allowFrom                               refuse '*' entries (it is the only authorisation for commands when set)
//   hooks                                            refuse enabled, token, mappings, presets, gmail, transformsDir, internal.load.extraDirs
//   plugins                                          refuse load paths and explicitly enabled entries; require device-pair off (its owner-only
//                                                     /pair hands out an operator.admin setup code in chat)
//   mcp.servers / mcp.apps.enabled                   refuse (MCP tools bypass the deny list; app views call server tools)
//   acp.enabled / acp.runtime.installCommand         refuse (external coding harnesses; an install shell command)
//   cloudWorkers.profiles / desktop.host             refuse (remote execution environments; a VNC desktop for computer use)
//   update.auto.enabled                              refuse (the stack pins the version)
//   security.audit.suppressions                      only those of accepted risks; config.insecure_or_dangerous_flags only
//                                                     with detailIncludes 'security.audit.suppressions configured'
//   any key dangerously*, insecureSkipVerify,        refuse unless false
//     allowUnsafeExternalContent, allowPrivateNetwork, allowPrivateMemoryCoreAccess; permissionMode 'approve-all'
//   any string http:// or ws://                      refuse unless the host is loopback (credentials ride in URLs, e.g. the Bot API's)
//   $include, ${VAR}                                 refuse (not readable here)
//   allowed as is: bindings, broadcast, cron (its tool is denied), approvals (exec is denied or sandboxed), skills (prompts;
//     skill_workshop is not in the messaging profile; file tools are denied or sandboxed), memory, talk, transcripts, tts, messages,
//     models (URLs and TLS flags above), env, secrets, proxy (URL above), logging, diagnostics, telemetry, ui, wizard, meta,
//     surfaces, worktree*; in the sandbox's docker block: containerPrefix, workdir, tmpfs, env, limits (pids, memory, cpus, ulimits),
//     dns, extraHosts; sandbox prune.
"use strict";

/** Tool groups and tools the baseline denies on top of the profile (OpenClaw's hardened baseline). */
const BASELINE_TOOL_DENY = ["group:automation", "group:runtime", "group:fs", "sessions_spawn", "sessions_send"];

/** Members of the tool groups the baseline denies (docs/gateway/config-tools/tool-policy.md), aliases included. */
const DENIED_GROUP_MEMBERS = {
  "group:automation": ["heartbeat_respond", "automations", "cron", "gateway", "plugins", "openclaw"],
  "group:runtime": ["exec", "process", "code_execution", "bash"],
  "group:fs": ["read", "write", "edit", "apply_patch"],
};
const DENIED_TOOLS = [...Object.values(DENIED_GROUP_MEMBERS).flat(), "sessions_spawn", "sessions_send"];
/** Groups that contain a denied tool: naming one in an allow list re-allows it. */
const GROUPS_WITH_DENIED_TOOLS = [...Object.keys(DENIED_GROUP_MEMBERS), "group:sessions", "group:openclaw"];
/**
 * The denied tools a contained sandbox may run: exec and file tools execute inside it
 * (docs/gateway/sandboxing/what-gets-sandboxed.md). Every other denied tool stays denied everywhere.
 */
const CONTAINABLE_GROUPS = ["group:runtime", "group:fs"];
const CONTAINABLE_TOOLS = [...CONTAINABLE_GROUPS, ...CONTAINABLE_GROUPS.flatMap((g) => DENIED_GROUP_MEMBERS[g])];
const NEVER_TOOLS = [...DENIED_TOOLS, ...GROUPS_WITH_DENIED_TOOLS].filter((t) => !CONTAINABLE_TOOLS.includes(t));
/** Exec modes that keep approvals or allowlists in force; with exec pinned to a contained sandbox they (or no mode) are accepted. */
const SANDBOX_EXEC_MODES = ["allowlist", "ask"];
/** Tool profiles that include neither exec nor file tools (an unset profile leaves core tools unfiltered). */
const RESTRICTED_PROFILES = ["minimal", "messaging"];

/** Audit findings an accepted risk lets openclaw.json suppress (policies/lib/risks.ts reads them from here). */
const RISK_SUPPRESSIONS = {
  "control-ui": ["gateway.trusted_proxies_missing"],
  "group-chats": ["security.trust_model.multi_user_heuristic"],
};
const SUPPRESSIONS_FLAG = "config.insecure_or_dangerous_flags";
/** The only finding of SUPPRESSIONS_FLAG the project suppresses: the one about the suppressions themselves. */
const SUPPRESSIONS_FLAG_DETAIL = "security.audit.suppressions configured";

/** Chat commands that change configuration or state at runtime; each must be false. */
const STATEFUL_COMMANDS = {
  bash: "host shell commands from chat",
  config: "/config writes openclaw.json from chat",
  mcp: "/mcp writes mcp.servers from chat",
  plugins: "/plugins installs and toggles plugins from chat",
  debug: "/debug applies runtime config overrides from chat that no file shows",
  restart: "/restart, /update and the gateway tool's update.run from chat; the stack pins the version",
};

function isObject(v) {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** A value fit to quote in a message: short enum-like words only (never a possible secret). */
function shown(v) {
  const s = String(v);
  return /^[A-Za-z0-9_.:*-]{1,80}$/.test(s) ? s : "(value not shown)";
}

/** A key as it reads in a path: plain, or ["quoted"] when it is not a simple word. */
function join(path, key) {
  const k = String(key);
  const part = /^[A-Za-z0-9_-]+$/.test(k) ? k : `[${JSON.stringify(k)}]`;
  if (!path) return part;
  return part.startsWith("[") ? `${path}${part}` : `${path}.${part}`;
}

/** Calls visit(value, key, path, parentPath) for every value under `value`. */
function walk(value, path, visit) {
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      visit(v, i, `${path}[${i}]`, path);
      walk(v, `${path}[${i}]`, visit);
    });
  } else if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      const p = join(path, k);
      visit(v, k, p, path);
      walk(v, p, visit);
    }
  }
}

const has = (v) => v !== undefined && v !== null;
const nonEmpty = (v) => (Array.isArray(v) ? v.length > 0 : isObject(v) ? Object.keys(v).length > 0 : has(v) && v !== "" && v !== false);
const isWildcard = (v) => String(v).trim() === "*";

/**
 * The exec mode OpenClaw applies: `mode` wins when set (2026.9.6 drops security/ask then); else the
 * legacy `security`/`ask` pair maps as OpenClaw's own migration does. Undefined when unset.
 */
function effectiveExecMode(exec) {
  if (!isObject(exec)) return undefined;
  if (exec.mode !== undefined) return String(exec.mode);
  if (exec.security === "deny") return "deny";
  if (exec.security === "full") return "full";
  if (exec.security === "allowlist") return exec.ask === "off" ? "allowlist" : "ask";
  return exec.security === undefined ? undefined : String(exec.security);
}

function isSecretRef(v) {
  return isObject(v) && typeof v.source === "string" && typeof v.id === "string";
}

/** True for a Code Mode value that keeps Code Mode off: `false` or `{ enabled: false }`. */
function codeModeOff(v) {
  return v === false || (isObject(v) && v.enabled === false);
}

/** Does a tool allow-list entry name or cover (as a glob) one of `names`? */
function covers(entry, names) {
  const e = String(entry).trim().toLowerCase();
  if (!e.includes("*")) return names.includes(e);
  const re = new RegExp(`^${e.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`);
  return names.some((t) => re.test(t));
}
/** A denied tool no sandbox makes acceptable (automation, sessions_spawn/send, their groups, '*'). */
const coversNeverTool = (entry) => covers(entry, NEVER_TOOLS);
/** An exec or file tool (or group): acceptable only where every agent it reaches runs in a contained sandbox. */
const coversContainableTool = (entry) => covers(entry, CONTAINABLE_TOOLS);
const coversDeniedTool = (entry) => coversNeverTool(entry) || coversContainableTool(entry);

/** Checks one tools block (global `tools`, or an agent's override); `where` names it. */
function toolProblems(tools, where, isOverride) {
  const out = [];
  if (!isObject(tools)) {
    if (!isOverride) out.push({ message: `${where} is not set (exec, elevated and fs must be set explicitly)` });
    return out;
  }
  // Exec mode and host, and the deny list: accessProblems (they depend on the sandbox).
  if (isObject(tools.exec) && isObject(tools.exec.applyPatch) && tools.exec.applyPatch.workspaceOnly === false) {
    out.push({ message: `${where}.exec.applyPatch.workspaceOnly is false (apply_patch writes outside the workspace)` });
  }
  if (isObject(tools.elevated) ? tools.elevated.enabled !== false : !isOverride) {
    out.push({ message: `${where}.elevated.enabled is not false` });
  }
  if (isObject(tools.elevated) && isObject(tools.elevated.allowFrom) && Object.values(tools.elevated.allowFrom).some(nonEmpty)) {
    out.push({ message: `${where}.elevated.allowFrom lists senders (elevated exec runs outside every sandbox)` });
  }
  if (isObject(tools.fs) ? tools.fs.workspaceOnly !== true : !isOverride) out.push({ message: `${where}.fs.workspaceOnly is not true` });
  if (tools.profile === "full" || tools.profile === "coding") out.push({ message: `${where}.profile is '${tools.profile}'` });
  // Code Mode: absent means "auto", which engages it for the models OpenClaw's catalogs flag
  // "preferred"; it then runs model-written JavaScript (node:vm by default: no security boundary)
  // through an `exec` tool added after the allow/deny policy. Only an explicit off keeps it out.
  if (isOverride ? tools.codeMode !== undefined && !codeModeOff(tools.codeMode) : !codeModeOff(tools.codeMode)) {
    out.push({ message: `${where}.codeMode is ${tools.codeMode === undefined ? "unset ('auto')" : "not off"} (set it to false: Code Mode runs model-written JavaScript outside the exec policy)` });
  }
  const sessions = isObject(tools.sessions) ? tools.sessions.visibility : undefined;
  if (isOverride ? sessions === "all" : sessions === undefined || sessions === "all") {
    out.push({ message: `${where}.sessions.visibility is ${sessions === undefined ? "unset ('all')" : "'all'"} (every session on the gateway, other senders' included; use 'agent' or narrower)` });
  }
  if (!isOverride && !(isObject(tools.agentToAgent) && tools.agentToAgent.enabled === false)) {
    out.push({ message: `${where}.agentToAgent.enabled is not false` });
  }
  if (isOverride ? isObject(tools.agentToAgent) && tools.agentToAgent.enabled === true : false) {
    out.push({ message: `${where}.agentToAgent.enabled is true` });
  }
  const message = isObject(tools.message) ? tools.message : {};
  const cross = isObject(message.crossContext) ? message.crossContext : {};
  for (const k of ["allowWithinProvider", "allowAcrossProviders"]) {
    if (isOverride ? cross[k] === true : cross[k] !== false) out.push({ message: `${where}.message.crossContext.${k} is not false (a sender could make the bot post into other conversations)` });
  }
  const broadcast = isObject(message.broadcast) ? message.broadcast.enabled : undefined;
  if (isOverride ? broadcast === true : broadcast !== false) out.push({ message: `${where}.message.broadcast.enabled is not false` });
  return out;
}

/**
 * Every allow list of a tool policy, wherever it sits (tools, byProvider.*, toolsBySender.*,
 * sandbox.tools, subagents.tools, agents' and channel groups' tools). An entry that names or covers
 * a denied tool other than exec and file tools is refused outright (`problems`); one that covers
 * exec or file tools is a widening (`widenings`, each with the agent it is limited to, if any),
 * accepted only where the agents it reaches run in a contained sandbox.
 */
function allowListFindings(config) {
  const problems = [];
  const widenings = [];
  const entries = isObject(config.agents) && isObject(config.agents.entries) ? Object.keys(config.agents.entries) : [];
  const agentOf = (path) => entries.find((id) => {
    const prefix = join("agents.entries", id);
    return path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);
  });
  const check = (policy, path) => {
    if (!isObject(policy)) return;
    for (const k of ["allow", "alsoAllow"]) {
      const list = policy[k];
      if (!Array.isArray(list)) continue;
      const never = list.filter(coversNeverTool);
      if (never.length > 0) problems.push({ message: `${join(path, k)} re-allows denied tools (${never.map(shown).join(", ")})` });
      const contained = list.filter((e) => !coversNeverTool(e) && coversContainableTool(e));
      if (contained.length > 0) widenings.push({ message: `${join(path, k)} re-allows denied tools (${contained.map(shown).join(", ")})`, agent: agentOf(path) });
    }
    if ((policy.profile === "full" || policy.profile === "coding") && /\.byProvider/.test(path)) problems.push({ message: `${join(path, "profile")} is '${policy.profile}'` });
  };
  walk(config, "", (v, key, path, parent) => {
    if (path === "gateway.tools") return; // refused as a whole below
    if (key === "tools" && isObject(v)) check(v, path);
    if (/(^|\.)(toolsBySender|byProvider)$/.test(parent) && isObject(v)) check(v, path);
    if (key === "toolsAllow" && Array.isArray(v)) {
      if (v.some(coversNeverTool)) problems.push({ message: `${path} re-allows denied tools` });
      else if (v.some(coversContainableTool)) widenings.push({ message: `${path} re-allows denied tools`, agent: agentOf(path) });
    }
  });
  return { problems, widenings };
}

/** Paths of every `$include` and every string with a `${VAR}` substitution, anywhere in the config. */
function unreadable(value, path, out) {
  if (typeof value === "string") {
    if (/\$\{[^}]*\}/.test(value)) out.push({ message: `${path || "(root)"} substitutes \${…} at load time (the value cannot be read here)` });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => unreadable(v, `${path}[${i}]`, out));
  } else if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (k === "$include") out.push({ message: `${path || "(root)"} uses $include (another file, not checked with this one)` });
      else unreadable(v, join(path, k), out);
    }
  }
  return out;
}

function isLoopbackHost(host) {
  const h = String(host).toLowerCase().replace(/\.$/, "");
  return h === "localhost" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || h === "[::1]" || h === "::1";
}

/** Plain-text URLs (http://, ws://) anywhere in the config, unless they stay on loopback. */
function plainUrlProblems(config) {
  const out = [];
  walk(config, "", (v, key, path) => {
    if (typeof v !== "string" || key === "$schema") return;
    const s = v.trim();
    const scheme = /^(http|ws):\/\//i.exec(s);
    if (!scheme) return;
    let host;
    try {
      host = new URL(s).hostname;
    } catch (e) {
      host = undefined;
    }
    if (host !== undefined && isLoopbackHost(host)) return;
    out.push({ message: `${path} is a plain ${scheme[1].toLowerCase()}:// URL${host ? ` to ${shown(host)}` : ""} (anything it carries, credentials in the URL included, crosses the network in clear; use ${scheme[1].toLowerCase()}s://)` });
  });
  return out;
}

/** Insecure switches by name, wherever they sit. */
const INSECURE_KEYS = ["insecureSkipVerify", "allowUnsafeExternalContent", "allowPrivateNetwork", "allowPrivateMemoryCoreAccess"];
function dangerousFlagProblems(config) {
  const out = [];
  walk(config, "", (v, key, path) => {
    if (typeof key !== "string") return;
    if ((/^dangerously/i.test(key) || INSECURE_KEYS.includes(key)) && has(v) && v !== false) out.push({ message: `${path} is set (an insecure switch)` });
    if (key === "permissionMode" && v === "approve-all") out.push({ message: `${path} is 'approve-all'` });
  });
  return out;
}

/** Keys of per-conversation maps in which a '*' id means every group / guild / room. */
const CONVERSATION_MAPS = ["groups", "guilds", "channels", "rooms", "teams", "spaces"];
/** Keys whose list is a set of senders (or roles, approvers…) let in. */
const SENDER_LIST = /allowfrom|allowlist|^users$|roles$|^approvers$|ships$|^allowed/i;

/** Per-conversation blocks under a channel (groups, guilds …), for the group-chats risk. */
function conversations(block) {
  return Object.assign({}, isObject(block.groups) ? block.groups : {}, isObject(block.guilds) ? block.guilds : {});
}

/**
 * Problems of one channel, its accounts and every nested group, guild, topic, room or DM block:
 * the same properties wherever the schema lets them be set.
 */
function channelProblems(name, channel, defaults) {
  const out = [];
  if (!isObject(channel)) return out;
  const base = `channels.${name}`;
  if (channel.configWrites !== false && channel.enabled !== false) out.push({ message: `${base}.configWrites is not false (chat senders could change the config)` });
  walk(channel, base, (v, key, path, parent) => {
    if (key === "dmPolicy" && v === "open") out.push({ message: `${path} is 'open'` });
    if (key === "groupPolicy" && v === "open") out.push({ message: `${path} is 'open'` });
    if (key === "requireMention" && v === false) out.push({ message: `${parent} does not require a mention (${path} is false)` });
    if (key === "configWrites" && parent !== base && has(v) && v !== false) out.push({ message: `${path} is not false (chat senders could change the config)` });
    if (typeof key === "string" && SENDER_LIST.test(key) && Array.isArray(v) && v.some(isWildcard)) out.push({ message: `${path} contains the wildcard '*'` });
    if (typeof key === "string" && CONVERSATION_MAPS.includes(key) && isObject(v) && Object.keys(v).some(isWildcard)) {
      out.push({ message: `${path} answers in every ${key === "guilds" ? "guild" : "group"} ('*')` });
    }
  });
  // Group chats: the channel and each account that answers in groups (an account inherits the
  // channel's groups and policy unless it sets its own).
  const blocks = [[base, channel, undefined]];
  if (isObject(channel.accounts)) for (const [id, a] of Object.entries(channel.accounts)) if (isObject(a)) blocks.push([join(`${base}.accounts`, id), a, channel]);
  for (const [path, block, parent] of blocks) {
    const enabled = block.enabled !== false && (!parent || parent.enabled !== false);
    const policy = block.groupPolicy ?? (parent && parent.groupPolicy) ?? defaults.groupPolicy ?? "allowlist";
    const groups = Object.keys(conversations(block)).length > 0 || (parent !== undefined && Object.keys(conversations(parent)).length > 0);
    if (enabled && policy !== "disabled" && groups) out.push({ message: `${path} answers in group chats`, risk: "group-chats" });
  }
  return out;
}

function suppressionProblems(config, accepted) {
  const out = [];
  const suppressions = isObject(config.security) && isObject(config.security.audit) && Array.isArray(config.security.audit.suppressions) ? config.security.audit.suppressions : [];
  const allowed = accepted.flatMap((r) => RISK_SUPPRESSIONS[r] || []);
  if (allowed.length > 0) allowed.push(SUPPRESSIONS_FLAG);
  suppressions.forEach((s, i) => {
    const id = isObject(s) ? String(s.checkId) : String(s);
    if (!allowed.includes(id)) {
      out.push({ message: `security.audit.suppressions hides '${shown(id)}' without an accepted risk that covers it` });
    } else if (id === SUPPRESSIONS_FLAG) {
      // OpenClaw raises this check once per dangerous flag; only the finding about the suppressions
      // themselves is accepted (OpenClaw matches detailIncludes case-insensitively, trimmed).
      const detail = isObject(s) && typeof s.detailIncludes === "string" ? s.detailIncludes.trim().toLowerCase() : "";
      if (detail !== SUPPRESSIONS_FLAG_DETAIL) {
        out.push({ message: `security.audit.suppressions[${i}] hides every '${SUPPRESSIONS_FLAG}' finding (its detailIncludes must be '${SUPPRESSIONS_FLAG_DETAIL}')` });
      }
    }
  });
  return out;
}

/** Keys of agents.*.sandbox and of its docker block (OpenClaw 2026.9.6's schema); any other is refused. */
const SANDBOX_KEYS = ["mode", "backend", "workspaceAccess", "sessionToolsVisibility", "scope", "workspaceRoot", "docker", "ssh", "browser", "prune"];
const SANDBOX_DOCKER_KEYS = ["image", "containerPrefix", "workdir", "readOnlyRoot", "tmpfs", "network", "user", "capDrop", "env", "setupCommand", "pidsLimit", "memory", "memorySwap", "cpus", "ulimits", "dns", "extraHosts", "binds"];
/** Docker-block keys whose effect the pack cannot judge (a profile file it cannot read, host devices): refused when set. */
const SANDBOX_DOCKER_REFUSED = {
  gpus: "host GPU devices in the sandbox",
  seccompProfile: "a seccomp profile the pack cannot read ('unconfined' turns it off)",
  apparmorProfile: "an AppArmor profile the pack cannot read ('unconfined' turns it off)",
};

/** Host paths a bind may not equal, lie inside of, or cover: system state, device and kernel views, the runtimes' sockets and stores. */
const BIND_BLOCKED = ["/etc", "/proc", "/sys", "/dev", "/root", "/boot", "/run", "/var/run", "/var/lib/containers", "/var/lib/docker"];
/** Host paths a bind may not equal or cover (paths below them are judged on their own): scratch dirs hold rootless Podman's fallback runtime dir. */
const BIND_NOT_COVERING = ["/tmp", "/var/tmp", "/home", "/var/lib"];
/** A path segment that names a container runtime's socket, runtime dir or store. */
const BIND_RUNTIME_SEGMENT = /docker|podman|containerd|libpod|crio|^containers$|^storage-run|\.sock$/i;
/** A path segment that holds OpenClaw's state, credentials, or a user's keys and container config. */
const BIND_SECRET_SEGMENT = /^(\.openclaw|openclaw\.json|\.ssh|\.gnupg|\.aws|\.azure|\.kube|\.docker|\.config|\.local|\.netrc|\.npm|\.npmrc|\.cargo|\.git-credentials)$/i;
/** An env file (the gateway's holds its secrets). */
const BIND_ENV_FILE = /(^|\.)env$|^\.env/i;

/** `a` equals `b` or lies below it (normalised absolute paths). */
const within = (a, b) => a === b || a.startsWith(b === "/" ? "/" : `${b}/`);

/** An absolute POSIX path with `.`, `..` and repeated or trailing slashes resolved (symlinks cannot be, here). */
function normalisePath(p) {
  const parts = [];
  for (const seg of p.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") parts.pop();
    else parts.push(seg);
  }
  return `/${parts.join("/")}`;
}

/** A bind (`source:target[:options]`) of docker.binds: refused, a mount the risk sandbox-host-mounts covers, or (never) fine. */
function bindProblem(bind, path) {
  const source = String(bind).split(":")[0].trim();
  if (!source.startsWith("/")) return { message: `${path} mounts a source that is not an absolute host path (a named volume or relative path the pack cannot judge)` };
  const p = normalisePath(source);
  const segments = p.split("/").filter(Boolean);
  const blocked = BIND_BLOCKED.find((b) => within(p, b) || within(b, p));
  let why;
  if (p === "/") why = "the host's root";
  else if (blocked) why = `${blocked} (system state, devices, or a container runtime's socket and store)`;
  else if (BIND_NOT_COVERING.some((b) => within(b, p)) || /^\/(home|var\/lib)\/[^/]+$/.test(p)) why = "a directory that holds home directories (OpenClaw's state dir, keys and the rootless Podman store live there)";
  else if (segments.some((s) => BIND_RUNTIME_SEGMENT.test(s))) why = "a container runtime's socket, runtime dir or store (control of the runtime is control of the host user)";
  else if (segments.some((s) => BIND_SECRET_SEGMENT.test(s))) why = "OpenClaw's state dir or a credentials directory";
  else if (BIND_ENV_FILE.test(segments[segments.length - 1] || "")) why = "an env file (the gateway's holds its secrets)";
  if (why) return { message: `${path} mounts ${why} into the sandbox` };
  return { message: `${path} mounts a host path into the sandbox (the agent reads or writes it)`, risk: "sandbox-host-mounts" };
}

/** Image references that cannot float: built on the server (localhost/, tagged), or pulled by digest from a registry. */
const IMAGE_PATH = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*";
const IMAGE_TAG = "[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}";
const IMAGE_DIGEST = "@sha256:[0-9a-f]{64}";
const LOCAL_IMAGE = new RegExp(`^localhost/${IMAGE_PATH}(?::${IMAGE_TAG}(?:${IMAGE_DIGEST})?|${IMAGE_DIGEST})$`);
const REGISTRY_IMAGE = new RegExp(`^(?:[a-z0-9-]+(?:\\.[a-z0-9-]+)+(?::[0-9]+)?|[a-z0-9-]+:[0-9]+|localhost)/${IMAGE_PATH}(?::${IMAGE_TAG})?${IMAGE_DIGEST}$`);

/**
 * One agent's sandbox as OpenClaw resolves it: the agent's entry over agents.defaults.sandbox, key
 * by key (docker and browser too; binds of both apply). Each value comes with the path it is set at
 * (the defaults' path when unset).
 */
function sandboxView(defaults, scope) {
  const d = isObject(defaults.sandbox) ? defaults.sandbox : {};
  const e = scope.sandbox;
  const dp = "agents.defaults.sandbox";
  const ep = `${scope.where}.sandbox`;
  const layer = (dv, ev, dpath, epath) => (key) =>
    isObject(ev) && has(ev[key]) ? [ev[key], join(epath, key)] : [isObject(dv) ? dv[key] : undefined, join(dpath, key)];
  const keys = (dv, ev, dpath, epath) => [
    ...(isObject(dv) ? Object.keys(dv).map((k) => [k, join(dpath, k)]) : []),
    ...(isObject(ev) && ev !== dv ? Object.keys(ev).map((k) => [k, join(epath, k)]) : []),
  ];
  const binds = (docker, dpath) => {
    if (!isObject(docker) || !has(docker.binds)) return [];
    if (!Array.isArray(docker.binds)) return [[undefined, `${dpath}.binds`]];
    return docker.binds.map((b, i) => [b, `${dpath}.binds[${i}]`]);
  };
  return {
    get: layer(d, e, dp, ep),
    keys: keys(d, e, dp, ep),
    docker: layer(d.docker, e.docker, `${dp}.docker`, `${ep}.docker`),
    dockerKeys: keys(d.docker, e.docker, `${dp}.docker`, `${ep}.docker`),
    binds: [...binds(d.docker, `${dp}.docker`), ...(e.docker !== d.docker ? binds(e.docker, `${ep}.docker`) : [])],
    browser: layer(d.browser, e.browser, `${dp}.browser`, `${ep}.browser`),
  };
}

const quoted = (v, unset) => (has(v) ? `'${shown(v)}'` : `unset (${unset})`);

/**
 * A sandbox that is on must be the contained shape: rootless Podman, a container per session, no
 * network (or the accepted risk), no host mounts (or the accepted risk, never of system paths, the
 * runtime's socket, the state dir or the env file), read-only root, every capability dropped, a
 * non-root user, an image that cannot float, no setup command, no browser.
 */
function sandboxShapeProblems(v) {
  const out = [];
  const [backend, backendPath] = v.get("backend");
  if (backend !== "podman") {
    out.push({ message: `${backendPath} is ${quoted(backend, "'docker'")} (must be 'podman': rootless containers; the Docker socket is root on the host, other backends run elsewhere)` });
  }
  const [scope, scopePath] = v.get("scope");
  if (scope !== "session") {
    const why = scope === "shared" ? "one container for every agent and sender" : "one container per agent, shared by every sender";
    out.push({ message: `${scopePath} is ${quoted(scope, "'agent'")} (must be 'session': ${has(scope) && !["agent", "shared"].includes(scope) ? "a value the pack does not know" : why})` });
  }
  const [access, accessPath] = v.get("workspaceAccess");
  if (has(access) && !["none", "ro", "rw"].includes(access)) out.push({ message: `${accessPath} is '${shown(access)}' (none, ro or rw)` });
  const [visibility, visibilityPath] = v.get("sessionToolsVisibility");
  if (has(visibility) && visibility !== "spawned") out.push({ message: `${visibilityPath} is '${shown(visibility)}' (sandboxed sessions would see every session; use 'spawned')` });
  const [root, rootPath] = v.get("workspaceRoot");
  if (has(root)) out.push({ message: `${rootPath} is set (the host directory sandbox workspaces are made in; keep OpenClaw's default)` });
  const [ssh, sshPath] = v.get("ssh");
  if (nonEmpty(ssh)) out.push({ message: `${sshPath} is set (the ssh backend's remote host; only podman is accepted)` });
  for (const [key, path] of v.keys) if (!SANDBOX_KEYS.includes(key) && !/^dangerously/i.test(key)) out.push({ message: `${path} is a sandbox key the pack does not know` });
  const [browser, browserPath] = v.browser("enabled");
  if (has(browser) && browser !== false) out.push({ message: `${browserPath} is not false (a browser container with published CDP ports)` });

  const [image, imagePath] = v.docker("image");
  if (typeof image !== "string" || !(LOCAL_IMAGE.test(image) || REGISTRY_IMAGE.test(image))) {
    out.push({ message: `${imagePath} is ${has(image) ? "not pinned" : "unset (a floating default tag)"} (use localhost/<name>:<tag> built on the server, or <registry>/<name>@sha256:<digest>)` });
  }
  const [network, networkPath] = v.docker("network");
  const net = typeof network === "string" ? network.trim().toLowerCase() : undefined;
  if (net !== "none") {
    if (!has(network)) out.push({ message: `${networkPath} is unset (set it to 'none')` });
    else if (net === undefined || net === "host" || !/^[a-z0-9][a-z0-9_.-]*$/.test(net)) {
      out.push({ message: `${networkPath} is '${shown(network)}' (the host's network, another container's or namespace options: never)` });
    } else {
      out.push({ message: `${networkPath} is '${shown(network)}' (commands in the sandbox reach the network)`, risk: "sandbox-network" });
    }
  }
  const [readOnly, readOnlyPath] = v.docker("readOnlyRoot");
  if (readOnly !== true) out.push({ message: `${readOnlyPath} is not true (the sandbox could change its own image's files)` });
  const [capDrop, capDropPath] = v.docker("capDrop");
  if (!(Array.isArray(capDrop) && capDrop.some((c) => String(c).trim().toUpperCase() === "ALL"))) out.push({ message: `${capDropPath} does not drop ALL capabilities` });
  const [user, userPath] = v.docker("user");
  const ids = /^(\d+)(?::(\d+))?$/.exec(typeof user === "string" ? user.trim() : String(user));
  if (!has(user) || !ids || Number(ids[1]) === 0 || (ids[2] !== undefined && Number(ids[2]) === 0)) {
    out.push({ message: `${userPath} is ${has(user) ? "not a non-zero numeric uid[:gid]" : "unset (the image's user, possibly root)"}` });
  }
  const [setup, setupPath] = v.docker("setupCommand");
  if (nonEmpty(setup)) out.push({ message: `${setupPath} is set (a shell command as root with network at container creation; bake it into the image)` });
  for (const [key, why] of Object.entries(SANDBOX_DOCKER_REFUSED)) {
    const [value, path] = v.docker(key);
    if (has(value)) out.push({ message: `${path} is set (${why})` });
  }
  for (const [key, path] of v.dockerKeys) {
    if (!SANDBOX_DOCKER_KEYS.includes(key) && !(key in SANDBOX_DOCKER_REFUSED) && !/^dangerously/i.test(key)) out.push({ message: `${path} is a sandbox docker key the pack does not know` });
  }
  for (const [bind, path] of v.binds) out.push(bind === undefined ? { message: `${path} is not a list` } : bindProblem(bind, path));
  return out;
}

/**
 * Exec and file tools: denied, or run only in a contained sandbox. A widening is an exec mode other
 * than 'deny', any exec host, an allow list that names exec or file tools, or a deny list without
 * group:runtime / group:fs; each is accepted only when every agent it reaches (the defaults, each
 * agents.entries.* with its overrides) runs every session in the contained sandbox with exec pinned
 * to it. Any sandbox that is on (or that a gateway role requires) must be the contained shape.
 */
function accessProblems(config) {
  const out = [];
  const tools = isObject(config.tools) ? config.tools : {};
  const agents = isObject(config.agents) ? config.agents : {};
  const defaults = isObject(agents.defaults) ? agents.defaults : {};
  const entries = isObject(agents.entries) ? agents.entries : {};
  const gateway = isObject(config.gateway) ? config.gateway : {};
  const roles = isObject(gateway.roles) && isObject(gateway.roles.definitions) ? Object.values(gateway.roles.definitions) : [];
  const roleRequiresSandbox = roles.some((r) => isObject(r) && r.sandbox === "required");

  for (const key of Object.keys(agents)) {
    if (!["ownership", "defaults", "entries"].includes(key)) {
      out.push({ message: `${join("agents", key)} is set (${key === "list" ? "a legacy agent roster" : "a key"} the pack does not read; use agents.defaults and agents.entries)` });
    }
  }
  const scopes = [
    { where: "agents.defaults", id: undefined, tools: undefined, sandbox: isObject(defaults.sandbox) ? defaults.sandbox : {} },
    ...Object.entries(entries)
      .filter(([, a]) => isObject(a))
      .map(([id, a]) => ({ where: join("agents.entries", id), id, tools: isObject(a.tools) ? a.tools : undefined, sandbox: isObject(a.sandbox) ? a.sandbox : {} })),
  ];

  // What widens exec or file tools, and whom: the global tools block every agent, an entry's its own.
  const widenings = [];
  const reductions = [];
  const blocks = [{ tools, where: "tools", agent: undefined }, ...scopes.filter((s) => s.tools).map((s) => ({ tools: s.tools, where: `${s.where}.tools`, agent: s.id }))];
  for (const b of blocks) {
    const isOverride = b.agent !== undefined;
    const exec = isObject(b.tools.exec) ? b.tools.exec : undefined;
    const mode = effectiveExecMode(exec);
    if (mode === undefined && !isOverride) widenings.push({ message: `${b.where}.exec.mode is not set (set it to 'deny')`, agent: b.agent });
    else if (SANDBOX_EXEC_MODES.includes(mode)) widenings.push({ message: `${b.where}.exec mode is '${mode}' (must be 'deny')`, agent: b.agent });
    else if (mode !== undefined && mode !== "deny") {
      out.push({ message: `${b.where}.exec mode is '${shown(mode)}' (must be 'deny'; with exec pinned to a contained sandbox: unset, 'allowlist' or 'ask')` });
    }
    if (exec && has(exec.host)) {
      if (exec.host === "sandbox") widenings.push({ message: `${b.where}.exec.host is 'sandbox'`, agent: b.agent });
      else out.push({ message: `${b.where}.exec.host is '${shown(exec.host)}' (exec could run on the gateway host or a node; only 'sandbox' is accepted)` });
    }
    if (!isOverride || b.tools.deny !== undefined) {
      const deny = Array.isArray(b.tools.deny) ? b.tools.deny : [];
      const missing = BASELINE_TOOL_DENY.filter((t) => !deny.includes(t));
      if (missing.length > 0) reductions.push({ where: `${b.where}.deny`, missing, agent: b.agent, profile: has(b.tools.profile) ? b.tools.profile : tools.profile });
    }
  }
  const lists = allowListFindings(config);
  out.push(...lists.problems);
  widenings.push(...lists.widenings);

  // Each agent: is its sandbox on, the contained shape, and every session's exec pinned to it?
  const status = new Map();
  const gexec = isObject(tools.exec) ? tools.exec : {};
  for (const s of scopes) {
    const view = sandboxView(defaults, s);
    const [mode, modePath] = view.get("mode");
    if (has(mode) && !["off", "non-main", "all"].includes(mode)) out.push({ message: `${modePath} is '${shown(mode)}' (off, non-main or all)` });
    const shape = roleRequiresSandbox || (has(mode) && mode !== "off") ? sandboxShapeProblems(view) : [];
    out.push(...shape);
    const aexec = s.tools && isObject(s.tools.exec) ? s.tools.exec : {};
    const execMode = effectiveExecMode(aexec) ?? effectiveExecMode(gexec);
    const [host, hostPath] = has(aexec.host) ? [aexec.host, `${s.where}.tools.exec.host`] : [gexec.host, "tools.exec.host"];
    const containment = [];
    if (mode !== "all") containment.push(`${modePath} is ${quoted(mode, "'off'")} (must be 'all': every session in the sandbox)`);
    if (execMode !== "deny" && !has(host)) containment.push(`${hostPath} is ${quoted(host, "'auto': the gateway host when no sandbox is up")} (pin exec to 'sandbox')`);
    status.set(s.id, { where: s.where, containment, contained: containment.length === 0 && shape.every((p) => p.risk) });
  }
  const open = (agent) => (agent === undefined ? [...status.values()] : [status.get(agent)]).filter((x) => x && !x.contained);

  const explain = new Set();
  for (const w of widenings) {
    const uncontained = open(w.agent);
    if (uncontained.length === 0) continue;
    out.push({ message: `${w.message}, outside a contained sandbox for ${uncontained.map((x) => x.where).join(", ")}` });
    uncontained.forEach((x) => explain.add(x));
  }
  for (const x of explain) for (const m of x.containment) out.push({ message: `${m}; exec or file tools are widened for ${x.where}` });
  for (const r of reductions) {
    const uncontained = open(r.agent).length > 0;
    const lacks = r.missing.filter((t) => uncontained || !CONTAINABLE_GROUPS.includes(t));
    if (lacks.length === 0) continue;
    if (lacks.some((t) => CONTAINABLE_GROUPS.includes(t)) && !RESTRICTED_PROFILES.includes(r.profile)) {
      out.push({ message: `${r.where} lacks ${lacks.join(", ")}, and the tool profile is ${quoted(r.profile, "every core tool")} (exec or file tools on the host, outside a sandbox)` });
    } else {
      out.push({ message: `${r.where} lacks ${lacks.join(", ")}`, risk: "tool-deny-reduced" });
    }
  }
  const seen = new Set();
  return out.filter((p) => !seen.has(p.message) && seen.add(p.message));
}

/** Agents: per-agent tools overrides, per-model Code Mode and harness, workspace settings trust. */
function agentProblems(config) {
  const out = [];
  const agents = isObject(config.agents) ? config.agents : {};
  const defaults = isObject(agents.defaults) ? agents.defaults : {};
  const entries = isObject(agents.entries) ? agents.entries : {};
  if (defaults.elevatedDefault !== undefined && defaults.elevatedDefault !== "off") out.push({ message: `agents.defaults.elevatedDefault is '${shown(defaults.elevatedDefault)}'` });
  const scoped = [["agents.defaults", defaults], ...Object.entries(entries).filter(([, a]) => isObject(a)).map(([id, a]) => [join("agents.entries", id), a])];
  for (const [where, agent] of scoped) {
    if (where !== "agents.defaults" && agent.tools !== undefined) out.push(...toolProblems(agent.tools, `${where}.tools`, true));
    if (isObject(agent.models)) {
      for (const [model, m] of Object.entries(agent.models)) {
        if (isObject(m) && has(m.codeMode) && m.codeMode !== false) out.push({ message: `${join(`${where}.models`, model)}.codeMode is not false (Code Mode for this model)` });
      }
    }
    if (isObject(agent.embeddedAgent) && agent.embeddedAgent.projectSettingsPolicy === "trusted") {
      out.push({ message: `${where}.embeddedAgent.projectSettingsPolicy is 'trusted' (workspace settings could set shell paths)` });
    }
    if (isObject(agent.runtime) && has(agent.runtime.type) && agent.runtime.type !== "embedded") out.push({ message: `${where}.runtime.type is '${shown(agent.runtime.type)}'` });
  }
  // The harness that runs a model: only OpenClaw's own keeps the tool policy above in force.
  walk({ agents: config.agents, models: config.models }, "", (v, key, path) => {
    if (key === "agentRuntime" && isObject(v) && has(v.id) && !["openclaw", "pi"].includes(v.id)) {
      out.push({ message: `${path}.id is '${shown(v.id)}' (another harness, with its own tools; use 'openclaw')` });
    }
  });
  return out;
}

function gatewayProblems(config) {
  const out = [];
  const gw = isObject(config.gateway) ? config.gateway : {};
  const auth = isObject(gw.auth) ? gw.auth : {};
  const authed = auth.mode === "token" || auth.mode === "password";
  if (gw.mode !== "local") out.push({ message: `gateway.mode is '${shown(gw.mode ?? "unset")}' (must be 'local')` });
  if (gw.remote !== undefined) out.push({ message: "gateway.remote is set (this gateway would proxy to another runtime)" });
  if (gw.bind !== "loopback" && !(gw.bind === "tailnet" && authed)) out.push({ message: `gateway.bind is '${shown(gw.bind ?? "unset")}' (must be 'loopback')` });
  if (!authed) out.push({ message: `gateway.auth.mode is '${shown(auth.mode ?? "unset")}' (token or password)` });
  for (const field of ["token", "password"]) {
    if (auth[field] !== undefined && !isSecretRef(auth[field])) out.push({ message: `gateway.auth.${field} is a literal value (use a SecretRef to the env file)` });
  }
  if (auth.allowTailscale === true) out.push({ message: "gateway.auth.allowTailscale is true (a tailnet identity would stand in for the token)" });
  const rate = auth.rateLimit;
  if (isObject(rate) && ((rate.maxAttempts !== undefined && Number(rate.maxAttempts) > 20) || (rate.lockoutMs !== undefined && Number(rate.lockoutMs) < 60000))) {
    out.push({ message: "gateway.auth.rateLimit is looser than 20 attempts / 1 min lockout" });
  }
  // On a loopback bind every remote client arrives through the SSH tunnel, i.e. from loopback,
  // which OpenClaw exempts from the limiter by default.
  if (gw.bind === "loopback" && !(isObject(rate) && rate.exemptLoopback === false)) {
    out.push({ message: "gateway.auth.rateLimit.exemptLoopback is not false (tunnel clients come from loopback and would never be limited)" });
  }
  if (isObject(gw.tailscale) && gw.tailscale.mode === "funnel") out.push({ message: "gateway.tailscale.mode is 'funnel' (public internet)" });
  if (isObject(gw.terminal) ? gw.terminal.enabled !== false : true) out.push({ message: "gateway.terminal.enabled is not false (a browser shell on the host)" });
  const ui = isObject(gw.controlUi) ? gw.controlUi : {};
  if (ui.enabled === true) out.push({ message: "gateway.controlUi is enabled", risk: "control-ui" });
  if (Array.isArray(ui.allowedOrigins) && ui.allowedOrigins.some(isWildcard)) out.push({ message: "gateway.controlUi.allowedOrigins contains the wildcard '*'" });
  if (ui.allowExternalEmbedUrls === true) out.push({ message: "gateway.controlUi.allowExternalEmbedUrls is true" });
  if (ui.embedSandbox === "trusted") out.push({ message: "gateway.controlUi.embedSandbox is 'trusted' (embeds run same-origin with the Control UI)" });
  if (nonEmpty(gw.trustedProxies)) out.push({ message: "gateway.trustedProxies is set (no proxy fronts this gateway: forwarded client headers would be believed)" });
  if (gw.allowRealIpFallback === true) out.push({ message: "gateway.allowRealIpFallback is true" });
  const endpoints = isObject(gw.http) && isObject(gw.http.endpoints) ? gw.http.endpoints : {};
  for (const [name, e] of Object.entries(endpoints)) {
    if (isObject(e) && e.enabled === true) out.push({ message: `${join("gateway.http.endpoints", name)}.enabled is true (an HTTP API that runs agent turns with operator rights)` });
  }
  if (isObject(gw.tools) && nonEmpty(gw.tools.allow)) out.push({ message: "gateway.tools.allow is set (re-enables denied tools over the HTTP tools API)" });
  const nodes = isObject(gw.nodes) ? gw.nodes : {};
  if (isObject(nodes.commands) && nonEmpty(nodes.commands.allow)) out.push({ message: "gateway.nodes.commands.allow is set (extra node commands)" });
  if (isObject(nodes.pairing) && nonEmpty(nodes.pairing.autoApproveCidrs)) out.push({ message: "gateway.nodes.pairing.autoApproveCidrs is set (node pairing approved by source address)" });
  if (isObject(gw.portals) && has(gw.portals.ingress)) out.push({ message: "gateway.portals.ingress is set (an ingress path from outside)" });
  return out;
}

/** Top-level surfaces beyond the gateway, tools and channels. */
function surfaceProblems(config) {
  const out = [];
  const discovery = isObject(config.discovery) ? config.discovery : {};
  const mdns = isObject(discovery.mdns) ? discovery.mdns.mode : undefined;
  if (mdns !== "off") out.push({ message: `discovery.mdns.mode is '${shown(mdns ?? "unset")}' (must be 'off': the gateway announces itself on the network)` });
  if (isObject(discovery.wideArea) && discovery.wideArea.enabled === true) out.push({ message: "discovery.wideArea.enabled is true" });
  if (!(isObject(config.browser) && config.browser.enabled === false)) out.push({ message: "browser.enabled is not false (browser automation on a headless gateway)" });
  const mcp = isObject(config.mcp) ? config.mcp : {};
  const servers = isObject(mcp.servers) ? Object.keys(mcp.servers) : [];
  if (servers.length > 0) out.push({ message: `mcp.servers configures ${servers.map(shown).join(", ")} (MCP tools are allowed past the deny list)` });
  if (isObject(mcp.apps) && mcp.apps.enabled === true) out.push({ message: "mcp.apps.enabled is true" });

  const commands = isObject(config.commands) ? config.commands : {};
  for (const [k, why] of Object.entries(STATEFUL_COMMANDS)) {
    if (commands[k] !== false) out.push({ message: `commands.${k} is ${commands[k] === undefined ? "unset" : "not false"} (${why}; set it to false)` });
  }
  if (isObject(commands.allowFrom)) {
    for (const [p, list] of Object.entries(commands.allowFrom)) {
      if (Array.isArray(list) && list.some(isWildcard)) out.push({ message: `${join("commands.allowFrom", p)} contains the wildcard '*'` });
    }
  }

  const hooks = isObject(config.hooks) ? config.hooks : {};
  if (hooks.enabled === true) out.push({ message: "hooks.enabled is true (an HTTP webhook ingress that starts agent runs)" });
  for (const k of ["token", "mappings", "presets", "gmail", "transformsDir"]) if (nonEmpty(hooks[k])) out.push({ message: `hooks.${k} is set (webhook ingress)` });
  if (isObject(hooks.internal) && isObject(hooks.internal.load) && nonEmpty(hooks.internal.load.extraDirs)) out.push({ message: "hooks.internal.load.extraDirs is set (hook code from other directories)" });

  const plugins = isObject(config.plugins) ? config.plugins : {};
  if (nonEmpty(plugins.paths)) out.push({ message: "plugins.paths is set (plugin code from other directories)" });
  if (isObject(plugins.load) && nonEmpty(plugins.load.paths)) out.push({ message: "plugins.load.paths is set (plugin code from other directories)" });
  const entries = isObject(plugins.entries) ? plugins.entries : {};
  for (const [id, e] of Object.entries(entries)) {
    if (isObject(e) && e.enabled === true) out.push({ message: `${join("plugins.entries", id)}.enabled is true (in-process code the stack does not vet)` });
  }
  // Enabled by default: its owner-only /pair command hands out a setup code with an operator.admin
  // bootstrap token in chat, and /pair approve pairs devices from chat.
  if (!(isObject(entries["device-pair"]) && entries["device-pair"].enabled === false)) {
    out.push({ message: "plugins.entries.device-pair.enabled is not false (/pair issues gateway setup codes and approves devices from chat)" });
  }

  const acp = isObject(config.acp) ? config.acp : {};
  if (acp.enabled === true) out.push({ message: "acp.enabled is true (external coding harnesses with their own shell)" });
  if (isObject(acp.runtime) && has(acp.runtime.installCommand)) out.push({ message: "acp.runtime.installCommand is set (a shell command)" });
  if (isObject(config.cloudWorkers) && nonEmpty(config.cloudWorkers.profiles)) out.push({ message: "cloudWorkers.profiles is set (remote execution environments)" });
  if (isObject(config.desktop) && isObject(config.desktop.host) && (config.desktop.host.enabled === true || config.desktop.host.managed === true)) {
    out.push({ message: "desktop.host is enabled (a desktop for computer use on the gateway host)" });
  }
  if (isObject(config.update) && isObject(config.update.auto) && config.update.auto.enabled === true) out.push({ message: "update.auto.enabled is true (the stack pins the version)" });

  if (isObject(config.accessGroups)) {
    for (const [id, g] of Object.entries(config.accessGroups)) {
      const where = join("accessGroups", id);
      if (isObject(g) && g.type === "discord.channelAudience") out.push({ message: `${where} is a discord.channelAudience (everyone who can read a channel)` });
      if (isObject(g) && isObject(g.members) && Object.values(g.members).some((l) => Array.isArray(l) && l.some(isWildcard))) out.push({ message: `${where}.members contains the wildcard '*'` });
    }
  }
  return out;
}

/**
 * Problems of a parsed openclaw.json, each `{message, risk?}`: a problem with a `risk` is a
 * loosening that is fine once that risk is accepted. `acceptedRisks`: ids accepted by the stack.
 */
function openclawConfigProblems(config, acceptedRisks) {
  const accepted = Array.isArray(acceptedRisks) ? acceptedRisks : [];
  const out = [];
  if (!isObject(config)) return [{ message: "openclaw.json is not a JSON object" }];
  unreadable(config, "", out);
  out.push(...gatewayProblems(config));
  out.push(...surfaceProblems(config));

  const channelMap = isObject(config.channels) ? config.channels : {};
  const defaults = isObject(channelMap.defaults) ? channelMap.defaults : {};
  if (defaults.groupPolicy === "open") out.push({ message: "channels.defaults.groupPolicy is 'open'" });
  const channels = Object.entries(channelMap).filter(([name]) => name !== "defaults" && name !== "modelByChannel");
  for (const [name, channel] of channels) out.push(...channelProblems(name, channel, defaults));
  const session = isObject(config.session) ? config.session : {};
  const perPeer = ["per-channel-peer", "per-peer", "per-account-channel-peer"];
  if (channels.some(([, c]) => isObject(c) && c.enabled !== false && c.dmPolicy !== "disabled") && !perPeer.includes(session.dmScope)) {
    out.push({ message: `session.dmScope is '${shown(session.dmScope ?? "unset")}' (DMs of different people would share one session; use per-channel-peer)` });
  }
  if (session.scope === "global") out.push({ message: "session.scope is 'global' (every sender in a conversation shares one session)" });

  out.push(...toolProblems(config.tools, "tools", false));
  out.push(...accessProblems(config));
  out.push(...agentProblems(config));
  out.push(...dangerousFlagProblems(config));
  out.push(...plainUrlProblems(config));
  out.push(...suppressionProblems(config, accepted));
  return out.filter((p) => !p.risk || !accepted.includes(p.risk));
}

module.exports = { BASELINE_TOOL_DENY, RISK_SUPPRESSIONS, STATEFUL_COMMANDS, SUPPRESSIONS_FLAG, SUPPRESSIONS_FLAG_DETAIL, effectiveExecMode, openclawConfigProblems };

if (require.main === module) {
  const fs = require("fs");
  const [file, risksJson] = process.argv.slice(2);
  let config;
  try {
    config = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    process.stdout.write(`${file} cannot be read as JSON\n`);
    process.exit(1);
  }
  const risks = risksJson ? JSON.parse(risksJson).map((r) => (typeof r === "string" ? r : r.id)) : [];
  const problems = openclawConfigProblems(config, risks);
  for (const p of problems) process.stdout.write(`${p.message}\n`);
  process.exit(problems.length > 0 ? 1 : 0);
}
