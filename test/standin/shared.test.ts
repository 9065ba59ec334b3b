// Several gateways on one server (placement: shared): each runs as its own service user, on its own
// loopback port, with its own token, home, env file and backups. The other checks run once per
// gateway (test-local.sh) with that gateway's layout; these look from the gateway under test at each
// other gateway on its server: that they run apart, that this gateway's user can reach nothing of
// theirs, and that its token opens no gateway but its own. Skipped where a server runs one gateway.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { gatewayLayout, type GatewayLayout } from "../../components/openclaw/layout";
import { readState, RUN } from "../../local/standin";
import { gatewayCall, gw, onBox, onBoxOk, state } from "./helpers";

/** A gateway on this server: its name in `gateways` (its id) and its layout. */
interface Gateway {
  name: string;
  gw: GatewayLayout;
}

/** Another gateway on this server, from its recorded state (its id picks its names). */
function peer(name: string): Gateway {
  const id = readState(name).gatewayId;
  // Without its id the layout would be the single-gateway one: checks against the wrong paths.
  if (!id) throw new Error(`gateway ${name} shares this server, but its stand-in state records no gatewayId`);
  return { name, gw: gatewayLayout(id) };
}

const sharedPeers: Gateway[] = (state.sharedWith ?? []).map(peer);
if (sharedPeers.length && !state.gatewayId) throw new Error("this gateway shares its server, but its stand-in state records no gatewayId");

/** A gateway's token, as the stand-in generated it (as fleet.test.ts reads it). */
const tokenOf = (name: string) => readFileSync(path.join(RUN, `gateway-token-${name}`), "utf8");

/** The port the gateway is deployed on, from its own openclaw.json (read as root; it holds no secret). */
async function portOf(g: GatewayLayout): Promise<number> {
  const port = JSON.parse(await onBoxOk(`sudo cat ${g.stateDir}/openclaw.json`)).gateway.port;
  if (!Number.isInteger(port)) throw new Error(`${g.stateDir}/openclaw.json names no gateway.port`);
  return port;
}

/** Every socket listening on TCP `port`: its local address, and its process's user and systemd unit. */
async function listenersOn(port: number): Promise<{ address: string; user: string; unit: string }[]> {
  const lines = (await onBoxOk(`sudo ss -H -ltnp 'sport = :${port}'`)).split("\n").filter((l) => l.trim());
  const found: { address: string; user: string; unit: string }[] = [];
  for (const line of lines) {
    const address = line.trim().split(/\s+/)[3];
    for (const [, pid] of line.matchAll(/pid=(\d+)/g)) {
      // stat, and ps with one column only: ps cuts a user name wider than its column (openclaw-<id>).
      const user = (await onBoxOk(`sudo stat -c %U /proc/${pid}`)).trim();
      const unit = (await onBoxOk(`sudo ps -o unit= -p ${pid}`)).trim();
      found.push({ address, user, unit });
    }
  }
  return found;
}

/** `argv` run by root as `user` with that user's own groups only (as the gateway's process has them). */
function asUser(user: string, argv: string): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  // LC_ALL=C: the error messages are matched in English, whatever locale the session brings.
  return onBox(`cd / && sudo env LC_ALL=C setpriv --reuid=${user} --regid=${user} --init-groups ${argv}`);
}

