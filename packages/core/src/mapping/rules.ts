import type { Convention, RetrievedDocument, SpanEvaluation, SpanKind, SpanPrompt } from "../model/span";
import { SL } from "../model/sightline-attributes";
import type { AttributeMap, AttributeValue, OtlpEvent } from "../otlp/types";
import { openInferenceDocuments, toDocuments } from "./documents";
import { eventAttributes, eventChoiceMessages, eventEvaluations, eventInputMessages, OPERATION_DETAILS_EVENT } from "./events";
import { collectIndexed, hasPrefix } from "./indexed";
import {
  genAiOperationKind,
  langfuseObservationKind,
  llmRequestTypeKind,
  openInferenceKind,
  sightlineKind,
  traceloopSpanKind,
  vercelOperationKind,
} from "./kinds";
import { openInferenceMessages, openLlmetryMessages, systemInstructionsMessage, toChatMessages } from "./messages";
import { langfusePrompt, openInferencePrompt } from "./prompt";
import { asCount, asNumber, asObject, asString, asStringArray, isEmptyValue, parseJsonLoose, parseJsonStrict } from "./values";
import { vercelInput, vercelOutput, vercelSettings } from "./vercel";

/** The canonical fields the table fills, with the type each parser yields. */
export interface MappedValues {
  kind: SpanKind;
  model: string;
  provider: string;
  "usage.input": number;
  "usage.output": number;
  "usage.total": number;
  "usage.cacheRead": number;
  "usage.reasoning": number;
  "usage.cacheCreation": number;
  cost: number;
  modelParameters: Record<string, unknown>;
  input: unknown;
  output: unknown;
  documents: RetrievedDocument[];
  userId: string;
  sessionId: string;
  release: string;
  version: string;
  environment: string;
  tags: string[];
  evaluations: SpanEvaluation[];
  prompt: SpanPrompt;
}
export type MappedField = keyof MappedValues;

export interface RuleContext {
  span: AttributeMap;
  resource: AttributeMap;
  events: readonly OtlpEvent[];
  /** `namespacesOf(span)` and `namespacesOf(resource)`: which rules can match at all. */
  spanNamespaces: number;
  resourceNamespaces: number;
}

/**
 * Key namespaces whose rules are skipped on spans that have no key in them. One pass over a
 * span's keys (no allocation) lets the table skip every rule of a convention the span does
 * not use, which keeps the cost per span flat as conventions are added. Rules over other
 * namespaces are always tried.
 */
const GATED_NAMESPACES = [
  "sightline",
  "gen_ai",
  "openinference",
  "llm",
  "input",
  "output",
  "embedding",
  "retrieval",
  "reranker",
  "tag",
  "user",
  "session",
  "traceloop",
  "ai",
  "langfuse",
  "enduser",
  "service",
  "deployment",
] as const;
const NAMESPACE_BIT = new Map<string, number>(GATED_NAMESPACES.map((namespace, i) => [namespace, 1 << i]));
/** Gated prefixes ("gen_ai.", …) by the char code of their first letter: one or two candidates per key. */
const PREFIXES_BY_FIRST_CHAR: (readonly (readonly [string, number])[] | undefined)[] = [];
for (const [i, namespace] of GATED_NAMESPACES.entries()) {
  const code = namespace.charCodeAt(0);
  PREFIXES_BY_FIRST_CHAR[code] = [...(PREFIXES_BY_FIRST_CHAR[code] ?? []), [`${namespace}.`, 1 << i]];
}

/** The bit set of gated namespaces that some key of `attributes` is in. */
export function namespacesOf(attributes: AttributeMap): number {
  let bits = 0;
  for (const key in attributes) {
    const candidates = PREFIXES_BY_FIRST_CHAR[key.charCodeAt(0)];
    if (candidates === undefined) continue;
    for (const [prefix, bit] of candidates) {
      if (key.startsWith(prefix)) {
        bits |= bit;
        break;
      }
    }
  }
  return bits;
}

