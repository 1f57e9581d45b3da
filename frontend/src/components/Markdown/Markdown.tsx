// Sanitised Markdown; [docN] markers become buttons that open the cited source.

import { useDeferredValue, useMemo } from "react";
import type { MouseEvent } from "react";
import { renderMarkdown } from "../../lib/markdown";
import styles from "./Markdown.module.css";

interface Props {
  text: string;
  allowHtml: boolean;
  citationNumbers?: Map<number, number>;
  onCitation?: (index: number) => void;
  className?: string;
}

export function Markdown({ text, allowHtml, citationNumbers, onCitation, className }: Props) {
  // While an answer streams, text changes with every token; rendering a deferred copy lets
  // React skip intermediate versions when it falls behind instead of blocking typing.
  const deferredText = useDeferredValue(text);
  const html = useMemo(
    () => renderMarkdown(deferredText, { allowHtml, citationNumbers }),
    [deferredText, allowHtml, citationNumbers],
  );

  const onClick = (event: MouseEvent<HTMLDivElement>) => {
    const target = (event.target as HTMLElement).closest<HTMLElement>("button[data-citation-index]");
    if (!target || !onCitation) return;
    event.preventDefault();
    onCitation(Number(target.dataset.citationIndex));
  };

  // The HTML comes from renderMarkdown, which always passes it through DOMPurify.
  return <div className={`${styles.markdown} ${className ?? ""}`} onClick={onClick} dangerouslySetInnerHTML={{ __html: html }} />;
}
