import { describe, expect, it } from "vitest";
import type { Action } from "./reducer";
import { reducer } from "./reducer";
import type { AppState, ChatMessage } from "./types";
import { HISTORY_PAGE_SIZE, initialState } from "./types";

const question: ChatMessage = { id: "q1", role: "user", content: "Hi", date: "2026-01-01T00:00:00Z" };

function run(...actions: Action[]): AppState {
  return actions.reduce(reducer, initialState);
}

const conv = (id: string) => ({ id, title: id, createdAt: "2026-01-01", updatedAt: "2026-01-01" });

describe("reducer: answering", () => {
  it("streams deltas into one answer that takes the backend's message id", () => {
    const state = run(
      { type: "questionAsked", question, answerId: "tmp" },
      { type: "answerDelta", text: "Hel", messageId: "chatcmpl-1", requestId: "req-1" },
      { type: "answerDelta", text: "lo", messageId: "chatcmpl-1" },
    );
    expect(state.isAnswering).toBe(true);
    expect(state.messages.at(-1)).toMatchObject({ id: "chatcmpl-1", role: "assistant", content: "Hello", requestId: "req-1" });
    const done = reducer(state, { type: "answerFinished", stopped: false });
    expect(done.isAnswering).toBe(false);
    expect(done.answeringId).toBeNull();
  });

  it("marks a stopped answer and drops an answer that never started", () => {
    const partial = run(
      { type: "questionAsked", question, answerId: "a" },
      { type: "answerDelta", text: "Part" },
      { type: "answerFinished", stopped: true },
    );
    expect(partial.messages.at(-1)).toMatchObject({ content: "Part", stopped: true });
    const empty = run({ type: "questionAsked", question, answerId: "a" }, { type: "answerFinished", stopped: true });
    expect(empty.messages.map((m) => m.role)).toEqual(["user"]);
  });

  it("puts the tool message with citations before the answer it supports", () => {
    const state = run(
      { type: "questionAsked", question, answerId: "a" },
      { type: "toolMessageReceived", message: { id: "t", role: "tool", content: "{}", date: "" } },
      { type: "answerDelta", text: "x" },
    );
    expect(state.messages.map((m) => m.role)).toEqual(["user", "tool", "assistant"]);
  });

  it("replaces an empty answer with an error message that keeps the request id", () => {
    const state = run(
      { type: "questionAsked", question, answerId: "a" },
      { type: "answerFailed", message: "Quota exceeded", requestId: "req-7" },
    );
    expect(state.messages.map((m) => m.role)).toEqual(["user", "error"]);
    expect(state.messages[1]).toMatchObject({ content: "Quota exceeded", requestId: "req-7" });
    expect(state.isAnswering).toBe(false);
  });
});

describe("reducer: history", () => {
  it("adds a newly assigned conversation to the top of the list", () => {
    const state = run(
      { type: "historyPageLoaded", offset: 0, conversations: [conv("old")] },
      { type: "conversationAssigned", conversationId: "new", title: "Greeting", date: "2026-02-01" },
    );
    expect(state.conversationId).toBe("new");
    expect(state.historyList.conversations.map((c) => [c.id, c.title])).toEqual([
      ["new", "Greeting"],
      ["old", "old"],
    ]);
  });

  it("appends later pages and knows whether more remain", () => {
    const full = Array.from({ length: HISTORY_PAGE_SIZE }, (_, i) => conv(`c${i}`));
    const first = run({ type: "historyPageLoaded", offset: 0, conversations: full });
    expect(first.historyList.hasMore).toBe(true);
    const second = reducer(first, { type: "historyPageLoaded", offset: HISTORY_PAGE_SIZE, conversations: [conv("last")] });
    expect(second.historyList.conversations).toHaveLength(HISTORY_PAGE_SIZE + 1);
    expect(second.historyList.hasMore).toBe(false);
  });

  it("starts a new chat when the open conversation is deleted", () => {
    const state = run(
      { type: "historyPageLoaded", offset: 0, conversations: [conv("a"), conv("b")] },
      { type: "conversationOpened", conversationId: "a", title: "a", messages: [question] },
      { type: "conversationDeleted", conversationId: "a" },
    );
    expect(state.conversationId).toBeNull();
    expect(state.messages).toEqual([]);
    expect(state.historyList.conversations.map((c) => c.id)).toEqual(["b"]);
  });

  it("renames in the list and in the open conversation", () => {
    const state = run(
      { type: "historyPageLoaded", offset: 0, conversations: [conv("a")] },
      { type: "conversationOpened", conversationId: "a", title: "a", messages: [] },
      { type: "conversationRenamed", conversationId: "a", title: "Trip plans" },
    );
    expect(state.conversationTitle).toBe("Trip plans");
    expect(state.historyList.conversations[0]?.title).toBe("Trip plans");
  });

  it("records feedback on the answer it was given for", () => {
    const state = run(
      { type: "questionAsked", question, answerId: "a" },
      { type: "answerDelta", text: "x", messageId: "m1" },
      { type: "answerFinished", stopped: false },
      { type: "feedbackGiven", messageId: "m1", feedback: "missing_citation,inaccurate" },
    );
    expect(state.messages.at(-1)?.feedback).toBe("missing_citation,inaccurate");
  });
});
