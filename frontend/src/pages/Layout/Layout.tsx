// The page frame: a header with the title and the history/share buttons, the history panel,
// the chat, and the citation panel.

import { Button, MessageBar, MessageBarActions, MessageBarBody } from "@fluentui/react-components";
import { DismissRegular, HistoryRegular, ShareRegular } from "@fluentui/react-icons";
import { useState } from "react";
import defaultLogo from "../../assets/logo.svg";
import { CitationPanel } from "../../components/CitationPanel/CitationPanel";
import { HistoryPanel } from "../../components/HistoryPanel/HistoryPanel";
import { ShareDialog } from "../../components/ShareDialog/ShareDialog";
import { useAppState } from "../../state/AppStateProvider";
import { Chat } from "../Chat/Chat";
import styles from "./Layout.module.css";

export function Layout() {
  const { state, actions, dispatch } = useAppState();
  const [shareOpen, setShareOpen] = useState(false);
  const ui = state.settings?.ui;
  const showHistoryButton = state.history === "available" && ui?.show_chat_history_button !== false;
  const historyOpen = showHistoryButton && state.historyPanelOpen;

  return (
    <div className={styles.page}>
      <header className={styles.header}>
        <div className={styles.brand}>
          <img className={styles.logo} src={ui?.logo || defaultLogo} alt="" aria-hidden="true" />
          <h1 className={styles.title}>{ui?.title || "Chat"}</h1>
        </div>
        <div className={styles.headerActions}>
          {showHistoryButton && (
            <Button
                appearance="subtle"
                className={styles.headerButton}
                icon={<HistoryRegular />}
                aria-pressed={historyOpen}
                aria-controls="history-panel"
                onClick={() => dispatch({ type: "historyPanelToggled" })}
              >
                <span className={styles.buttonText}>{historyOpen ? "Hide history" : "Show history"}</span>
              </Button>
          )}
          {ui?.show_share_button && (
            <Button
                appearance="primary"
                className={styles.headerButton}
                icon={<ShareRegular />}
                onClick={() => setShareOpen(true)}
              >
                <span className={styles.buttonText}>Share</span>
              </Button>
          )}
        </div>
      </header>
      {state.notice && (
        <MessageBar intent="warning" className={styles.notice} role="status">
          <MessageBarBody>{state.notice}</MessageBarBody>
          <MessageBarActions
            containerAction={
              <Button
                appearance="transparent"
                aria-label="Dismiss notice"
                icon={<DismissRegular />}
                onClick={actions.dismissNotice}
              />
            }
          />
        </MessageBar>
      )}
      <div className={styles.body}>
        {historyOpen && <HistoryPanel />}
        <main className={styles.chat}>
          <Chat />
        </main>
        {state.citation && <CitationPanel />}
      </div>
      <ShareDialog open={shareOpen} onClose={() => setShareOpen(false)} />
    </div>
  );
}
