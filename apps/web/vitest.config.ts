import { fileURLToPath } from "node:url";
import { defineProject } from "vitest/config";

export default defineProject({
  resolve: {
    conditions: ["sightline-source"],
    alias: { "@": fileURLToPath(new URL("./src", import.meta.url)) },
  },
  test: {
    name: "web",
    environment: "node",
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // Each file opens its own embedded engines (chdb, PGlite) in a temp folder.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
