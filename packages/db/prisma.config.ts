import { defineConfig } from "prisma/config";

// Generation only: migrations are applied by our own runner (src/migrate.ts).
export default defineConfig({
  schema: "../../prisma/schema.prisma",
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/sightline" },
});
