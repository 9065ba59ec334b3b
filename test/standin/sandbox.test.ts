// The agent sandbox (agentAccess: sandboxed), checked on the deployed stand-in: containers started
// the way the gateway starts them — by the service user, under the gateway unit's own systemd
// sandbox (a transient copy of the unit), with the Podman flags OpenClaw 2026.9.6 passes
// (dist/docker-*.mjs: --init, --read-only, --network, --user, --userns keep-id, --cap-drop ALL,
// no-new-privileges) and the image openclaw.json names. Skipped for a chat deployment.
import { describe, expect, it } from "vitest";
import { needsSubordinateIds, SANDBOX_USER, SUBORDINATE_ID_COUNT } from "../../components/openclaw/agent-sandbox";
import { PODMAN_USERNS_UNIT } from "../../components/openclaw/systemd-unit";
import { shellQuote } from "../../policies/lib/shell";
import { gw, onBox, onBoxOk, rerun, state, step } from "./helpers";

const sandboxed = state.agentAccess === "sandboxed";
// Debian 12 (Podman 4.3): the user has one range of subordinate ids, its namespace made by a unit.
const subordinate = needsSubordinateIds(state.suite === "bookworm" ? "debian-12" : "debian-13");
const USER = `${SANDBOX_USER.uid}:${SANDBOX_USER.gid}`;
const OPENCLAW_FLAGS = `--rm --init --read-only --read-only-tmpfs=true --network none --cap-drop ALL --security-opt no-new-privileges --http-proxy=false --user ${USER} --userns keep-id:uid=${SANDBOX_USER.uid},gid=${SANDBOX_USER.gid}`;

async function sandboxImage(): Promise<string> {
  const config = JSON.parse(await onBoxOk(`sudo cat ${gw.stateDir}/openclaw.json`));
  return config.agents.defaults.sandbox.docker.image;
}

/**
 * Runs `script` (bash) in a container started as the gateway would start it: a oneshot copy of the
 * gateway unit (its user, its systemd sandbox; no secrets) whose ExecStart is `podman run <flags>
 * <image> /bin/bash /probe.sh`, the script mounted read-only (no quoting through systemd's parser).
 */
async function inGatewaySandbox(flags: string, image: string, script: string): Promise<{ exitCode: number; output: string }> {
  const unit = `/etc/systemd/system/${gw.unitName}.service`;
  const probe = "openclaw-hetzner-test-probe";
  const setup = [
    `install -d -m 755 /run/${probe}`,
    `printf '%s\\n' ${shellQuote(script)} >/run/${probe}/probe.sh && chmod 644 /run/${probe}/probe.sh`,
    `sed -e '/^\\[Install\\]/,$d' -e '/^EnvironmentFile=/d' -e '/^Restart/d' -e 's/^Type=.*/Type=oneshot/' -e '/^ExecStart=/d' -e '/^\\[Service\\]/a StandardOutput=truncate:/run/${probe}.out\\nStandardError=journal' ${unit} >/run/systemd/system/${probe}.service`,
    `echo 'ExecStart=/usr/bin/podman run ${flags} -v /run/${probe}/probe.sh:/probe.sh:ro ${image} /bin/bash /probe.sh' >>/run/systemd/system/${probe}.service`,
    `systemctl daemon-reload`,
    `rc=0; timeout 300 systemctl start ${probe} || rc=$?`,
    `cat /run/${probe}.out; echo "exit=$rc"`,
    `systemctl reset-failed ${probe} 2>/dev/null || true; rm -rf /run/systemd/system/${probe}.service /run/${probe}.out /run/${probe}; systemctl daemon-reload`,
  ].join("\n");
  const out = await onBoxOk(`sudo bash -c ${shellQuote(setup)}`);
  const exitCode = Number(out.match(/exit=(\d+)\s*$/)?.[1] ?? 255);
  return { exitCode, output: out.replace(/exit=\d+\s*$/, "") };
}

