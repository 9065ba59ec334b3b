// OpenClawSharedServer's Args and the validated gateways, both ways. The Args are validated with
// the same schema and the same placement: shared rules as a stack config (settings/fleet.ts), each
// problem named `OpenClawSharedServer '<name>': gateways.<gateway>.<key>` (or `defaults.<key>`).
// A token or bot token two gateways share is refused: when given as plain values at once, as
// Outputs when they resolve (the deployment fails naming the key, never the value).
import * as pulumi from "@pulumi/pulumi";
import type { OpenClawSharedServerArgs, SharedGatewayArgs } from "../components/openclaw-shared-server-args";
import type { OpenClawHetznerArgs } from "../components/openclaw-hetzner-args";
import { argsFromSettings, settingsFromArgs } from "./args";
import { collect, Gateway, GATEWAY_NAME, SERVER_KEYS, sharedGatewayProblems, UNIQUE_SECRETS, usesSecret } from "./fleet";
import { ConfigProblem, SettingsError, Settings } from "./load";

const isServerKey = (key: string) => (SERVER_KEYS as readonly string[]).includes(key);
const defined = (args: object | undefined) => Object.entries(args ?? {}).filter(([, v]) => v !== undefined);

/** The gateways of a shared server from its Args, validated; or a SettingsError naming every problem. */
export function sharedGatewaysFromArgs(component: string, args: OpenClawSharedServerArgs): Gateway[] {
  const fullName = (key: string) => `OpenClawSharedServer '${component}': ${key}`;
  const problems: ConfigProblem[] = [];
  const add = (p: ConfigProblem) => {
    if (!problems.some((q) => q.key === p.key && q.message === p.message)) problems.push(p);
  };
  const defaults = Object.fromEntries(defined(args.defaults)) as Record<string, unknown>;
  if (defaults.gatewayToken !== undefined) {
    add({
      key: fullName("defaults.gatewayToken"),
      message: "one token for every gateway would let each gateway's clients into the others: set gateways.<name>.gatewayToken for each, or leave it unset and each gateway gets its own generated token",
    });
  }
  if (defaults.host !== undefined) add({ key: fullName("defaults.host"), message: "where the steps connect is the server's: OpenClawSharedServer's own host argument" });
  const entries = Object.entries(args.gateways ?? {});
  if (entries.length === 0) add({ key: fullName("gateways"), message: "at least one gateway by name, e.g. {alice: {...}, bob: {gatewayPort: 18790}}" });

  const gateways: Gateway[] = [];
  for (const [name, entry] of entries) {
    const at = (key: string) => fullName(`gateways.${name}.${key}`);
    if (!GATEWAY_NAME.test(name)) {
      add({ key: fullName("gateways.(a gateway name)"), message: `gateway names are lowercase letters, digits and '-', starting with a letter, at most 24 (got ${JSON.stringify(name.slice(0, 30))})` });
      continue;
    }
    const own = Object.fromEntries(defined(entry)) as Record<string, unknown>;
    const misplaced = Object.keys(own).filter((key) => isServerKey(key) || key === "host");
    for (const key of misplaced) add({ key: at(key), message: `${key} is the server's (every gateway is on one server): set it in defaults` });
    if (misplaced.length > 0) continue;
    const { gatewayToken: _shared, ...inherited } = defaults;
    const settings = collect(() => settingsFromArgs(`${component}-${name}`, { ...inherited, ...own } as unknown as OpenClawHetznerArgs, (key) => (key in own ? at(key) : fullName(`defaults.${key}`))), add);
    if (settings) gateways.push({ name, settings: Object.freeze({ ...settings, gatewayId: name }) });
  }
  for (const [i, g] of gateways.entries()) sharedGatewayProblems(g, gateways.slice(0, i), (gateway, key) => fullName(`gateways.${gateway}.${key}`)).forEach(add);
  for (const key of UNIQUE_SECRETS) {
    // Plain values are compared now; Outputs below, when they resolve.
    const plain = (name: string) => {
      const value = (args.gateways[name] as Record<string, unknown>)[key] ?? defaults[key];
      return typeof value === "string" ? value : undefined;
    };
    for (const [i, g] of gateways.entries()) {
      const mine = usesSecret(g.settings, key) ? plain(g.name) : undefined;
      const twin = mine === undefined ? undefined : gateways.slice(0, i).find((e) => usesSecret(e.settings, key) && plain(e.name) === mine);
      if (twin) add({ key: fullName(`gateways.${g.name}.${key}`), message: sameSecret(twin.name, key) });
    }
  }
  if (problems.length > 0) throw new SettingsError(problems);
  return distinctSecrets(fullName, gateways);
}

function sameSecret(twin: string, key: (typeof UNIQUE_SECRETS)[number]): string {
  return `the same value as gateway ${twin}'s (not shown); each gateway needs its own ${key === "gatewayToken" ? "token" : "bot"}`;
}

/** Each gateway's token and bot tokens, refused when they resolve to another gateway's. */
function distinctSecrets(fullName: (key: string) => string, gateways: Gateway[]): Gateway[] {
  return gateways.map((g, i) => {
    const secrets: Record<string, unknown> = { ...g.settings.secrets };
    for (const key of UNIQUE_SECRETS) {
      const mine = usesSecret(g.settings, key) ? g.settings.secrets[key] : undefined;
      const earlier = gateways.slice(0, i).filter((e) => usesSecret(e.settings, key) && e.settings.secrets[key] !== undefined);
      if (!mine || earlier.length === 0) continue;
      secrets[key] = pulumi.secret(
        pulumi.all([mine, ...earlier.map((e) => e.settings.secrets[key]!)]).apply(([value, ...others]) =>
          checkedDistinct(fullName, g.name, key, value, others.map((other, j) => ({ name: earlier[j].name, value: other }))),
        ),
      );
    }
    return { name: g.name, settings: Object.freeze({ ...g.settings, secrets: Object.freeze(secrets) as Settings["secrets"] }) };
  });
}

/**
 * A gateway's resolved token or bot token, checked against the earlier gateways' (resolved): thrown
 * as a SettingsError that names it, never shows it, when it is one of theirs.
 */
export function checkedDistinct(fullName: (key: string) => string, gateway: string, key: (typeof UNIQUE_SECRETS)[number], value: string, earlier: { name: string; value: string }[]): string {
  const twin = earlier.find((e) => e.value === value);
  if (twin) throw new SettingsError([{ key: fullName(`gateways.${gateway}.${key}`), message: sameSecret(twin.name, key) }]);
  return value;
}

/** The Args that give these validated gateways of one server (the stack config's placement: shared). */
export function argsFromSharedGateways(gateways: readonly Gateway[]): OpenClawSharedServerArgs {
  const argsOf = (s: Settings) => {
    const { gatewayId: _id, tunnelPorts: _ports, ...settings } = s;
    return argsFromSettings(settings as Settings) as unknown as Record<string, unknown>;
  };
  const server = argsOf(gateways[0].settings);
  return {
    defaults: Object.fromEntries(Object.entries(server).filter(([key]) => isServerKey(key))) as OpenClawSharedServerArgs["defaults"],
    gateways: Object.fromEntries(gateways.map((g) => [g.name, Object.fromEntries(Object.entries(argsOf(g.settings)).filter(([key]) => !isServerKey(key))) as SharedGatewayArgs])),
  };
}
