// What the UI can ask for: each action talks to the API and reports progress to the reducer.
// Built from plain functions (no React) so tests can run them against a fake fetch.

import type { ApiClient, ApiMessage, ChatResponseChunk, MessageContent, StoredMessage } from "../api";
import { ApiError, isAbortError } from "../api";
import { newId } from "../lib/ids";
import type { Action } from "./reducer";
import type { AppState, ChatMessage, Role } from "./types";
import { HISTORY_PAGE_SIZE } from "./types";

export interface Question {
  text: string;
  /** A data URL of an image to send with the text (multimodal models). */
  imageDataUrl?: string | null;
}

type Dispatch = (action: Action) => void;

/** What the backend receives: no UI-only fields, no error messages. */
export function toApiMessages(messages: ChatMessage[]): ApiMessage[] {
  return messages
    .filter((m) => m.role !== "error" && !(m.role === "assistant" && m.content === ""))
    .map((m) => ({ id: m.id, role: m.role as ApiMessage["role"], content: m.content, date: m.date }));
}

function questionContent(question: Question): MessageContent {
  if (!question.imageDataUrl) return question.text;
  return [
    { type: "text", text: question.text },
    { type: "image_url", image_url: { url: question.imageDataUrl } },
  ];
}

function fromStored(message: StoredMessage): ChatMessage {
  const role: Role = message.role === "system" ? "assistant" : message.role;
  return {
    id: message.id,
    role,
    content: message.content ?? "",
    date: message.createdAt,
    feedback: message.feedback ?? undefined,
  };
}

function describe(error: unknown, fallback: string): { message: string; requestId: string | null } {
  if (error instanceof ApiError) return { message: error.message, requestId: error.requestId };
  if (error instanceof Error && error.message) return { message: error.message, requestId: null };
  return { message: fallback, requestId: null };
}

function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}

