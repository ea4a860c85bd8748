"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { createContext, useContext, useRef, useState } from "react";
import { useWorkspace } from "~/components/shell/workspace-context";
import type { RouterOutputs } from "~/trpc/react";
import type { PickerKind, RowAction } from "../list/keys";
import { useRowKeys } from "../list/use-row-keys";
import { AssigneePicker, DuePicker, LabelsPicker, PriorityPicker, StatusPicker } from "../pickers/task-pickers";
import { useTaskMutations } from "../use-task-mutations";

export type Card = RouterOutputs["task"]["list"]["items"][number];

// One task on the board, its properties as the same pickers the list uses: s, p, a, l, d open them
// and e opens the task while the card has focus or the pointer. The drag handle, when the person may
// move it, comes from the board; `readOnly` shows the properties without pickers.
type OpenPicker = { id: string; kind: PickerKind } | null;

/**
 * The board's open card picker. It lives above the cards, so a picker opened while drag and drop
 * loads stays open when the board swaps its plain cards for sortable ones.
 */
export const BoardPickerContext = createContext<readonly [OpenPicker, (next: OpenPicker) => void] | null>(null);

export function CardView({
  card,
  slug,
  overlay = false,
  handle = null,
  readOnly,
}: {
  card: Card;
  slug: string;
  overlay?: boolean;
  handle?: React.ReactNode;
  readOnly?: boolean;
}) {
  const { canEdit } = useWorkspace();
  const editable = !(readOnly ?? (overlay || !canEdit));
  const router = useRouter();
  const root = useRef<HTMLDivElement>(null);
  const shared = useContext(BoardPickerContext);
  const [own, setOwn] = useState<PickerKind | null>(null);
  const open = shared ? (shared[0]?.id === card.id ? shared[0].kind : null) : own;
  const setOpen = (kind: PickerKind | null) => {
    if (shared) shared[1](kind ? { id: card.id, kind } : null);
    else setOwn(kind);
  };
  const { update } = useTaskMutations(card.projectId);
  const edit = (patch: Omit<Parameters<typeof update.mutate>[0], "id" | "version">) =>
    update.mutate({ id: card.id, version: card.version, ...patch });

  const run = (_id: string, action: RowAction) => {
    if (overlay) return false;
    if (action.kind === "open") {
      router.push(`/w/${slug}/t/${card.ref}`);
      return true;
    }
    if (action.kind === "picker" && editable) {
      setOpen(action.picker);
      return true;
    }
    return false;
  };
  const keys = useRowKeys({ list: root, run, onEscape: () => undefined });

  const name = (what: string) => `${what} of ${card.ref}`;
  const picker = (kind: PickerKind) => ({
    readOnly: !editable,
    open: open === kind,
    onOpenChange: (next: boolean) => setOpen(next ? kind : null),
  });
  return (
    <div
      ref={root}
      data-task-id={overlay ? undefined : card.id}
      onMouseEnter={() => keys.hover(card.id)}
      onMouseLeave={() => keys.hover(null)}
      className={`rounded-md border border-zinc-200 bg-white p-2.5 text-sm shadow-xs focus-within:border-indigo-400 dark:border-zinc-700 dark:bg-zinc-800 dark:focus-within:border-indigo-500 ${overlay ? "shadow-lg" : ""}`}
    >
      <div className="flex items-center justify-between text-xs text-zinc-600 dark:text-zinc-400">
        <span className="flex items-center gap-1">
          {handle}
          <span className="font-mono">{card.ref}</span>
        </span>
        <span onPointerDown={(e) => e.stopPropagation()}>
          <PriorityPicker
            {...picker("priority")}
            name={name("Priority")}
            iconOnly
            value={card.priority}
            onChange={(priority) => edit({ priority })}
          />
        </span>
      </div>
      <Link
        href={`/w/${slug}/t/${card.ref}`}
        className="mt-1 block font-medium hover:underline"
        onPointerDown={(e) => e.stopPropagation()}
      >
        {card.title}
      </Link>
      {/* The pickers (and their popovers, rendered elsewhere) must not start a drag. */}
      <div className="mt-1.5 -ml-1.5 flex flex-wrap items-center gap-0.5" onPointerDown={(e) => e.stopPropagation()}>
        <StatusPicker
          {...picker("status")}
          name={name("Status")}
          iconOnly
          value={card.status}
          onChange={(status) => edit({ status })}
        />
        <LabelsPicker
          {...picker("labels")}
          name={name("Labels")}
          iconOnly={card.labels.length === 0}
          className="max-w-36"
          value={card.labels}
          onChange={(labelIds) => edit({ labelIds })}
        />
        <DuePicker
          {...picker("due")}
          name={name("Due date")}
          hideEmpty
          done={card.status === "DONE" || card.status === "CANCELLED"}
          value={card.dueDate}
          onChange={(dueDate) => edit({ dueDate })}
        />
        <AssigneePicker
          {...picker("assignee")}
          name={name("Assignee")}
          iconOnly
          className="ml-auto"
          value={card.assignee}
          onChange={(assigneeId) => edit({ assigneeId })}
        />
      </div>
    </div>
  );
}
