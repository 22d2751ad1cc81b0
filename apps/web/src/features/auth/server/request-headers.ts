/** What these helpers read: Headers, or the read-only headers of a Next request. */
export type HeaderSource = Pick<Headers, "get">;

/**
 * Whether the browser reached us over https: directly or through a TLS-terminating proxy
 * (X-Forwarded-Proto, else RFC 7239 Forwarded), else the scheme of the Origin the form was
 * posted from. Decides the session cookie's Secure flag: plain-http localhost must still
 * be able to log in, and a proxy's word wins over what the browser says.
 */
export function requestIsHttps(headers: HeaderSource): boolean {
  const forwardedProto = headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  if (forwardedProto) return forwardedProto === "https";
  const forwarded = headers.get("forwarded")?.split(",")[0]?.match(/(?:^|;)\s*proto="?([a-z]+)"?/i)?.[1];
  if (forwarded) return forwarded.toLowerCase() === "https";
  return headers.get("origin")?.toLowerCase().startsWith("https://") ?? false;
}

/** The client's address as the nearest proxy reports it, or undefined (direct connection). */
export function clientAddress(headers: HeaderSource): string | undefined {
  return headers.get("x-forwarded-for")?.split(",")[0]?.trim() || headers.get("x-real-ip")?.trim() || undefined;
}
