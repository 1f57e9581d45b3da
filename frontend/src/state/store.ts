// A tiny store around the reducer. Async actions need the latest state right after their own
// dispatches (before React renders), which React's useReducer cannot give them.

import type { Action } from "./reducer";
import { reducer } from "./reducer";
import type { AppState } from "./types";
import { initialState } from "./types";

export interface Store {
  getState: () => AppState;
  dispatch: (action: Action) => void;
  subscribe: (listener: () => void) => () => void;
}

export function createStore(state: AppState = initialState): Store {
  let current = state;
  const listeners = new Set<() => void>();
  return {
    getState: () => current,
    dispatch: (action) => {
      const next = reducer(current, action);
      if (next === current) return;
      current = next;
      for (const listener of listeners) listener();
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
