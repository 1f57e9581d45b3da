// Shapes of the backend's HTTP API (compatible with the Azure sample chat app).

export interface UiSettings {
  title: string;
  logo: string | null;
  chat_logo: string | null;
  chat_title: string;
  chat_description: string;
  favicon: string | null;
  show_share_button: boolean;
  show_chat_history_button: boolean;
}

export interface FrontendSettings {
  auth_enabled: boolean;
  feedback_enabled: boolean;
  ui: UiSettings;
  sanitize_answer: boolean;
  oyd_enabled: boolean;
}

export interface TextPart {
  type: "text";
  text: string;
}

export interface ImagePart {
  type: "image_url";
  image_url: { url: string };
}

/** A message's content: plain text, or text and images for multimodal models. */
export type MessageContent = string | Array<TextPart | ImagePart>;

export type ApiRole = "user" | "assistant" | "tool" | "system";

/** A message as the backend receives it in `messages`. */
export interface ApiMessage {
  id: string;
  role: ApiRole;
  content: MessageContent;
  date: string;
}

export interface HistoryMetadata {
  conversation_id?: string;
  title?: string;
  date?: string;
}

export interface ResponseMessage {
  role: ApiRole;
  content: MessageContent | null;
  id?: string;
  date?: string;
}

/** One line of the answer stream, or the single object of a non-streaming answer. */
export interface ChatResponseChunk {
  id?: string;
  model?: string;
  created?: number;
  object?: string;
  choices?: Array<{ messages?: ResponseMessage[] }>;
  history_metadata?: HistoryMetadata;
  "apim-request-id"?: string;
  error?: string;
}

export interface Citation {
  content: string;
  title: string | null;
  url: string | null;
  filepath: string | null;
  chunk_id: string | null;
  id?: string | null;
}

/** The parsed content of the "tool" message that "on your data" answers begin with. */
export interface ToolContext {
  citations: Citation[];
  intent: string | null;
}

export interface ConversationSummary {
  id: string;
  title: string;
  createdAt: string;
  updatedAt: string;
  userId?: string;
  type?: string;
}

export interface StoredMessage {
  id: string;
  role: ApiRole;
  content: MessageContent;
  createdAt: string;
  feedback?: string | null;
}

export interface ConversationDetail {
  conversation_id: string;
  messages: StoredMessage[];
}

/** One App Service authentication principal from `/.auth/me`. */
export interface AuthPrincipal {
  user_id?: string;
  provider_name?: string;
  user_claims?: Array<{ typ: string; val: string }>;
}
