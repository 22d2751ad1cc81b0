/** The request body cannot be decoded as an OTLP trace request; `message` says why. */
export class OtlpDecodeError extends Error {
  override readonly name = "OtlpDecodeError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
