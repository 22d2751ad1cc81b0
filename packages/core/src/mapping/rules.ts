import type { Convention, RetrievedDocument, SpanKind } from "../model/span";
import { SL } from "../model/sightline-attributes";
import type { AttributeMap, AttributeValue } from "../otlp/types";
import { openInferenceDocuments, toDocuments } from "./documents";
import { hasPrefix } from "./indexed";
import {
  genAiOperationKind,
  langfuseObservationKind,
  llmRequestTypeKind,
  openInferenceKind,
  sightlineKind,
  traceloopSpanKind,
} from "./kinds";
import { openInferenceMessages, openLlmetryMessages, systemInstructionsMessage, toChatMessages } from "./messages";
import { asCount, asNumber, asObject, asString, asStringArray, isEmptyValue, parseJsonLoose, parseJsonStrict } from "./values";

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
}
export type MappedField = keyof MappedValues;

export interface RuleContext {
  span: AttributeMap;
  resource: AttributeMap;
}

export interface MappingRule<F extends MappedField = MappedField> {
  field: F;
  convention: Convention;
  /** The attribute keys the rule reads, for documentation (`<i>` marks a list index). */
  keys: readonly string[];
  read(context: RuleContext): MappedValues[F] | undefined;
}
type AnyRule = { [F in MappedField]: MappingRule<F> }[MappedField];

type Where = "span" | "span+resource" | "resource";

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
): MappingRule<F> {
  return { field, convention, keys, read };
}

const messagesOrValue = (v: AttributeValue): unknown => toChatMessages(v) ?? parseJsonLoose(v);
const jsonValue = (v: AttributeValue): unknown => parseJsonLoose(v);
/** Our SDK and Langfuse's JSON-encode every value (a string keeps its quotes). */
const encodedValue = (v: AttributeValue): unknown => toChatMessages(v) ?? parseJsonStrict(v);
const documentsOf = (v: AttributeValue): RetrievedDocument[] | undefined => toDocuments(v);
const objectOf = (v: AttributeValue): Record<string, unknown> | undefined => asObject(v);
const fromObject =
  (field: string) =>
  (v: AttributeValue): number | undefined =>
    asCount(asObject(v)?.[field]);

/** gen_ai.input.messages with gen_ai.system_instructions as a leading system message. */
function genAiInput({ span }: RuleContext): unknown {
  const raw = span["gen_ai.input.messages"];
  const instructions = span["gen_ai.system_instructions"];
  const messages = raw === undefined ? undefined : toChatMessages(raw);
  const system = instructions === undefined ? undefined : systemInstructionsMessage(instructions);
  if (messages || system) return system ? [system, ...(messages ?? [])] : messages;
  return raw === undefined ? undefined : parseJsonLoose(raw);
}

