// Which drop-ins systemd merges into a unit, as the pack reads them (systemd.unit(5)): the unit's
// own `name.d`, each dash prefix of its name, and its type's `service.d` (systemd 249+).
import { describe, expect, it } from "vitest";
import { dropInDirs, mergedUnit } from "../../../policies/lib/host-files";
import { classifyPath } from "../../../policies/lib/sensitive-paths";

describe("unit drop-ins", () => {
  it("lists the type's, every dash prefix's and the unit's own drop-in directories", () => {
    expect(dropInDirs("openclaw-gateway.service")).toEqual(["service.d", "openclaw-.service.d", "openclaw-gateway.service.d"]);
    expect(dropInDirs("a-b-c.socket")).toEqual(["socket.d", "a-.socket.d", "a-b-.socket.d", "a-b-c.socket.d"]);
  });

  it("merges every drop-in that applies, in file-name order, and none that does not", () => {
    const files = new Map([
      ["/etc/systemd/system/openclaw-gateway.service", "[Service]\nUser=openclaw\nNoNewPrivileges=yes\n"],
      ["/etc/systemd/system/service.d/20-all.conf", "[Service]\nNoNewPrivileges=no\n"],
      ["/etc/systemd/system/openclaw-.service.d/10-prefix.conf", "[Service]\nUser=root\n"],
      ["/etc/systemd/system/other.service.d/10-other.conf", "[Service]\nUser=nobody\n"],
      ["/etc/systemd/system/socket.d/10-sockets.conf", "[Socket]\nListenStream=0.0.0.0:1\n"],
    ]);
    const unit = mergedUnit(files, "openclaw-gateway.service");
    expect(unit.get("Service.User")).toEqual(["openclaw", "root"]);
    expect(unit.get("Service.NoNewPrivileges")).toEqual(["yes", "no"]);
    expect(unit.get("Socket.ListenStream")).toBeUndefined();
  });

  it("classifies type-wide and prefix drop-ins as unit drop-ins (the pack reads them)", () => {
    for (const p of ["/etc/systemd/system/service.d/10-x.conf", "/etc/systemd/system/openclaw-.service.d/10-x.conf", "/run/systemd/system/openclaw-gateway.service.d/x.conf", "/usr/lib/systemd/system/socket.d/x.conf"]) {
      expect(classifyPath(p), p).toBe("systemd-dropin");
    }
  });
});
