// The hardened properties of an openclaw.json, checked in two places with this one file: the policy
// pack reads the openclaw.json a step ships (at preview), and the deploy gate reads the file on the
// server (during `pulumi up`; the step bundles this file into its script). Plain CommonJS with no
// dependencies, so it runs under the pack's TypeScript and under the server's bare Node alike.
//
// Run directly: `node openclaw-config-check.js FILE [ACCEPTED_RISKS_JSON]` prints one problem per
// line and exits 1 when there is any.
"use strict";

/** Tool groups and tools the baseline denies on top of the profile (OpenClaw's hardened baseline). */
const BASELINE_TOOL_DENY = ["group:automation", "group:runtime", "group:fs", "sessions_spawn", "sessions_send"];

/** Audit findings an accepted risk lets openclaw.json suppress (policies/lib/risks.ts reads them from here). */
const RISK_SUPPRESSIONS = {
  "control-ui": ["gateway.trusted_proxies_missing"],
  "group-chats": ["security.trust_model.multi_user_heuristic"],
};
const SUPPRESSIONS_FLAG = "config.insecure_or_dangerous_flags";

function isObject(v) {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

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

/** Checks one tools block (global `tools`, or an agent's override); `where` names it. */
function toolProblems(tools, where, isOverride) {
  const out = [];
  if (!isObject(tools)) {
    if (!isOverride) out.push({ message: `${where} is not set (exec, elevated and fs must be set explicitly)` });
    return out;
  }
  const exec = effectiveExecMode(tools.exec);
  if (exec === undefined && !isOverride) out.push({ message: `${where}.exec.mode is not set (set it to 'deny')` });
  if (exec !== undefined && exec !== "deny") out.push({ message: `${where}.exec mode is '${exec}' (must be 'deny')` });
  if (isObject(tools.elevated) ? tools.elevated.enabled !== false : !isOverride) {
    out.push({ message: `${where}.elevated.enabled is not false` });
  }
  if (isObject(tools.fs) ? tools.fs.workspaceOnly !== true : !isOverride) out.push({ message: `${where}.fs.workspaceOnly is not true` });
  if (tools.profile === "full" || tools.profile === "coding") out.push({ message: `${where}.profile is '${tools.profile}'` });
  if (!isOverride || tools.deny !== undefined) {
    const deny = Array.isArray(tools.deny) ? tools.deny : [];
    const missing = BASELINE_TOOL_DENY.filter((t) => !deny.includes(t));
    if (missing.length > 0) out.push({ message: `${where}.deny lacks ${missing.join(", ")}`, risk: "tool-deny-reduced" });
  }
  return out;
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
      else unreadable(v, path ? `${path}.${k}` : k, out);
    }
  }
  return out;
}

