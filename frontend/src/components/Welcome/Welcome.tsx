// The empty chat: the configured chat logo, title and description.

import defaultLogo from "../../assets/logo.svg";
import { useAppState } from "../../state/AppStateProvider";
import styles from "./Welcome.module.css";

export function Welcome() {
  const { state } = useAppState();
  const ui = state.settings?.ui;
  return (
    <section className={styles.welcome} aria-labelledby="welcome-title">
      <img className={styles.logo} src={ui?.chat_logo || ui?.logo || defaultLogo} alt="" aria-hidden="true" />
      <h2 id="welcome-title" className={styles.title}>
        {ui?.chat_title || "Start chatting"}
      </h2>
      <p className={styles.description}>{ui?.chat_description || "Ask a question to get started."}</p>
    </section>
  );
}
