// The agent sandbox of `agentAccess: sandboxed`: what openclaw.json says about it, and the image
// its sessions run in. One place for both, so the config, the step that builds the image and the
// deploy gate name the same image.
import { createHash } from "node:crypto";
import type { Settings } from "../../settings/load";

/** The image's user (OpenClaw's rootless Podman backend refuses uid 0). */
export const SANDBOX_USER = { name: "sandbox", uid: 1000, gid: 1000 } as const;

/**
 * What the image built on the server holds: OpenClaw's default sandbox image
 * (docs/gateway/sandboxing/images-and-setup.md; python3 backs its write/edit helpers).
 */
export const SANDBOX_PACKAGES = ["bash", "ca-certificates", "curl", "git", "jq", "python3", "ripgrep"] as const;

/** The Debian suite the image is built from: the server's own, so its archive key and mirror serve it. */
export function sandboxSuite(image: Settings["image"]): string {
  return image === "debian-12" ? "bookworm" : "trixie";
}

/**
 * Debian 12's Podman 4.3 starts OpenClaw's `--userns keep-id` containers only when the user has
 * subordinate ids ("keep-id requires additional UIDs or GIDs defined in /etc/subuid and
 * /etc/subgid", measured on the Debian 12 stand-in); Podman 5 (Debian 13) maps the one uid.
 */
export function needsSubordinateIds(image: Settings["image"]): boolean {
  return image === "debian-12";
}

/** How many subordinate ids the service user gets where it needs them (Podman's usual range). */
export const SUBORDINATE_ID_COUNT = 65536;

type SandboxSettings = Pick<Settings, "agentAccess" | "sandbox" | "image">;

/**
 * The image OpenClaw starts: the registry image pinned by digest when the stack names one; else
 * the image built on the server, tagged with a digest of its recipe (suite, packages, user), so
 * the tag changes exactly when what is built changes and never floats to something else.
 */
export function sandboxImageRef(s: SandboxSettings): string {
  if (s.sandbox.image) return s.sandbox.image;
  const suite = sandboxSuite(s.image);
  const recipe = JSON.stringify({ suite, packages: SANDBOX_PACKAGES, user: SANDBOX_USER });
  return `localhost/openclaw-sandbox:${suite}-${createHash("sha256").update(recipe).digest("hex").slice(0, 16)}`;
}

/** agents.defaults.sandbox in openclaw.json. */
export function renderSandboxConfig(s: SandboxSettings): Record<string, unknown> {
  if (s.agentAccess !== "sandboxed") return { mode: "off" };
  return {
    mode: "all",
    backend: "podman",
    scope: "session",
    workspaceAccess: s.sandbox.workspaceAccess,
    docker: {
      image: sandboxImageRef(s),
      network: s.sandbox.network,
      readOnlyRoot: true,
      capDrop: ["ALL"],
      user: `${SANDBOX_USER.uid}:${SANDBOX_USER.gid}`,
    },
    browser: { enabled: false },
  };
}

/**
 * The service user's containers.conf. Each line is there because the gateway's unit (or the
 * server) needs it:
 * - default_sysctls empty: Podman would write net.ipv4.ping_group_range through /proc/sys, which
 *   the unit keeps read-only (ProtectKernelTunables);
 * - cgroups disabled, cgroupfs: the gateway is a system service with no user session to delegate
 *   a cgroup from; every container stays in the gateway's own cgroup, bounded by its TasksMax and
 *   MemoryMax;
 * - events and logs to files: no user journal either.
 */
export function renderContainersConf(): string {
  return `# Managed by openclaw-hetzner: rootless Podman for the OpenClaw agent sandbox.
[containers]
default_sysctls = []
cgroups = "disabled"
log_driver = "k8s-file"

[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
`;
}

/**
 * The service user's storage.conf: overlay, and files of any owner land as the service user's own
 * (on Debian 13 the user has no subordinate ids: one uid in every container, see systemd-unit.ts).
 */
export function renderStorageConf(): string {
  return `# Managed by openclaw-hetzner: rootless Podman storage for the OpenClaw agent sandbox.
[storage]
driver = "overlay"

[storage.options]
ignore_chown_errors = "true"
`;
}