export interface MappingRule<F extends MappedField = MappedField> {
  field: F;
  convention: Convention;
  /** The attribute keys the rule reads, for documentation (`<i>` marks a list index). */
  keys: readonly string[];
  /** The rule can only match when the span (or, per `where`, the resource) has a key in one of these gated namespaces (a bit set); absent: always tried. */
  gate?: { namespaces: number; where: Where };
  read(context: RuleContext): MappedValues[F] | undefined;
}
type AnyRule = { [F in MappedField]: MappingRule<F> }[MappedField];

type Where = "span" | "span+resource" | "resource";

const namespaceOf = (key: string): string => {
  const dot = key.indexOf(".");
  return dot < 0 ? key : key.slice(0, dot);
};

/** The gate of a rule over these keys: none when a key is an event or outside the gated namespaces. */
function gateFor(namespaces: readonly string[], where: Where): MappingRule["gate"] {
  let bits = 0;
  for (const namespace of namespaces) {
    const bit = NAMESPACE_BIT.get(namespace);
    if (bit === undefined) return undefined;
    bits |= bit;
  }
  return { namespaces: bits, where };
}

const keyNamespaces = (keys: readonly string[]): string[] => keys.map((key) => (key.startsWith("event ") ? "event" : namespaceOf(key)));

function gateOpen(gate: NonNullable<MappingRule["gate"]>, context: RuleContext): boolean {
  if (gate.where !== "resource" && (context.spanNamespaces & gate.namespaces) !== 0) return true;
  return gate.where !== "span" && (context.resourceNamespaces & gate.namespaces) !== 0;
}

/** A rule over plain keys: the first key whose parsed value is non-empty wins. */
function attr<F extends MappedField>(
  field: F,
  convention: Convention,
  keys: readonly string[],
  parse: (value: AttributeValue) => MappedValues[F] | undefined,
  where: Where = "span",
): MappingRule<F> {
  return {
    field,
    convention,
    keys,
    gate: gateFor(keyNamespaces(keys), where),
    read({ span, resource }) {
      for (const key of keys) {
        if (where !== "resource") {
          const value = span[key];
          if (value !== undefined) {
            const parsed = parse(value);
            if (!isEmptyValue(parsed)) return parsed;
          }
        }
        if (where !== "span") {
          const value = resource[key];
          if (value !== undefined) {
            const parsed = parse(value);
            if (!isEmptyValue(parsed)) return parsed;
          }
        }
      }
      return undefined;
    },
  };
}

/** A rule that needs more than one key (flattened lists, combined attributes). */
function derived<F extends MappedField>(
  field: F,
  convention: Convention,
  keys: readonly string[],
  read: (context: RuleContext) => MappedValues[F] | undefined,
  gateNamespaces?: readonly string[],
): MappingRule<F> {
  const gate = gateFor(gateNamespaces ?? keyNamespaces(keys), "span");
  return { field, convention, keys, gate, read };
}

const messagesOrValue = (v: AttributeValue): unknown => toChatMessages(v) ?? parseJsonLoose(v);
const messagesOrValueOf = (v: AttributeValue | undefined): unknown => (v === undefined ? undefined : messagesOrValue(v));
const jsonValue = (v: AttributeValue): unknown => parseJsonLoose(v);
/** Our SDK and Langfuse's JSON-encode every value (a string keeps its quotes). */
const encodedValue = (v: AttributeValue): unknown => toChatMessages(v) ?? parseJsonStrict(v);
const documentsOf = (v: AttributeValue | undefined): RetrievedDocument[] | undefined => (v === undefined ? undefined : toDocuments(v));
const objectOf = (v: AttributeValue): Record<string, unknown> | undefined => asObject(v);
const fromObject =
  (field: string) =>
  (v: AttributeValue): number | undefined =>
    asCount(asObject(v)?.[field]);

/** gen_ai.input.messages with gen_ai.system_instructions as a leading system message. */
function genAiInput({ span }: Pick<RuleContext, "span">): unknown {
  const raw = span["gen_ai.input.messages"];
  const instructions = span["gen_ai.system_instructions"];
  const messages = raw === undefined ? undefined : toChatMessages(raw);
  const system = instructions === undefined ? undefined : systemInstructionsMessage(instructions);
  if (messages || system) return system ? [system, ...(messages ?? [])] : messages;
  return raw === undefined ? undefined : parseJsonLoose(raw);
}

