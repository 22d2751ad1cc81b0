import protobuf from "protobufjs";
import { OTLP_PROTO_SOURCES } from "./proto-schema";
import { MAX_ANY_VALUE_DEPTH, NESTING_LIMIT_MARKER } from "./types";

export interface OtlpProtoTypes {
  exportTraceServiceRequest: protobuf.Type;
  exportTraceServiceResponse: protobuf.Type;
  exportMetricsServiceRequest: protobuf.Type;
  exportLogsServiceRequest: protobuf.Type;
  rpcStatus: protobuf.Type;
  rpcBadRequest: protobuf.Type;
}

let cached: OtlpProtoTypes | undefined;

/** The parsed schema, built on first use (parsing costs a few milliseconds). */
export function otlpProtoTypes(): OtlpProtoTypes {
  cached ??= buildTypes();
  return cached;
}

function buildTypes(): OtlpProtoTypes {
  const root = new protobuf.Root();
  for (const source of OTLP_PROTO_SOURCES) protobuf.parse(source, root, { keepCase: false });
  root.resolveAll();
  limitAnyValueDepth(root.lookupType("opentelemetry.proto.common.v1.AnyValue"));
  return {
    exportTraceServiceRequest: root.lookupType("opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest"),
    exportTraceServiceResponse: root.lookupType("opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse"),
    exportMetricsServiceRequest: root.lookupType("opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest"),
    exportLogsServiceRequest: root.lookupType("opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest"),
    rpcStatus: root.lookupType("google.rpc.Status"),
    rpcBadRequest: root.lookupType("google.rpc.BadRequest"),
  };
}

type GeneratedDecode = (reader: protobuf.Reader, length?: number, end?: number, level?: number) => protobuf.Message;

/** AnyValue levels open in the current (synchronous) decode; reset before each request. */
let anyValueDepth = 0;
export function resetAnyValueDepth(): void {
  anyValueDepth = 0;
}

/**
 * Values nested deeper than MAX_ANY_VALUE_DEPTH are skipped on the wire and replaced by a
 * marker string, instead of failing the whole request. The generated decoders of the
 * parent types call `types[i].decode` on the AnyValue Type object, so replacing that one
 * property covers every path (attributes, arrays, kvlists).
 */
function limitAnyValueDepth(anyValue: protobuf.Type): void {
  anyValue.setup();
  const generated = anyValue.decode as unknown as GeneratedDecode;
  const marker = anyValue.create({ stringValue: NESTING_LIMIT_MARKER });
  const limited: GeneratedDecode = function (this: protobuf.Type, reader, length, end, level) {
    if (length !== undefined && anyValueDepth >= MAX_ANY_VALUE_DEPTH) {
      reader.skip(length);
      return marker;
    }
    anyValueDepth++;
    const message = generated.call(this, reader, length, end, level);
    anyValueDepth--;
    return message;
  };
  (anyValue as unknown as { decode: GeneratedDecode }).decode = limited;
  // protobufjs counts message levels (a kvlist costs three per value level) and throws
  // past Reader.recursionLimit (100 by default); leave room for our own, gentler cut-off.
  const levelsNeeded = 8 + 3 * MAX_ANY_VALUE_DEPTH;
  if (protobuf.Reader.recursionLimit < levelsNeeded) protobuf.Reader.recursionLimit = levelsNeeded;
}

const utf8 = new TextDecoder("utf-8");

/**
 * protobufjs' BufferReader clamps a string whose length runs past the end of the body
 * instead of failing, so a corrupt length at the end of a message decoded "fine". This
 * reader takes strings through `bytes()`, which fails like every other field type does,
 * and decodes them with the platform's UTF-8 decoder (invalid bytes become U+FFFD).
 */
class StrictReader extends protobuf.Reader {
  override string(): string {
    return utf8.decode(this.bytes());
  }
}

export function strictReader(body: Uint8Array): protobuf.Reader {
  return new StrictReader(body);
}
