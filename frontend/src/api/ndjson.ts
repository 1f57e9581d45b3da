// Reads a newline-delimited JSON stream (`application/json-lines`) as it arrives. Network chunks
// do not respect line boundaries: a chunk may end mid-line, mid-character, or hold many lines.

import { ApiError } from "./errors";

/** Splits text chunks into complete lines; `flush` returns what is left once the stream ends. */
export class LineSplitter {
  private buffer = "";

  push(chunk: string): string[] {
    this.buffer += chunk;
    const parts = this.buffer.split("\n");
    this.buffer = parts.pop() ?? "";
    return parts.map((line) => line.trim()).filter((line) => line.length > 0);
  }

  flush(): string[] {
    const rest = this.buffer.trim();
    this.buffer = "";
    return rest.length > 0 ? [rest] : [];
  }
}

function parseLine(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    const preview = line.length > 80 ? `${line.slice(0, 80)}…` : line;
    throw new ApiError(`The server sent a line that is not valid JSON: ${preview}`, "format");
  }
}

/**
 * Yields each JSON value of the stream as soon as its line is complete. Aborting the request's
 * signal makes the pending read reject with an AbortError, which propagates to the caller.
 */
export async function* readJsonLines(body: ReadableStream<Uint8Array>): AsyncGenerator<unknown> {
  const reader = body.getReader();
  const decoder = new TextDecoder("utf-8");
  const splitter = new LineSplitter();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      for (const line of splitter.push(decoder.decode(value, { stream: true }))) {
        yield parseLine(line);
      }
    }
    for (const line of splitter.push(decoder.decode())) yield parseLine(line);
    for (const line of splitter.flush()) yield parseLine(line);
    finished = true;
  } finally {
    // A caller that stops early (or an error) must not leave the response body open.
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
