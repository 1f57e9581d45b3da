// Shown when sign-in is required and nobody is signed in: says how to set up a provider.

import { LockClosedRegular } from "@fluentui/react-icons";
import styles from "./AuthRequired.module.css";

export function AuthRequired() {
  return (
    <main className={styles.page}>
      <section className={styles.card} aria-labelledby="auth-title">
        <LockClosedRegular className={styles.icon} aria-hidden="true" />
        <h1 id="auth-title">Authentication not configured</h1>
        <p>
          This app requires people to sign in, but no identity provider is set up, so nobody can sign in yet.
        </p>
        <p>
          In the Azure portal, open the App Service, choose <strong>Authentication</strong> and add an identity
          provider (for example Microsoft Entra ID). Changes can take a few minutes to apply.
        </p>
        <p className={styles.hint}>
          Running locally and do not need sign-in? Set <code>AUTH_ENABLED=False</code> and restart the app.
        </p>
      </section>
    </main>
  );
}
