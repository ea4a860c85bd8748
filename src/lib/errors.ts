type ClientError = {
  message?: string;
  data?: { code?: string; zodIssues?: { path: string[]; message: string }[] | null } | null;
};

// A sentence a person can act on, from a tRPC client error.
export function describeError(error: unknown): string {
  const e = (error ?? {}) as ClientError;
  const issues = e.data?.zodIssues;
  if (issues?.length) {
    return issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; ");
  }
  if (e.data?.code === "TOO_MANY_REQUESTS") return e.message ?? "Too many requests. Wait a moment and try again.";
  if (e.data?.code === "CONFLICT") return e.message ?? "Someone else changed this. Reload and try again.";
  if (e.data?.code === "INTERNAL_SERVER_ERROR" || !e.message) return "Something went wrong. Try again.";
  if (/fetch failed|Failed to fetch|NetworkError/i.test(e.message))
    return "You appear to be offline. Check your connection.";
  return e.message;
}

export function errorCode(error: unknown): string | undefined {
  return (error as ClientError | undefined)?.data?.code;
}
