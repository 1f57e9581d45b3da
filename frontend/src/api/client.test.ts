import { describe, expect, it } from "vitest";
import {
  answerChunk,
  chunkedBody,
  fakeFetch,
  hangingBody,
  jsonLines,
  jsonResponse,
  streamResponse,
} from "../test/fakeFetch";
import { ApiClient } from "./client";
import { ApiError } from "./errors";
import type { ApiMessage, ChatResponseChunk } from "./models";

const question: ApiMessage[] = [{ id: "q1", role: "user", content: "Hi", date: "2026-01-01T00:00:00Z" }];

async function collect(stream: AsyncGenerator<ChatResponseChunk>): Promise<ChatResponseChunk[]> {
  const out: ChatResponseChunk[] = [];
  for await (const chunk of stream) out.push(chunk);
  return out;
}

describe("ApiClient.conversation", () => {
  it("posts the messages and yields each streamed chunk", async () => {
    const { fetch, requests } = fakeFetch({
      "POST /conversation": () =>
        streamResponse(chunkedBody([jsonLines(answerChunk("Hel")).slice(0, 20), jsonLines(answerChunk("Hel")).slice(20) + jsonLines(answerChunk("lo"))])),
    });
    const chunks = await collect(new ApiClient({ fetch }).conversation(question));
    expect(chunks.map((c) => c.choices?.[0]?.messages?.[0]?.content)).toEqual(["Hel", "lo"]);
    expect(requests[0]).toEqual({ method: "POST", path: "/conversation", body: { messages: question } });
  });

  it("accepts a non-streaming answer sent as one JSON object", async () => {
    const { fetch } = fakeFetch({ "POST /conversation": () => jsonResponse(answerChunk("Whole answer")) });
    const chunks = await collect(new ApiClient({ fetch }).conversation(question));
    expect(chunks).toHaveLength(1);
    expect(chunks[0]?.choices?.[0]?.messages?.[0]?.content).toBe("Whole answer");
  });

  it("accepts a pretty-printed non-streaming answer", async () => {
    const { fetch } = fakeFetch({
      "POST /conversation": () =>
        new Response(JSON.stringify(answerChunk("Spread over lines"), null, 2), {
          headers: { "Content-Type": "application/json", "apim-request-id": "req-5" },
        }),
    });
    const chunks = await collect(new ApiClient({ fetch }).conversation(question));
    expect(chunks[0]?.choices?.[0]?.messages?.[0]?.content).toBe("Spread over lines");
  });

  it("throws the error of a non-streaming answer", async () => {
    const { fetch } = fakeFetch({
      "POST /conversation": () => jsonResponse({ error: "Content filtered" }, 200, { "apim-request-id": "req-6" }),
    });
    await expect(collect(new ApiClient({ fetch }).conversation(question))).rejects.toMatchObject({
      message: "Content filtered",
      requestId: "req-6",
    });
  });

  it("throws the backend's message and request id for a final error line", async () => {
    const { fetch } = fakeFetch({
      "POST /conversation": () =>
        streamResponse(chunkedBody([jsonLines(answerChunk("Part"), { error: "The model's service is unavailable." })]), {
          "apim-request-id": "req-9",
        }),
    });
    const seen: string[] = [];
    const reading = (async () => {
      for await (const chunk of new ApiClient({ fetch }).conversation(question)) {
        seen.push(String(chunk.choices?.[0]?.messages?.[0]?.content));
      }
    })();
    await expect(reading).rejects.toMatchObject({
      message: "The model's service is unavailable.",
      kind: "stream",
      requestId: "req-9",
    });
    expect(seen).toEqual(["Part"]);
  });

  it("throws an HTTP error with the body's message, status and request id header", async () => {
    const { fetch } = fakeFetch({
      "POST /conversation": () =>
        jsonResponse({ error: "Certificate verification failed: add the proxy's CA to the bundle." }, 502, {
          "apim-request-id": "abc-1",
        }),
    });
    const error = await collect(new ApiClient({ fetch }).conversation(question)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      message: "Certificate verification failed: add the proxy's CA to the bundle.",
      status: 502,
      requestId: "abc-1",
      kind: "http",
    });
  });

  it("describes an HTTP error whose body is not JSON by its status", async () => {
    const { fetch } = fakeFetch({
      "POST /conversation": () => new Response("<h1>Bad gateway</h1>", { status: 502, statusText: "Bad Gateway" }),
    });
    await expect(collect(new ApiClient({ fetch }).conversation(question))).rejects.toThrow("The server answered 502 Bad Gateway");
  });

  it("turns a failed connection into a readable network error", async () => {
    const fetch = () => Promise.reject(new TypeError("Failed to fetch"));
    await expect(collect(new ApiClient({ fetch }).conversation(question))).rejects.toMatchObject({
      kind: "network",
      message: expect.stringContaining("Could not reach the server"),
    });
  });

  it("lets an abort through as an AbortError", async () => {
    const controller = new AbortController();
    const { fetch } = fakeFetch({
      "POST /conversation": (_, init) => streamResponse(hangingBody([jsonLines(answerChunk("A"))], init?.signal)),
    });
    const reading = (async () => {
      for await (const chunk of new ApiClient({ fetch }).conversation(question, controller.signal)) {
        expect(chunk.choices?.[0]?.messages?.[0]?.content).toBe("A");
        controller.abort();
      }
    })();
    await expect(reading).rejects.toMatchObject({ name: "AbortError" });
  });
});

