import { describe, expect, it } from "vitest";
import type { Citation } from "../api";
import { citationLabel, numberCitations, parseToolContext } from "./citations";

const cite = (title: string): Citation => ({ content: `about ${title}`, title, url: null, filepath: null, chunk_id: null });

describe("parseToolContext", () => {
  it("reads citations and intent from the tool message's JSON", () => {
    const content = JSON.stringify({
      citations: [{ content: "Benefits text", title: "Benefits.pdf", url: "https://x/b.pdf", filepath: "b.pdf", chunk_id: 0 }],
      intent: '["health plan options", "dental"]',
    });
    expect(parseToolContext(content)).toEqual({
      citations: [
        { content: "Benefits text", title: "Benefits.pdf", url: "https://x/b.pdf", filepath: "b.pdf", chunk_id: "0", id: null },
      ],
      intent: "health plan options; dental",
    });
  });

  it("keeps a plain-text intent as it is", () => {
    expect(parseToolContext(JSON.stringify({ citations: [], intent: "Find the leave policy" }))?.intent).toBe(
      "Find the leave policy",
    );
  });

  it("returns null for content that is not a tool context", () => {
    expect(parseToolContext("not json")).toBeNull();
    expect(parseToolContext(JSON.stringify({ citations: [] }))).toBeNull();
    expect(parseToolContext(undefined)).toBeNull();
  });
});

describe("numberCitations", () => {
  const citations = [cite("A"), cite("B"), cite("C")];

  it("numbers sources in order of first mention, reusing numbers for repeats", () => {
    const { references, numberByIndex } = numberCitations("See [doc3] and [doc1], again [doc3].", citations);
    expect(references.map((r) => [r.number, r.citation.title])).toEqual([
      [1, "C"],
      [2, "A"],
    ]);
    expect(numberByIndex.get(2)).toBe(1);
    expect(numberByIndex.get(0)).toBe(2);
  });

  it("ignores markers with no matching source", () => {
    expect(numberCitations("Nothing at [doc9].", citations).references).toEqual([]);
  });
});

describe("citationLabel", () => {
  it("falls back from title to file path with its part number", () => {
    expect(citationLabel(cite("Handbook"), 1)).toBe("Handbook");
    expect(citationLabel({ content: "", title: null, url: null, filepath: "guide.pdf", chunk_id: "2" }, 1)).toBe(
      "guide.pdf (part 3)",
    );
    expect(citationLabel({ content: "", title: null, url: null, filepath: null, chunk_id: null }, 4)).toBe("Source 4");
  });
});
