import { JsonTraceSerializer, ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { describe, expect, it } from "vitest";
import { describeRejections, encodeRpcStatus, encodeTraceResponse, SL } from "../src/index";
import { ingest, request, span } from "./support/build";

describe("trace-level attributes within one request", () => {
  it("are copied from the root onto spans that lack them; spans that have them keep theirs", () => {
    const root = span({ spanId: "1000000000000001", name: "root", attributes: { [SL.userId]: "alice", [SL.tags]: ["beta"], [SL.release]: "r1" } });
    const child = span({ spanId: "1000000000000002", parentSpanId: "1000000000000001", name: "child", attributes: { [SL.release]: "r2" } });
    const other = span({ traceId: "4bf92f3577b34da6a3ce929d0e0e4736", spanId: "2000000000000001", name: "other trace" });
    const byName = Object.fromEntries(ingest(request([child, root, other])).spans.map((s) => [s.name, s]));
    expect(byName.child).toMatchObject({ userId: "alice", tags: ["beta"], release: "r2", mappedFrom: expect.objectContaining({ userId: "sightline" }) });
    expect(byName.root).toMatchObject({ userId: "alice", release: "r1" });
    expect(byName["other trace"]).toMatchObject({ userId: "", tags: [] });
  });

  it("without a root in the request, the first span that has a value supplies it", () => {
    const a = span({ spanId: "1000000000000003", parentSpanId: "1000000000000009", name: "a" });
    const b = span({ spanId: "1000000000000004", parentSpanId: "1000000000000009", name: "b", attributes: { "session.id": "s-9" } });
    expect(ingest(request([a, b])).spans.map((s) => s.sessionId)).toEqual(["s-9", "s-9"]);
  });
});

describe("responses, checked with the OpenTelemetry JS deserializers", () => {
  it("full success is the empty message", () => {
    const pb = encodeTraceResponse("protobuf");
    expect(pb.body.length).toBe(0);
    expect(pb.contentType).toBe("application/x-protobuf");
    expect(ProtobufTraceSerializer.deserializeResponse(pb.body)).toEqual({});
    const js = encodeTraceResponse("json", { rejectedSpans: 0, errorMessage: "" });
    expect(new TextDecoder().decode(js.body)).toBe("{}");
    expect(js.contentType).toBe("application/json");
  });

  it("partial success carries the rejected count and the message", () => {
    const partial = { rejectedSpans: 3, errorMessage: "3 spans rejected: end time is before start time" };
    const pb = ProtobufTraceSerializer.deserializeResponse(encodeTraceResponse("protobuf", partial).body);
    expect(pb.partialSuccess?.errorMessage).toBe(partial.errorMessage);
    expect(Number(pb.partialSuccess?.rejectedSpans)).toBe(3);
    const js = JsonTraceSerializer.deserializeResponse(encodeTraceResponse("json", partial).body);
    expect(js).toEqual({ partialSuccess: { rejectedSpans: "3", errorMessage: partial.errorMessage } });
  });

  it("a warning with zero rejected spans is still sent", () => {
    const js = JsonTraceSerializer.deserializeResponse(encodeTraceResponse("json", { rejectedSpans: 0, errorMessage: "truncated" }).body);
    expect(js).toEqual({ partialSuccess: { rejectedSpans: "0", errorMessage: "truncated" } });
  });

  it("google.rpc.Status bodies", () => {
    // code = 1 (varint 3), message = 2 ("bad")
    expect([...encodeRpcStatus("protobuf", { code: 3, message: "bad" }).body]).toEqual([0x08, 0x03, 0x12, 0x03, 0x62, 0x61, 0x64]);
    const js = encodeRpcStatus("json", { code: 3, message: "bad" });
    expect(JSON.parse(new TextDecoder().decode(js.body))).toEqual({ code: 3, message: "bad" });
    expect(js.contentType).toBe("application/json");
  });

  it("describeRejections summarizes for partialSuccess.errorMessage", () => {
    expect(describeRejections({ count: 0, reasons: [] })).toBe("");
    expect(describeRejections({ count: 3, reasons: ["a", "b"] })).toBe("3 spans rejected: a; b; … and 1 more");
  });
});
