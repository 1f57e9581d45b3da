// A failed answer: the backend's message and the request id to quote when asking for help.

import { MessageBar, MessageBarBody, MessageBarTitle } from "@fluentui/react-components";
import type { ChatMessage } from "../../state/types";
import styles from "./ErrorMessage.module.css";

/** Backend messages quote commands and settings in `backticks`: show those as code. */
function withInlineCode(text: string) {
  return text.split("`").map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part));
}

export function ErrorMessage({ message }: { message: ChatMessage }) {
  const text = typeof message.content === "string" ? message.content : "The answer could not be completed.";
  return (
    <MessageBar intent="error" layout="multiline" className={styles.error} data-testid="error-message">
      <MessageBarBody>
        <MessageBarTitle>The answer could not be completed</MessageBarTitle>
        <p className={styles.text}>{withInlineCode(text)}</p>
        {message.requestId && (
          <p className={styles.requestId}>
            Request ID: <code>{message.requestId}</code>
          </p>
        )}
      </MessageBarBody>
    </MessageBar>
  );
}
