const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

function randomHex(byteCount: number): string {
  const bytes = new Uint8Array(byteCount);
  // An all-zero id is invalid in OTLP; getRandomValues returning one is astronomically rare, but cheap to rule out.
  do crypto.getRandomValues(bytes);
  while (bytes.every((b) => b === 0));
  let out = "";
  for (const b of bytes) out += HEX[b];
  return out;
}

/** 32 lowercase hex characters (16 random bytes). */
export const newTraceId = (): string => randomHex(16);
/** 16 lowercase hex characters (8 random bytes). */
export const newSpanId = (): string => randomHex(8);
