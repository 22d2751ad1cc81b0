import { getStores, type Stores } from "@/server/stores";
import { authenticateApiKey } from "./api-key-auth";
import { apiError } from "./json-response";

/** Runs a public API handler for the project of the request's API key (401 otherwise). */
export async function withApiKey(req: Request, handler: (projectId: string, stores: Stores) => Promise<Response>): Promise<Response> {
  try {
    const stores = await getStores();
    const auth = await authenticateApiKey(stores.db.prisma, req.headers.get("authorization"));
    if (!auth.ok) return apiError(401, "unauthorized", auth.reason);
    return await handler(auth.projectId, stores);
  } catch (error) {
    console.error("[public-api]", error);
    return apiError(503, "unavailable", "Storage is unavailable; retry later.");
  }
}
