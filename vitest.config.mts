import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "policies/**/*.test.ts"],
    // @pulumi/pulumi takes seconds to load; the OpenClaw CLI test takes longer still.
    testTimeout: 60_000,
    hookTimeout: 600_000,
  },
});
