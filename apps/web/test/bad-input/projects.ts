import { randomUUID } from "node:crypto";
import { createApiKey, revokeApiKey } from "@/features/api-keys/server/api-keys";
import { generateKeyPair } from "@/features/api-keys/server/keys";
import type { Prisma } from "@/server/db-types";

/** A key pair known before it is stored, so that test cases can be planned with it. */
export interface PlannedKey {
  publicKey: string;
  secretKey: string;
  /** `Basic base64(publicKey:secretKey)`, as OTLP exporters send it. */
  basic: string;
}

export interface ProjectKey extends PlannedKey {
  projectId: string;
  keyId: string;
}

export function basicAuth(publicKey: string, secretKey: string): string {
  return `Basic ${Buffer.from(`${publicKey}:${secretKey}`).toString("base64")}`;
}

export function planKey(): PlannedKey {
  const pair = generateKeyPair();
  return { ...pair, basic: basicAuth(pair.publicKey, pair.secretKey) };
}

/** Stores a key pair for the project. */
export async function addKey(prisma: Prisma, projectId: string, planned: PlannedKey = planKey()): Promise<ProjectKey> {
  const key = await createApiKey(prisma, { projectId, name: "test", keyPair: planned });
  return { ...planned, projectId, keyId: key.id };
}

/** The first-start project and a new key pair for it. */
export async function firstProjectKey(prisma: Prisma, planned?: PlannedKey): Promise<ProjectKey> {
  const project = await prisma.project.findFirstOrThrow({ orderBy: { createdAt: "asc" } });
  return addKey(prisma, project.id, planned);
}

/** A new project in the first organization, with a key pair. */
export async function createProjectWithKey(prisma: Prisma, name: string, planned?: PlannedKey): Promise<ProjectKey> {
  const organization = await prisma.organization.findFirstOrThrow();
  const project = await prisma.project.create({ data: { id: randomUUID(), organizationId: organization.id, name } });
  return addKey(prisma, project.id, planned);
}

/** A key of the project that was revoked. */
export async function revokedKey(prisma: Prisma, projectId: string, planned?: PlannedKey): Promise<ProjectKey> {
  const key = await addKey(prisma, projectId, planned);
  await revokeApiKey(prisma, { projectId, keyId: key.keyId });
  return key;
}
