// Typed calls for every backend route the UI uses. `fetch` is injected so tests can fake it.

import { ApiError, isAbortError } from "./errors";
import type {
  ApiMessage,
  AuthPrincipal,
  ChatResponseChunk,
  ConversationDetail,
  ConversationSummary,
  FrontendSettings,
} from "./models";
import { readJsonLines } from "./ndjson";

type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

const REQUEST_ID_HEADERS = ["apim-request-id", "x-request-id", "x-ms-request-id"];

function requestIdOf(response: Response): string | null {
  for (const name of REQUEST_ID_HEADERS) {
    const value = response.headers.get(name);
    if (value) return value;
  }
  return null;
}

/** Turns a non-2xx response into an ApiError with the backend's own `{"error"}` message. */
async function errorFromResponse(response: Response): Promise<ApiError> {
  let message = `The server answered ${response.status} ${response.statusText}`.trim();
  let requestId = requestIdOf(response);
  try {
    const body: unknown = await response.json();
    if (body && typeof body === "object") {
      const record = body as Record<string, unknown>;
      if (typeof record.error === "string" && record.error) message = record.error;
      else if (record.error && typeof record.error === "object") {
        const inner = record.error as Record<string, unknown>;
        if (typeof inner.message === "string") message = inner.message;
      }
      if (typeof record["apim-request-id"] === "string") requestId = record["apim-request-id"];
    }
  } catch {
    // Not JSON (a proxy's HTML error page, for instance): the status line is the best we have.
  }
  return new ApiError(message, "http", response.status, requestId);
}

export class ApiClient {
  private readonly fetchImpl: FetchLike;
  private readonly baseUrl: string;

  constructor(options: { fetch?: FetchLike; baseUrl?: string } = {}) {
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.baseUrl = options.baseUrl ?? "";
  }

