// The app's state: one tree, changed only by the reducer in reducer.ts.

import type { Citation, ConversationSummary, FrontendSettings, MessageContent } from "../api";

export type Role = "user" | "assistant" | "tool" | "error";

export interface ChatMessage {
  id: string;
  role: Role;
  content: MessageContent;
  date: string;
  /** Feedback already given to an assistant message ("positive", "negative", reasons...). */
  feedback?: string;
  /** The backend's request id, shown with errors so support can find the request. */
  requestId?: string;
  /** The reader stopped this answer before it was complete. */
  stopped?: boolean;
}

export type Loadable = "unknown" | "ready" | "failed";
export type AuthStatus = "unknown" | "signed-in" | "signed-out" | "not-required";
export type HistoryStatus = "unknown" | "available" | "unavailable";

export interface HistoryListState {
  conversations: ConversationSummary[];
  loading: boolean;
  /** False once a page came back shorter than a full page. */
  hasMore: boolean;
  error: string | null;
}

export interface OpenCitation {
  citation: Citation;
  number: number;
}

export interface AppState {
  settings: FrontendSettings | null;
  settingsStatus: Loadable;
  settingsError: string | null;
  auth: AuthStatus;
  history: HistoryStatus;
  historyList: HistoryListState;
  historyPanelOpen: boolean;
  /** The stored conversation the chat belongs to; null until the backend assigns one. */
  conversationId: string | null;
  conversationTitle: string | null;
  messages: ChatMessage[];
  /** Id of the assistant message being streamed, while an answer is in progress. */
  answeringId: string | null;
  isAnswering: boolean;
  /** Loading a stored conversation into the chat. */
  openingConversation: boolean;
  citation: OpenCitation | null;
  /** A short-lived notice about a failed background action (rename, delete, feedback...). */
  notice: string | null;
}

export const HISTORY_PAGE_SIZE = 25;

export const initialState: AppState = {
  settings: null,
  settingsStatus: "unknown",
  settingsError: null,
  auth: "unknown",
  history: "unknown",
  historyList: { conversations: [], loading: false, hasMore: true, error: null },
  historyPanelOpen: false,
  conversationId: null,
  conversationTitle: null,
  messages: [],
  answeringId: null,
  isAnswering: false,
  openingConversation: false,
  citation: null,
  notice: null,
};