describe.skipIf(!sandboxed)("the agent sandbox (agentAccess: sandboxed)", () => {
  it(`${gw.serviceUser} is in no group but its own and can write to no container runtime socket`, async () => {
    expect((await onBoxOk(`id -Gn ${gw.serviceUser}`)).trim()).toBe(gw.serviceUser);
    // Any gateway's user (openclaw, openclaw-<id>): none may be in a container runtime's group.
    expect((await onBoxOk("getent group docker podman | cut -d: -f4 | tr -d '\\n'")).trim()).not.toMatch(/openclaw/);
    const sockets = await onBoxOk(
      `for s in /run/docker.sock /var/run/docker.sock /run/podman/podman.sock /run/containerd/containerd.sock; do [ -S $s ] && sudo setpriv --reuid=${gw.serviceUser} --regid=${gw.serviceUser} --init-groups test -w $s && echo $s; done; true`,
    );
    expect(sockets.trim()).toBe("");
    // Rootless: Podman runs as the user itself; on Debian 13 with no subordinate ids (one uid per
    // container), on Debian 12 with one range of them, above every real account's id.
    const ranges = (await onBoxOk(`grep -H '^${gw.serviceUser}:' /etc/subuid /etc/subgid || true`)).trim();
    if (!subordinate) {
      expect(ranges).toBe("");
      return;
    }
    const lines = ranges.split("\n");
    expect(lines.map((l) => l.split(":")[0])).toEqual(["/etc/subuid", "/etc/subgid"]);
    const uidMax = Number((await onBoxOk("awk '/^UID_MAX/ {print $2}' /etc/login.defs")).trim() || 60000);
    for (const l of lines) {
      const [, , start, count] = l.split(":").map(Number);
      expect(count).toBe(SUBORDINATE_ID_COUNT);
      expect(start).toBeGreaterThan(uidMax);
      // No account of the host holds an id in the range.
      expect((await onBoxOk(`getent passwd | awk -F: '$3 >= ${start} && $3 < ${start + count}' ; getent group | awk -F: '$3 >= ${start} && $3 < ${start + count}'`)).trim()).toBe("");
    }
    // The namespace is made by its unit, not by the gateway (whose NoNewPrivileges keeps newuidmap out).
    expect((await onBoxOk(`systemctl is-active ${PODMAN_USERNS_UNIT}.service`)).trim()).toBe("active");
    expect((await onBoxOk(`systemctl show -p NoNewPrivileges -p CapabilityBoundingSet ${gw.unitName}.service`)).trim().split("\n").sort()).toEqual(["CapabilityBoundingSet=", "NoNewPrivileges=yes"]);
  });

  it("a container runs as a non-root uid, the service user's; no id in it is the host's root", async () => {
    const image = await sandboxImage();
    const r = await inGatewaySandbox(OPENCLAW_FLAGS, image, "id -u; id -g; cat /proc/self/uid_map; grep '^Cap[EP]' /proc/self/status");
    console.log(`sandbox container (${image}):\n${r.output}`);
    expect(r.exitCode).toBe(0);
    const lines = r.output.trim().split("\n");
    expect(lines.slice(0, 2)).toEqual([String(SANDBOX_USER.uid), String(SANDBOX_USER.gid)]);
    // uid_map (inside, outside as seen from the rootless namespace, count). Debian 13: one line,
    // one id. Debian 12: the container's 1000 is the service user (1000 outside = the user, by
    // keep-id), every other id is a subordinate one; none is the host's root.
    const maps = lines.filter((l) => /^\s*\d+\s+\d+\s+\d+\s*$/.test(l)).map((l) => l.trim().split(/\s+/).map(Number));
    if (!subordinate) {
      expect(maps).toHaveLength(1);
      expect(maps[0][2]).toBe(1);
    } else {
      expect(maps).toContainEqual([SANDBOX_USER.uid, 0, 1]);
    }
    // The user's rootless namespace as the host sees it (Podman's pause process holds it).
    const hostMap = (
      await onBoxOk(
        `sudo sh -c 'for p in $(pgrep -u ${gw.serviceUser}); do [ "$(readlink /proc/$p/ns/user)" = "$(readlink /proc/1/ns/user)" ] || cat /proc/$p/uid_map; done' | sort -u`,
      )
    ).trim();
    console.log(`the user's rootless namespace, from the host:\n${hostMap}`);
    const serviceUid = Number((await onBoxOk(`id -u ${gw.serviceUser}`)).trim());
    for (const l of hostMap.split("\n").filter((x) => /\d/.test(x))) {
      const [inside, outside, count] = l.trim().split(/\s+/).map(Number);
      // The host's root is never mapped; the user's own uid only once, as itself.
      expect(outside <= 0 && 0 < outside + count).toBe(false);
      if (outside === serviceUid) expect(count).toBe(1);
      expect(inside >= 0).toBe(true);
    }
    // No capabilities at all.
    for (const cap of lines.filter((l) => l.startsWith("Cap"))) expect(cap).toMatch(/:\s+0+$/);
  });

  it("has no network: not the mirrors, not the gateway port, not sshd, not the outside", async () => {
    const image = await sandboxImage();
    const tries = [
      "127.0.0.1/18789", // the gateway (loopback of the VPS)
      "127.0.0.1/80", // the Debian mirror proxy
      "127.0.0.1/443", // the npm registry proxy
      `${state.host}/22`, // the VPS's sshd
      "10.99.0.20/22", // the operator
    ];
    const script = `ls /sys/class/net; for t in ${tries.join(" ")}; do if timeout 5 bash -c "exec 3<>/dev/tcp/\${t%/*}/\${t#*/}" 2>/dev/null; then echo "reached $t"; else echo "no $t"; fi; done`;
    const r = await inGatewaySandbox(OPENCLAW_FLAGS, image, script);
    console.log(`network from the sandbox:\n${r.output}`);
    expect(r.exitCode).toBe(0);
    expect(r.output).not.toContain("reached");
    for (const t of tries) expect(r.output).toContain(`no ${t}`);
    expect(r.output.split("\n").filter((l) => /^[a-z]/.test(l) && !l.startsWith("no "))).toEqual(["lo"]);
  });

  it("cannot see the state dir or the env file", async () => {
    const image = await sandboxImage();
    // (The container's own /etc/shadow is the image's: every file of the image belongs to its one
    // uid, read-only. The host's is checked below.)
    const paths = [gw.stateDir, `${gw.stateDir}/openclaw.json`, gw.envFile, `${gw.home}/.config`];
    const r = await inGatewaySandbox(OPENCLAW_FLAGS, image, `for p in ${paths.join(" ")}; do if cat "$p" >/dev/null 2>&1 || ls "$p" >/dev/null 2>&1; then echo "read $p"; else echo "no $p"; fi; done`);
    expect(r.exitCode).toBe(0);
    expect(r.output).not.toContain("read ");
  });

  it(`gives ${gw.serviceUser} no way to root: a container with / mounted cannot read /etc/shadow or write /etc`, async () => {
    const image = await sandboxImage();
    const probe = `cat /host/etc/shadow >/dev/null 2>&1 && echo "read shadow"; touch /host/etc/oc-sandbox-write 2>/dev/null && echo "wrote etc"; echo done`;
    // Under the gateway's unit, and as its service user outside any unit sandbox: Podman itself grants nothing.
    // As OpenClaw starts it (its uid), and as the container's root (uid 0 inside: still only the
    // service user outside, the single id the container holds).
    const inUnit = await inGatewaySandbox(`${OPENCLAW_FLAGS} -v /:/host`, image, probe);
    const inUnitRoot = await inGatewaySandbox("--rm --network none --user 0:0 -v /:/host", image, probe);
    const bare = await onBox(
      `cd / && sudo runuser -u ${gw.serviceUser} -- env -i HOME=${gw.home} XDG_RUNTIME_DIR=/run/openclaw-podman PATH=/usr/bin:/bin podman run --rm --network none --user 0:0 -v /:/host ${image} /bin/sh -c ${shellQuote(probe)}`,
    );
    console.log(`/ mounted into a container: in the unit ${inUnit.output.trim()}, in the unit as uid 0 ${inUnitRoot.output.trim()}, bare as uid 0 ${bare.stdout.trim()}`);
    for (const out of [inUnit.output, inUnitRoot.output, bare.stdout]) {
      expect(out).toContain("done");
      expect(out).not.toContain("read shadow");
      expect(out).not.toContain("wrote etc");
    }
    expect((await onBox("test -e /etc/oc-sandbox-write")).exitCode).not.toBe(0);
  });

  it("a runtime that cannot start fails the deploy at the gate, naming it; the deployment's steps bring it back", { timeout: 600_000 }, async () => {
    await onBoxOk("sudo chmod 000 /usr/bin/crun");
    try {
      const r = (await rerun([step("audit-gateway")]))[0];
      const drift = r.stderr.split("\n").filter((l) => l.startsWith("  - "));
      console.log(`gate with crun unusable: exit ${r.exitCode}\n${drift.join("\n")}`);
      expect(r.exitCode).toBe(1);
      expect(drift.some((l) => /agent sandbox: rootless Podman cannot start/.test(l))).toBe(true);
    } finally {
      await onBoxOk("sudo chmod 755 /usr/bin/crun");
    }
    const again = await rerun([step("agent-sandbox"), step("audit-gateway")]);
    expect(again.map((r) => r.exitCode)).toEqual([0, 0]);
    expect(again[1].stderr).toContain("agent sandbox, ");
  });
});
