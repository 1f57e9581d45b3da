// Every state change of the app, as a pure function of (state, action).

import type { ConversationSummary, FrontendSettings, MessageContent } from "../api";
import type { AppState, AuthStatus, ChatMessage, HistoryStatus, OpenCitation } from "./types";
import { HISTORY_PAGE_SIZE, initialState } from "./types";

export type Action =
  | { type: "settingsLoaded"; settings: FrontendSettings }
  | { type: "settingsFailed"; message: string }
  | { type: "authResolved"; status: AuthStatus }
  | { type: "historyStatus"; status: HistoryStatus }
  | { type: "historyPanelToggled"; open?: boolean }
  | { type: "historyPageLoading" }
  | { type: "historyPageLoaded"; offset: number; conversations: ConversationSummary[] }
  | { type: "historyPageFailed"; message: string }
  | { type: "questionAsked"; question: ChatMessage; answerId: string }
  | { type: "toolMessageReceived"; message: ChatMessage }
  | { type: "answerDelta"; text: string; messageId?: string; requestId?: string }
  | { type: "conversationAssigned"; conversationId: string; title?: string; date?: string }
  | { type: "answerFinished"; stopped: boolean }
  | { type: "answerFailed"; message: string; requestId: string | null }
  | { type: "newChat" }
  | { type: "conversationOpening" }
  | { type: "conversationOpened"; conversationId: string; title: string; messages: ChatMessage[] }
  | { type: "conversationOpenFailed"; message: string }
  | { type: "conversationRenamed"; conversationId: string; title: string }
  | { type: "conversationDeleted"; conversationId: string }
  | { type: "allConversationsDeleted" }
  | { type: "citationOpened"; citation: OpenCitation | null }
  | { type: "feedbackGiven"; messageId: string; feedback: string }
  | { type: "notice"; message: string | null };

function appendText(content: MessageContent, text: string): MessageContent {
  return typeof content === "string" ? content + text : [...content, { type: "text", text }];
}

/** Drops an assistant placeholder that never received any text. */
function withoutEmptyAnswer(messages: ChatMessage[], answerId: string | null): ChatMessage[] {
  return messages.filter((m) => !(m.id === answerId && m.role === "assistant" && m.content === ""));
}

function upsertConversation(list: ConversationSummary[], id: string, title: string | undefined, date: string) {
  const existing = list.find((c) => c.id === id);
  if (existing) {
    const updated = { ...existing, title: title ?? existing.title, updatedAt: date };
    return [updated, ...list.filter((c) => c.id !== id)];
  }
  return [{ id, title: title ?? "New conversation", createdAt: date, updatedAt: date }, ...list];
}

