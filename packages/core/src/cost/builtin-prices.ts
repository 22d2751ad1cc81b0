import type { ModelPrice } from "./model-price";

/**
 * The built-in price table: list prices of each vendor's own API, USD per million tokens,
 * matched against `normalizeModelName(model)`. The first matching entry wins, so a dated
 * snapshot with its own price comes before its family.
 *
 * Where a vendor prices long prompts higher (Gemini Pro over 200k, GPT-5.4 over 272k, …)
 * this table holds the default tier. Hosts that resell a model (Bedrock, Azure, Vertex,
 * Groq, …) may charge differently; a project override covers that.
 *
 * Sources (read through the `search` tool on 2026-11-24; each block names its own):
 * - [openai] developers.openai.com/api/docs/pricing as transcribed in simonw/llm-prices
 *   data/openai.json and in github/docs data/tables/copilot/models-and-pricing.yml (2026);
 *   older snapshots: hexdocs openai_responses pricing.ex (platform.openai.com/docs/pricing, 2025-06-03).
 * - [anthropic] platform.claude.com/docs/en/about-claude/pricing and docs.anthropic.com
 *   pricing (base input, 5m cache write, cache hit, output), model overview pages.
 * - [google] ai.google.dev pricing as transcribed in simonw/llm-prices data/google.json.
 * - [mistral] mistral.ai pricing as transcribed in simonw/llm-prices data/mistral.json.
 * - [meta] Llama via the Vercel AI Gateway page vercel.com/ai-gateway/models/llama-3.3-70b.
 * - [cohere] cohere.com/pricing (Command R, R7B; read 2026-11-11 by docs.flexprice.io and
 *   developer.puter.com); Command A / R+ 08-2024 per docs.cohere.com model pages as listed by getmaxim.ai.
 * - [deepseek] api-docs.deepseek.com/quick_start/pricing-details-usd (cache hit / miss / output).
 * - [xai] docs.x.ai models page as transcribed in simonw/llm-prices data/xai.json.
 */

/** Optional date/revision suffixes vendors append to a model name. */
const DATED = String.raw`(?:-(?:\d{4}-\d{2}-\d{2}|\d{8}|\d{2}-\d{4}|\d{4}|\d{3}|latest))?`;
/** Gemini preview/experimental builds share their family's price. */
const PREVIEW = String.raw`(?:-(?:preview|exp)(?:-[a-z0-9-]*)?)?`;
/** `4.5`, `4-5` and `4_5` are all seen for one version. */
const v = (version: string): string => version.replace(/\./g, "[.\\-_]");

type Rates = [input: number, output: number, cachedInput?: number | null, cacheCreation?: number | null];

function entry(provider: string, model: string, core: string, suffix: string, [input, output, cachedInput = null, cacheCreation = null]: Rates): ModelPrice {
  return {
    id: `builtin:${provider}/${model}`,
    source: "builtin",
    model,
    provider,
    matchType: "regex",
    pattern: `^(?:(?:${core})${suffix})$`,
    matchHint: core,
    input,
    output,
    cachedInput,
    cacheCreation,
    reasoning: null,
  };
}

const openai = (model: string, pattern: string, rates: Rates) => entry("openai", model, pattern, DATED, rates);
const anthropic = (model: string, pattern: string, rates: Rates) => entry("anthropic", model, pattern, DATED, rates);
const google = (model: string, pattern: string, rates: Rates) => entry("google", model, pattern, DATED + PREVIEW, rates);
const vendor = (provider: string) => (model: string, pattern: string, rates: Rates) => entry(provider, model, pattern, DATED, rates);
const mistral = vendor("mistral");
const meta = vendor("meta");
const cohere = vendor("cohere");
const deepseek = vendor("deepseek");
const xai = vendor("xai");

