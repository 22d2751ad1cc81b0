import { randomUUID } from "node:crypto";
import { generateKeyPair, hashSecret, keyFormatProblem, secretPreview } from "@/features/api-keys/server/keys";
import { hashPassword, MIN_PASSWORD_LENGTH } from "@/features/auth/server/passwords";
import { randomToken } from "@/features/auth/server/tokens";
import type { Prisma } from "@/server/db-types";

export interface FirstStartResult {
  created: boolean;
  email?: string;
  /** Only when generated (printed once); null when it came from the environment. */
  password?: string | null;
  projectId?: string;
  publicKey?: string;
  secretKey?: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * On a database with no user: creates an organization, a project, an admin (owner) and an
 * API key pair, from SIGHTLINE_INIT_* when set, else generated. Does nothing otherwise, so
 * restarts are harmless. Invalid SIGHTLINE_INIT_* values stop the start with a reason.
 */
export async function createFirstStartData(prisma: Prisma, env: NodeJS.ProcessEnv): Promise<FirstStartResult> {
  if ((await prisma.user.count()) > 0) return { created: false };

  const email = (env.SIGHTLINE_INIT_ADMIN_EMAIL?.trim() || "admin@sightline.local").toLowerCase();
  if (!EMAIL.test(email)) throw new Error(`SIGHTLINE_INIT_ADMIN_EMAIL is not an email address: "${email}"`);
  const givenPassword = env.SIGHTLINE_INIT_ADMIN_PASSWORD || undefined;
  if (givenPassword !== undefined && givenPassword.length < MIN_PASSWORD_LENGTH) {
    throw new Error(`SIGHTLINE_INIT_ADMIN_PASSWORD must be at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  const password = givenPassword ?? randomToken(15);
  const generated = generateKeyPair();
  const publicKey = env.SIGHTLINE_INIT_PUBLIC_KEY?.trim() || generated.publicKey;
  const secretKey = env.SIGHTLINE_INIT_SECRET_KEY?.trim() || generated.secretKey;
  for (const [key, kind, name] of [
    [publicKey, "public", "SIGHTLINE_INIT_PUBLIC_KEY"],
    [secretKey, "secret", "SIGHTLINE_INIT_SECRET_KEY"],
  ] as const) {
    const problem = keyFormatProblem(key, kind);
    if (problem) throw new Error(`${name}: ${problem}`);
  }
  const projectName = env.SIGHTLINE_INIT_PROJECT_NAME?.trim() || "My project";

  const passwordHash = await hashPassword(password);
  const ids = { org: randomUUID(), project: randomUUID(), user: randomUUID(), key: randomUUID() };
  await prisma.$transaction([
    prisma.organization.create({ data: { id: ids.org, name: "Default organization" } }),
    prisma.project.create({ data: { id: ids.project, organizationId: ids.org, name: projectName } }),
    prisma.user.create({ data: { id: ids.user, email, name: "Admin", passwordHash } }),
    prisma.membership.create({ data: { userId: ids.user, projectId: ids.project, role: "owner" } }),
    prisma.apiKey.create({
      data: {
        id: ids.key,
        projectId: ids.project,
        name: "Default key",
        publicKey,
        secretHash: hashSecret(secretKey),
        secretPreview: secretPreview(secretKey),
        createdById: ids.user,
      },
    }),
  ]);
  return { created: true, email, password: givenPassword ? null : password, projectId: ids.project, publicKey, secretKey };
}

/** The message printed once after the first start created the admin and keys. */
export function firstStartMessage(r: FirstStartResult, baseUrl: string): string {
  return [
    "",
    "Sightline is ready.",
    `  Open        ${baseUrl}`,
    `  Log in      ${r.email} / ${r.password ?? "(SIGHTLINE_INIT_ADMIN_PASSWORD)"}`,
    `  Public key  ${r.publicKey}`,
    `  Secret key  ${r.secretKey}`,
    "",
    "Send a trace (OTLP/HTTP, protobuf or JSON):",
    `  SIGHTLINE_BASE_URL=${baseUrl} SIGHTLINE_PUBLIC_KEY=${r.publicKey} SIGHTLINE_SECRET_KEY=${r.secretKey}  (for @sightline/sdk)`,
    `  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=${baseUrl}/api/public/otel/v1/traces`,
    `  OTEL_EXPORTER_OTLP_TRACES_HEADERS="Authorization=Basic ${Buffer.from(`${r.publicKey}:${r.secretKey}`).toString("base64")}"`,
    "These credentials are shown once; the secret key is stored only as a hash.",
    "",
  ].join("\n");
}

/** Runs the first-start step and prints its message when it created something. */
export async function runFirstStart(prisma: Prisma, env: NodeJS.ProcessEnv): Promise<void> {
  const result = await createFirstStartData(prisma, env);
  if (result.created) console.log(firstStartMessage(result, `http://localhost:${env.PORT || 3000}`));
}