export function createActions(api: ApiClient, dispatch: Dispatch, getState: () => AppState) {
  let controller: AbortController | null = null;

  function abortAnswer() {
    controller?.abort();
    controller = null;
  }

  /** Saves the finished exchange in the stored conversation; failures become a notice. */
  async function saveExchange(conversationId: string, messages: ApiMessage[]) {
    try {
      await api.historyUpdate(conversationId, messages);
    } catch (error) {
      dispatch({ type: "notice", message: `The answer was not saved to history: ${describe(error, "").message}` });
    }
  }

  async function ask(question: Question): Promise<void> {
    const state = getState();
    if (state.isAnswering || (question.text.trim() === "" && !question.imageDataUrl)) return;
    const date = new Date().toISOString();
    const userMessage: ChatMessage = { id: newId(), role: "user", content: questionContent(question), date };
    const requestMessages = toApiMessages([...state.messages, userMessage]);
    const useHistory = state.history === "available";
    let conversationId = state.conversationId;

    controller = new AbortController();
    const signal = controller.signal;
    dispatch({ type: "questionAsked", question: userMessage, answerId: newId() });

    let answerId: string | null = null;
    let answerText = "";
    let toolMessage: ApiMessage | null = null;
    const handleChunk = (chunk: ChatResponseChunk) => {
      const metadata = chunk.history_metadata;
      if (useHistory && metadata?.conversation_id && metadata.conversation_id !== conversationId) {
        conversationId = metadata.conversation_id;
        dispatch({ type: "conversationAssigned", conversationId, title: metadata.title, date: metadata.date });
      }
      for (const message of chunk.choices?.[0]?.messages ?? []) {
        if (message.role === "tool" && typeof message.content === "string") {
          const tool: ChatMessage = { id: newId(), role: "tool", content: message.content, date: new Date().toISOString() };
          toolMessage = { id: tool.id, role: "tool", content: tool.content, date: tool.date };
          dispatch({ type: "toolMessageReceived", message: tool });
        } else if (message.role === "assistant" && typeof message.content === "string") {
          if (chunk.id) answerId = chunk.id;
          answerText += message.content;
          dispatch({
            type: "answerDelta",
            text: message.content,
            messageId: chunk.id || undefined,
            requestId: chunk["apim-request-id"],
          });
        }
      }
    };

    let stopped = false;
    try {
      const stream = useHistory
        ? api.historyGenerate(requestMessages, conversationId, signal)
        : api.conversation(requestMessages, signal);
      for await (const chunk of stream) handleChunk(chunk);
    } catch (error) {
      if (isAbortError(error)) {
        stopped = true;
      } else {
        const { message, requestId } = describe(error, "The answer could not be completed.");
        dispatch({ type: "answerFailed", message, requestId });
        controller = null;
        return;
      }
    }
    if (controller?.signal === signal) controller = null;
    // A stop caused by "new chat" or opening another conversation leaves nothing to finish.
    if (getState().answeringId === null && stopped) return;
    dispatch({ type: "answerFinished", stopped });
    if (useHistory && conversationId && answerText !== "") {
      const saved: ApiMessage[] = [...requestMessages];
      if (toolMessage) saved.push(toolMessage);
      saved.push({ id: answerId ?? newId(), role: "assistant", content: answerText, date: new Date().toISOString() });
      await saveExchange(conversationId, saved);
    }
  }

  async function loadHistoryPage(offset: number) {
    dispatch({ type: "historyPageLoading" });
    try {
      const conversations = await api.historyList(offset);
      dispatch({ type: "historyPageLoaded", offset, conversations });
    } catch (error) {
      dispatch({ type: "historyPageFailed", message: describe(error, "Could not load your conversations.").message });
    }
  }

  async function openConversation(conversationId: string, title: string) {
    abortAnswer();
    dispatch({ type: "conversationOpening" });
    try {
      const detail = await api.historyRead(conversationId);
      dispatch({
        type: "conversationOpened",
        conversationId,
        title,
        messages: (detail.messages ?? []).map(fromStored),
      });
    } catch (error) {
      dispatch({ type: "conversationOpenFailed", message: `Could not open "${title}": ${describe(error, "").message}` });
    }
  }

  async function renameConversation(conversationId: string, title: string): Promise<boolean> {
    const trimmed = title.trim();
    if (!trimmed) return false;
    try {
      await api.historyRename(conversationId, trimmed);
      dispatch({ type: "conversationRenamed", conversationId, title: trimmed });
      return true;
    } catch (error) {
      dispatch({ type: "notice", message: `Could not rename the conversation: ${describe(error, "").message}` });
      return false;
    }
  }

  async function deleteConversation(conversationId: string) {
    if (getState().conversationId === conversationId) abortAnswer();
    try {
      await api.historyDelete(conversationId);
      dispatch({ type: "conversationDeleted", conversationId });
    } catch (error) {
      if (isNotFound(error)) {
        // Already gone (deleted in another tab): the list catches up.
        dispatch({ type: "conversationDeleted", conversationId });
        return;
      }
      dispatch({ type: "notice", message: `Could not delete the conversation: ${describe(error, "").message}` });
    }
  }

  async function deleteAllConversations() {
    abortAnswer();
    try {
      await api.historyDeleteAll();
      dispatch({ type: "allConversationsDeleted" });
    } catch (error) {
      if (isNotFound(error)) {
        // The sample backend answers 404 when there was nothing left to delete.
        dispatch({ type: "allConversationsDeleted" });
        return;
      }
      dispatch({ type: "notice", message: `Could not clear your history: ${describe(error, "").message}` });
    }
  }

  function newChat() {
    abortAnswer();
    dispatch({ type: "newChat" });
  }

  /** Empties the current chat; a stored conversation loses its messages too. */
  async function clearChat() {
    const { conversationId, history } = getState();
    abortAnswer();
    if (conversationId && history === "available") {
      try {
        await api.historyClear(conversationId);
      } catch (error) {
        dispatch({ type: "notice", message: `Could not clear the stored conversation: ${describe(error, "").message}` });
        return;
      }
    }
    dispatch({ type: "newChat" });
  }

  /** Resolves to null once sent, or to a message saying why it was not. */
  async function sendFeedback(messageId: string, feedback: string): Promise<string | null> {
    try {
      await api.messageFeedback(messageId, feedback);
      dispatch({ type: "feedbackGiven", messageId, feedback });
      return null;
    } catch (error) {
      const message = `Your feedback was not sent: ${describe(error, "").message}`;
      dispatch({ type: "notice", message });
      return message;
    }
  }

  /** Loads settings, then who is signed in and whether history works, in parallel. */
  async function start() {
    const historyCheck = api.historyEnsure().then((ok) => {
      dispatch({ type: "historyStatus", status: ok ? "available" : "unavailable" });
      if (ok) return loadHistoryPage(0);
      return undefined;
    });
    try {
      const settings = await api.getFrontendSettings();
      dispatch({ type: "settingsLoaded", settings });
      if (settings.auth_enabled) {
        const principals = await api.getUserInfo();
        dispatch({ type: "authResolved", status: principals.length > 0 ? "signed-in" : "signed-out" });
      } else {
        dispatch({ type: "authResolved", status: "not-required" });
      }
    } catch (error) {
      dispatch({ type: "settingsFailed", message: describe(error, "Could not load the app's settings.").message });
    }
    await historyCheck;
  }

  return {
    ask,
    stop: abortAnswer,
    newChat,
    clearChat,
    start,
    loadHistoryPage,
    loadMoreHistory: () => loadHistoryPage(getState().historyList.conversations.length),
    openConversation,
    renameConversation,
    deleteConversation,
    deleteAllConversations,
    sendFeedback,
    dismissNotice: () => dispatch({ type: "notice", message: null }),
  };
}

export type AppActions = ReturnType<typeof createActions>;
export { HISTORY_PAGE_SIZE };
