/** JSON error bodies of the public API: `{ error: { code, message, issues? } }`. */
export function apiError(status: number, code: string, message: string, issues?: unknown): Response {
  return Response.json({ error: { code, message, ...(issues ? { issues } : {}) } }, { status });
}