describe.skipIf(!sharedPeers.length)("a shared server: each gateway apart from the others on it", () => {
  it("each gateway runs as its own user (its unit's User=), with its own uid, on a loopback port of its own", async () => {
    const gateways = [{ name: state.gatewayId!, gw }, ...sharedPeers];
    const seen: { name: string; uid: string; port: number }[] = [];
    for (const g of gateways) {
      expect((await onBoxOk(`systemctl show -p User --value ${g.gw.unitName}`)).trim(), `${g.gw.unitName} User=`).toBe(g.gw.serviceUser);
      expect((await onBoxOk(`systemctl is-active ${g.gw.unitName}`)).trim(), g.gw.unitName).toBe("active");
      const uid = (await onBoxOk(`id -u ${g.gw.serviceUser}`)).trim();
      const port = await portOf(g.gw);
      // What listens on the port is this gateway's own unit, as its user, on loopback only.
      const listeners = await listenersOn(port);
      expect(listeners.length, `listeners on ${port} (${g.name})`).toBeGreaterThan(0);
      for (const l of listeners) {
        expect(l.address, `${g.name} listens on`).toMatch(new RegExp(`^(127\\.0\\.0\\.1|\\[::1\\]):${port}$`));
        expect(l, `the listener on ${port}`).toMatchObject({ user: g.gw.serviceUser, unit: `${g.gw.unitName}.service` });
      }
      for (const other of seen) {
        expect(uid, `${g.name}'s uid is ${other.name}'s`).not.toBe(other.uid);
        expect(port, `${g.name}'s port is ${other.name}'s`).not.toBe(other.port);
      }
      seen.push({ name: g.name, uid, port });
    }
  });

  it("this gateway's user can read, list or write nothing of another gateway's: its home, state dir, openclaw.json, env file, backups", async () => {
    for (const { name, gw: theirs } of sharedPeers) {
      const attempts = {
        [`list ${name}'s home`]: `ls ${theirs.home}`,
        [`list ${name}'s state dir`]: `ls ${theirs.stateDir}`,
        [`read ${name}'s openclaw.json`]: `cat ${theirs.stateDir}/openclaw.json`,
        [`read ${name}'s env file`]: `cat ${theirs.envFile}`,
        [`list ${name}'s backups`]: `ls ${theirs.backupDir}`,
        [`write into ${name}'s home`]: `touch ${theirs.home}/.written-by-${gw.serviceUser}`,
      };
      for (const [what, argv] of Object.entries(attempts)) {
        const r = await asUser(gw.serviceUser, argv);
        expect(r.exitCode, `${gw.serviceUser} could ${what}: ${r.stdout}`).not.toBe(0);
        // Refused for its permissions, not failed for another reason (a missing path, a typo).
        expect(r.stderr, `${gw.serviceUser} trying to ${what}`).toContain("Permission denied");
      }
      expect((await onBox(`sudo test -e ${theirs.home}/.written-by-${gw.serviceUser}`)).exitCode).not.toBe(0);
    }
  });

  it("this gateway's token is accepted on its own port and refused on every other gateway's", async () => {
    const mine = tokenOf(state.gatewayId!);
    const own = await gatewayCall(state, mine, await portOf(gw));
    expect(own.exitCode, `${state.gatewayId} with its own token: ${own.output}`).toBe(0);
    for (const { name, gw: theirs } of sharedPeers) {
      const port = await portOf(theirs);
      // Their own token gets through: the tunnel reaches their port, so a refusal below is the token's.
      const theirOwn = await gatewayCall(state, tokenOf(name), port);
      expect(theirOwn.exitCode, `${name} with its own token on ${port}: ${theirOwn.output}`).toBe(0);
      const refused = await gatewayCall(state, mine, port);
      expect(refused.exitCode, `${name} (port ${port}) with ${state.gatewayId}'s token`).not.toBe(0);
      expect(refused.output).toMatch(/token mismatch|unauthorized/i);
    }
  });

  it("this gateway's user is in none of another gateway's groups, and another gateway's files are open to no group or other", async () => {
    const groupsOf = async (user: string) => (await onBoxOk(`id -G ${user}`)).trim().split(/\s+/);
    const mine = await groupsOf(gw.serviceUser);
    for (const { name, gw: theirs } of sharedPeers) {
      // By gid, not name: two group names could share one gid.
      const theirGroups = await groupsOf(theirs.serviceUser);
      expect(mine.filter((g) => theirGroups.includes(g)), `gids ${gw.serviceUser} shares with ${theirs.serviceUser}`).toEqual([]);
      const u = `${theirs.serviceUser}:${theirs.serviceUser}`;
      const modes = await onBoxOk(`sudo stat -c '%n %a %U:%G' ${theirs.home} ${theirs.stateDir} ${theirs.stateDir}/openclaw.json ${theirs.envFile} ${theirs.backupDir}`);
      expect(modes.trim().split("\n"), `${name}'s files`).toEqual([
        `${theirs.home} 700 ${u}`,
        `${theirs.stateDir} 700 ${u}`,
        `${theirs.stateDir}/openclaw.json 600 ${u}`,
        `${theirs.envFile} 600 root:root`,
        `${theirs.backupDir} 700 root:root`,
      ]);
      // Nothing in their home is open beyond their user either (Podman's store keeps its images' own
      // modes, behind the 700 home, as verify.test.ts allows for the gateway's own).
      const open = await onBoxOk(`sudo find ${theirs.home} \\( -type f -o -type d \\) -perm /077 -not -path '${theirs.home}/.local/share/containers/*'`);
      expect(open.trim(), `${name}'s home`).toBe("");
    }
  });
});
