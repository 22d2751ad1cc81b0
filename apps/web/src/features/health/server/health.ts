import { getStores } from "@/server/stores";

/**
 * 200 {"status":"ok"} once both stores are open (migrations ran) and answer a ping;
 * 503 naming what failed otherwise.
 */
export async function healthResponse(): Promise<Response> {
  try {
    const { clickhouse, db } = await getStores();
    const [ch, pg] = await Promise.all([clickhouse.ping(), db.ping()]);
    if (ch && pg) return Response.json({ status: "ok" }, { headers: { "cache-control": "no-store" } });
    return Response.json(
      { status: "unavailable", clickhouse: ch ? "ok" : "not answering", postgres: pg ? "ok" : "not answering" },
      { status: 503, headers: { "cache-control": "no-store" } },
    );
  } catch (error) {
    return Response.json({ status: "unavailable", reason: (error as Error).message }, { status: 503, headers: { "cache-control": "no-store" } });
  }
}
