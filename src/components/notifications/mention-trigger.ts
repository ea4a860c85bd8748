// Where the editor's member autocomplete opens: an "@" at the start of the text or after a space or
// an opening bracket (so an email address does not open it), followed by what is typed so far.

const MAX_QUERY = 40;

export type MentionTrigger = { start: number; query: string };

/** The "@" being typed just before the caret and the text after it, or null when none is. */
export function mentionTrigger(text: string, caret: number): MentionTrigger | null {
  const start = text.lastIndexOf("@", caret - 1);
  if (start < 0 || caret - start - 1 > MAX_QUERY) return null;
  if (start > 0 && !/[\s(]/.test(text[start - 1]!)) return null;
  const query = text.slice(start + 1, caret);
  // A finished mention ("@[Ada](user:…)"), a new line, or words after a gap end the search.
  if (/[\n@[\]()]/.test(query) || /^\s/.test(query) || /\s\s/.test(query)) return null;
  if ((query.match(/\s/g) ?? []).length > 2) return null;
  return { start, query };
}

type Person = { id: string; name: string | null; email: string };

/** The people whose name or email matches the query: names starting with it first, at most `limit`. */
export function matchPeople<T extends Person>(people: readonly T[], query: string, limit = 8): T[] {
  const q = query.trim().toLowerCase();
  const scored: { person: T; score: number }[] = [];
  for (const person of people) {
    const name = (person.name ?? "").toLowerCase();
    const email = person.email.toLowerCase();
    let score = -1;
    if (!q) score = 3;
    else if (name.startsWith(q)) score = 0;
    else if (name.split(/\s+/).some((word) => word.startsWith(q))) score = 1;
    else if (email.startsWith(q) || name.includes(q)) score = 2;
    else if (email.includes(q)) score = 3;
    if (score >= 0) scored.push({ person, score });
  }
  return scored
    .sort(
      (a, b) => a.score - b.score || (a.person.name ?? a.person.email).localeCompare(b.person.name ?? b.person.email),
    )
    .slice(0, limit)
    .map((s) => s.person);
}
