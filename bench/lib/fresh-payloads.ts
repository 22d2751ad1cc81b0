import { randomFillSync } from "node:crypto";
import { encodeTraceRequest } from "@sightline/core";
import { buildOtlpRequest } from "./otlp-payload";

/**
 * Endless distinct OTLP/protobuf requests for long runs, without encoding each one: a few
 * encoded templates whose 16-byte trace ids are overwritten with fresh random ids on every
 * send (every occurrence of one id gets the same new id, so traces stay whole). Span ids
 * repeat across requests, but (project, trace, span) keys never do.
 */
export class FreshPayloads {
  private readonly templates: { body: Buffer; ids: number[][] }[];
  private next = 0;

  constructor(count = 8) {
    this.templates = Array.from({ length: count }, (_, i) => {
      const request = buildOtlpRequest(1_000_000 + i);
      const body = Buffer.from(encodeTraceRequest(request, "protobuf").body);
      const traceIds = [...new Set(request.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans.map((span) => span.traceId))))];
      const ids = traceIds.map((hex) => {
        const raw = Buffer.from(hex, "hex");
        const offsets: number[] = [];
        for (let at = body.indexOf(raw); at >= 0; at = body.indexOf(raw, at + 1)) offsets.push(at);
        return offsets;
      });
      return { body, ids };
    });
  }

  take(): Buffer {
    const template = this.templates[this.next++ % this.templates.length]!;
    const body = Buffer.from(template.body);
    const id = Buffer.alloc(16);
    for (const offsets of template.ids) {
      randomFillSync(id);
      for (const at of offsets) id.copy(body, at);
    }
    return body;
  }
}
