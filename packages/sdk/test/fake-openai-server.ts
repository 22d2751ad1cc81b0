import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local OpenAI-compatible HTTP server for the `wrapOpenAI` tests, answering like the real
 * API (JSON bodies, SSE streams ending in `data: [DONE]`, error objects). What it answers
 * depends on the request: model "missing-model" → 404 error; `tools` → a tool call;
 * `stream: true` → SSE chunks "Hel" + "lo", with a usage chunk when include_usage is set.
 */
export class FakeOpenAIServer {
  readonly requests: Array<{ path: string; body: Record<string, unknown> }> = [];
  private server!: http.Server;
  url = "";

  static async start(): Promise<FakeOpenAIServer> {
    const fake = new FakeOpenAIServer();
    fake.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as Record<string, unknown>;
        fake.requests.push({ path: req.url ?? "", body });
        fake.answer(req.url ?? "", body, res);
      });
    });
    await new Promise<void>((resolve) => fake.server.listen(0, "127.0.0.1", resolve));
    fake.url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}/v1`;
    return fake;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private answer(path: string, body: Record<string, unknown>, res: http.ServerResponse): void {
    if (body.model === "missing-model") {
      res.writeHead(404, { "content-type": "application/json", "x-request-id": "req_missing" });
      res.end(JSON.stringify({ error: { message: "The model `missing-model` does not exist", type: "invalid_request_error", code: "model_not_found" } }));
      return;
    }
    if (path === "/v1/chat/completions") return body.stream ? this.chatStream(body, res) : this.json(res, chatCompletion(body));
    if (path === "/v1/responses") return body.stream ? this.responsesStream(body, res) : this.json(res, response(body));
    res.writeHead(404).end();
  }

  private json(res: http.ServerResponse, value: unknown): void {
    res.writeHead(200, { "content-type": "application/json", "x-request-id": "req_123" });
    res.end(JSON.stringify(value));
  }

  private sse(res: http.ServerResponse, events: unknown[]): void {
    res.writeHead(200, { "content-type": "text/event-stream" });
    for (const event of events) res.write(`data: ${JSON.stringify(event)}\n\n`);
    res.end("data: [DONE]\n\n");
  }

  private chatStream(body: Record<string, unknown>, res: http.ServerResponse): void {
    const base = { id: "chatcmpl-stream", object: "chat.completion.chunk", created: 1, model: `${body.model}-2024` };
    const events: unknown[] = [{ ...base, choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }] }];
    if (body.tools) {
      events.push({ ...base, choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id: "call_1", type: "function", function: { name: "get_weather", arguments: "" } }] }, finish_reason: null }] });
      events.push({ ...base, choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] }, finish_reason: null }] });
      events.push({ ...base, choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] }, finish_reason: null }] });
      events.push({ ...base, choices: [{ index: 0, delta: {}, finish_reason: "tool_calls" }] });
    } else {
      events.push({ ...base, choices: [{ index: 0, delta: { content: "Hel" }, finish_reason: null }] });
      events.push({ ...base, choices: [{ index: 0, delta: { content: "lo" }, finish_reason: null }] });
      events.push({ ...base, choices: [{ index: 0, delta: {}, finish_reason: "stop" }] });
    }
    const streamOptions = body.stream_options as { include_usage?: boolean } | undefined;
    if (streamOptions?.include_usage) {
      events.push({ ...base, choices: [], usage: { prompt_tokens: 11, completion_tokens: 2, total_tokens: 13, prompt_tokens_details: { cached_tokens: 4 } } });
    }
    this.sse(res, events);
  }

  private responsesStream(body: Record<string, unknown>, res: http.ServerResponse): void {
    const final = response(body);
    this.sse(res, [
      { type: "response.created", sequence_number: 0, response: { ...final, status: "in_progress", output: [], usage: null } },
      { type: "response.output_text.delta", sequence_number: 1, item_id: "msg_1", output_index: 0, content_index: 0, delta: "Bon" },
      { type: "response.output_text.delta", sequence_number: 2, item_id: "msg_1", output_index: 0, content_index: 0, delta: "jour" },
      { type: "response.completed", sequence_number: 3, response: final },
    ]);
  }
}

function chatCompletion(body: Record<string, unknown>): unknown {
  const message = body.tools
    ? { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } }] }
    : { role: "assistant", content: "Hello there" };
  return {
    id: "chatcmpl-1",
    object: "chat.completion",
    created: 1,
    model: `${body.model}-2024`,
    choices: [{ index: 0, message, finish_reason: body.tools ? "tool_calls" : "stop", logprobs: null }],
    usage: { prompt_tokens: 20, completion_tokens: 5, total_tokens: 25, completion_tokens_details: { reasoning_tokens: 1 } },
  };
}

function response(body: Record<string, unknown>): Record<string, unknown> {
  return {
    id: "resp_1",
    object: "response",
    created_at: 1,
    status: "completed",
    model: `${body.model}-2024`,
    output: [{ type: "message", id: "msg_1", status: "completed", role: "assistant", content: [{ type: "output_text", text: "Bonjour", annotations: [] }] }],
    usage: { input_tokens: 9, output_tokens: 3, total_tokens: 12, input_tokens_details: { cached_tokens: 2 }, output_tokens_details: { reasoning_tokens: 0 } },
    error: null,
  };
}