export const BUILTIN_MODEL_PRICES: readonly ModelPrice[] = [
  // ── OpenAI ──────────────────────────────────────────────────────────────────
  openai("gpt-5.5", v("gpt-5.5"), [5, 30, 0.5]),
  openai("gpt-5.4", v("gpt-5.4"), [2.5, 15, 0.25]),
  openai("gpt-5.4-mini", `${v("gpt-5.4")}-mini`, [0.75, 4.5, 0.075]),
  openai("gpt-5.4-nano", `${v("gpt-5.4")}-nano`, [0.2, 1.25, 0.02]),
  openai("gpt-5.2", `${v("gpt-5.2")}(?:-codex)?`, [1.75, 14, 0.175]),
  openai("gpt-5.1", `${v("gpt-5.1")}(?:-codex)?`, [1.25, 10, 0.125]),
  openai("gpt-5.1-codex-mini", `${v("gpt-5.1")}-codex-mini`, [0.25, 2, 0.025]),
  openai("gpt-5", "gpt-5(?:-chat)?", [1.25, 10, 0.125]),
  openai("gpt-5-mini", "gpt-5-mini", [0.25, 2, 0.025]),
  openai("gpt-5-nano", "gpt-5-nano", [0.05, 0.4, 0.005]),
  openai("gpt-5-pro", "gpt-5-pro", [15, 120]),
  openai("gpt-4.1", v("gpt-4.1"), [2, 8, 0.5]),
  openai("gpt-4.1-mini", `${v("gpt-4.1")}-mini`, [0.4, 1.6, 0.1]),
  openai("gpt-4.1-nano", `${v("gpt-4.1")}-nano`, [0.1, 0.4, 0.025]),
  openai("gpt-4o-2024-05-13", "gpt-4o-2024-05-13", [5, 15]),
  openai("gpt-4o", "gpt-4o", [2.5, 10, 1.25]),
  openai("gpt-4o-mini", "gpt-4o-mini", [0.15, 0.6, 0.075]),
  openai("chatgpt-4o-latest", "chatgpt-4o-latest", [5, 15]),
  openai("gpt-4.5", `${v("gpt-4.5")}(?:-preview)?`, [75, 150, 37.5]),
  openai("o4-mini", "o4-mini", [1.1, 4.4, 0.275]),
  openai("o3-mini", "o3-mini", [1.1, 4.4, 0.55]),
  openai("o3-pro", "o3-pro", [20, 80]),
  openai("o1-mini", "o1-mini", [1.1, 4.4, 0.55]),
  openai("o1-pro", "o1-pro", [150, 600]),
  openai("o1", "o1(?:-preview)?", [15, 60, 7.5]),
  openai("gpt-4-turbo", "gpt-4-turbo(?:-preview)?|gpt-4-\\d{4}-preview", [10, 30]),
  openai("gpt-4", "gpt-4", [30, 60]),
  // Azure names it gpt-35-turbo.
  openai("gpt-3.5-turbo", "gpt-3[.]?5-turbo", [0.5, 1.5]),
  openai("text-embedding-3-small", "text-embedding-3-small", [0.02, 0]),
  openai("text-embedding-3-large", "text-embedding-3-large", [0.13, 0]),
  openai("text-embedding-ada-002", "text-embedding-ada-002", [0.1, 0]),

  // ── Anthropic (cache hit = 0.1× input, 5-minute cache write = 1.25× input) ──
  anthropic("claude-fable-5", "claude-fable-5", [10, 50, 1, 12.5]),
  anthropic("claude-opus-5", "claude-opus-5", [5, 25, 0.5, 6.25]),
  anthropic("claude-opus-4.5 – 4.8", `claude-opus-4[.\\-_][5-8]`, [5, 25, 0.5, 6.25]),
  anthropic("claude-opus-4.1", `${v("claude-opus-4.1")}|claude-4[.\\-_]1-opus`, [15, 75, 1.5, 18.75]),
  anthropic("claude-opus-4", "claude-opus-4(?:-0)?|claude-4-opus", [15, 75, 1.5, 18.75]),
  anthropic("claude-sonnet-5", "claude-sonnet-5", [2, 10, 0.2, 2.5]),
  anthropic("claude-sonnet-4.5 / 4.6", `claude-sonnet-4[.\\-_][56]`, [3, 15, 0.3, 3.75]),
  anthropic("claude-sonnet-4", "claude-sonnet-4(?:-0)?|claude-4-sonnet", [3, 15, 0.3, 3.75]),
  anthropic("claude-3.7-sonnet", `${v("claude-3.7")}-sonnet`, [3, 15, 0.3, 3.75]),
  anthropic("claude-3.5-sonnet", `${v("claude-3.5")}-sonnet`, [3, 15, 0.3, 3.75]),
  anthropic("claude-haiku-4.5", `${v("claude-haiku-4.5")}|claude-4[.\\-_]5-haiku`, [1, 5, 0.1, 1.25]),
  anthropic("claude-3.5-haiku", `${v("claude-3.5")}-haiku`, [0.8, 4, 0.08, 1]),
  anthropic("claude-3-opus", "claude-3-opus", [15, 75, 1.5, 18.75]),
  anthropic("claude-3-sonnet", "claude-3-sonnet", [3, 15]),
  anthropic("claude-3-haiku", "claude-3-haiku", [0.25, 1.25, 0.03, 0.3]),

  // ── Google Gemini (default tier; cached = context-cache read) ──────────────
  google("gemini-3.1-pro", v("gemini-3.1-pro"), [2, 12]),
  google("gemini-3-pro", "gemini-3-pro", [2, 12]),
  google("gemini-3-flash", "gemini-3-flash", [0.5, 3]),
  google("gemini-2.5-pro", v("gemini-2.5-pro"), [1.25, 10, 0.125]),
  google("gemini-2.5-flash-lite", `${v("gemini-2.5-flash")}-lite`, [0.1, 0.4, 0.01]),
  google("gemini-2.5-flash", v("gemini-2.5-flash"), [0.3, 2.5, 0.03]),
  google("gemini-2.0-flash-lite", `${v("gemini-2.0-flash")}-lite`, [0.075, 0.3]),
  google("gemini-2.0-flash", v("gemini-2.0-flash"), [0.1, 0.4]),
  google("gemini-1.5-pro", v("gemini-1.5-pro"), [1.25, 5]),
  google("gemini-1.5-flash-8b", `${v("gemini-1.5-flash")}-8b`, [0.0375, 0.15]),
  google("gemini-1.5-flash", v("gemini-1.5-flash"), [0.075, 0.3]),

  // ── Mistral ─────────────────────────────────────────────────────────────────
  mistral("mistral-large", "mistral-large", [2, 6]),
  mistral("mistral-medium-3", "mistral-medium(?:-3)?", [0.4, 2]),
  mistral("mistral-small", "mistral-small", [0.1, 0.3]),
  mistral("magistral-medium", "magistral-medium", [2, 5]),
  mistral("codestral", "codestral", [0.3, 0.9]),
  mistral("mistral-nemo", "(?:open-)?mistral-nemo", [0.15, 0.15]),
  mistral("ministral-8b", "ministral-8b", [0.1, 0.1]),
  mistral("ministral-3b", "ministral-3b", [0.04, 0.04]),
  mistral("pixtral-large", "pixtral-large", [2, 6]),
  mistral("pixtral-12b", "pixtral-12b", [0.15, 0.15]),
  mistral("mixtral-8x22b", "(?:open-)?mixtral-8x22b(?:-instruct)?", [2, 6]),
  mistral("mixtral-8x7b", "(?:open-)?mixtral-8x7b(?:-instruct)?", [0.7, 0.7]),
  mistral("mistral-7b", "(?:open-)?mistral-7b(?:-instruct)?", [0.25, 0.25]),

  // ── Meta Llama ──────────────────────────────────────────────────────────────
  meta("llama-3.3-70b", "(?:meta-)?llama-?3[.\\-_]3-70b(?:-instruct|-versatile)?(?:-turbo)?", [0.72, 0.72]),

  // ── Cohere ──────────────────────────────────────────────────────────────────
  cohere("command-a", "command-a(?:-reasoning)?", [2.5, 10]),
  cohere("command-r-plus", "command-r-plus", [2.5, 10]),
  cohere("command-r7b", "command-r7b", [0.0375, 0.15]),
  cohere("command-r", "command-r", [0.15, 0.6]),

  // ── DeepSeek (cached = cache-hit input) ─────────────────────────────────────
  deepseek("deepseek-chat", "deepseek-chat", [0.27, 1.1, 0.07]),
  deepseek("deepseek-reasoner", "deepseek-reasoner", [0.55, 2.19, 0.14]),

  // ── xAI ─────────────────────────────────────────────────────────────────────
  xai("grok-4.6 / 4.7", `grok-4[.\\-_][67]`, [2, 6, 0.5]),
  xai("grok-4-fast", "grok-4-fast(?:-reasoning|-non-reasoning)?", [0.2, 0.5, 0.05]),
  xai("grok-code-fast-1", "grok-code-fast(?:-1)?", [0.2, 1.5, 0.02]),
  xai("grok-4", "grok-4(?:-0709)?", [3, 15, 0.75]),
  xai("grok-3-mini", "grok-3-mini(?:-fast)?", [0.3, 0.5, 0.075]),
  xai("grok-3", "grok-3", [3, 15, 0.75]),
];
