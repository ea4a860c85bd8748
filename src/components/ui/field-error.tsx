const errorClass = "text-sm text-rose-700 dark:text-rose-400";

// The one inline error under a field. `alert` announces it as it appears; the sign-in card's fields
// leave that to the form-level message above them. `spaced` sets it off from an input right above.
export function FieldError({
  id,
  message,
  spaced = false,
  alert = true,
}: {
  id?: string;
  message: string | null | undefined;
  spaced?: boolean;
  alert?: boolean;
}) {
  return message ? (
    <p id={id} role={alert ? "alert" : undefined} className={spaced ? `mt-1 ${errorClass}` : errorClass}>
      {message}
    </p>
  ) : null;
}

// Props that tie an input to its FieldError.
export function describedBy(id: string, error: string | null | undefined) {
  return { "aria-invalid": error ? true : undefined, "aria-describedby": error ? id : undefined } as const;
}
