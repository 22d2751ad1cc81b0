import { headers } from "next/headers";

/**
 * The origin the browser used to reach us (behind a proxy: X-Forwarded-Host/Proto), so
 * the empty state shows an endpoint that works from where the person is sitting.
 */
export async function requestOrigin(): Promise<string> {
  const h = await headers();
  const host = firstValue(h.get("x-forwarded-host")) ?? h.get("host") ?? "localhost:3000";
  const proto = firstValue(h.get("x-forwarded-proto")) ?? (isLocalHost(host) ? "http" : "https");
  return `${proto}://${host}`;
}

function firstValue(header: string | null): string | undefined {
  const first = header?.split(",")[0]?.trim();
  return first ? first : undefined;
}

function isLocalHost(host: string): boolean {
  return /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/.test(host);
}
