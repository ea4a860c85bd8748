"use client";

import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { describeError } from "~/lib/errors";

// For a mutation whose refusal is shown as a toast.
export const toastError = (e: unknown) => toast.error(describeError(e));

// A form's inline error: the server's reason when it refuses, cleared when it succeeds, or the
// form's own complaint (from `check`) before anything is sent.
export function useFormError() {
  const [error, setError] = useState<string | null>(null);
  return {
    error,
    clear: () => setError(null),
    fromServer: (e: unknown) => setError(describeError(e)),
    onSubmit: (send: () => void, check?: () => string | null) => (e: FormEvent) => {
      e.preventDefault();
      const problem = check?.() ?? null;
      if (problem) setError(problem);
      else send();
    },
  };
}
