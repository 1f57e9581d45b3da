// Errors the API layer raises, each carrying what the chat needs to show a readable message.

export type ApiErrorKind = "http" | "stream" | "network" | "format";

export class ApiError extends Error {
  readonly kind: ApiErrorKind;
  readonly status: number | null;
  readonly requestId: string | null;

  constructor(message: string, kind: ApiErrorKind, status: number | null = null, requestId: string | null = null) {
    super(message);
    this.name = "ApiError";
    this.kind = kind;
    this.status = status;
    this.requestId = requestId;
  }
}

/** True for the error fetch and stream readers raise when an AbortController fires. */
export function isAbortError(error: unknown): boolean {
  return (
    (error instanceof DOMException && error.name === "AbortError") ||
    (error instanceof Error && error.name === "AbortError")
  );
}
