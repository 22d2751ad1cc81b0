import type { NextConfig } from "next";

const config: NextConfig = {
  // Native modules and engines stay plain Node requires (not bundled): chdb and PGlite load
  // files next to their own code, argon2 and pg ship native/optional bindings.
  serverExternalPackages: [
    "chdb",
    "@clickhouse/client",
    "@electric-sql/pglite",
    "pglite-prisma-adapter",
    "@node-rs/argon2",
    "pg",
  ],
  // Our workspace packages export TypeScript source.
  transpilePackages: ["@sightline/core", "@sightline/clickhouse", "@sightline/db"],
  poweredByHeader: false,
  // Lets a second build (e.g. a smoke test) live beside a running server's .next.
  distDir: process.env.SIGHTLINE_NEXT_DIST_DIR || ".next",
  // The standard OTLP paths are served by the same handlers as /api/public/otel/v1/*.
  async rewrites() {
    return [{ source: "/v1/:signal(traces|metrics|logs)", destination: "/api/public/otel/v1/:signal" }];
  },
};

export default config;
