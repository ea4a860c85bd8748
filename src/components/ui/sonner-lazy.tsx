"use client";

// What `import … from "sonner"` resolves to in the app's bundles (next.config.mjs, turbopack.resolveAlias):
// the toast library (~12 KiB gzip) is not part of any page's first load. It loads on the first
// pointer press or key press, or the first toast, whichever comes first; a toast asked for before it
// has arrived is shown as soon as it has (sonner shows toasts created before its Toaster subscribed).
// Exports sonner's `Toaster` and `toast` (every method; they return nothing until sonner has loaded).
import { useEffect, useState, type ComponentProps } from "react";
import type * as SonnerModule from "sonner";

type Sonner = typeof SonnerModule;

let sonner: Sonner | null = null;
let loading: Promise<Sonner> | null = null;
const waiting = new Set<(module: Sonner) => void>();

function load(): Promise<Sonner> {
  // The package itself, by path: the bare name resolves to this module.
  loading ??= import("../../../node_modules/sonner/dist/index.mjs").then(
    (module: Sonner) => {
      sonner = module;
      for (const resolve of waiting) resolve(module);
      waiting.clear();
      return module;
    },
    (error: unknown) => {
      loading = null;
      throw error;
    },
  );
  return loading;
}

function withSonner(call: (module: Sonner) => void) {
  if (sonner) call(sonner);
  else
    load().then(call, (error: unknown) => {
      // No way to show it: say so where a developer looks.
      console.error("Could not load the toast library", error);
    });
}

type Toast = Sonner["toast"];
const METHODS = ["success", "error", "info", "warning", "message", "loading", "promise", "custom", "dismiss"] as const;

const lazyToast = ((...args: Parameters<Toast>) => {
  withSonner((module) => module.toast(...args));
}) as unknown as Toast;
for (const method of METHODS) {
  (lazyToast as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
    withSonner((module) => (module.toast[method] as (...a: unknown[]) => unknown)(...args));
  };
}

export const toast = lazyToast;

export function Toaster(props: ComponentProps<Sonner["Toaster"]>) {
  const [Real, setReal] = useState<Sonner["Toaster"] | null>(() => sonner?.Toaster ?? null);
  useEffect(() => {
    if (Real) return;
    const ready = (module: Sonner) => setReal(() => module.Toaster);
    if (sonner) {
      ready(sonner);
      return;
    }
    waiting.add(ready);
    const early = () => void load().catch(() => undefined);
    window.addEventListener("pointerdown", early, { capture: true, once: true });
    window.addEventListener("keydown", early, { capture: true, once: true });
    return () => {
      waiting.delete(ready);
      window.removeEventListener("pointerdown", early, { capture: true });
      window.removeEventListener("keydown", early, { capture: true });
    };
  }, [Real]);
  return Real ? <Real {...props} /> : null;
}
