type ClientError = { data?: { zodIssues?: { path: string[]; message: string }[] | null } | null };

// Zod issues from the server, keyed by field, for inline messages.
export function fieldErrors(error: unknown): Record<string, string> {
  const issues = (error as ClientError | null)?.data?.zodIssues ?? [];
  const out: Record<string, string> = {};
  for (const issue of issues) {
    const key = issue.path[0] ?? "form";
    out[key] ??= issue.message;
  }
  return out;
}