describe("ApiClient history calls", () => {
  it("sends generate with the conversation id once there is one", async () => {
    const { fetch, requests } = fakeFetch({
      "POST /history/generate": () => streamResponse(chunkedBody([jsonLines(answerChunk("ok"))])),
    });
    const api = new ApiClient({ fetch });
    await collect(api.historyGenerate(question, null));
    await collect(api.historyGenerate(question, "conv-1"));
    expect(requests.map((r) => r.body)).toEqual([{ messages: question }, { messages: question, conversation_id: "conv-1" }]);
  });

  it("uses the methods, paths and bodies of the sample app's history API", async () => {
    const ok = () => jsonResponse({ ok: true });
    const { fetch, requests } = fakeFetch({
      "POST /history/update": ok,
      "POST /history/rename": ok,
      "DELETE /history/delete": ok,
      "DELETE /history/delete_all": ok,
      "POST /history/clear": ok,
      "POST /history/message_feedback": ok,
      "POST /history/read": () => jsonResponse({ conversation_id: "c1", messages: [] }),
      "GET /history/list": () => jsonResponse([{ id: "c1", title: "T", createdAt: "x", updatedAt: "x" }]),
    });
    const api = new ApiClient({ fetch });
    await api.historyUpdate("c1", question);
    await api.historyRename("c1", "New title");
    await api.historyDelete("c1");
    await api.historyDeleteAll();
    await api.historyClear("c1");
    await api.messageFeedback("m1", "positive");
    await api.historyRead("c1");
    expect(await api.historyList(25)).toHaveLength(1);
    expect(requests).toEqual([
      { method: "POST", path: "/history/update", body: { conversation_id: "c1", messages: question } },
      { method: "POST", path: "/history/rename", body: { conversation_id: "c1", title: "New title" } },
      { method: "DELETE", path: "/history/delete", body: { conversation_id: "c1" } },
      { method: "DELETE", path: "/history/delete_all", body: undefined },
      { method: "POST", path: "/history/clear", body: { conversation_id: "c1" } },
      { method: "POST", path: "/history/message_feedback", body: { message_id: "m1", message_feedback: "positive" } },
      { method: "POST", path: "/history/read", body: { conversation_id: "c1" } },
      { method: "GET", path: "/history/list?offset=25", body: undefined },
    ]);
  });

  it("treats a 404 from list as no conversations", async () => {
    const { fetch } = fakeFetch({ "GET /history/list": () => jsonResponse({ error: "none" }, 404) });
    expect(await new ApiClient({ fetch }).historyList(0)).toEqual([]);
  });

  it("reports history unavailable when ensure fails or the server is unreachable", async () => {
    const failing = fakeFetch({ "GET /history/ensure": () => jsonResponse({ error: "not configured" }, 404) });
    expect(await new ApiClient({ fetch: failing.fetch }).historyEnsure()).toBe(false);
    const working = fakeFetch({ "GET /history/ensure": () => jsonResponse({ message: "ok" }) });
    expect(await new ApiClient({ fetch: working.fetch }).historyEnsure()).toBe(true);
    const offline = () => Promise.reject(new TypeError("Failed to fetch"));
    expect(await new ApiClient({ fetch: offline }).historyEnsure()).toBe(false);
  });

  it("reads an empty principal list when nobody is signed in or auth is not set up", async () => {
    const none = fakeFetch({ "GET /.auth/me": () => jsonResponse([]) });
    expect(await new ApiClient({ fetch: none.fetch }).getUserInfo()).toEqual([]);
    const missing = fakeFetch({});
    expect(await new ApiClient({ fetch: missing.fetch }).getUserInfo()).toEqual([]);
    const signedIn = fakeFetch({ "GET /.auth/me": () => jsonResponse([{ user_id: "ada@example.com" }]) });
    expect(await new ApiClient({ fetch: signedIn.fetch }).getUserInfo()).toHaveLength(1);
  });
});
