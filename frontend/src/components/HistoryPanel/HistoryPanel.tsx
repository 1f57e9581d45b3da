// Stored conversations, newest first and grouped by date, with paging and "clear all".

import { Button, Spinner } from "@fluentui/react-components";
import { DeleteRegular, DismissRegular } from "@fluentui/react-icons";
import { useMemo, useState } from "react";
import { groupConversations } from "../../lib/dates";
import { useAppState } from "../../state/AppStateProvider";
import { ConfirmDialog } from "./ConfirmDialog";
import { HistoryItem } from "./HistoryItem";
import styles from "./HistoryPanel.module.css";

export function HistoryPanel() {
  const { state, actions, dispatch } = useAppState();
  const [confirmClear, setConfirmClear] = useState(false);
  const list = state.historyList;
  const groups = useMemo(() => groupConversations(list.conversations), [list.conversations]);

  return (
    <nav id="history-panel" className={styles.panel} aria-labelledby="history-title" data-testid="history-panel">
      <div className={styles.top}>
        <h2 id="history-title" className={styles.title}>
          Chat history
        </h2>
        <Button
          appearance="subtle"
          icon={<DismissRegular />}
          aria-label="Hide chat history"
          onClick={() => dispatch({ type: "historyPanelToggled", open: false })}
        />
      </div>
      <div className={styles.list}>
        {groups.map((group) => (
          <section key={group.label} aria-label={group.label}>
            <h3 className={styles.group}>{group.label}</h3>
            <ul className={styles.items}>
              {group.conversations.map((conversation) => (
                <HistoryItem key={conversation.id} conversation={conversation} />
              ))}
            </ul>
          </section>
        ))}
        {list.conversations.length === 0 && !list.loading && !list.error && (
          <p className={styles.empty}>No conversations yet. Your chats are saved here.</p>
        )}
        {list.error && (
          <div className={styles.error} role="alert">
            <p>{list.error}</p>
            <Button size="small" onClick={() => void actions.loadHistoryPage(0)}>
              Try again
            </Button>
          </div>
        )}
        {list.loading && <Spinner size="small" label="Loading conversations…" className={styles.spinner} />}
        {!list.loading && list.hasMore && list.conversations.length > 0 && (
          <Button appearance="secondary" className={styles.more} onClick={() => void actions.loadMoreHistory()}>
            Load more
          </Button>
        )}
      </div>
      <div className={styles.bottom}>
        <Button
          appearance="subtle"
          icon={<DeleteRegular />}
          disabled={list.conversations.length === 0}
          onClick={() => setConfirmClear(true)}
        >
          Clear all chat history
        </Button>
      </div>
      {confirmClear && (
        <ConfirmDialog
          title="Clear all chat history?"
          body="All your conversations will be deleted for good."
          confirmLabel="Clear all"
          onCancel={() => setConfirmClear(false)}
          onConfirm={() => {
            setConfirmClear(false);
            void actions.deleteAllConversations();
          }}
        />
      )}
    </nav>
  );
}
