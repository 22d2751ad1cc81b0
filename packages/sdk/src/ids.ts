const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

function randomHex(bytes: number): string {
  const buf = new Uint8Array(bytes);
  for (;;) {
    globalThis.crypto.getRandomValues(buf);
    let out = "";
    let zero = true;
    for (const b of buf) {
      out += HEX[b];
      if (b !== 0) zero = false;
    }
    if (!zero) return out; // all-zero ids are invalid in OTLP
  }
}

export const newTraceId = () => randomHex(16);
export const newSpanId = () => randomHex(8);
