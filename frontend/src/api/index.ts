export { ApiClient } from "./client";
export { ApiError, isAbortError } from "./errors";
export type { ApiErrorKind } from "./errors";
export * from "./models";
export { LineSplitter, readJsonLines } from "./ndjson";
