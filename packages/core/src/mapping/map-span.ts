import type { CanonicalSpan, ChatMessage, Convention, SpanEvent, SpanKind, SpanStatus, Usage } from "../model/span";
import type { AttributeMap, OtlpEvent, OtlpSpan } from "../otlp/types";
import type { MappingLimits } from "./limits";
import { SL } from "../model/sightline-attributes";
import { namespacesOf, resolveField, type MappedField, type MappedValues, type RuleContext } from "./rules";
import { truncateText, truncateValue } from "./truncate";
import { nanosToUs, type ValidTimes } from "./validate";
import { asString, asStringArray } from "./values";

/** What every span of one ResourceSpans/ScopeSpans shares (computed once per group). */
export interface SpanGroup {
  projectId: string;
  resourceAttributes: AttributeMap;
  /** `namespacesOf(resourceAttributes)`, computed once per resource. */
  resourceNamespaces: number;
  /** The resource attributes after the size cap (stored); the rules read the originals. */
  storedResourceAttributes: AttributeMap;
  serviceName: string;
  scopeName: string;
}

/** Maps one validated span. `warn` receives a line for each field that had to be cut. */
export function mapSpan(
  span: OtlpSpan,
  times: ValidTimes,
  group: SpanGroup,
  limits: MappingLimits,
  warn: (message: string) => void,
): CanonicalSpan {
  const context: RuleContext = {
    span: span.attributes,
    resource: group.resourceAttributes,
    events: span.events,
    spanNamespaces: namespacesOf(span.attributes),
    resourceNamespaces: group.resourceNamespaces,
  };
  const mappedFrom: Record<string, Convention> = {};
  const consumedKeys: string[] = [];
  const take = <F extends MappedField>(field: F): MappedValues[F] | undefined => {
    const found = resolveField(field, context);
    if (!found) return undefined;
    mappedFrom[field] = found.convention;
    if (CONTENT_FIELDS.has(field)) consumedKeys.push(...found.keys);
    return found.value;
  };
  const where = `span ${span.spanId} (trace ${span.traceId})`;
  const big = <T>(field: string, value: T): T => {
    const result = truncateValue(value, limits.maxFieldChars);
    if (result.truncated) warn(`${where}: ${field} is larger than ${limits.maxFieldChars} characters and was truncated`);
    return result.value;
  };
  const light = (field: string, value: string): string => {
    const result = truncateText(value, limits.maxLightChars);
    if (result.truncated) warn(`${where}: ${field} is longer than ${limits.maxLightChars} characters and was truncated`);
    return result.value;
  };

  const model = take("model") ?? "";
  const provider = take("provider") ?? "";
  const input = take("usage.input") ?? 0;
  const output = take("usage.output") ?? 0;
  const usage: Usage = {
    input,
    output,
    total: take("usage.total") ?? input + output,
    cacheRead: take("usage.cacheRead") ?? 0,
    reasoning: take("usage.reasoning") ?? 0,
  };
  const cacheCreation = take("usage.cacheCreation");
  if (cacheCreation !== undefined) usage.cacheCreation = cacheCreation;
  let kind = take("kind");
  if (!kind && model !== "" && (usage.input > 0 || usage.output > 0)) {
    // A model call with token usage is a generation even when nobody said so.
    kind = "generation";
    mappedFrom.kind = mappedFrom.model!;
  }
  const evaluations = take("evaluations");
  const prompt = take("prompt");
  const status = resolveStatus(span, mappedFrom);

  const mapped: CanonicalSpan = {
    projectId: group.projectId,
    traceId: span.traceId,
    spanId: span.spanId,
    parentSpanId: span.parentSpanId,
    name: light("name", span.name),
    kind: kind ?? "span",
    startTimeUs: times.startTimeUs,
    endTimeUs: times.endTimeUs,
    status: status.status,
    statusMessage: big("statusMessage", status.message),
    model: light("model", model),
    provider: light("provider", provider),
    usage,
    cost: take("cost") ?? null,
    userId: light("userId", take("userId") ?? ""),
    sessionId: light("sessionId", take("sessionId") ?? ""),
    release: light("release", take("release") ?? ""),
    version: light("version", take("version") ?? ""),
    environment: light("environment", take("environment") ?? ""),
    tags: (take("tags") ?? []).map((tag) => light("tags", tag)),
    serviceName: group.serviceName,
    scopeName: group.scopeName,
    modelParameters: big("modelParameters", take("modelParameters") ?? {}),
    input: big("input", take("input") ?? null),
    output: big("output", withFinishReasons(take("output") ?? null, span.attributes)),
    documents: big("documents", take("documents") ?? []),
    attributes: big("attributes", withoutKeys(span.attributes, consumedKeys)),
    resourceAttributes: group.storedResourceAttributes,
    events: big("events", span.events.map(toEvent)),
    mappedFrom,
  };
  // Optional fields are set only when present, so most spans keep the plain shape.
  if (isUsageRollup(kind, usage)) mapped.usageRollup = true;
  if (evaluations) mapped.evaluations = evaluations;
  if (prompt) mapped.prompt = big("prompt", prompt);
  return mapped;
}

