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
