// The side panel with one cited source: title, file, link and the passage the answer used.

import { Button } from "@fluentui/react-components";
import { DismissRegular, DocumentRegular, LinkRegular } from "@fluentui/react-icons";
import { useEffect, useRef } from "react";
import { citationLabel } from "../../lib/citations";
import { useAppState } from "../../state/AppStateProvider";
import { Markdown } from "../Markdown/Markdown";
import styles from "./CitationPanel.module.css";

function safeHttpUrl(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.toString() : null;
  } catch {
    return null;
  }
}

export function CitationPanel() {
  const { state, dispatch } = useAppState();
  const heading = useRef<HTMLHeadingElement>(null);
  const open = state.citation;

  useEffect(() => {
    heading.current?.focus();
  }, [open]);

  if (!open) return null;
  const { citation, number } = open;
  const close = () => dispatch({ type: "citationOpened", citation: null });
  const url = safeHttpUrl(citation.url);

  return (
    <aside
      className={styles.panel}
      aria-labelledby="citation-title"
      onKeyDown={(event) => event.key === "Escape" && close()}
      data-testid="citation-panel"
    >
      <div className={styles.top}>
        <span className={styles.kicker}>Citation {number}</span>
        <Button appearance="subtle" icon={<DismissRegular />} aria-label="Close citation" onClick={close} />
      </div>
      <h2 id="citation-title" ref={heading} tabIndex={-1} className={styles.title}>
        {citationLabel(citation, number)}
      </h2>
      {citation.filepath && (
        <p className={styles.meta}>
          <DocumentRegular aria-hidden="true" /> <span>{citation.filepath}</span>
        </p>
      )}
      {citation.url && (
        <p className={styles.meta}>
          <LinkRegular aria-hidden="true" />{" "}
          {url ? (
            <a href={url} target="_blank" rel="noopener noreferrer">
              {citation.url}
            </a>
          ) : (
            <span>{citation.url}</span>
          )}
        </p>
      )}
      <div className={styles.content}>
        <Markdown text={citation.content} allowHtml={state.settings?.sanitize_answer ?? true} />
      </div>
    </aside>
  );
}