/** gen_ai.request.* except the model: temperature, top_p, max_tokens, stop_sequences, … */
function genAiRequestParameters({ span }: RuleContext): Record<string, unknown> | undefined {
  const prefix = "gen_ai.request.";
  let out: Record<string, unknown> | undefined;
  for (const key in span) {
    if (!key.startsWith(prefix) || key === "gen_ai.request.model") continue;
    (out ??= {})[key.slice(prefix.length)] = span[key];
  }
  return out;
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

const nonNegative = (v: AttributeValue): number | undefined => {
  const n = asNumber(v);
  return n !== undefined && n >= 0 ? n : undefined;
};

/**
 * The mapping table. For each canonical field the rules are tried in this order and the
 * first non-empty value wins; `mappedFrom[field]` records the rule's convention.
 * Order of conventions: sightline (our SDK) → OTel GenAI → OpenInference → OpenLLMetry →
 * Langfuse → plain OTel (resource attributes).
 */
export const MAPPING_TABLE: readonly AnyRule[] = [
  // kind
  attr("kind", "sightline", [SL.kind], sightlineKind),
  attr("kind", "gen_ai", ["gen_ai.operation.name"], genAiOperationKind),
  attr("kind", "openinference", ["openinference.span.kind"], openInferenceKind),
  attr("kind", "openllmetry", ["traceloop.span.kind"], traceloopSpanKind),
  attr("kind", "openllmetry", ["llm.request.type"], llmRequestTypeKind),
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
  attr("model", "langfuse", ["langfuse.observation.model.name"], asString),
  attr("provider", "sightline", [SL.provider], asString),
  attr("provider", "gen_ai", ["gen_ai.provider.name", "gen_ai.system"], asString),
  attr("provider", "openinference", ["llm.provider", "llm.system"], asString),

  // usage
  attr("usage.input", "sightline", [SL.usageInput], asCount),
  attr("usage.input", "gen_ai", ["gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens"], asCount),
  attr("usage.input", "openinference", ["llm.token_count.prompt"], asCount),
  attr("usage.input", "langfuse", ["langfuse.observation.usage_details"], fromObject("input")),
  attr("usage.output", "sightline", [SL.usageOutput], asCount),
  attr("usage.output", "gen_ai", ["gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens"], asCount),
  attr("usage.output", "openinference", ["llm.token_count.completion"], asCount),
  attr("usage.output", "langfuse", ["langfuse.observation.usage_details"], fromObject("output")),
  attr("usage.total", "sightline", [SL.usageTotal], asCount),
  attr("usage.total", "gen_ai", ["gen_ai.usage.total_tokens"], asCount),
  attr("usage.total", "openinference", ["llm.token_count.total"], asCount),
  attr("usage.total", "openllmetry", ["llm.usage.total_tokens"], asCount),
  attr("usage.total", "langfuse", ["langfuse.observation.usage_details"], fromObject("total")),
  attr("usage.cacheRead", "sightline", [SL.usageCacheRead], asCount),
  attr("usage.cacheRead", "gen_ai", ["gen_ai.usage.cache_read.input_tokens"], asCount),
  attr("usage.cacheRead", "openinference", ["llm.token_count.prompt_details.cache_read"], asCount),
  attr("usage.cacheRead", "openllmetry", ["gen_ai.usage.cache_read_input_tokens"], asCount),
  attr("usage.reasoning", "sightline", [SL.usageReasoning], asCount),
  attr("usage.reasoning", "gen_ai", ["gen_ai.usage.reasoning.output_tokens"], asCount),
  attr("usage.reasoning", "openinference", ["llm.token_count.completion_details.reasoning"], asCount),
  attr("usage.reasoning", "openllmetry", ["gen_ai.usage.reasoning_tokens", "llm.usage.reasoning_tokens"], asCount),

  // cost (USD)
  attr("cost", "sightline", [SL.cost], nonNegative),
  attr("cost", "gen_ai", ["gen_ai.usage.cost"], nonNegative),
  attr("cost", "openinference", ["llm.cost.total"], nonNegative),
  attr("cost", "langfuse", ["langfuse.observation.cost_details"], langfuseCostTotal),

  // request parameters
  attr("modelParameters", "sightline", [SL.modelParameters], objectOf),
  derived("modelParameters", "gen_ai", ["gen_ai.request.*"], genAiRequestParameters),
  attr("modelParameters", "openinference", ["llm.invocation_parameters"], objectOf),
  attr("modelParameters", "langfuse", ["langfuse.observation.model.parameters"], objectOf),

  // input (never an output key here: outputs must not land in input)
  attr("input", "sightline", [SL.input], encodedValue),
  attr("input", "sightline", [SL.retrievalQuery], jsonValue),
  derived("input", "gen_ai", ["gen_ai.input.messages", "gen_ai.system_instructions"], genAiInput),
  attr("input", "gen_ai", ["gen_ai.retrieval.query.text", "gen_ai.tool.call.arguments"], jsonValue),
  attr("input", "gen_ai", ["gen_ai.prompt"], messagesOrValue),
  derived("input", "openinference", ["llm.input_messages.<i>.message.*"], ({ span }) =>
    hasPrefix(span, "llm.input_messages.") ? openInferenceMessages(span, "llm.input_messages.") : undefined,
  ),
  derived("input", "openinference", ["input.value", "input.mime_type"], openInferenceValue("input.value", "input.mime_type")),
  attr("input", "openinference", ["reranker.query"], jsonValue),
  derived("input", "openllmetry", ["gen_ai.prompt.<i>.*"], ({ span }) =>
    hasPrefix(span, "gen_ai.prompt.") ? openLlmetryMessages(span, "gen_ai.prompt.") : undefined,
  ),
  attr("input", "openllmetry", ["traceloop.entity.input"], jsonValue),
  attr("input", "langfuse", ["langfuse.observation.input"], encodedValue),

  // output (never an input key here)
  attr("output", "sightline", [SL.output], encodedValue),
  attr("output", "gen_ai", ["gen_ai.output.messages"], messagesOrValue),
  attr("output", "gen_ai", ["gen_ai.tool.call.result"], jsonValue),
  attr("output", "gen_ai", ["gen_ai.completion"], messagesOrValue),
  derived("output", "openinference", ["llm.output_messages.<i>.message.*"], ({ span }) =>
    hasPrefix(span, "llm.output_messages.") ? openInferenceMessages(span, "llm.output_messages.") : undefined,
  ),
  derived("output", "openinference", ["output.value", "output.mime_type"], openInferenceValue("output.value", "output.mime_type")),
  derived("output", "openllmetry", ["gen_ai.completion.<i>.*"], ({ span }) =>
    hasPrefix(span, "gen_ai.completion.") ? openLlmetryMessages(span, "gen_ai.completion.") : undefined,
  ),
  attr("output", "openllmetry", ["traceloop.entity.output"], jsonValue),
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

  // trace-level attributes (span first, then the resource, for each key)
  attr("userId", "sightline", [SL.userId], asString, "span+resource"),
  attr("userId", "openinference", ["user.id"], asString, "span+resource"),
  attr("userId", "openllmetry", ["traceloop.association.properties.user_id"], asString),
  attr("userId", "otel", ["enduser.id"], asString, "span+resource"),
  attr("sessionId", "sightline", [SL.sessionId], asString, "span+resource"),
  attr("sessionId", "gen_ai", ["gen_ai.conversation.id"], asString),
  attr("sessionId", "openinference", ["session.id"], asString, "span+resource"),
  attr("sessionId", "openllmetry", ["traceloop.association.properties.session_id"], asString),
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
    const value = rule.read(context);
    if (!isEmptyValue(value)) return { value: value as MappedValues[F], convention: rule.convention, keys: rule.keys };
  }
  return undefined;
}
