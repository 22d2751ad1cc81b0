import { defineConfig } from "@playwright/test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// The e2e server: the production build on its own embedded engines and fixed first-start
// credentials, so the browser test logs in as a person would.
export const E2E = {
  port: Number(process.env.E2E_PORT ?? 3210),
  email: "admin@e2e.sightline.test",
  password: "e2e-password-Long-enough-1",
  project: "E2E project",
};
const baseURL = `http://127.0.0.1:${E2E.port}`;

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    command: "pnpm --filter @sightline/web start",
    url: `${baseURL}/api/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "pipe",
    env: {
      PORT: String(E2E.port),
      SIGHTLINE_DATA_DIR: mkdtempSync(join(tmpdir(), "sl-e2e-")),
      SIGHTLINE_INIT_ADMIN_EMAIL: E2E.email,
      SIGHTLINE_INIT_ADMIN_PASSWORD: E2E.password,
      SIGHTLINE_INIT_PROJECT_NAME: E2E.project,
      NEXT_TELEMETRY_DISABLED: "1",
    },
  },
});
