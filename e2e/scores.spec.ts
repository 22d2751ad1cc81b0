import { expect, test } from "@playwright/test";
import { E2E } from "../playwright.config";

// An application flags a trace and one of its spans through the scores API; the person
// reading the trace sees both, with the comment shown as text.

const traceId = "5c0e5c0e5c0e5c0e5c0e5c0e5c0e5c0e";
const rootId = "5c0e000000000001";
const childId = "5c0e000000000002";

function otlpTrace() {
  const endNs = BigInt(Date.now()) * 1_000_000n;
  const span = (spanId: string, name: string, parentSpanId?: string) => ({
    traceId,
    spanId,
    ...(parentSpanId ? { parentSpanId } : {}),
    name,
    kind: 1,
    startTimeUnixNano: String(endNs - 20_000_000n),
    endTimeUnixNano: String(endNs),
  });
  return { resourceSpans: [{ scopeSpans: [{ spans: [span(rootId, "support-answer"), span(childId, "lookup-order", rootId)] }] }] };
}

test("scores posted through the API show on the trace and on their span", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill(E2E.email);
  await page.getByLabel("Password").fill(E2E.password);
  await page.getByRole("button", { name: /sign in|log in/i }).click();
  await expect(page).toHaveURL(/\/project\/[^/]+\/traces/);
  const projectId = decodeURIComponent(/\/project\/([^/]+)\//.exec(page.url())![1]!);

  // A key for the application, created through the app's own tRPC API with this session.
  const created = await page.request.post("/api/trpc/apiKeys.create", { data: { projectId, name: "scores e2e" } });
  expect(created.ok()).toBe(true);
  const { publicKey, secretKey } = (await created.json()).result.data as { publicKey: string; secretKey: string };
  const authorization = `Basic ${Buffer.from(`${publicKey}:${secretKey}`).toString("base64")}`;

  const ingest = await page.request.post("/api/public/otel/v1/traces", { headers: { authorization }, data: otlpTrace() });
  expect(ingest.status()).toBe(200);

  const scored = await page.request.post("/api/public/scores", {
    headers: { authorization },
    data: {
      scores: [
        { traceId, name: "resolved", value: true, comment: "Customer said <b>thanks</b>" },
        { traceId, spanId: childId, name: "lookup-quality", value: "wrong-order", source: "eval" },
      ],
    },
  });
  expect(await scored.json()).toMatchObject({ accepted: 2, errors: [] });

  await page.goto(`/project/${encodeURIComponent(projectId)}/traces/${traceId}`);
  const traceScores = page.getByTestId("trace-scores");
  const resolved = traceScores.getByTestId("score").filter({ hasText: "resolved" });
  await expect(resolved.getByTestId("score-value")).toHaveText("✓ true");
  await expect(resolved).toContainText(publicKey);
  // Application text is text: the markup is shown, not rendered.
  await expect(resolved.getByTestId("score-comment")).toHaveText("Customer said <b>thanks</b>");
  await expect(resolved.locator("b")).toHaveCount(0);

  // The span-level score links to its span, whose panel lists it.
  const spanScore = traceScores.getByTestId("score").filter({ hasText: "lookup-quality" });
  await expect(spanScore.getByTestId("score-value")).toHaveText("wrong-order");
  await spanScore.getByRole("link", { name: /lookup-order/ }).click();
  const panel = page.getByTestId("span-panel");
  await expect(panel).toHaveAttribute("data-span-id", childId);
  await expect(panel.getByTestId("span-scores").getByTestId("score")).toHaveCount(1);
  await expect(panel.getByTestId("span-scores")).toContainText("lookup-quality");

  // The root span has none of its own.
  await page.getByTestId("span-tree-node").filter({ hasText: "support-answer" }).click();
  await expect(panel.getByTestId("span-scores")).toContainText("No scores on this span.");
});