const FINISH_REASON_KEYS = ["gen_ai.response.finish_reasons", "llm.finish_reason", "ai.response.finishReason"] as const;

/**
 * Output messages that do not carry their finish reason get it from the span-level attribute
 * (`gen_ai.response.finish_reasons`, one per choice; OpenInference `llm.finish_reason`; Vercel
 * `ai.response.finishReason`). Only assistant messages of a message list are touched.
 */
function withFinishReasons(output: unknown, attributes: AttributeMap): unknown {
  if (!Array.isArray(output) || output.length === 0) return output;
  let reasons: string[] | undefined;
  for (const key of FINISH_REASON_KEYS) {
    const value = attributes[key];
    if (value !== undefined) {
      reasons = asStringArray(value);
      if (reasons && reasons.length > 0) break;
    }
  }
  if (!reasons || reasons.length === 0) return output;
  output.forEach((message: unknown, i) => {
    const reason = reasons[i];
    if (reason === undefined || !isChatMessage(message) || message.role !== "assistant" || message.finishReason) return;
    message.finishReason = reason;
  });
  return output;
}

function isChatMessage(value: unknown): value is ChatMessage {
  return typeof value === "object" && value !== null && typeof (value as ChatMessage).role === "string" && "content" in value;
}

/** True when a span reports any token usage. */
export function hasUsage(usage: Usage): boolean {
  return usage.input > 0 || usage.output > 0 || usage.total > 0;
}

/**
 * Agents and chains (including the Vercel AI SDK's outer `ai.generateText`-style calls, mapped
 * to chain) report the sum of the model calls under them: their usage is a rollup, not counted
 * again in trace totals. (`markUsageRollups` also catches any span with usage above another.)
 */
function isUsageRollup(kind: SpanKind | undefined, usage: Usage): boolean {
  return (kind === "agent" || kind === "chain") && hasUsage(usage);
}

/** Fields whose source attribute may be stored once, in the field, instead of twice. */
const CONTENT_FIELDS = new Set<MappedField>(["input", "output", "documents"]);

/**
 * Attributes that a content field holds whole (the same value, parsed when it is JSON), so
 * leaving them out of `attributes` loses nothing: they are the largest part of most spans.
 * Message lists are not here: their conversion to chat messages keeps only known parts.
 */
const STORED_IN_FIELD = new Set([
  SL.input,
  SL.output,
  SL.retrievalQuery,
  SL.retrievalDocuments,
  "input.value",
  "output.value",
  "gen_ai.retrieval.query.text",
  "gen_ai.tool.call.arguments",
  "gen_ai.tool.call.result",
  "traceloop.entity.input",
  "traceloop.entity.output",
  "langfuse.observation.input",
  "langfuse.observation.output",
  "ai.toolCall.args",
  "ai.toolCall.result",
]);

function withoutKeys(attributes: AttributeMap, keys: readonly string[]): AttributeMap {
  const drop = keys.filter((key) => STORED_IN_FIELD.has(key) && key in attributes);
  if (drop.length === 0) return attributes;
  const kept: AttributeMap = {};
  for (const key of Object.keys(attributes)) if (!drop.includes(key)) kept[key] = attributes[key]!;
  return kept;
}

function toEvent(event: OtlpEvent): SpanEvent {
  return { name: event.name, timeUs: nanosToUs(event.timeUnixNano), attributes: event.attributes };
}

/**
 * OTel status code first; an error signalled anywhere else wins over unset/ok
 * (Langfuse's level ERROR, OTel's `error.type`). The message falls back to those
 * signals and to the first exception event.
 */
function resolveStatus(span: OtlpSpan, mappedFrom: Record<string, Convention>): { status: SpanStatus; message: string } {
  const attrs = span.attributes;
  let status: SpanStatus = span.status.code === 2 ? "error" : span.status.code === 1 ? "ok" : "unset";
  if (status !== "unset") mappedFrom.status = "otel";
  const langfuseLevel = asString(attrs["langfuse.observation.level"]);
  const errorType = asString(attrs["error.type"]);
  if (status !== "error" && langfuseLevel?.toUpperCase() === "ERROR") {
    status = "error";
    mappedFrom.status = "langfuse";
  } else if (status !== "error" && errorType) {
    status = "error";
    mappedFrom.status = "otel";
  }
  let message = span.status.message;
  if (message === "") message = asString(attrs["langfuse.observation.status_message"]) ?? "";
  if (message === "" && status === "error") {
    const exception = span.events.find((e) => e.name === "exception");
    message = asString(exception?.attributes["exception.message"]) ?? errorType ?? "";
  }
  return { status, message };
}
