// Answers are GitHub-flavoured Markdown. They are rendered to HTML once per change, then passed
// through DOMPurify before they reach the page, whatever the settings say.
//
// `sanitize_answer` on: HTML the model wrote is rendered after DOMPurify removes anything active.
// `sanitize_answer` off: HTML the model wrote is shown as literal text, so it can never run.

import DOMPurify from "dompurify";
import type { Element, ElementContent, Root as HastRoot, RootContent, Text as HastText } from "hast";
import type { Root as MdastRoot } from "mdast";
import rehypeHighlight from "rehype-highlight";
import rehypeRaw from "rehype-raw";
import rehypeStringify from "rehype-stringify";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { unified } from "unified";
import { visit } from "unist-util-visit";
import { CITATION_MARKER } from "./citations";

export interface RenderOptions {
  allowHtml: boolean;
  /** docN index -> number shown; markers not in the map are removed. */
  citationNumbers?: Map<number, number>;
}

/** Turns raw HTML in the Markdown into text nodes, so it is displayed rather than interpreted. */
function remarkHtmlAsText() {
  return (tree: MdastRoot) => {
    visit(tree, "html", (node, index, parent) => {
      if (!parent || index === undefined) return;
      const text = { type: "text" as const, value: node.value };
      if (parent.type === "root") parent.children[index] = { type: "paragraph", children: [text] };
      else (parent.children as unknown[])[index] = text;
    });
  };
}

function citationButton(index: number, number: number): Element {
  return {
    type: "element",
    tagName: "sup",
    properties: {},
    children: [
      {
        type: "element",
        tagName: "button",
        properties: {
          type: "button",
          className: ["citation-marker"],
          dataCitationIndex: String(index),
          ariaLabel: `Open citation ${number}`,
        },
        children: [{ type: "text", value: String(number) }],
      },
    ],
  };
}

function splitCitations(node: HastText, numbers: Map<number, number>): ElementContent[] {
  const out: ElementContent[] = [];
  let last = 0;
  for (const match of node.value.matchAll(CITATION_MARKER)) {
    const start = match.index ?? 0;
    if (start > last) out.push({ type: "text", value: node.value.slice(last, start) });
    const index = Number(match[1]) - 1;
    const number = numbers.get(index);
    if (number !== undefined) out.push(citationButton(index, number));
    last = start + match[0].length;
  }
  if (last < node.value.length) out.push({ type: "text", value: node.value.slice(last) });
  return out;
}

/** Replaces [docN] markers outside code with numbered citation buttons. */
function rehypeCitations(options: { numbers: Map<number, number> }) {
  const walk = (parent: HastRoot | Element) => {
    const children: RootContent[] = [];
    for (const child of parent.children) {
      if (child.type === "element") {
        if (child.tagName !== "code" && child.tagName !== "pre") walk(child);
        children.push(child);
      } else if (child.type === "text" && child.value.includes("[doc")) {
        children.push(...splitCitations(child, options.numbers));
      } else {
        children.push(child);
      }
    }
    parent.children = children as typeof parent.children;
  };
  return (tree: HastRoot) => walk(tree);
}

/** Links in answers open in a new tab and do not hand this page to the target. */
function rehypeExternalLinks() {
  return (tree: HastRoot) => {
    visit(tree, "element", (node) => {
      if (node.tagName === "a") {
        node.properties.target = "_blank";
        node.properties.rel = ["noopener", "noreferrer"];
      }
    });
  };
}

const FORBIDDEN_TAGS = ["style", "form", "input", "textarea", "select", "iframe", "object", "embed", "link", "meta"];

export function renderMarkdown(markdown: string, options: RenderOptions): string {
  const processor = unified().use(remarkParse).use(remarkGfm);
  if (!options.allowHtml) processor.use(remarkHtmlAsText);
  const html = processor
    .use(remarkRehype, { allowDangerousHtml: options.allowHtml })
    .use(options.allowHtml ? rehypeRaw : () => undefined)
    .use(rehypeCitations, { numbers: options.citationNumbers ?? new Map() })
    .use(rehypeExternalLinks)
    .use(rehypeHighlight, { detect: false })
    .use(rehypeStringify)
    .processSync(markdown)
    .toString();
  return DOMPurify.sanitize(html, { ADD_ATTR: ["target"], FORBID_TAGS: FORBIDDEN_TAGS });
}
