import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The stand-in checks need a running stand-in: npm run test:local.
    exclude: ["test/standin/**", "**/node_modules/**"],
    // @pulumi/pulumi takes seconds to load; the OpenClaw CLI test takes longer still.
    testTimeout: 60_000,
    hookTimeout: 600_000,
  },
});
