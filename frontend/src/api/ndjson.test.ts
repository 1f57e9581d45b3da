import { describe, expect, it } from "vitest";
import { chunkedBody, hangingBody } from "../test/fakeFetch";
import { ApiError } from "./errors";
import { LineSplitter, readJsonLines } from "./ndjson";

async function collect(stream: ReadableStream<Uint8Array>): Promise<unknown[]> {
  const values: unknown[] = [];
  for await (const value of readJsonLines(stream)) values.push(value);
  return values;
}

describe("LineSplitter", () => {
  it("keeps a partial line until the rest arrives", () => {
    const splitter = new LineSplitter();
    expect(splitter.push('{"a":')).toEqual([]);
    expect(splitter.push('1}\n{"b"')).toEqual(['{"a":1}']);
    expect(splitter.push(":2}\n")).toEqual(['{"b":2}']);
    expect(splitter.flush()).toEqual([]);
  });

  it("returns every complete line of a chunk and skips blank lines", () => {
    const splitter = new LineSplitter();
    expect(splitter.push("1\n\n2\r\n3\n")).toEqual(["1", "2", "3"]);
  });

  it("hands back a last line that has no newline when flushed", () => {
    const splitter = new LineSplitter();
    expect(splitter.push("1\n2")).toEqual(["1"]);
    expect(splitter.flush()).toEqual(["2"]);
  });
});

describe("readJsonLines", () => {
  it("parses objects split across chunks in the middle of a line", async () => {
    const values = await collect(chunkedBody(['{"n":1,"t":"he', 'llo"}\n{"n"', ":2}\n"]));
    expect(values).toEqual([{ n: 1, t: "hello" }, { n: 2 }]);
  });

  it("parses several lines that arrive in one chunk", async () => {
    const values = await collect(chunkedBody(['{"n":1}\n{"n":2}\n{"n":3}\n']));
    expect(values).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
  });

  it("decodes a multi-byte character split between chunks", async () => {
    const bytes = new TextEncoder().encode('{"t":"€"}\n');
    const values = await collect(chunkedBody([bytes.slice(0, 7), bytes.slice(7)]));
    expect(values).toEqual([{ t: "€" }]);
  });

  it("reads a final line that lacks a trailing newline", async () => {
    const values = await collect(chunkedBody(['{"n":1}\n{"error":"quota exceeded"}']));
    expect(values).toEqual([{ n: 1 }, { error: "quota exceeded" }]);
  });

  it("reports a line that is not JSON, quoting it", async () => {
    await expect(collect(chunkedBody(["<html>Bad gateway</html>\n"]))).rejects.toThrow(
      /not valid JSON: <html>Bad gateway/,
    );
    await expect(collect(chunkedBody(["oops\n"]))).rejects.toBeInstanceOf(ApiError);
  });

  it("stops with an AbortError when the request is aborted mid-stream", async () => {
    const controller = new AbortController();
    const seen: unknown[] = [];
    const reading = (async () => {
      for await (const value of readJsonLines(hangingBody(['{"n":1}\n'], controller.signal))) {
        seen.push(value);
        controller.abort();
      }
    })();
    await expect(reading).rejects.toMatchObject({ name: "AbortError" });
    expect(seen).toEqual([{ n: 1 }]);
  });
});
