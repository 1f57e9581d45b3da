import { describe, expect, it } from "vitest";
import { ApiClient } from "../api";
import {
  answerChunk,
  chunkedBody,
  fakeFetch,
  hangingBody,
  jsonLines,
  jsonResponse,
  streamResponse,
} from "../test/fakeFetch";
import { createActions } from "./actions";
import { createStore } from "./store";
import type { AppState } from "./types";
import { initialState } from "./types";

const settings = {
  auth_enabled: false,
  feedback_enabled: true,
  sanitize_answer: true,
  oyd_enabled: false,
  ui: {
    title: "Contoso",
    logo: null,
    chat_logo: null,
    chat_title: "Start chatting",
    chat_description: "",
    favicon: null,
    show_share_button: true,
    show_chat_history_button: true,
  },
};

function setup(routes: Parameters<typeof fakeFetch>[0], state: Partial<AppState> = {}) {
  const { fetch, requests } = fakeFetch(routes);
  const store = createStore({ ...initialState, settings, settingsStatus: "ready", auth: "not-required", ...state });
  const actions = createActions(new ApiClient({ fetch }), store.dispatch, store.getState);
  return { actions, store, requests };
}

describe("asking a question", () => {
  it("without history, streams the answer from /conversation", async () => {
    const { actions, store, requests } = setup(
      { "POST /conversation": () => streamResponse(chunkedBody([jsonLines(answerChunk("Hello"), answerChunk(" there"))])) },
      { history: "unavailable" },
    );
    await actions.ask({ text: "Hi" });
    expect(requests.map((r) => r.path)).toEqual(["/conversation"]);
    expect(store.getState().messages.map((m) => [m.role, m.content])).toEqual([
      ["user", "Hi"],
      ["assistant", "Hello there"],
    ]);
    expect(store.getState().isAnswering).toBe(false);
  });

  it("with history, generates in a new conversation, then saves the exchange", async () => {
    const tool = JSON.stringify({ citations: [{ content: "c", title: "T" }], intent: "q" });
    const { actions, store, requests } = setup(
      {
        "POST /history/generate": () =>
          streamResponse(
            chunkedBody([
              jsonLines(
                { id: "x", choices: [{ messages: [{ role: "tool", content: tool }] }], history_metadata: { conversation_id: "conv-1", title: "Greeting" } },
                answerChunk("Hi [doc1]", { history_metadata: { conversation_id: "conv-1", title: "Greeting" } }),
              ),
            ]),
          ),
        "POST /history/update": () => jsonResponse({ success: true }),
      },
      { history: "available" },
    );
    await actions.ask({ text: "Hello" });
    expect(store.getState().conversationId).toBe("conv-1");
    expect(store.getState().historyList.conversations[0]).toMatchObject({ id: "conv-1", title: "Greeting" });
    const [generate, update] = requests;
    expect(generate?.path).toBe("/history/generate");
    expect(generate?.body).toEqual({ messages: [expect.objectContaining({ role: "user", content: "Hello" })] });
    expect(update?.path).toBe("/history/update");
    expect(update?.body).toEqual({
      conversation_id: "conv-1",
      messages: [
        expect.objectContaining({ role: "user", content: "Hello" }),
        expect.objectContaining({ role: "tool", content: tool }),
        expect.objectContaining({ id: "chatcmpl-1", role: "assistant", content: "Hi [doc1]" }),
      ],
    });
  });

  it("sends an image as multimodal content beside the text", async () => {
    const { actions, requests } = setup(
      { "POST /conversation": () => streamResponse(chunkedBody([jsonLines(answerChunk("A cat"))])) },
      { history: "unavailable" },
    );
    await actions.ask({ text: "What is this?", imageDataUrl: "data:image/jpeg;base64,AAAA" });
    expect(requests[0]?.body).toEqual({
      messages: [
        expect.objectContaining({
          content: [
            { type: "text", text: "What is this?" },
            { type: "image_url", image_url: { url: "data:image/jpeg;base64,AAAA" } },
          ],
        }),
      ],
    });
  });

  it("leaves earlier error messages out of the next request", async () => {
    const { actions, requests } = setup(
      {
        "POST /conversation": () => jsonResponse({ error: "Rate limited" }, 429, { "apim-request-id": "r1" }),
      },
      { history: "unavailable" },
    );
    await actions.ask({ text: "one" });
    await actions.ask({ text: "two" });
    const roles = (requests[1]?.body as { messages: Array<{ role: string }> }).messages.map((m) => m.role);
    expect(roles).toEqual(["user", "user"]);
  });

  it("keeps the partial answer, marked stopped, when the reader stops it", async () => {
    const { actions, store } = setup(
      { "POST /conversation": (_, init) => streamResponse(hangingBody([jsonLines(answerChunk("Partial"))], init?.signal)) },
      { history: "unavailable" },
    );
    const asking = actions.ask({ text: "Long story please" });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(store.getState().isAnswering).toBe(true);
    actions.stop();
    await asking;
    expect(store.getState().isAnswering).toBe(false);
    expect(store.getState().messages.at(-1)).toMatchObject({ content: "Partial", stopped: true });
  });

  it("shows a backend error as a message with its request id", async () => {
    const { actions, store } = setup(
      {
        "POST /conversation": () =>
          streamResponse(chunkedBody([jsonLines({ error: "Upstream TLS verification failed" })]), { "apim-request-id": "req-42" }),
      },
      { history: "unavailable" },
    );
    await actions.ask({ text: "Hi" });
    expect(store.getState().messages.at(-1)).toMatchObject({
      role: "error",
      content: "Upstream TLS verification failed",
      requestId: "req-42",
    });
  });
});

