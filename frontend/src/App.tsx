// Chooses what to show: nothing until settings and sign-in are known (so signed-in people never
// see the sign-in page flash by), then the sign-in page or the chat.

import { FluentProvider, Spinner, webLightTheme } from "@fluentui/react-components";
import { AuthRequired } from "./pages/AuthRequired/AuthRequired";
import { Layout } from "./pages/Layout/Layout";
import { AppStateProvider, useAppState } from "./state/AppStateProvider";
import { useDocumentBranding } from "./useDocumentBranding";
import styles from "./App.module.css";

function Screen() {
  const { state } = useAppState();
  useDocumentBranding(state.settings);
  if (state.settingsStatus === "failed") {
    return (
      <main className={styles.center}>
        <div role="alert" className={styles.fatal}>
          <h1>The chat could not start</h1>
          <p>{state.settingsError}</p>
          <p>Reload the page to try again. If this keeps happening, check that the server is running.</p>
        </div>
      </main>
    );
  }
  if (state.settingsStatus === "unknown" || state.auth === "unknown") {
    return (
      <main className={styles.center} aria-busy="true">
        <Spinner label="Loading…" />
      </main>
    );
  }
  if (state.auth === "signed-out") return <AuthRequired />;
  return <Layout />;
}

export function App() {
  return (
    <FluentProvider theme={webLightTheme}>
      <AppStateProvider>
        <Screen />
      </AppStateProvider>
    </FluentProvider>
  );
}
