import { defineConfig } from "vitest/config";

// One vitest run for every package; each project has its own config beside its code.
export default defineConfig({
  test: {
    projects: ["packages/*/vitest.config.ts", "apps/web/vitest.config.ts"],
  },
});
