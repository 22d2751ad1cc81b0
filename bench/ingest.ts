import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeTraceRequest, encodeTraceRequest, mapTraceRequest } from "@sightline/core";
import { insertNdjsonFile, openClickHouse, spanToRow } from "@sightline/clickhouse";
import { buildOtlpRequest } from "./lib/otlp-payload";
import { startServer } from "./lib/server";
import { percentile } from "./lib/stats";

const PUBLIC_KEY = "pk-sl-bench-public-key-000000000000";
const SECRET_KEY = "sk-sl-bench-secret-key-0000000000000000000000000000";

export interface IngestPass {
  concurrency: number;
  spans: number;
  e2eSpansPerSec: number;
  ackP50Ms: number;
  ackP99Ms: number;
}

export interface IngestFigures {
  passes: IngestPass[];
  rawSpansPerSec: number;
  bytesPerSpan: number;
}

/**
 * End-to-end ingest through the production server (HTTP → decode → map → group-committed
 * INSERT; every 200 means durable), then the raw engine rate for the same rows into the same
 * table in the same data folder: INSERT … SELECT FROM file() of their NDJSON.
 */
export async function benchIngest(opts: { requests: number; concurrency: number[]; port: number }): Promise<IngestFigures> {
  const dataDir = mkdtempSync(join(tmpdir(), "sl-bench-ingest-"));
  try {
    let seq = 0;
    const passPayloads = opts.concurrency.map(() => Array.from({ length: opts.requests }, () => encodeTraceRequest(buildOtlpRequest(seq++), "protobuf").body));
    const payloads = passPayloads.flat();
    const warmup = Array.from({ length: 10 }, (_, i) => encodeTraceRequest(buildOtlpRequest(100_000 + i), "protobuf").body);
    const bytesPerSpan = payloads[0]!.length / 100;

    const server = await startServer({
      port: opts.port,
      dataDir,
      env: {
        SIGHTLINE_INIT_ADMIN_EMAIL: "bench@sightline.test",
        SIGHTLINE_INIT_ADMIN_PASSWORD: "bench-password-0123456789",
        SIGHTLINE_INIT_PUBLIC_KEY: PUBLIC_KEY,
        SIGHTLINE_INIT_SECRET_KEY: SECRET_KEY,
      },
    });
    const auth = `Basic ${Buffer.from(`${PUBLIC_KEY}:${SECRET_KEY}`).toString("base64")}`;
    const send = async (body: Uint8Array) => {
      const res = await fetch(`${server.baseUrl}/v1/traces`, {
        method: "POST",
        headers: { "content-type": "application/x-protobuf", authorization: auth },
        body: body as BodyInit,
      });
      const bytes = new Uint8Array(await res.arrayBuffer());
      // An empty protobuf ExportTraceServiceResponse means: all spans accepted.
      if (res.status !== 200 || bytes.length !== 0) throw new Error(`ingest answered ${res.status} (${bytes.length} bytes)`);
    };

    const passes: IngestPass[] = [];
    try {
      for (const body of warmup) await send(body);
      for (const [i, concurrency] of opts.concurrency.entries()) {
        const bodies = passPayloads[i]!;
        const latencies: number[] = [];
        let next = 0;
        const started = performance.now();
        await Promise.all(
          Array.from({ length: concurrency }, async () => {
            while (next < bodies.length) {
              const body = bodies[next++]!;
              const t0 = performance.now();
              await send(body);
              latencies.push(performance.now() - t0);
            }
          }),
        );
        const wallMs = performance.now() - started;
        const spans = bodies.length * 100;
        passes.push({ concurrency, spans, e2eSpansPerSec: spans / (wallMs / 1000), ackP50Ms: percentile(latencies, 50), ackP99Ms: percentile(latencies, 99) });
      }
    } finally {
      await server.stop();
    }
    const spans = payloads.length * 100;

    // The same rows, straight into the same table by the engine.
    const store = await openClickHouse({ dataDir });
    let rawMs = 0;
    try {
      const chunk = 10_000;
      const rows: string[] = [];
      const files: string[] = [];
      const flushFile = () => {
        if (!rows.length) return;
        const file = join(dataDir, `raw-${files.length}.ndjson`);
        writeFileSync(file, rows.join("\n") + "\n");
        files.push(file);
        rows.length = 0;
      };
      for (const body of payloads) {
        const mapped = mapTraceRequest(decodeTraceRequest(body, "protobuf"), { projectId: "bench-raw" });
        for (const span of mapped.spans) {
          rows.push(JSON.stringify(spanToRow(span)));
          if (rows.length === chunk) flushFile();
        }
      }
      flushFile();
      for (const file of files) {
        const t0 = performance.now();
        await insertNdjsonFile(store, file);
        rawMs += performance.now() - t0;
      }
    } finally {
      await store.close();
    }
    const rawSpansPerSec = spans / (rawMs / 1000);
    return { passes, rawSpansPerSec, bytesPerSpan };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
