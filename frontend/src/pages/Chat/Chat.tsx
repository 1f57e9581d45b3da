// The conversation: the welcome state or the messages, then the question box.

import { Button, Spinner, Tooltip } from "@fluentui/react-components";
import { BroomRegular, ChatAddRegular, RecordStopRegular } from "@fluentui/react-icons";
import { useEffect, useLayoutEffect, useRef } from "react";
import { Answer } from "../../components/Answer/Answer";
import { ErrorMessage } from "../../components/ErrorMessage/ErrorMessage";
import { QuestionInput } from "../../components/QuestionInput/QuestionInput";
import { UserMessage } from "../../components/UserMessage/UserMessage";
import { Welcome } from "../../components/Welcome/Welcome";
import { parseToolContext } from "../../lib/citations";
import { useAppState } from "../../state/AppStateProvider";
import styles from "./Chat.module.css";

/** How close to the bottom (px) still counts as "following" the answer. */
const FOLLOW_THRESHOLD = 80;
/** A scroll this soon (ms) after the reader's wheel, touch, key or pointer input is theirs. */
const READER_INPUT_WINDOW_MS = 1000;

export function Chat() {
  const { state, actions } = useAppState();
  const scroller = useRef<HTMLDivElement>(null);
  const following = useRef(true);
  const lastReaderInput = useRef(0);
  const settings = state.settings;
  const hasMessages = state.messages.length > 0;

  // Keep the newest text in view while it streams, unless the reader scrolled up to read.
  // Content grows after the state changes too (Markdown renders deferred, images load), so
  // the scroller follows its content's size, not just new messages.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (element && following.current) element.scrollTop = element.scrollHeight;
  }, [state.messages]);

  useEffect(() => {
    const element = scroller.current;
    const content = element?.firstElementChild;
    if (!element || !content || typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(() => {
      if (following.current) element.scrollTop = element.scrollHeight;
    });
    observer.observe(content);
    return () => observer.disconnect();
  }, [hasMessages, state.openingConversation]);

  // Only the reader's own scrolling (wheel, touch, keys, scrollbar) stops the following: the
  // position alone cannot tell, since content keeps growing between a scroll and its event.
  const onReaderInput = () => {
    lastReaderInput.current = Date.now();
  };
  const onScroll = () => {
    const element = scroller.current;
    if (!element) return;
    const nearBottom = element.scrollHeight - element.scrollTop - element.clientHeight < FOLLOW_THRESHOLD;
    if (nearBottom) following.current = true;
    else if (Date.now() - lastReaderInput.current < READER_INPUT_WINDOW_MS) following.current = false;
  };

  const ask = (text: string, imageDataUrl: string | null) => {
    following.current = true;
    void actions.ask({ text, imageDataUrl });
  };

  return (
    <div className={styles.chat}>
      <div
        className={styles.scroller}
        ref={scroller}
        onScroll={onScroll}
        onWheel={onReaderInput}
        onTouchMove={onReaderInput}
        onKeyDown={onReaderInput}
        onPointerDown={onReaderInput}
      >
        {state.openingConversation ? (
          <div className={styles.loading}>
            <Spinner label="Opening conversation…" />
          </div>
        ) : !hasMessages ? (
          <Welcome />
        ) : (
          <div
            className={styles.messages}
            role="log"
            aria-label="Conversation"
            aria-live="polite"
            aria-busy={state.isAnswering}
          >
            {state.messages.map((message, i) => {
              if (message.role === "user") return <UserMessage key={message.id} message={message} />;
              if (message.role === "error") return <ErrorMessage key={message.id} message={message} />;
              if (message.role !== "assistant") return null;
              // Until the first words arrive, the "thinking" dots stand in for the answer.
              if (message.content === "") return null;
              const previous = state.messages[i - 1];
              const context = previous?.role === "tool" ? parseToolContext(previous.content) : null;
              return (
                <Answer
                  key={message.id}
                  message={message}
                  context={context}
                  streaming={message.id === state.answeringId}
                  allowHtml={settings?.sanitize_answer ?? true}
                  feedbackEnabled={Boolean(settings?.feedback_enabled) && state.history === "available"}
                />
              );
            })}
            {state.isAnswering && state.messages.at(-1)?.content === "" && (
              <div className={styles.thinking} aria-label="Generating an answer">
                <span />
                <span />
                <span />
              </div>
            )}
          </div>
        )}
      </div>
      <div className={styles.composer}>
        {state.isAnswering && (
          <div className={styles.stopRow}>
            <Button icon={<RecordStopRegular />} onClick={actions.stop} className={styles.stop}>
              Stop generating
            </Button>
          </div>
        )}
        <div className={styles.inputRow}>
          <div className={styles.chatActions}>
            <Tooltip content="New chat" relationship="label">
              <Button
                appearance="subtle"
                shape="circular"
                icon={<ChatAddRegular />}
                disabled={!hasMessages && state.conversationId === null}
                onClick={actions.newChat}
              />
            </Tooltip>
            <Tooltip content="Clear chat" relationship="label">
              <Button
                appearance="subtle"
                shape="circular"
                icon={<BroomRegular />}
                disabled={!hasMessages}
                onClick={() => void actions.clearChat()}
              />
            </Tooltip>
          </div>
          <QuestionInput disabled={state.isAnswering} allowImages={!settings?.oyd_enabled} onSend={ask} />
        </div>
        <p className={styles.disclaimer}>Answers are generated and may be wrong. Check important facts.</p>
      </div>
    </div>
  );
}
