// An answer: its Markdown, the sources it cites, and copy and feedback actions.

import { Button, Tooltip } from "@fluentui/react-components";
import {
  CheckmarkRegular,
  ChevronDownRegular,
  ChevronRightRegular,
  CopyRegular,
  ThumbDislikeFilled,
  ThumbDislikeRegular,
  ThumbLikeFilled,
  ThumbLikeRegular,
} from "@fluentui/react-icons";
import { useId, useMemo, useState } from "react";
import type { ToolContext } from "../../api";
import { citationLabel, numberCitations } from "../../lib/citations";
import { copyText } from "../../lib/clipboard";
import { useAppState } from "../../state/AppStateProvider";
import type { ChatMessage } from "../../state/types";
import { FeedbackDialog } from "../FeedbackDialog/FeedbackDialog";
import { Markdown } from "../Markdown/Markdown";
import styles from "./Answer.module.css";

interface Props {
  message: ChatMessage;
  context: ToolContext | null;
  streaming: boolean;
  allowHtml: boolean;
  feedbackEnabled: boolean;
}

function textOf(message: ChatMessage): string {
  if (typeof message.content === "string") return message.content;
  return message.content.map((part) => (part.type === "text" ? part.text : "")).join("");
}

export function Answer({ message, context, streaming, allowHtml, feedbackEnabled }: Props) {
  const { actions, dispatch } = useAppState();
  const text = textOf(message);
  const [referencesOpen, setReferencesOpen] = useState(false);
  const [copied, setCopied] = useState<"idle" | "copied" | "failed">("idle");
  const [feedbackDialogOpen, setFeedbackDialogOpen] = useState(false);
  const referencesId = useId();
  const citations = useMemo(() => numberCitations(text, context?.citations ?? []), [text, context]);
  const feedback = message.feedback ?? "neutral";
  const liked = feedback === "positive";
  const disliked = feedback !== "positive" && feedback !== "neutral";

  const openCitation = (index: number) => {
    const reference = citations.references.find((r) => r.index === index);
    if (reference) dispatch({ type: "citationOpened", citation: { citation: reference.citation, number: reference.number } });
  };

  const copy = async () => {
    setCopied((await copyText(text)) ? "copied" : "failed");
    window.setTimeout(() => setCopied("idle"), 2000);
  };

  const like = () => void actions.sendFeedback(message.id, liked ? "neutral" : "positive");
  const dislike = () => {
    if (disliked) void actions.sendFeedback(message.id, "neutral");
    else setFeedbackDialogOpen(true);
  };

  return (
    <article className={styles.answer} aria-label="Answer" data-testid="answer" data-streaming={streaming || undefined}>
      <Markdown
        className={styles.body}
        text={text}
        allowHtml={allowHtml}
        citationNumbers={citations.numberByIndex}
        onCitation={openCitation}
      />
      {message.stopped && <p className={styles.stopped}>Stopped before the answer was complete.</p>}
      {context?.intent && (
        <p className={styles.intent}>
          <span className={styles.intentLabel}>Searched for:</span> {context.intent}
        </p>
      )}
      {!streaming && (
        <div className={styles.footer}>
          {citations.references.length > 0 ? (
            <Button
              appearance="subtle"
              size="small"
              icon={referencesOpen ? <ChevronDownRegular /> : <ChevronRightRegular />}
              aria-expanded={referencesOpen}
              aria-controls={referencesId}
              onClick={() => setReferencesOpen(!referencesOpen)}
            >
              {citations.references.length === 1 ? "1 reference" : `${citations.references.length} references`}
            </Button>
          ) : (
            <span />
          )}
          <div className={styles.actions}>
            <Tooltip content={copied === "failed" ? "Copy failed" : copied === "copied" ? "Copied" : "Copy answer"} relationship="label">
              <Button
                appearance="subtle"
                size="small"
                icon={copied === "copied" ? <CheckmarkRegular /> : <CopyRegular />}
                onClick={() => void copy()}
              />
            </Tooltip>
            {feedbackEnabled && (
              <>
                <Tooltip content="This answer was helpful" relationship="label">
                  <Button
                    appearance="subtle"
                    size="small"
                    aria-pressed={liked}
                    icon={liked ? <ThumbLikeFilled /> : <ThumbLikeRegular />}
                    onClick={like}
                  />
                </Tooltip>
                <Tooltip content="This answer was not helpful" relationship="label">
                  <Button
                    appearance="subtle"
                    size="small"
                    aria-pressed={disliked}
                    icon={disliked ? <ThumbDislikeFilled /> : <ThumbDislikeRegular />}
                    onClick={dislike}
                  />
                </Tooltip>
              </>
            )}
          </div>
        </div>
      )}
      <span className="visually-hidden" role="status">
        {copied === "copied" ? "Answer copied to the clipboard" : copied === "failed" ? "Could not copy the answer" : ""}
      </span>
      {referencesOpen && citations.references.length > 0 && (
        <ol id={referencesId} className={styles.references}>
          {citations.references.map((reference) => (
            <li key={reference.index}>
              <button type="button" className={styles.reference} onClick={() => openCitation(reference.index)}>
                <span className={styles.referenceNumber}>{reference.number}</span>
                <span className={styles.referenceTitle}>{citationLabel(reference.citation, reference.number)}</span>
              </button>
            </li>
          ))}
        </ol>
      )}
      {feedbackDialogOpen && (
        <FeedbackDialog
          onCancel={() => setFeedbackDialogOpen(false)}
          onSubmit={async (value) => {
            const failure = await actions.sendFeedback(message.id, value);
            if (failure === null) setFeedbackDialogOpen(false);
            return failure;
          }}
        />
      )}
    </article>
  );
}
