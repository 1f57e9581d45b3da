// A question the reader asked, with its image when there is one.

import type { ChatMessage } from "../../state/types";
import styles from "./UserMessage.module.css";

export function UserMessage({ message }: { message: ChatMessage }) {
  const parts = typeof message.content === "string" ? [{ type: "text" as const, text: message.content }] : message.content;
  return (
    <div className={styles.row}>
      <div className={styles.bubble} data-testid="user-message">
        {parts.map((part, i) =>
          part.type === "text" ? (
            <p key={i} className={styles.text}>
              {part.text}
            </p>
          ) : (
            <img key={i} className={styles.image} src={part.image_url.url} alt="Image sent with the question" />
          ),
        )}
      </div>
    </div>
  );
}
