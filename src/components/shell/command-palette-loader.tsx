"use client";

import dynamic from "next/dynamic";
import { useCallback, useEffect, useRef, useState } from "react";
import { isTyping } from "./is-typing";

// The palette (cmdk and its dialog) is fetched the first time it is opened, not with the page.
const CommandPalette = dynamic(() => import("./command-palette").then((m) => m.CommandPalette), {
  ssr: false,
  loading: () => null,
});

/** Opens the command palette on ⌘K / Ctrl+K or `/`, loading it on first use. */
export function CommandPaletteLoader() {
  const [open, setOpen] = useState(false);
  const [requested, setRequested] = useState(false);
  const [typed, setTyped] = useState("");
  const ready = useRef(false);
  const openRef = useRef(false);

  const toggle = useCallback((next: boolean) => {
    openRef.current = next;
    setOpen(next);
    if (next) setRequested(true);
  }, []);
  const onReady = useCallback(() => {
    ready.current = true;
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.key === "k" && (e.metaKey || e.ctrlKey)) || (e.key === "/" && !isTyping(e.target))) {
        e.preventDefault();
        toggle(!openRef.current);
        return;
      }
      // Until the palette has arrived, keep what is typed for its search box (and away from other shortcuts).
      if (!openRef.current || ready.current) return;
      if (e.key === "Escape") {
        e.preventDefault();
        setTyped("");
        toggle(false);
      } else if (e.key === "Backspace") {
        e.preventDefault();
        e.stopImmediatePropagation();
        setTyped((t) => t.slice(0, -1));
      } else if (e.key.length === 1 && !e.metaKey && !e.ctrlKey && !e.altKey) {
        e.preventDefault();
        e.stopImmediatePropagation();
        setTyped((t) => t + e.key);
      }
    };
    window.addEventListener("keydown", onKey, { capture: true });
    return () => window.removeEventListener("keydown", onKey, { capture: true });
  }, [toggle]);

  return requested ? <CommandPalette open={open} setOpen={toggle} initialQuery={typed} onReady={onReady} /> : null;
}
