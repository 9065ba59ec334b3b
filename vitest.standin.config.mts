import { defineConfig } from "vitest/config";

// The checks on a running stand-in (npm run test:local brings it up and down around them).
export default defineConfig({
  test: {
    include: ["test/standin/**/*.test.ts"],
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 600_000,
  },
});