function channelProblems(name, channel) {
  const out = [];
  if (!isObject(channel)) return out;
  if (channel.configWrites !== false && channel.enabled !== false) out.push({ message: `channels.${name}.configWrites is not false (chat senders could change the config)` });
  if (channel.dmPolicy === "open") out.push({ message: `channels.${name}.dmPolicy is 'open'` });
  if (channel.groupPolicy === "open") out.push({ message: `channels.${name}.groupPolicy is 'open'` });
  for (const list of ["allowFrom", "groupAllowFrom"]) {
    if (Array.isArray(channel[list]) && channel[list].some((v) => String(v).trim() === "*")) {
      out.push({ message: `channels.${name}.${list} contains the wildcard '*'` });
    }
  }
  const groups = { ...(isObject(channel.groups) ? channel.groups : {}), ...(isObject(channel.guilds) ? channel.guilds : {}) };
  for (const [id, group] of Object.entries(groups)) {
    if (id.trim() === "*") out.push({ message: `channels.${name} answers in every group ('*')` });
    if (isObject(group) && group.requireMention === false) out.push({ message: `channels.${name} group ${id} does not require a mention` });
    if (isObject(group) && Array.isArray(group.users) && group.users.some((u) => String(u).trim() === "*")) {
      out.push({ message: `channels.${name} group ${id} lets every user talk ('*')` });
    }
  }
  const groupsOn = channel.enabled !== false && (channel.groupPolicy === "allowlist" || channel.groupPolicy === "open") && Object.keys(groups).length > 0;
  if (groupsOn) out.push({ message: `channels.${name} answers in group chats`, risk: "group-chats" });
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
  const gw = isObject(config.gateway) ? config.gateway : {};
  const auth = isObject(gw.auth) ? gw.auth : {};
  const authed = auth.mode === "token" || auth.mode === "password";
  if (gw.bind !== "loopback" && !(gw.bind === "tailnet" && authed)) out.push({ message: `gateway.bind is '${gw.bind ?? "unset"}' (must be 'loopback')` });
  if (!authed) out.push({ message: `gateway.auth.mode is '${auth.mode ?? "unset"}' (token or password)` });
  for (const field of ["token", "password"]) {
    if (auth[field] !== undefined && !isSecretRef(auth[field])) out.push({ message: `gateway.auth.${field} is a literal value (use a SecretRef to the env file)` });
  }
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
  if (isObject(gw.controlUi) && gw.controlUi.enabled === true) out.push({ message: "gateway.controlUi is enabled", risk: "control-ui" });
  const mdns = isObject(config.discovery) && isObject(config.discovery.mdns) ? config.discovery.mdns.mode : undefined;
  if (mdns !== "off") out.push({ message: `discovery.mdns.mode is '${mdns ?? "unset"}' (must be 'off': the gateway announces itself on the network)` });
  if (!(isObject(config.browser) && config.browser.enabled === false)) out.push({ message: "browser.enabled is not false (browser automation on a headless gateway)" });
  const mcp = isObject(config.mcp) && isObject(config.mcp.servers) ? Object.keys(config.mcp.servers) : [];
  if (mcp.length > 0) out.push({ message: `mcp.servers configures ${mcp.join(", ")} (MCP tools are allowed past the deny list)` });

  const channels = Object.entries(isObject(config.channels) ? config.channels : {});
  for (const [name, channel] of channels) out.push(...channelProblems(name, channel));
  const dmScope = isObject(config.session) ? config.session.dmScope : undefined;
  const perPeer = ["per-channel-peer", "per-peer", "per-account-channel-peer"];
  if (channels.some(([, c]) => isObject(c) && c.enabled !== false && c.dmPolicy !== "disabled") && !perPeer.includes(dmScope)) {
    out.push({ message: `session.dmScope is '${dmScope ?? "unset"}' (DMs of different people would share one session; use per-channel-peer)` });
  }

  out.push(...toolProblems(config.tools, "tools", false));
  const entries = isObject(config.agents) && isObject(config.agents.entries) ? config.agents.entries : {};
  for (const [id, agent] of Object.entries(entries)) {
    if (isObject(agent) && agent.tools !== undefined) out.push(...toolProblems(agent.tools, `agents.entries.${id}.tools`, true));
  }
  const elevatedDefault = isObject(config.agents) && isObject(config.agents.defaults) ? config.agents.defaults.elevatedDefault : undefined;
  if (elevatedDefault !== undefined && elevatedDefault !== "off") out.push({ message: `agents.defaults.elevatedDefault is '${elevatedDefault}'` });

  const suppressions = isObject(config.security) && isObject(config.security.audit) && Array.isArray(config.security.audit.suppressions) ? config.security.audit.suppressions : [];
  const allowed = accepted.flatMap((r) => RISK_SUPPRESSIONS[r] || []);
  if (allowed.length > 0) allowed.push(SUPPRESSIONS_FLAG);
  for (const s of suppressions) {
    const id = isObject(s) ? String(s.checkId) : String(s);
    if (!allowed.includes(id)) out.push({ message: `security.audit.suppressions hides '${id}' without an accepted risk that covers it` });
  }
  return out.filter((p) => !p.risk || !accepted.includes(p.risk));
}

module.exports = { BASELINE_TOOL_DENY, RISK_SUPPRESSIONS, SUPPRESSIONS_FLAG, effectiveExecMode, openclawConfigProblems };

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
