// Holds the one app state (the reducer's, in a store) and the actions that change it.

import { createContext, useContext, useEffect, useMemo, useState, useSyncExternalStore } from "react";
import type { ReactNode } from "react";
import { ApiClient } from "../api";
import type { AppActions } from "./actions";
import { createActions } from "./actions";
import type { Action } from "./reducer";
import { createStore } from "./store";
import type { AppState } from "./types";

interface AppContextValue {
  state: AppState;
  actions: AppActions;
  /** For UI-only changes (panels, citations); anything that calls the API is an action. */
  dispatch: (action: Action) => void;
}

const AppContext = createContext<AppContextValue | null>(null);

export function AppStateProvider({ children, api }: { children: ReactNode; api?: ApiClient }) {
  const [store] = useState(createStore);
  const state = useSyncExternalStore(store.subscribe, store.getState);
  const actions = useMemo(() => createActions(api ?? new ApiClient(), store.dispatch, store.getState), [api, store]);

  useEffect(() => {
    void actions.start();
    return () => actions.stop();
  }, [actions]);

  const value = useMemo(() => ({ state, actions, dispatch: store.dispatch }), [state, actions, store]);
  return <AppContext.Provider value={value}>{children}</AppContext.Provider>;
}

export function useAppState(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error("useAppState must be used inside <AppStateProvider>.");
  return value;
}
