// Asks why an answer was not helpful, or lets the reader report inappropriate content.

import {
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
} from "@fluentui/react-components";
import { useState } from "react";
import { HARMFUL_REASONS, UNHELPFUL_REASONS, feedbackValue } from "./reasons";
import styles from "./FeedbackDialog.module.css";

interface Props {
  onCancel: () => void;
  /** Sends the feedback; resolves to an error message, or null once it was sent. */
  onSubmit: (feedback: string) => Promise<string | null>;
}

export function FeedbackDialog({ onCancel, onSubmit }: Props) {
  const [reporting, setReporting] = useState(false);
  const [chosen, setChosen] = useState<string[]>([]);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const reasons = reporting ? HARMFUL_REASONS : UNHELPFUL_REASONS;

  const toggle = (key: string, checked: boolean) =>
    setChosen((current) => (checked ? [...current, key] : current.filter((k) => k !== key)));

  const submit = async () => {
    setSending(true);
    setError(null);
    const failure = await onSubmit(feedbackValue(reasons.filter((reason) => chosen.includes(reason.key))));
    setSending(false);
    setError(failure);
  };

  return (
    <Dialog open onOpenChange={(_, data) => !data.open && onCancel()}>
      <DialogSurface aria-describedby="feedback-description">
        <DialogBody>
          <DialogTitle>{reporting ? "Report inappropriate content" : "Why wasn't this answer helpful?"}</DialogTitle>
          <DialogContent>
            <p id="feedback-description" className={styles.description}>
              {reporting
                ? "The content is (choose all that apply):"
                : "Your feedback improves the answers. Choose all that apply."}
            </p>
            <fieldset className={styles.reasons}>
              <legend className="visually-hidden">Reasons</legend>
              {reasons.map((reason) => (
                <Checkbox
                  key={reason.key}
                  label={reason.label}
                  checked={chosen.includes(reason.key)}
                  onChange={(_, data) => toggle(reason.key, Boolean(data.checked))}
                />
              ))}
            </fieldset>
            {!reporting && (
              <Button
                appearance="transparent"
                className={styles.report}
                onClick={() => {
                  setReporting(true);
                  setChosen([]);
                }}
              >
                Report inappropriate content
              </Button>
            )}
            {error && (
              <p className={styles.error} role="alert">
                {error}
              </p>
            )}
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={onCancel}>
              Cancel
            </Button>
            <Button appearance="primary" disabled={sending} onClick={() => void submit()}>
              Submit feedback
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
