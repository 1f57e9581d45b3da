// "On your data" answers refer to their sources as [doc1], [doc2]...: these functions read the
// tool message that carries the sources and number the ones the answer actually cites.

import type { Citation, MessageContent, ToolContext } from "../api";

const MARKER = /\[doc(\d+)\]/g;

function asString(value: unknown): string | null {
  return typeof value === "string" && value.length > 0 ? value : null;
}

function toCitation(value: unknown): Citation | null {
  if (!value || typeof value !== "object") return null;
  const raw = value as Record<string, unknown>;
  const chunk = raw.chunk_id;
  return {
    content: typeof raw.content === "string" ? raw.content : "",
    title: asString(raw.title),
    url: asString(raw.url),
    filepath: asString(raw.filepath),
    chunk_id: typeof chunk === "number" ? String(chunk) : asString(chunk),
    id: asString(raw.id),
  };
}

/** The intent is a string, or a JSON list of the search queries the model used. */
function readIntent(value: unknown): string | null {
  if (Array.isArray(value)) return value.filter((item) => typeof item === "string").join("; ") || null;
  if (typeof value !== "string" || value.trim() === "") return null;
  try {
    const parsed: unknown = JSON.parse(value);
    if (Array.isArray(parsed)) return readIntent(parsed);
  } catch {
    // A plain sentence, not JSON.
  }
  return value;
}

/** Parses a tool message's content; null when it holds no citations or intent. */
export function parseToolContext(content: MessageContent | null | undefined): ToolContext | null {
  if (typeof content !== "string" || content.trim() === "") return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    return null;
  }
  if (!parsed || typeof parsed !== "object") return null;
  const raw = parsed as Record<string, unknown>;
  const citations = Array.isArray(raw.citations)
    ? raw.citations.map(toCitation).filter((c): c is Citation => c !== null)
    : [];
  const intent = readIntent(raw.intent);
  if (citations.length === 0 && intent === null) return null;
  return { citations, intent };
}

export interface CitationReference {
  /** The number shown to the reader, in order of first mention. */
  number: number;
  /** Index into the tool message's citations (doc1 is index 0). */
  index: number;
  citation: Citation;
}

export interface NumberedCitations {
  references: CitationReference[];
  /** docN index -> shown number, for rendering the markers. */
  numberByIndex: Map<number, number>;
}

/** Numbers the cited sources in order of first mention; markers without a source are ignored. */
export function numberCitations(answer: string, citations: Citation[]): NumberedCitations {
  const references: CitationReference[] = [];
  const numberByIndex = new Map<number, number>();
  for (const match of answer.matchAll(MARKER)) {
    const index = Number(match[1]) - 1;
    const citation = citations[index];
    if (!citation || numberByIndex.has(index)) continue;
    const number = references.length + 1;
    numberByIndex.set(index, number);
    references.push({ number, index, citation });
  }
  return { references, numberByIndex };
}

/** A short, human name for a citation: its title, else its file or URL. */
export function citationLabel(citation: Citation, number: number): string {
  const name = citation.title ?? citation.filepath ?? citation.url ?? `Source ${number}`;
  return citation.chunk_id !== null && citation.filepath && !citation.title
    ? `${name} (part ${Number(citation.chunk_id) + 1 || citation.chunk_id})`
    : name;
}

export const CITATION_MARKER = MARKER;
