/**
 * The request body cannot be decoded as an OTLP request; `message` says why and `field`
 * (when known) names the offending part, e.g. `resourceSpans[0].scopeSpans`.
 */
export class OtlpDecodeError extends Error {
  override readonly name = "OtlpDecodeError";
  readonly field: string | undefined;
  constructor(message: string, options?: { cause?: unknown; field?: string }) {
    super(message, options);
    this.field = options?.field;
  }
}
