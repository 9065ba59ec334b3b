import { describe, expect, it } from "vitest";
import { renderGatewayUnit } from "../../components/openclaw/systemd-unit";
import { base64, by, deployment, handBuilt, messages, remoteCommand, violationsOf } from "./harness";

const RULE = "gateway-unit-hardened";
const unit = renderGatewayUnit({ gatewayPort: 18789, agentAccess: "chat", image: "debian-13" });

/** The hand-built deployment plus one step writing `content` to `path`. */
const withFile = (path: string, content: string) => () =>
  handBuilt({
    extra: (connection, after) => {
      const create = `echo ${base64(content)} | base64 -d | sudo tee ${path} >/dev/null`;
      return [{ resource: remoteCommand({ connection, create }, { dependsOn: [after] }, "unit-step"), create }];
    },
  });

describe(RULE, () => {
  it("passes the real deployment's unit", async () => {
    expect(by(await violationsOf(() => deployment()), RULE)).toEqual([]);
  });

  it("refuses a unit that runs the gateway as root", async () => {
    const v = await violationsOf(withFile("/etc/systemd/system/openclaw-gateway.service", unit.replace("User=openclaw\n", "")));
    expect(messages(v, RULE)).toContain("runs the gateway as root (no User=)");
  });

  it("refuses a drop-in that switches the user to root, or turns NoNewPrivileges off", async () => {
    const v = await violationsOf(withFile("/etc/systemd/system/openclaw-gateway.service.d/override.conf", "[Service]\nUser=root\nNoNewPrivileges=no\n"));
    expect(messages(v, RULE)).toMatch(/runs the gateway as root[\s\S]*NoNewPrivileges=no/);
    expect(by(v, RULE)[0].urn).toContain("unit-step");
  });

  it("merges drop-ins from every directory systemd reads (system.control, /run, /usr/local/lib)", async () => {
    const v = await violationsOf(withFile("/etc/systemd/system.control/openclaw-gateway.service.d/50-perf.conf", "[Service]\nUser=root\n"));
    expect(messages(v, RULE)).toContain("unit openclaw-gateway.service runs the gateway as root");
  });

  it("refuses a bind flag that overrides openclaw.json, and a secret in an Environment= line", async () => {
    const loose = unit.replace("--bind loopback", "--bind lan").replace("Environment=NODE_ENV=production", "Environment=OPENCLAW_GATEWAY_TOKEN=abc");
    const v = await violationsOf(withFile("/etc/systemd/system/openclaw-gateway.service", loose));
    expect(messages(v, RULE)).toMatch(/--bind lan[\s\S]*Environment= line/);
  });

  it("refuses a unit that points the gateway at a config the stack does not ship (so it is never checked)", async () => {
    const v = await violationsOf(withFile("/etc/systemd/system/openclaw-gateway.service", unit.replace(/OPENCLAW_CONFIG_PATH=\S+/, "OPENCLAW_CONFIG_PATH=/etc/oc/gw.conf")));
    expect(messages(v, RULE)).toContain("points the gateway at /etc/oc/gw.conf, an openclaw.json the stack does not ship");
  });

  it("refuses a unit of another name that runs the gateway as the admin", async () => {
    const v = await violationsOf(withFile("/etc/systemd/system/claw.service", unit.replace("User=openclaw", "User=ops")));
    expect(messages(v, RULE)).toContain("claw.service runs the gateway as 'ops'");
  });
});
