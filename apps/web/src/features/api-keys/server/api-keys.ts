import { randomUUID } from "node:crypto";
import type { Prisma } from "@/server/db-types";
import { generateKeyPair, hashSecret, secretPreview, type KeyPair } from "./keys";

/** An API key as lists show it: never the secret, only its preview. */
export interface ApiKeyListItem {
  id: string;
  name: string;
  publicKey: string;
  secretPreview: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface CreatedApiKey extends ApiKeyListItem {
  /** Shown once, at creation; only its hash is stored. */
  secretKey: string;
}

// The columns a list reads: the secret's hash never leaves Postgres.
const LIST_COLUMNS = {
  id: true,
  name: true,
  publicKey: true,
  secretPreview: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
} as const;

type ApiKeyRow = {
  id: string;
  name: string;
  publicKey: string;
  secretPreview: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

function toListItem(row: ApiKeyRow): ApiKeyListItem {
  return {
    id: row.id,
    name: row.name,
    publicKey: row.publicKey,
    secretPreview: row.secretPreview,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

export async function listApiKeys(prisma: Prisma, projectId: string): Promise<ApiKeyListItem[]> {
  const rows = await prisma.apiKey.findMany({ where: { projectId }, select: LIST_COLUMNS, orderBy: { createdAt: "desc" } });
  return rows.map(toListItem);
}

/** Creates a key pair for the project (a given pair when fixed by configuration). */
export async function createApiKey(
  prisma: Prisma,
  input: { projectId: string; name: string; createdById?: string | null; keyPair?: KeyPair },
): Promise<CreatedApiKey> {
  const { publicKey, secretKey } = input.keyPair ?? generateKeyPair();
  const row = await prisma.apiKey.create({
    data: {
      id: randomUUID(),
      projectId: input.projectId,
      name: input.name,
      publicKey,
      secretHash: hashSecret(secretKey),
      secretPreview: secretPreview(secretKey),
      createdById: input.createdById ?? null,
    },
    select: LIST_COLUMNS,
  });
  return { ...toListItem(row), secretKey };
}

/** Revokes a key of the project (idempotent); false when the project has no such key. */
export async function revokeApiKey(prisma: Prisma, input: { projectId: string; keyId: string }): Promise<boolean> {
  const key = await prisma.apiKey.findFirst({
    where: { id: input.keyId, projectId: input.projectId },
    select: { id: true, revokedAt: true },
  });
  if (!key) return false;
  if (!key.revokedAt) {
    await prisma.apiKey.updateMany({
      where: { id: key.id, revokedAt: null },
      data: { revokedAt: new Date() },
    });
  }
  return true;
}