/**
 * gen_ai.request.* except the model (temperature, top_p, max_tokens, stop_sequences, …), plus
 * `gen_ai.output.type` and the tools offered (`gen_ai.tool.definitions`, parsed).
 */
function genAiRequestParameters({ span }: RuleContext): Record<string, unknown> | undefined {
  const prefix = "gen_ai.request.";
  let out: Record<string, unknown> | undefined;
  for (const key in span) {
    if (!key.startsWith("gen_ai.")) continue;
    if (key.startsWith(prefix)) {
      if (key !== "gen_ai.request.model") (out ??= {})[key.slice(prefix.length)] = span[key];
    } else if (key === "gen_ai.output.type") (out ??= {}).output_type = span[key];
    else if (key === "gen_ai.tool.definitions") (out ??= {}).tools = parseJsonLoose(span[key]);
  }
  return out;
}

/** The newer `gen_ai.client.inference.operation.details` event carries the content attributes. */
function genAiDetailsEvent(read: (attrs: AttributeMap) => unknown) {
  return ({ events }: RuleContext): unknown => {
    const attrs = events.length === 0 ? undefined : eventAttributes(events, OPERATION_DETAILS_EVENT);
    return attrs ? read(attrs) : undefined;
  };
}

/** An event-carried attribute (`gen_ai.content.prompt` → `gen_ai.prompt`, …). */
function eventValue(eventName: string, key: string, parse: (v: AttributeValue) => unknown) {
  return ({ events }: RuleContext): unknown => {
    const value = events.length === 0 ? undefined : eventAttributes(events, eventName)?.[key];
    return value === undefined ? undefined : parse(value);
  };
}

/** OpenInference embedding texts `embedding.embeddings.<i>.embedding.text` → the list of inputs. */
function openInferenceEmbeddingTexts({ span }: RuleContext): string[] | undefined {
  if (!hasPrefix(span, "embedding.embeddings.")) return undefined;
  const texts: string[] = [];
  for (const item of collectIndexed(span, "embedding.embeddings.")) {
    const text = asString(item.get("embedding.text"));
    if (text !== undefined) texts.push(text);
  }
  return texts.length > 0 ? texts : undefined;
}

/** `llm.cost.total`, else the sum of `llm.cost.prompt` and `llm.cost.completion`. */
function openInferenceCost({ span }: RuleContext): number | undefined {
  const total = nonNegative(span["llm.cost.total"]);
  if (total !== undefined) return total;
  const prompt = nonNegative(span["llm.cost.prompt"]);
  const completion = nonNegative(span["llm.cost.completion"]);
  return prompt === undefined && completion === undefined ? undefined : (prompt ?? 0) + (completion ?? 0);
}

/** OpenInference input.value / output.value: JSON is parsed when declared or when it parses. */
function openInferenceValue(valueKey: string, mimeKey: string) {
  return ({ span }: RuleContext): unknown => {
    const value = span[valueKey];
    if (value === undefined) return undefined;
    const mime = span[mimeKey];
    return typeof mime === "string" && mime.includes("json") ? parseJsonStrict(value) : parseJsonLoose(value);
  };
}

/**
 * `user.id` / `session.id` are shared by OpenInference and Langfuse: on a span that Langfuse's
 * SDK made (it carries `langfuse.observation.type`) they are credited to Langfuse.
 */
const langfuseShared =
  (key: string) =>
  ({ span }: RuleContext): string | undefined =>
    span["langfuse.observation.type"] === undefined ? undefined : asString(span[key]);

/** Vercel `ai.value` is JSON text; `ai.values` a list of JSON texts (one per embedded value). */
function vercelEmbeddingValues(v: AttributeValue): unknown {
  return Array.isArray(v) ? v.map(parseJsonStrict) : parseJsonStrict(v);
}

/** The first count among these keys of a Langfuse `usage_details` object (names vary by provider). */
const usageDetail =
  (...keys: string[]) =>
  (v: AttributeValue): number | undefined => {
    const details = asObject(v);
    if (!details) return undefined;
    for (const key of keys) {
      const n = asCount(details[key]);
      if (n !== undefined) return n;
    }
    return undefined;
  };