describe("start", () => {
  it("asks who is signed in only when sign-in is required", async () => {
    const { fetch, requests } = fakeFetch({
      "GET /frontend_settings": () => jsonResponse({ ...settings, auth_enabled: true }),
      "GET /.auth/me": () => jsonResponse([]),
      "GET /history/ensure": () => jsonResponse({ error: "no" }, 404),
    });
    const store = createStore();
    await createActions(new ApiClient({ fetch }), store.dispatch, store.getState).start();
    expect(store.getState().auth).toBe("signed-out");
    expect(store.getState().history).toBe("unavailable");
    expect(requests.map((r) => r.path).sort()).toEqual(["/.auth/me", "/frontend_settings", "/history/ensure"]);
  });

  it("loads the first page of history when history works", async () => {
    const { fetch } = fakeFetch({
      "GET /frontend_settings": () => jsonResponse(settings),
      "GET /history/ensure": () => jsonResponse({ message: "ok" }),
      "GET /history/list": () => jsonResponse([{ id: "c1", title: "First", createdAt: "x", updatedAt: "x" }]),
    });
    const store = createStore();
    await createActions(new ApiClient({ fetch }), store.dispatch, store.getState).start();
    expect(store.getState().auth).toBe("not-required");
    expect(store.getState().history).toBe("available");
    expect(store.getState().historyList.conversations.map((c) => c.title)).toEqual(["First"]);
  });
});

describe("history housekeeping", () => {
  it("treats 'nothing to delete' (404) as an emptied history", async () => {
    const { actions, store } = setup(
      { "DELETE /history/delete_all": () => jsonResponse({ error: "No conversations" }, 404) },
      {
        history: "available",
        historyList: {
          conversations: [{ id: "c1", title: "t", createdAt: "x", updatedAt: "x" }],
          loading: false,
          hasMore: false,
          error: null,
        },
      },
    );
    await actions.deleteAllConversations();
    expect(store.getState().historyList.conversations).toEqual([]);
    expect(store.getState().notice).toBeNull();
  });

  it("keeps a conversation and says why when deleting it fails", async () => {
    const conversations = [{ id: "c1", title: "Plans", createdAt: "x", updatedAt: "x" }];
    const { actions, store } = setup(
      { "DELETE /history/delete": () => jsonResponse({ error: "Cosmos DB is unavailable" }, 503) },
      { history: "available", historyList: { conversations, loading: false, hasMore: false, error: null } },
    );
    await actions.deleteConversation("c1");
    expect(store.getState().historyList.conversations).toHaveLength(1);
    expect(store.getState().notice).toBe("Could not delete the conversation: Cosmos DB is unavailable");
  });
});
