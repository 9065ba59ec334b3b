import { describe, expect, it } from "vitest";
import { by, server, violationsOf } from "./harness";

const RULE = "server-image-allowed";

describe(RULE, () => {
  it.each(["debian-13", "debian-12", "ubuntu-24.04"])("passes %s", async (image) => {
    expect(by(await violationsOf(() => server({ image })), RULE)).toEqual([]);
  });

  it.each(["ubuntu-20.04", "centos-7", "debian-11"])("refuses %s", async (image) => {
    expect(by(await violationsOf(() => server({ image })), RULE)).toHaveLength(1);
  });

  it("refuses a snapshot id (an image no step was tested on)", async () => {
    expect(by(await violationsOf(() => server({ image: "123456789" })), RULE)).toHaveLength(1);
  });

  it("follows a configured allowlist", async () => {
    const v = await violationsOf(() => server({ image: "debian-12" }), { config: { [RULE]: { allowedImages: ["debian-13"] } } });
    expect(by(v, RULE)).toHaveLength(1);
  });
});
