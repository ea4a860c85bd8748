"use client";

import {
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type FocusEvent,
  type KeyboardEvent,
  type RefObject,
  type SyntheticEvent,
} from "react";
import { mentionMarkdown } from "~/lib/mentions";
import { api } from "~/trpc/react";
import { matchPeople, mentionTrigger, type MentionTrigger } from "./mention-trigger";

type Options = {
  workspaceId: string;
  /** The textarea's id; the list of people is named after it. */
  id: string;
  value: string;
  setValue: (next: string) => void;
  ref: RefObject<HTMLTextAreaElement | null>;
};

/**
 * Member autocomplete for a Markdown textarea: typing "@" lists the workspace's members, narrowed by
 * what follows; arrows move, Enter or Tab picks, Escape closes. Picking writes the mention's Markdown
 * and a space in place of what was typed.
 */
export function useMentionAutocomplete({ workspaceId, id, value, setValue, ref }: Options) {
  const [trigger, setTrigger] = useState<MentionTrigger | null>(null);
  const [active, setActive] = useState(0);
  // An "@" closed with Escape stays closed until another is typed.
  const dismissed = useRef<number | null>(null);
  const caret = useRef<number | null>(null);
  const members = api.workspace.members.useQuery({ workspaceId }, { enabled: trigger !== null, staleTime: 60_000 });
  const people = useMemo(() => (members.data?.members ?? []).map((m) => m.user), [members.data]);
  const matches = useMemo(() => (trigger ? matchPeople(people, trigger.query) : []), [people, trigger]);
  const open = trigger !== null && matches.length > 0;
  const listId = `${id}-mentions`;
  const optionId = (i: number) => `${listId}-${i}`;
  const current = Math.min(active, Math.max(0, matches.length - 1));

  // After a pick, the caret goes right after the inserted mention.
  useLayoutEffect(() => {
    const el = ref.current;
    if (el && caret.current !== null) el.setSelectionRange(caret.current, caret.current);
    caret.current = null;
  }, [value, ref]);

  const update = (el: HTMLTextAreaElement) => {
    const found = el.selectionStart === el.selectionEnd ? mentionTrigger(el.value, el.selectionStart) : null;
    if (!found || found.start === dismissed.current) {
      if (!found) dismissed.current = null;
      setTrigger(null);
      return;
    }
    if (trigger?.start === found.start && trigger.query === found.query) return;
    setTrigger(found);
    setActive(0);
  };

  const pick = (index: number) => {
    const el = ref.current;
    const person = matches[index];
    if (!el || !trigger || !person) return;
    const end = el.selectionStart;
    const text = mentionMarkdown(person) + " ";
    caret.current = trigger.start + text.length;
    setTrigger(null);
    setValue(value.slice(0, trigger.start) + text + value.slice(end));
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (!open) return;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      const step = e.key === "ArrowDown" ? 1 : -1;
      setActive((current + step + matches.length) % matches.length);
    } else if ((e.key === "Enter" || e.key === "Tab") && !e.shiftKey && !e.metaKey && !e.ctrlKey) {
      e.preventDefault();
      pick(current);
    } else if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      dismissed.current = trigger.start;
      setTrigger(null);
    }
  };

  // A textarea keeps its own role (ARIA does not allow combobox on one); as a textbox it may still say
  // that it suggests from a list, which list, and which suggestion is current.
  const inputProps = {
    "aria-autocomplete": "list" as const,
    "aria-controls": open ? listId : undefined,
    "aria-activedescendant": open ? optionId(current) : undefined,
    onKeyDown,
    onSelect: (e: SyntheticEvent<HTMLTextAreaElement>) => update(e.currentTarget),
    onInput: (e: SyntheticEvent<HTMLTextAreaElement>) => update(e.currentTarget),
    onBlur: (_e: FocusEvent<HTMLTextAreaElement>) => setTrigger(null),
  };

  const popup = open ? (
    <ul
      id={listId}
      role="listbox"
      aria-label="People to mention"
      className="absolute top-full left-0 z-30 mt-1 max-h-64 w-72 max-w-full overflow-y-auto rounded-md border border-zinc-200 bg-white py-1 text-sm shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
    >
      {matches.map((person, i) => (
        <li
          key={person.id}
          id={optionId(i)}
          role="option"
          aria-selected={i === current}
          // The textarea keeps focus (and its caret) while a person is clicked.
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => pick(i)}
          onMouseEnter={() => setActive(i)}
          className={`cursor-pointer px-3 py-1.5 ${i === current ? "bg-indigo-50 dark:bg-indigo-950" : ""}`}
        >
          <span className="block truncate font-medium">{person.name ?? person.email}</span>
          {person.name ? (
            <span className="block truncate text-xs text-zinc-600 dark:text-zinc-400">{person.email}</span>
          ) : null}
        </li>
      ))}
    </ul>
  ) : null;

  return { inputProps, popup };
}
