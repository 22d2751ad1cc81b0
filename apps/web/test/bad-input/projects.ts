import { randomUUID } from "node:crypto";
import { createApiKey, revokeApiKey } from "@/features/api-keys/server/api-keys";
import type { Prisma } from "@/server/db-types";

export interface ProjectKey {
  projectId: string;
  keyId: string;
  publicKey: string;
  secretKey: string;
  /** `Basic base64(publicKey:secretKey)`, as OTLP exporters send it. */
  basic: string;
}

export function basicAuth(publicKey: string, secretKey: string): string {
  return `Basic ${Buffer.from(`${publicKey}:${secretKey}`).toString("base64")}`;
}

/** The first-start project and a new key pair for it. */
export async function firstProjectKey(prisma: Prisma): Promise<ProjectKey> {
  const project = await prisma.project.findFirstOrThrow({ orderBy: { createdAt: "asc" } });
  return addKey(prisma, project.id);
}

/** A new project in the first organization, with a key pair. */
export async function createProjectWithKey(prisma: Prisma, name: string): Promise<ProjectKey> {
  const organization = await prisma.organization.findFirstOrThrow();
  const project = await prisma.project.create({ data: { id: randomUUID(), organizationId: organization.id, name } });
  return addKey(prisma, project.id);
}

export async function addKey(prisma: Prisma, projectId: string): Promise<ProjectKey> {
  const key = await createApiKey(prisma, { projectId, name: "test" });
  return { projectId, keyId: key.id, publicKey: key.publicKey, secretKey: key.secretKey, basic: basicAuth(key.publicKey, key.secretKey) };
}

/** A key of the project that was revoked. */
export async function revokedKey(prisma: Prisma, projectId: string): Promise<ProjectKey> {
  const key = await addKey(prisma, projectId);
  await revokeApiKey(prisma, { projectId, keyId: key.keyId });
  return key;
}
