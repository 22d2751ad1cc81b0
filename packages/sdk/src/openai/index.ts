/**
 * `@sightline/sdk/openai`: traces calls made with the official `openai` package. Imports
 * nothing from `openai` (types are structural), so it adds no dependency.
 */
export { wrapOpenAI, type WrapOpenAIOptions } from "./wrap.js";
