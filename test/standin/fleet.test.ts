// A fleet on the stand-in (local:up with a stack that has gateways): a VPS per gateway, each running
// its own gateway with its own token. The other checks run once per gateway (test-local.sh); these
// look across the fleet, once (from the first gateway's run), and skip on a single-gateway stand-in
// and where the gateways share a server (placement: shared; shared.test.ts checks those).
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { gatewayLayout } from "../../components/openclaw/layout";
import { readState, RUN, StandinState } from "../../local/standin";
import { ssh } from "../../local/steps";
import { gatewayCall, state } from "./helpers";

const fleet: StandinState[] = (state.fleet ?? []).map((g) => readState(g));
const token = (gateway: string) => readFileSync(path.join(RUN, `gateway-token-${gateway}`), "utf8");

const serverPerGateway = !fleet.some((st) => st.sharedWith?.length);

describe.skipIf(fleet.length < 2 || !serverPerGateway)("a fleet: a server per gateway", () => {
  it("each server runs one gateway, under its own name", async () => {
    for (const st of fleet) {
      // Every gateway unit on the server counts, whatever its name (openclaw-gateway, openclaw-gateway-<id>).
      const command = `hostname; systemctl is-active ${gatewayLayout(st.gatewayId).unitName}; systemctl list-units --type=service --no-legend 'openclaw-gateway*' | wc -l`;
      const r = await ssh({ namespace: st.operatorNamespace, host: st.host, keyFile: st.sshKey }, st.adminUser, st.sshPort, command);
      expect(r.exitCode, r.stderr).toBe(0);
      const [hostname, active, units] = r.stdout.trim().split("\n");
      expect(hostname).toBe(`openclaw-${st.gateway}`);
      expect(active).toBe("active");
      expect(Number(units)).toBe(1);
    }
  });

  it("each gateway accepts its own token and refuses every other gateway's", async () => {
    for (const st of fleet) {
      const own = await gatewayCall(st, token(st.gateway!));
      expect(own.exitCode, `${st.gateway} with its own token: ${own.output}`).toBe(0);
      for (const other of fleet.filter((o) => o !== st)) {
        const theirs = await gatewayCall(st, token(other.gateway!));
        expect(theirs.exitCode, `${st.gateway} with ${other.gateway}'s token`).not.toBe(0);
        expect(theirs.output).toMatch(/token mismatch|unauthorized/i);
      }
    }
  });
});
