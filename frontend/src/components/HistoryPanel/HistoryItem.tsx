// One stored conversation: open it, rename it in place, or delete it.

import { Button, Input, Tooltip } from "@fluentui/react-components";
import { CheckmarkRegular, DeleteRegular, DismissRegular, EditRegular } from "@fluentui/react-icons";
import { useState } from "react";
import type { ConversationSummary } from "../../api";
import { useAppState } from "../../state/AppStateProvider";
import { ConfirmDialog } from "./ConfirmDialog";
import styles from "./HistoryPanel.module.css";

/** Matches the breakpoint at which HistoryPanel.module.css lays the panel over the chat. */
const PHONE_WIDTH = "(max-width: 720px)";

export function HistoryItem({ conversation }: { conversation: ConversationSummary }) {
  const { state, actions, dispatch } = useAppState();
  const [editing, setEditing] = useState(false);
  const [title, setTitle] = useState(conversation.title);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const current = state.conversationId === conversation.id;

  const save = async () => {
    if (title.trim() === "" || title.trim() === conversation.title) {
      setEditing(false);
      setTitle(conversation.title);
      return;
    }
    if (await actions.renameConversation(conversation.id, title)) setEditing(false);
  };

  if (editing) {
    return (
      <li className={styles.item} data-current={current || undefined}>
        <form
          className={styles.renameForm}
          onSubmit={(event) => {
            event.preventDefault();
            void save();
          }}
        >
          <Input
            aria-label="New conversation title"
            value={title}
            autoFocus
            size="small"
            className={styles.renameInput}
            onChange={(_, data) => setTitle(data.value)}
            onKeyDown={(event) => {
              if (event.key === "Escape") {
                event.stopPropagation();
                setEditing(false);
                setTitle(conversation.title);
              }
            }}
          />
          <Button size="small" appearance="subtle" type="submit" icon={<CheckmarkRegular />} aria-label="Save title" />
          <Button
            size="small"
            appearance="subtle"
            icon={<DismissRegular />}
            aria-label="Cancel renaming"
            onClick={() => {
              setEditing(false);
              setTitle(conversation.title);
            }}
          />
        </form>
      </li>
    );
  }

  return (
    <li className={styles.item} data-current={current || undefined}>
      <button
        type="button"
        className={styles.open}
        aria-current={current ? "true" : undefined}
        onClick={() => {
          // On a phone the panel covers the chat: get it out of the way of what was opened.
          if (window.matchMedia?.(PHONE_WIDTH).matches) dispatch({ type: "historyPanelToggled", open: false });
          void actions.openConversation(conversation.id, conversation.title);
        }}
        title={conversation.title}
      >
        {conversation.title || "Untitled conversation"}
      </button>
      <div className={styles.itemActions}>
        <Tooltip content={`Rename "${conversation.title}"`} relationship="label">
          <Button
            size="small"
            appearance="subtle"
            icon={<EditRegular />}
            onClick={() => {
              setTitle(conversation.title);
              setEditing(true);
            }}
          />
        </Tooltip>
        <Tooltip content={`Delete "${conversation.title}"`} relationship="label">
          <Button size="small" appearance="subtle" icon={<DeleteRegular />} onClick={() => setConfirmDelete(true)} />
        </Tooltip>
      </div>
      {confirmDelete && (
        <ConfirmDialog
          title="Delete this conversation?"
          body={`"${conversation.title}" and its messages will be deleted for good.`}
          confirmLabel="Delete"
          onCancel={() => setConfirmDelete(false)}
          onConfirm={() => {
            setConfirmDelete(false);
            void actions.deleteConversation(conversation.id);
          }}
        />
      )}
    </li>
  );
}
