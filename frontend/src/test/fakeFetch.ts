// Test doubles: responses whose bodies arrive in the chunks a test chooses, and a fake fetch
// that records requests and answers them from a route table.

export function chunkedBody(chunks: Array<string | Uint8Array>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(typeof chunk === "string" ? encoder.encode(chunk) : chunk);
      controller.close();
    },
  });
}

/** A body that sends `chunks`, then waits until the request is aborted. */
export function hangingBody(chunks: string[], signal: AbortSignal | null | undefined): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      signal?.addEventListener("abort", () => controller.error(new DOMException("The user aborted a request.", "AbortError")));
    },
  });
}

export function jsonLines(...values: unknown[]): string {
  return values.map((value) => JSON.stringify(value)).join("\n") + "\n";
}

export function answerChunk(content: string, extra: Record<string, unknown> = {}) {
  return {
    id: "chatcmpl-1",
    model: "gpt-4o",
    created: 1,
    object: "chat.completion.chunk",
    choices: [{ messages: [{ role: "assistant", content }] }],
    "apim-request-id": "req-123",
    ...extra,
  };
}

export interface RecordedRequest {
  method: string;
  path: string;
  body: unknown;
}

type Handler = (request: RecordedRequest, init: RequestInit | undefined) => Response | Promise<Response>;

export function fakeFetch(routes: Record<string, Handler>) {
  const requests: RecordedRequest[] = [];
  const fetch = async (input: string, init?: RequestInit): Promise<Response> => {
    const method = init?.method ?? "GET";
    const body = typeof init?.body === "string" ? (JSON.parse(init.body) as unknown) : undefined;
    const request = { method, path: input, body };
    requests.push(request);
    const handler = routes[`${method} ${input.split("?")[0]}`];
    if (!handler) return new Response(JSON.stringify({ error: `no route ${method} ${input}` }), { status: 404 });
    return handler(request, init);
  };
  return { fetch, requests };
}

export function jsonResponse(value: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(value), { status, headers: { "Content-Type": "application/json", ...headers } });
}

export function streamResponse(body: ReadableStream<Uint8Array>, headers: Record<string, string> = {}): Response {
  return new Response(body, { status: 200, headers: { "Content-Type": "application/json-lines", ...headers } });
}