export function reducer(state: AppState, action: Action): AppState {
  switch (action.type) {
    case "settingsLoaded":
      return { ...state, settings: action.settings, settingsStatus: "ready", settingsError: null };
    case "settingsFailed":
      return { ...state, settingsStatus: "failed", settingsError: action.message };
    case "authResolved":
      return { ...state, auth: action.status };
    case "historyStatus":
      return { ...state, history: action.status };
    case "historyPanelToggled":
      return { ...state, historyPanelOpen: action.open ?? !state.historyPanelOpen };
    case "historyPageLoading":
      return { ...state, historyList: { ...state.historyList, loading: true, error: null } };
    case "historyPageLoaded": {
      const previous = action.offset === 0 ? [] : state.historyList.conversations;
      const known = new Set(previous.map((c) => c.id));
      const conversations = [...previous, ...action.conversations.filter((c) => !known.has(c.id))];
      return {
        ...state,
        historyList: {
          conversations,
          loading: false,
          hasMore: action.conversations.length >= HISTORY_PAGE_SIZE,
          error: null,
        },
      };
    }
    case "historyPageFailed":
      return { ...state, historyList: { ...state.historyList, loading: false, error: action.message } };
    case "questionAsked": {
      const answer: ChatMessage = { id: action.answerId, role: "assistant", content: "", date: action.question.date };
      return {
        ...state,
        messages: [...state.messages, action.question, answer],
        answeringId: action.answerId,
        isAnswering: true,
        notice: null,
      };
    }
    case "toolMessageReceived": {
      // The tool message (citations) belongs just before the answer it supports.
      const at = state.messages.findIndex((m) => m.id === state.answeringId);
      if (at < 0) return { ...state, messages: [...state.messages, action.message] };
      const messages = [...state.messages.slice(0, at), action.message, ...state.messages.slice(at)];
      return { ...state, messages };
    }
    case "answerDelta": {
      if (state.answeringId === null) return state;
      const newId = action.messageId ?? state.answeringId;
      const messages = state.messages.map((m) =>
        m.id === state.answeringId
          ? { ...m, id: newId, content: appendText(m.content, action.text), requestId: action.requestId ?? m.requestId }
          : m,
      );
      return { ...state, messages, answeringId: newId };
    }
    case "conversationAssigned": {
      const date = action.date ?? new Date().toISOString();
      return {
        ...state,
        conversationId: action.conversationId,
        conversationTitle: action.title ?? state.conversationTitle,
        historyList: {
          ...state.historyList,
          conversations: upsertConversation(state.historyList.conversations, action.conversationId, action.title, date),
        },
      };
    }
    case "answerFinished": {
      const messages = withoutEmptyAnswer(state.messages, state.answeringId).map((m) =>
        m.id === state.answeringId && action.stopped ? { ...m, stopped: true } : m,
      );
      return { ...state, messages, answeringId: null, isAnswering: false };
    }
    case "answerFailed": {
      const error: ChatMessage = {
        id: `error-${state.messages.length}-${Date.now()}`,
        role: "error",
        content: action.message,
        date: new Date().toISOString(),
        requestId: action.requestId ?? undefined,
      };
      const messages = [...withoutEmptyAnswer(state.messages, state.answeringId), error];
      return { ...state, messages, answeringId: null, isAnswering: false };
    }
    case "newChat":
      return {
        ...state,
        conversationId: null,
        conversationTitle: null,
        messages: [],
        citation: null,
        notice: null,
        answeringId: null,
        isAnswering: false,
      };
    case "conversationOpening":
      return { ...state, openingConversation: true, citation: null };
    case "conversationOpened":
      return {
        ...state,
        openingConversation: false,
        conversationId: action.conversationId,
        conversationTitle: action.title,
        messages: action.messages,
        answeringId: null,
        isAnswering: false,
        citation: null,
      };
    case "conversationOpenFailed":
      return { ...state, openingConversation: false, notice: action.message };
    case "conversationRenamed":
      return {
        ...state,
        conversationTitle: state.conversationId === action.conversationId ? action.title : state.conversationTitle,
        historyList: {
          ...state.historyList,
          conversations: state.historyList.conversations.map((c) =>
            c.id === action.conversationId ? { ...c, title: action.title } : c,
          ),
        },
      };
    case "conversationDeleted": {
      const historyList = {
        ...state.historyList,
        conversations: state.historyList.conversations.filter((c) => c.id !== action.conversationId),
      };
      if (state.conversationId !== action.conversationId) return { ...state, historyList };
      return { ...reducer(state, { type: "newChat" }), historyList };
    }
    case "allConversationsDeleted":
      return {
        ...reducer(state, { type: "newChat" }),
        historyList: { conversations: [], loading: false, hasMore: false, error: null },
      };
    case "citationOpened":
      return { ...state, citation: action.citation };
    case "feedbackGiven":
      return {
        ...state,
        messages: state.messages.map((m) => (m.id === action.messageId ? { ...m, feedback: action.feedback } : m)),
      };
    case "notice":
      return { ...state, notice: action.message };
    default:
      return state;
  }
}

export { initialState };
