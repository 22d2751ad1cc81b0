import { defineConfig } from "vitest/config";

// One vitest run for every package; each project has its own config beside its code, and
// "repo" holds the checks of the repository itself (deployment files).
export default defineConfig({
  test: {
    projects: [
      "packages/*/vitest.config.ts",
      "apps/web/vitest.config.ts",
      { resolve: { conditions: ["sightline-source"] }, test: { name: "repo", include: ["test/**/*.test.ts"] } },
    ],
  },
});