function langfuseCostTotal(v: AttributeValue): number | undefined {
  const details = asObject(v);
  if (!details) return undefined;
  const total = asNumber(details.total);
  if (total !== undefined) return total;
  let sum: number | undefined;
  for (const key in details) {
    const n = asNumber(details[key]);
    if (n !== undefined) sum = (sum ?? 0) + n;
  }
  return sum;
}

const nonNegative = (v: AttributeValue | undefined): number | undefined => {
  const n = asNumber(v);
  return n !== undefined && n >= 0 ? n : undefined;
};

/**
 * The mapping table. For each canonical field the rules are tried in this order and the
 * first non-empty value wins; `mappedFrom[field]` records the rule's convention.
 * Order of conventions: sightline (our SDK) → OTel GenAI → OpenInference → OpenLLMetry →
 * Vercel AI SDK (`ai.*`) → Langfuse → plain OTel. `user.id` / `session.id`, which several
 * conventions share, are credited to Langfuse on Langfuse observations, else to OpenInference.
 */
export const MAPPING_TABLE: readonly AnyRule[] = [
  // kind
  attr("kind", "sightline", [SL.kind], sightlineKind),
  attr("kind", "gen_ai", ["gen_ai.operation.name"], genAiOperationKind),
  attr("kind", "openinference", ["openinference.span.kind"], openInferenceKind),
  attr("kind", "openllmetry", ["traceloop.span.kind"], traceloopSpanKind),
  attr("kind", "openllmetry", ["llm.request.type"], llmRequestTypeKind),
  attr("kind", "vercel_ai", ["ai.operationId"], vercelOperationKind),
  attr("kind", "langfuse", ["langfuse.observation.type"], langfuseObservationKind),

  // model and provider
  attr("model", "sightline", [SL.model], asString),
  attr("model", "gen_ai", ["gen_ai.response.model", "gen_ai.request.model"], asString),
  attr(
    "model",
    "openinference",
    ["llm.model_name", "llm.response.model_name", "llm.request.model_name", "embedding.model_name", "reranker.model_name"],
    asString,
  ),
  attr("model", "vercel_ai", ["ai.response.model", "ai.model.id"], asString),
  attr("model", "langfuse", ["langfuse.observation.model.name"], asString),
  attr("provider", "sightline", [SL.provider], asString),
  attr("provider", "gen_ai", ["gen_ai.provider.name", "gen_ai.system"], asString),
  attr("provider", "openinference", ["llm.provider", "llm.system"], asString),
  attr("provider", "vercel_ai", ["ai.model.provider"], asString),

  // usage
  attr("usage.input", "sightline", [SL.usageInput], asCount),
  attr("usage.input", "gen_ai", ["gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens"], asCount),
  attr("usage.input", "openinference", ["llm.token_count.prompt"], asCount),
  attr("usage.input", "vercel_ai", ["ai.usage.inputTokens", "ai.usage.promptTokens", "ai.usage.tokens"], asCount),
  attr("usage.input", "langfuse", ["langfuse.observation.usage_details"], usageDetail("input", "prompt_tokens", "input_tokens", "promptTokens")),
  attr("usage.output", "sightline", [SL.usageOutput], asCount),
  attr("usage.output", "gen_ai", ["gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens"], asCount),
  attr("usage.output", "openinference", ["llm.token_count.completion"], asCount),
  attr("usage.output", "vercel_ai", ["ai.usage.outputTokens", "ai.usage.completionTokens"], asCount),
  attr("usage.output", "langfuse", ["langfuse.observation.usage_details"], usageDetail("output", "completion_tokens", "output_tokens", "completionTokens")),
  attr("usage.total", "sightline", [SL.usageTotal], asCount),
  attr("usage.total", "gen_ai", ["gen_ai.usage.total_tokens"], asCount),
  attr("usage.total", "openinference", ["llm.token_count.total"], asCount),
  attr("usage.total", "openllmetry", ["llm.usage.total_tokens"], asCount),
  attr("usage.total", "vercel_ai", ["ai.usage.totalTokens"], asCount),
  attr("usage.total", "langfuse", ["langfuse.observation.usage_details"], usageDetail("total", "total_tokens", "totalTokens")),
  attr("usage.cacheRead", "sightline", [SL.usageCacheRead], asCount),
  attr("usage.cacheRead", "gen_ai", ["gen_ai.usage.cache_read.input_tokens"], asCount),
  attr("usage.cacheRead", "openinference", ["llm.token_count.prompt_details.cache_read"], asCount),
  attr("usage.cacheRead", "openllmetry", ["gen_ai.usage.cache_read_input_tokens"], asCount),
  attr("usage.cacheRead", "vercel_ai", ["ai.usage.cachedInputTokens", "ai.usage.inputTokenDetails.cacheReadTokens"], asCount),
  attr(
    "usage.cacheRead",
    "langfuse",
    ["langfuse.observation.usage_details"],
    usageDetail("cache_read_input_tokens", "input_cached_tokens", "input_cache_read", "cached_tokens"),
  ),
  attr("usage.reasoning", "sightline", [SL.usageReasoning], asCount),
  attr("usage.reasoning", "gen_ai", ["gen_ai.usage.reasoning.output_tokens"], asCount),
  attr("usage.reasoning", "openinference", ["llm.token_count.completion_details.reasoning"], asCount),
  attr("usage.reasoning", "openllmetry", ["gen_ai.usage.reasoning_tokens", "llm.usage.reasoning_tokens"], asCount),
  attr("usage.reasoning", "vercel_ai", ["ai.usage.reasoningTokens", "ai.usage.outputTokenDetails.reasoningTokens"], asCount),
  attr(
    "usage.reasoning",
    "langfuse",
    ["langfuse.observation.usage_details"],
    usageDetail("output_reasoning_tokens", "reasoning_tokens", "output_reasoning"),
  ),
  attr("usage.cacheCreation", "gen_ai", ["gen_ai.usage.cache_creation.input_tokens"], asCount),
  attr("usage.cacheCreation", "openinference", ["llm.token_count.prompt_details.cache_write"], asCount),
  attr("usage.cacheCreation", "openllmetry", ["gen_ai.usage.cache_creation_input_tokens"], asCount),
  attr("usage.cacheCreation", "vercel_ai", ["ai.usage.inputTokenDetails.cacheWriteTokens"], asCount),
  attr(
    "usage.cacheCreation",
    "langfuse",
    ["langfuse.observation.usage_details"],
    usageDetail("cache_creation_input_tokens", "input_cache_creation", "input_cache_write"),
  ),

  // cost (USD)
  attr("cost", "sightline", [SL.cost], nonNegative),
  attr("cost", "gen_ai", ["gen_ai.usage.cost"], nonNegative),
  derived("cost", "openinference", ["llm.cost.total", "llm.cost.prompt", "llm.cost.completion"], openInferenceCost),
  attr("cost", "langfuse", ["langfuse.observation.cost_details"], langfuseCostTotal),

  // request parameters
  attr("modelParameters", "sightline", [SL.modelParameters], objectOf),
  derived("modelParameters", "gen_ai", ["gen_ai.request.*", "gen_ai.output.type", "gen_ai.tool.definitions"], genAiRequestParameters),
  attr("modelParameters", "openinference", ["llm.invocation_parameters"], objectOf),
  derived("modelParameters", "vercel_ai", ["ai.settings.*"], ({ span }) => vercelSettings(span)),
  attr("modelParameters", "langfuse", ["langfuse.observation.model.parameters"], objectOf),

  // input (never an output key here: outputs must not land in input)
  attr("input", "sightline", [SL.input], encodedValue),
  attr("input", "sightline", [SL.retrievalQuery], jsonValue),
  derived("input", "gen_ai", ["gen_ai.input.messages", "gen_ai.system_instructions"], genAiInput),
  attr("input", "gen_ai", ["gen_ai.retrieval.query.text", "gen_ai.tool.call.arguments"], jsonValue),
  attr("input", "gen_ai", ["gen_ai.prompt"], messagesOrValue),
  derived("input", "gen_ai", [`event ${OPERATION_DETAILS_EVENT}`], genAiDetailsEvent((attrs) => genAiInput({ span: attrs }))),
  derived("input", "gen_ai", ["event gen_ai.{system,user,assistant,tool}.message"], ({ events }) =>
    events.length === 0 ? undefined : eventInputMessages(events),
  ),
  derived("input", "gen_ai", ["event gen_ai.content.prompt"], eventValue("gen_ai.content.prompt", "gen_ai.prompt", messagesOrValue)),
  derived("input", "openinference", ["llm.input_messages.<i>.message.*"], ({ span }) =>
    hasPrefix(span, "llm.input_messages.") ? openInferenceMessages(span, "llm.input_messages.") : undefined,
  ),
  derived("input", "openinference", ["embedding.embeddings.<i>.embedding.text"], openInferenceEmbeddingTexts),
  derived("input", "openinference", ["input.value", "input.mime_type"], openInferenceValue("input.value", "input.mime_type")),
  attr("input", "openinference", ["reranker.query"], jsonValue),
  derived("input", "openllmetry", ["gen_ai.prompt.<i>.*"], ({ span }) =>
    hasPrefix(span, "gen_ai.prompt.") ? openLlmetryMessages(span, "gen_ai.prompt.") : undefined,
  ),
  attr("input", "openllmetry", ["traceloop.entity.input"], encodedValue),
  derived("input", "vercel_ai", ["ai.prompt.messages", "ai.prompt"], ({ span }) => vercelInput(span)),
  attr("input", "vercel_ai", ["ai.toolCall.args"], jsonValue),
  attr("input", "vercel_ai", ["ai.value", "ai.values"], vercelEmbeddingValues),
  attr("input", "langfuse", ["langfuse.observation.input"], encodedValue),

  // output (never an input key here)
  attr("output", "sightline", [SL.output], encodedValue),
  attr("output", "gen_ai", ["gen_ai.output.messages"], messagesOrValue),
  attr("output", "gen_ai", ["gen_ai.tool.call.result"], jsonValue),
  attr("output", "gen_ai", ["gen_ai.completion"], messagesOrValue),
  derived("output", "gen_ai", [`event ${OPERATION_DETAILS_EVENT}`], genAiDetailsEvent((attrs) => messagesOrValueOf(attrs["gen_ai.output.messages"]))),
  derived("output", "gen_ai", ["event gen_ai.choice"], ({ events }) => (events.length === 0 ? undefined : eventChoiceMessages(events))),
  derived("output", "gen_ai", ["event gen_ai.content.completion"], eventValue("gen_ai.content.completion", "gen_ai.completion", messagesOrValue)),
  derived("output", "openinference", ["llm.output_messages.<i>.message.*"], ({ span }) =>
    hasPrefix(span, "llm.output_messages.") ? openInferenceMessages(span, "llm.output_messages.") : undefined,
  ),
  derived("output", "openinference", ["output.value", "output.mime_type"], openInferenceValue("output.value", "output.mime_type")),
  derived("output", "openllmetry", ["gen_ai.completion.<i>.*"], ({ span }) =>
    hasPrefix(span, "gen_ai.completion.") ? openLlmetryMessages(span, "gen_ai.completion.") : undefined,
  ),
  attr("output", "openllmetry", ["traceloop.entity.output"], encodedValue),
  derived("output", "vercel_ai", ["ai.response.text", "ai.response.toolCalls", "ai.response.object"], ({ span }) => vercelOutput(span)),
  attr("output", "vercel_ai", ["ai.toolCall.result"], jsonValue),
  attr("output", "langfuse", ["langfuse.observation.output"], encodedValue),

  // retrieved documents
  attr("documents", "sightline", [SL.retrievalDocuments], documentsOf),
  attr("documents", "gen_ai", ["gen_ai.retrieval.documents"], documentsOf),
  derived("documents", "openinference", ["retrieval.documents.<i>.document.*"], ({ span }) =>
    hasPrefix(span, "retrieval.documents.") ? openInferenceDocuments(span, "retrieval.documents.") : undefined,
  ),
  derived("documents", "openinference", ["reranker.output_documents.<i>.document.*"], ({ span }) =>
    hasPrefix(span, "reranker.output_documents.") ? openInferenceDocuments(span, "reranker.output_documents.") : undefined,
  ),
  derived("documents", "langfuse", ["langfuse.observation.output", "langfuse.observation.type = retriever"], ({ span }) =>
    asString(span["langfuse.observation.type"])?.toLowerCase() === "retriever" ? documentsOf(span["langfuse.observation.output"]!) : undefined,
  ),

  // evaluations
  derived("evaluations", "gen_ai", ["event gen_ai.evaluation.result"], ({ events }) =>
    events.length === 0 ? undefined : eventEvaluations(events),
  ),

  // prompt
  derived("prompt", "openinference", ["llm.prompt_template.template", "llm.prompt_template.version", "llm.prompt_template.variables"], ({ span }) => openInferencePrompt(span)),
  derived("prompt", "langfuse", ["langfuse.observation.prompt.name", "langfuse.observation.prompt.version"], ({ span }) => langfusePrompt(span)),

  // trace-level attributes (span first, then the resource, for each key)
  attr("userId", "sightline", [SL.userId], asString, "span+resource"),
  derived("userId", "langfuse", ["user.id (on a Langfuse observation)"], langfuseShared("user.id"), ["langfuse"]),
  attr("userId", "openinference", ["user.id"], asString, "span+resource"),
  attr("userId", "openllmetry", ["traceloop.association.properties.user_id"], asString),
  attr("userId", "vercel_ai", ["ai.telemetry.metadata.userId"], asString),
  attr("userId", "otel", ["enduser.id"], asString, "span+resource"),
  attr("sessionId", "sightline", [SL.sessionId], asString, "span+resource"),
  attr("sessionId", "gen_ai", ["gen_ai.conversation.id"], asString),
  derived("sessionId", "langfuse", ["session.id (on a Langfuse observation)"], langfuseShared("session.id"), ["langfuse"]),
  attr("sessionId", "openinference", ["session.id"], asString, "span+resource"),
  attr("sessionId", "openllmetry", ["traceloop.association.properties.session_id"], asString),
  attr("sessionId", "vercel_ai", ["ai.telemetry.metadata.sessionId"], asString),
  attr("release", "sightline", [SL.release], asString, "span+resource"),
  attr("release", "langfuse", ["langfuse.release"], asString, "span+resource"),
  attr("version", "sightline", [SL.version], asString, "span+resource"),
  attr("version", "langfuse", ["langfuse.version"], asString, "span+resource"),
  attr("version", "otel", ["service.version"], asString, "resource"),
  attr("environment", "sightline", [SL.environment], asString, "span+resource"),
  attr("environment", "langfuse", ["langfuse.environment"], asString, "span+resource"),
  attr("environment", "otel", ["deployment.environment.name", "deployment.environment"], asString, "resource"),
  attr("tags", "sightline", [SL.tags], asStringArray, "span+resource"),
  attr("tags", "openinference", ["tag.tags"], asStringArray, "span+resource"),
  attr("tags", "vercel_ai", ["ai.telemetry.metadata.tags"], asStringArray),
  attr("tags", "langfuse", ["langfuse.trace.tags"], asStringArray, "span+resource"),
];

const RULES_BY_FIELD = new Map<MappedField, AnyRule[]>();
for (const rule of MAPPING_TABLE) {
  const list = RULES_BY_FIELD.get(rule.field);
  if (list) list.push(rule);
  else RULES_BY_FIELD.set(rule.field, [rule]);
}

/** The first non-empty value for a field, and the convention that supplied it. */
export function resolveField<F extends MappedField>(
  field: F,
  context: RuleContext,
): { value: MappedValues[F]; convention: Convention; keys: readonly string[] } | undefined {
  const rules = RULES_BY_FIELD.get(field) as MappingRule<F>[] | undefined;
  if (!rules) return undefined;
  for (const rule of rules) {
    if (rule.gate && !gateOpen(rule.gate, context)) continue;
    const value = rule.read(context);
    if (!isEmptyValue(value)) return { value: value as MappedValues[F], convention: rule.convention, keys: rule.keys };
  }
  return undefined;
}
