"use client";

import { useCallback, useSyncExternalStore } from "react";

const CHANGED = "taskmanager:stored-choice";

function subscribe(onChange: () => void) {
  window.addEventListener("storage", onChange);
  window.addEventListener(CHANGED, onChange);
  return () => {
    window.removeEventListener("storage", onChange);
    window.removeEventListener(CHANGED, onChange);
  };
}

function read(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

/**
 * A choice remembered in this browser (localStorage). `undefined` while the page hydrates (the server
 * cannot know it), then the stored value if it is one of `allowed`, else null.
 */
export function useStoredChoice<T extends string>(
  key: string,
  allowed: readonly T[],
): [T | null | undefined, (value: T) => void] {
  const stored = useSyncExternalStore(
    subscribe,
    () => read(key) ?? "",
    () => undefined,
  );
  const remember = useCallback(
    (value: T) => {
      try {
        window.localStorage.setItem(key, value);
      } catch {
        // Private windows may refuse storage; the choice then lasts for this page only.
      }
      window.dispatchEvent(new Event(CHANGED));
    },
    [key],
  );
  if (stored === undefined) return [undefined, remember];
  return [(allowed as readonly string[]).includes(stored) ? (stored as T) : null, remember];
}
