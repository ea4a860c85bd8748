// Mentions in Markdown (descriptions and comments): `@[Ada Lovelace](user:<userId>)`, as the editor's
// member autocomplete writes them. The label is what readers see; the id is whom it notifies.

const MENTION = /@\[([^\]\n]{1,100})\]\(user:([A-Za-z0-9_-]{1,64})\)/g;

export type Mention = { label: string; userId: string };

export function mentionsIn(text: string): Mention[] {
  return [...text.matchAll(MENTION)].map((m) => ({ label: m[1]!, userId: m[2]! }));
}

/** The ids mentioned in `text`, each once. */
export function mentionedIds(text: string): Set<string> {
  return new Set(mentionsIn(text).map((m) => m.userId));
}

/** Ids mentioned in `after` that `before` did not mention: an edit notifies only the newly mentioned. */
export function newlyMentioned(before: string, after: string): Set<string> {
  const old = mentionedIds(before);
  return new Set([...mentionedIds(after)].filter((id) => !old.has(id)));
}

/** The Markdown for a mention of this person; brackets in the name are dropped so the link holds. */
export function mentionMarkdown(person: { id: string; name: string | null; email: string }): string {
  const label = (person.name?.trim() || person.email.split("@")[0] || "someone").replace(/[[\]\n]/g, "").slice(0, 100);
  return `@[${label}](user:${person.id})`;
}

/** The text as a reader sees it: each mention as "@Name". */
export function mentionsAsText(text: string): string {
  return text.replace(MENTION, (_, label: string) => `@${label}`);
}
