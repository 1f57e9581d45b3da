// The question box: Enter sends, Shift+Enter starts a new line; an optional image goes along.

import { Button, Tooltip } from "@fluentui/react-components";
import { DismissRegular, ImageAddRegular, SendRegular } from "@fluentui/react-icons";
import { useEffect, useId, useRef, useState } from "react";
import type { KeyboardEvent } from "react";
import { resizeImageToDataUrl } from "../../lib/image";
import styles from "./QuestionInput.module.css";

interface Props {
  disabled: boolean;
  allowImages: boolean;
  onSend: (text: string, imageDataUrl: string | null) => void;
}

const MAX_HEIGHT = 200;

export function QuestionInput({ disabled, allowImages, onSend }: Props) {
  const [text, setText] = useState("");
  const [image, setImage] = useState<string | null>(null);
  const [imageError, setImageError] = useState<string | null>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const hintId = useId();
  const canSend = !disabled && (text.trim() !== "" || image !== null);

  // Grow with the text up to a limit, then scroll.
  useEffect(() => {
    const element = textarea.current;
    if (!element) return;
    element.style.height = "auto";
    element.style.height = `${Math.min(element.scrollHeight, MAX_HEIGHT)}px`;
  }, [text]);

  // Give the focus back once the answer is complete, so the next question can be typed at once.
  useEffect(() => {
    if (!disabled) textarea.current?.focus();
  }, [disabled]);

  const send = () => {
    if (!canSend) return;
    onSend(text.trim(), image);
    setText("");
    setImage(null);
    setImageError(null);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      send();
    }
  };

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    setImageError(null);
    try {
      setImage(await resizeImageToDataUrl(file));
    } catch (error) {
      setImageError(error instanceof Error ? error.message : "The image could not be read.");
    } finally {
      if (fileInput.current) fileInput.current.value = "";
    }
  };

  return (
    <div className={styles.wrapper}>
      {image && (
        <div className={styles.preview}>
          <img src={image} alt="Image to send with the question" />
          <Button
            size="small"
            shape="circular"
            icon={<DismissRegular />}
            aria-label="Remove image"
            className={styles.removeImage}
            onClick={() => setImage(null)}
          />
        </div>
      )}
      {imageError && (
        <p className={styles.imageError} role="alert">
          {imageError}
        </p>
      )}
      <div className={styles.box} data-disabled={disabled || undefined}>
        <label className="visually-hidden" htmlFor="question-input">
          Your question
        </label>
        <textarea
          id="question-input"
          ref={textarea}
          className={styles.textarea}
          rows={1}
          value={text}
          disabled={disabled}
          placeholder={disabled ? "Waiting for the answer…" : "Type a new question…"}
          aria-describedby={hintId}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
        />
        <span id={hintId} className="visually-hidden">
          Press Enter to send, Shift+Enter for a new line.
        </span>
        {allowImages && (
          <>
            <input
              ref={fileInput}
              type="file"
              accept="image/*"
              className="visually-hidden"
              tabIndex={-1}
              aria-hidden="true"
              onChange={(event) => void onFile(event.target.files?.[0])}
            />
            <Tooltip content="Attach an image" relationship="label">
              <Button
                appearance="subtle"
                shape="circular"
                icon={<ImageAddRegular />}
                disabled={disabled}
                onClick={() => fileInput.current?.click()}
              />
            </Tooltip>
          </>
        )}
        <Tooltip content="Send question" relationship="label">
          <Button
            appearance="primary"
            shape="circular"
            icon={<SendRegular />}
            disabled={!canSend}
            onClick={send}
            className={styles.send}
          />
        </Tooltip>
      </div>
    </div>
  );
}
