// The one inline error under a field. `alert` announces it as it appears; the sign-in card's fields
// leave that to the form-level message above them.
export function FieldError({
  id,
  message,
  className = "text-sm text-rose-700 dark:text-rose-400",
  alert = true,
}: {
  id?: string;
  message: string | null | undefined;
  className?: string;
  alert?: boolean;
}) {
  return message ? (
    <p id={id} role={alert ? "alert" : undefined} className={className}>
      {message}
    </p>
  ) : null;
}

// Props that tie an input to its FieldError.
export function describedBy(id: string, error: string | null | undefined) {
  return { "aria-invalid": error ? true : undefined, "aria-describedby": error ? id : undefined } as const;
}
