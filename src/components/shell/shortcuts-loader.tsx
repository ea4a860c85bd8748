"use client";

import { useEffect, useRef, useState, type ComponentType } from "react";
import { isTyping } from "./is-typing";

type Request = { kind: "key"; key: string } | { kind: "create" };

/**
 * The keyboard shortcuts' dialogs (the shortcut list and quick create, with their dialog library)
 * load the first time they are asked for ("?", "c" or a "New task" button), not with the page; the
 * request that loaded them is then passed on.
 */
export function ShortcutsLoader() {
  const [Shortcuts, setShortcuts] = useState<ComponentType | null>(null);
  const request = useRef<Request | null>(null);
  const requested = useRef(false);

  useEffect(() => {
    if (Shortcuts) return;
    const load = (next: Request) => {
      request.current = next;
      if (requested.current) return;
      requested.current = true;
      import("./shortcuts").then(
        (m) => setShortcuts(() => m.Shortcuts),
        () => {
          requested.current = false;
        },
      );
    };
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target) || e.metaKey || e.ctrlKey || e.altKey) return;
      if (e.key === "?" || e.key === "c") load({ kind: "key", key: e.key });
    };
    const onRequest = () => load({ kind: "create" });
    window.addEventListener("keydown", onKey);
    window.addEventListener("taskmanager:quick-create", onRequest);
    return () => {
      window.removeEventListener("keydown", onKey);
      window.removeEventListener("taskmanager:quick-create", onRequest);
    };
  }, [Shortcuts]);

  // Runs after the loaded component's own effects have added its listeners.
  useEffect(() => {
    const next = request.current;
    if (!Shortcuts || !next) return;
    request.current = null;
    if (next.kind === "create") window.dispatchEvent(new Event("taskmanager:quick-create"));
    else window.dispatchEvent(new KeyboardEvent("keydown", { key: next.key, bubbles: true, cancelable: true }));
  }, [Shortcuts]);

  return Shortcuts ? <Shortcuts /> : null;
}