  private async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (init.body !== undefined && !headers.has("Content-Type")) headers.set("Content-Type", "application/json");
    try {
      return await this.fetchImpl(this.baseUrl + path, { ...init, headers });
    } catch (error) {
      if (isAbortError(error)) throw error;
      throw new ApiError(
        "Could not reach the server. Check your network connection and try again.",
        "network",
      );
    }
  }

  private async json<T>(path: string, init: RequestInit = {}): Promise<T> {
    const response = await this.request(path, init);
    if (!response.ok) throw await errorFromResponse(response);
    try {
      return (await response.json()) as T;
    } catch {
      throw new ApiError(`The server's answer to ${path} is not valid JSON.`, "format", response.status);
    }
  }

  private async ok(path: string, init: RequestInit = {}): Promise<void> {
    const response = await this.request(path, init);
    if (!response.ok) throw await errorFromResponse(response);
  }

  getFrontendSettings(): Promise<FrontendSettings> {
    return this.json<FrontendSettings>("/frontend_settings");
  }

  /** The signed-in principals; an empty list when nobody is signed in or no provider is set up. */
  async getUserInfo(): Promise<AuthPrincipal[]> {
    const response = await this.request("/.auth/me");
    if (!response.ok) return [];
    try {
      const body: unknown = await response.json();
      return Array.isArray(body) ? (body as AuthPrincipal[]) : [];
    } catch {
      return [];
    }
  }

  /** Streams an answer from `/conversation`. */
  conversation(messages: ApiMessage[], signal?: AbortSignal): AsyncGenerator<ChatResponseChunk> {
    return this.streamAnswer("/conversation", { messages }, signal);
  }

  /** Streams an answer and saves the question in a (new or existing) stored conversation. */
  historyGenerate(
    messages: ApiMessage[],
    conversationId: string | null,
    signal?: AbortSignal,
  ): AsyncGenerator<ChatResponseChunk> {
    const body = conversationId ? { messages, conversation_id: conversationId } : { messages };
    return this.streamAnswer("/history/generate", body, signal);
  }

  /**
   * Yields each answer chunk. Streaming answers arrive as JSON lines, non-streaming ones as a
   * single JSON object; both look the same to the caller. A final `{"error"}` line throws.
   */
  private async *streamAnswer(path: string, body: object, signal?: AbortSignal): AsyncGenerator<ChatResponseChunk> {
    const response = await this.request(path, { method: "POST", body: JSON.stringify(body), signal });
    if (!response.ok) throw await errorFromResponse(response);
    const headerRequestId = requestIdOf(response);
    if (!response.body) throw new ApiError("The server sent an empty answer.", "format", response.status, headerRequestId);
    const contentType = response.headers.get("Content-Type") ?? "";
    if (contentType.includes("application/json") && !contentType.includes("json-lines")) {
      // A non-streaming answer (AZURE_OPENAI_STREAM=false): one object, possibly pretty-printed.
      yield this.checkedChunk(await this.readWholeJson(response, headerRequestId), response.status, headerRequestId);
      return;
    }
    try {
      for await (const value of readJsonLines(response.body)) {
        if (!value || typeof value !== "object") continue;
        yield this.checkedChunk(value as ChatResponseChunk, response.status, headerRequestId);
      }
    } catch (error) {
      if (error instanceof ApiError || isAbortError(error)) throw error;
      throw new ApiError(
        "The connection closed before the answer was complete. Try again.",
        "network",
        response.status,
        headerRequestId,
      );
    }
  }

  /** Throws the error a chunk carries; otherwise returns it with the request id filled in. */
  private checkedChunk(chunk: ChatResponseChunk, status: number, headerRequestId: string | null): ChatResponseChunk {
    if (typeof chunk.error === "string" || (chunk.error && typeof chunk.error === "object")) {
      const message = typeof chunk.error === "string" ? chunk.error : JSON.stringify(chunk.error);
      throw new ApiError(message, "stream", status, chunk["apim-request-id"] ?? headerRequestId);
    }
    if (!chunk["apim-request-id"] && headerRequestId) chunk["apim-request-id"] = headerRequestId;
    return chunk;
  }

  private async readWholeJson(response: Response, requestId: string | null): Promise<ChatResponseChunk> {
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      if (isAbortError(error)) throw error;
      throw new ApiError("The connection closed before the answer was complete. Try again.", "network", response.status, requestId);
    }
    try {
      const value: unknown = JSON.parse(text);
      if (value && typeof value === "object") return value as ChatResponseChunk;
    } catch {
      // Reported below.
    }
    throw new ApiError("The server's answer is not valid JSON.", "format", response.status, requestId);
  }

  /** True when the backend has chat history configured and working. */
  async historyEnsure(): Promise<boolean> {
    try {
      const response = await this.request("/history/ensure");
      return response.ok;
    } catch {
      return false;
    }
  }

  async historyList(offset: number): Promise<ConversationSummary[]> {
    const response = await this.request(`/history/list?offset=${encodeURIComponent(String(offset))}`);
    // The sample backend answers 404 when a user has no conversations yet.
    if (response.status === 404 || response.status === 204) return [];
    if (!response.ok) throw await errorFromResponse(response);
    const body: unknown = await response.json();
    return Array.isArray(body) ? (body as ConversationSummary[]) : [];
  }

  historyRead(conversationId: string): Promise<ConversationDetail> {
    return this.json<ConversationDetail>("/history/read", {
      method: "POST",
      body: JSON.stringify({ conversation_id: conversationId }),
    });
  }

  historyUpdate(conversationId: string, messages: ApiMessage[]): Promise<void> {
    return this.ok("/history/update", {
      method: "POST",
      body: JSON.stringify({ conversation_id: conversationId, messages }),
    });
  }

  historyRename(conversationId: string, title: string): Promise<void> {
    return this.ok("/history/rename", {
      method: "POST",
      body: JSON.stringify({ conversation_id: conversationId, title }),
    });
  }

  historyDelete(conversationId: string): Promise<void> {
    return this.ok("/history/delete", { method: "DELETE", body: JSON.stringify({ conversation_id: conversationId }) });
  }

  historyDeleteAll(): Promise<void> {
    return this.ok("/history/delete_all", { method: "DELETE" });
  }

  historyClear(conversationId: string): Promise<void> {
    return this.ok("/history/clear", { method: "POST", body: JSON.stringify({ conversation_id: conversationId }) });
  }

  messageFeedback(messageId: string, feedback: string): Promise<void> {
    return this.ok("/history/message_feedback", {
      method: "POST",
      body: JSON.stringify({ message_id: messageId, message_feedback: feedback }),
    });
  }
}
