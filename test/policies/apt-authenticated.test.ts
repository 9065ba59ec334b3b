import { describe, expect, it } from "vitest";
import { by, deployment, messages, remoteCommand, server, violationsOf } from "./harness";

const RULE = "apt-authenticated";

describe(RULE, () => {
  it("passes the real deployment", async () => {
    expect(by(await violationsOf(() => deployment()), RULE)).toEqual([]);
  });

  it.each([
    ["a trusted=yes source", "/etc/apt/sources.list.d/fast.list", "deb [trusted=yes] http://mirror.example/debian trixie main", "trusts a repository without checking its signature"],
    ["an extra signing key", "/etc/apt/trusted.gpg.d/vendor.asc", "-----BEGIN PGP PUBLIC KEY BLOCK-----", "adds a signing key"],
    ["AllowUnauthenticated", "/etc/apt/apt.conf.d/99-insecure", 'APT::Get::AllowUnauthenticated "true";', "cannot authenticate"],
  ])("refuses %s", async (_what, path, content, text) => {
    const v = await violationsOf(() => {
      server();
      remoteCommand({ create: `sudo tee ${path} >/dev/null <<'EOF'\n${content}\nEOF` });
    });
    expect(messages(v, RULE)).toContain(text);
  });

  it("refuses user data that adds an unsigned apt source", async () => {
    const userData = "#cloud-config\napt:\n  sources:\n    fast:\n      source: 'deb [trusted=yes] http://mirror.example/debian trixie main'\n";
    expect(messages(await violationsOf(() => server({ userData })), RULE)).toContain("skips signature checks");
  });
});
