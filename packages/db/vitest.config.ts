import { defineProject } from "vitest/config";

export default defineProject({
  resolve: { conditions: ["sightline-source"] },
  // Creating a PGlite database (initdb) takes ~6 s idle and several times that on a busy
  // machine, as does spawning the second process of the lock tests: the default 10 s hook
  // and 5 s test timeouts failed them under load (the web project allows the same).
  test: { name: "db", include: ["src/**/*.test.ts", "test/**/*.test.ts"], hookTimeout: 120_000, testTimeout: 60_000 },
});
