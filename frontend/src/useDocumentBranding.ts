// The page title and favicon follow the UI settings (UI_TITLE, UI_FAVICON).

import { useEffect } from "react";
import type { FrontendSettings } from "./api";

export function useDocumentBranding(settings: FrontendSettings | null) {
  useEffect(() => {
    if (!settings) return;
    if (settings.ui.title) document.title = settings.ui.title;
    const favicon = settings.ui.favicon;
    if (favicon) {
      let link = document.querySelector<HTMLLinkElement>("link[rel~='icon']");
      if (!link) {
        link = document.createElement("link");
        link.rel = "icon";
        document.head.appendChild(link);
      }
      link.href = favicon;
    }
  }, [settings]);
}
