import { expect, test, type Page } from "@playwright/test";
import { Sightline } from "@sightline/sdk";
import { E2E } from "../playwright.config";

// What a new user does: log in, create an API key, send a trace with the SDK, and read it.

async function logIn(page: Page) {
  await page.goto("/");
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel("Email").fill(E2E.email);
  await page.getByLabel("Password").fill(E2E.password);
  await page.getByRole("button", { name: /sign in|log in/i }).click();
  await expect(page).toHaveURL(/\/project\/[^/]+\/traces/);
}

test("a wrong password is refused with a message", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill(E2E.email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: /sign in|log in/i }).click();
  // (Next's route announcer is an empty role=alert too.)
  await expect(page.getByRole("alert").filter({ hasText: /invalid|incorrect/i })).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
});

test("log in, create a key, send a trace with the SDK, read it", async ({ page, baseURL }) => {
  await logIn(page);

  // A new project shows how to send the first trace.
  await expect(page.getByTestId("traces-empty-state")).toBeVisible();
  await expect(page.getByTestId("otlp-endpoint").first()).toContainText("/api/public/otel/v1/traces");

  // Create an API key; the secret is shown once.
  await page.getByTestId("api-keys-link").first().click();
  await expect(page).toHaveURL(/\/settings\/api-keys/);
  await page.getByRole("button", { name: /create/i }).first().click();
  await page.getByLabel(/name/i).fill("e2e key");
  await page.getByRole("dialog").getByRole("button", { name: /create/i }).click();
  const publicKey = (await page.getByTestId("new-public-key").textContent())!.trim();
  const secretKey = (await page.getByTestId("new-secret-key").textContent())!.trim();
  expect(publicKey).toMatch(/^pk-sl-/);
  expect(secretKey).toMatch(/^sk-sl-/);

  // Send a trace: a retrieval and a generation under one root.
  const sightline = new Sightline({ baseUrl: baseURL!, publicKey, secretKey });
  await sightline.trace(
    "answer-question",
    async () => {
      await sightline.retrieval(
        "search-docs",
        async (r) => {
          r.setDocuments([
            { id: "doc-high", content: "Sightline stores spans in ClickHouse.", score: 0.93 },
            { id: "doc-low", content: "Spans are immutable facts.", score: 0.41 },
          ]);
        },
        { query: "where are spans stored?" },
      );
      await sightline.generation(
        "llm-answer",
        async (g) => {
          g.update({ output: "They are stored in ClickHouse.", usage: { input: 42, output: 7 } });
        },
        {
          model: "gpt-4o-mini",
          provider: "openai",
          input: [
            { role: "system", content: "Answer from the documents." },
            { role: "user", content: "Where are spans stored?" },
          ],
        },
      );
    },
    { userId: "e2e-user", sessionId: "e2e-session" },
  );
  await sightline.shutdown();
  expect(sightline.stats().failed).toBe(0);

  // The trace appears in the list (ingest acknowledges only durable spans).
  await page.goto(page.url().replace(/\/settings\/api-keys.*/, "/traces"));
  const row = page.getByTestId("trace-row").filter({ hasText: "answer-question" });
  await expect(row).toBeVisible();
  await expect(row).toContainText("e2e-user");
  await row.click();

  // Detail: the tree holds all three spans.
  await expect(page.getByTestId("trace-name")).toContainText("answer-question");
  const nodes = page.getByTestId("span-tree-node");
  await expect(nodes).toHaveCount(3);

  // The generation's messages, rendered by role.
  await nodes.filter({ hasText: "llm-answer" }).click();
  const panel = page.getByTestId("span-panel");
  await expect(panel).toContainText("gpt-4o-mini");
  await expect(panel.getByTestId("chat-message-system")).toContainText("Answer from the documents.");
  await expect(panel.getByTestId("chat-message-user")).toContainText("Where are spans stored?");
  await expect(panel.getByTestId("chat-message-assistant")).toContainText("They are stored in ClickHouse.");

  // The retrieval's documents, in the retriever's ranking, with their scores.
  await nodes.filter({ hasText: "search-docs" }).click();
  const docs = panel.getByTestId("retrieval-document");
  await expect(docs).toHaveCount(2);
  await expect(docs.first()).toContainText("doc-high");
  await expect(docs.first().getByTestId("document-score")).toContainText("0.93");
  await expect(docs.nth(1)).toContainText("doc-low");

  // Any OpenTelemetry exporter (OTLP/JSON here): prompt-cache writes and evaluation results
  // reported with OTel GenAI names, and an OpenInference prompt template, are stored and shown,
  // with the convention that supplied them.
  const endNs = BigInt(Date.now()) * 1_000_000n;
  const attr = (key: string, value: Record<string, unknown>) => ({ key, value });
  const otelTraceId = "0e2e".repeat(8);
  const otlp = await fetch(`${baseURL}/api/public/otel/v1/traces`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Basic ${Buffer.from(`${publicKey}:${secretKey}`).toString("base64")}` },
    body: JSON.stringify({
      resourceSpans: [{
        resource: { attributes: [attr("service.name", { stringValue: "e2e-otel" })] },
        scopeSpans: [{
          scope: { name: "e2e" },
          spans: [{
            // An agent span repeating its model call's usage: trace totals count the call once.
            traceId: otelTraceId, spanId: "0e2e0e2e0e2e0e20", name: "invoke_agent support", kind: 1,
            startTimeUnixNano: String(endNs - 1_000_000_000n), endTimeUnixNano: String(endNs),
            attributes: [
              attr("gen_ai.operation.name", { stringValue: "invoke_agent" }),
              attr("gen_ai.usage.input_tokens", { intValue: "1200" }),
              attr("gen_ai.usage.output_tokens", { intValue: "80" }),
            ],
          }, {
            traceId: otelTraceId, spanId: "0e2e0e2e0e2e0e21", parentSpanId: "0e2e0e2e0e2e0e20", name: "chat claude-sonnet-4", kind: 3,
            startTimeUnixNano: String(endNs - 900_000_000n), endTimeUnixNano: String(endNs),
            attributes: [
              attr("gen_ai.operation.name", { stringValue: "chat" }),
              attr("gen_ai.request.model", { stringValue: "claude-sonnet-4" }),
              attr("gen_ai.usage.input_tokens", { intValue: "1200" }),
              attr("gen_ai.usage.output_tokens", { intValue: "80" }),
              attr("gen_ai.usage.cache_creation.input_tokens", { intValue: "1024" }),
              attr("llm.prompt_template.template", { stringValue: "Answer {question} from {documents}" }),
              attr("llm.prompt_template.version", { stringValue: "v3" }),
              attr("llm.prompt_template.variables", { stringValue: JSON.stringify({ question: "Where are spans stored?" }) }),
            ],
            events: [{
              name: "gen_ai.evaluation.result", timeUnixNano: String(endNs),
              attributes: [
                attr("gen_ai.evaluation.name", { stringValue: "faithfulness" }),
                attr("gen_ai.evaluation.score.value", { doubleValue: 0.82 }),
                attr("gen_ai.evaluation.score.label", { stringValue: "faithful" }),
                attr("gen_ai.evaluation.explanation", { stringValue: "<b>grounded</b> in doc-high" }),
              ],
            }],
          }],
        }],
      }],
    }),
  });
  expect(otlp.status).toBe(200);
  await page.goto(page.url().replace(/\/traces\/.*/, `/traces/${otelTraceId}`));
  await expect(page.getByTestId("trace-name")).toContainText("invoke_agent support");
  await expect(page.getByTestId("trace-header")).toContainText("1,280"); // not 2,560: the agent's usage is a rollup
  await page.getByTestId("span-tree-node").filter({ hasText: "invoke_agent support" }).click();
  await expect(page.getByTestId("span-usage-rollup")).toBeVisible();
  await page.getByTestId("span-tree-node").filter({ hasText: "chat claude-sonnet-4" }).click();
  const usage = page.getByTestId("span-usage");
  await expect(usage).toContainText("Cache write");
  await expect(page.getByTestId("span-usage-rollup")).toHaveCount(0);
  await expect(usage).toContainText("1,024");
  const evaluation = page.getByTestId("span-evaluation");
  await expect(evaluation).toHaveCount(1);
  await expect(evaluation).toContainText("faithfulness");
  await expect(evaluation).toContainText("0.820");
  await expect(evaluation).toContainText("faithful");
  await expect(evaluation).toContainText("<b>grounded</b> in doc-high"); // shown as text, not markup
  const prompt = page.getByTestId("span-prompt");
  await expect(prompt).toContainText("version v3");
  await expect(prompt).toContainText("Answer {question} from {documents}");
  await expect(prompt).toContainText("Where are spans stored?");
  await expect(page.getByTestId("span-mapped-from")).toContainText("cache-write tokens");
  await expect(page.getByTestId("span-mapped-from")).toContainText("prompt");
});
