import type { SpanPrompt } from "../model/span";
import type { AttributeMap } from "../otlp/types";
import { asObject, asString } from "./values";

/**
 * OpenInference prompt templates: `llm.prompt_template.{template,version,variables}`
 * (variables as JSON text or a map), and the unnested `llm.prompt_template` /
 * `llm.prompt_template_variables` some instrumentations write. Unparseable variables are left
 * to the attributes, where they stay anyway.
 */
export function openInferencePrompt(span: AttributeMap): SpanPrompt | undefined {
  return promptOf({
    template: asString(span["llm.prompt_template.template"] ?? span["llm.prompt_template"]),
    version: asString(span["llm.prompt_template.version"]),
    variables: asObject(span["llm.prompt_template.variables"] ?? span["llm.prompt_template_variables"]),
  });
}

/** Langfuse's managed prompts: `langfuse.observation.prompt.{name,version}` (the version is a number there). */
export function langfusePrompt(span: AttributeMap): SpanPrompt | undefined {
  return promptOf({ name: asString(span["langfuse.observation.prompt.name"]), version: asString(span["langfuse.observation.prompt.version"]) });
}

function promptOf(parts: SpanPrompt): SpanPrompt | undefined {
  const prompt: SpanPrompt = {};
  if (parts.name) prompt.name = parts.name;
  if (parts.version) prompt.version = parts.version;
  if (parts.template) prompt.template = parts.template;
  if (parts.variables && Object.keys(parts.variables).length > 0) prompt.variables = parts.variables;
  return Object.keys(prompt).length > 0 ? prompt : undefined;
}
