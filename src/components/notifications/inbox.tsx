"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { getQueryKey } from "@trpc/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { isTyping } from "~/components/shell/is-typing";
import { Button } from "~/components/ui/button";
import { toastError } from "~/components/ui/form-error";
import { describeError } from "~/lib/errors";
import { api, type RouterOutputs } from "~/trpc/react";
import { describeNotification, relativeTime } from "./describe";
import { NotificationsLive, useUnreadCount } from "./notifications-live";

type Filter = "unread" | "all" | "archived";
type Item = RouterOutputs["notification"]["list"]["items"][number];
type Group = { key: string; task: Item["task"]; workspace: Item["workspace"]; items: Item[] };

const PAGE_SIZE = 30;
const FILTERS: { value: Filter; label: string }[] = [
  { value: "unread", label: "Unread" },
  { value: "all", label: "All" },
  { value: "archived", label: "Archived" },
];
const EMPTY: Record<Filter, string> = {
  unread: "You're all caught up.",
  all: "No notifications yet. You hear here when someone assigns you, mentions you, or changes a task you follow.",
  archived: "Nothing archived.",
};

/** Notifications grouped by task, each group where its newest notification falls (newest first). */
export function groupByTask(items: readonly Item[]): Group[] {
  const groups = new Map<string, Group>();
  for (const item of items) {
    const key = item.task ? `task:${item.task.id}` : `item:${item.id}`;
    const group = groups.get(key);
    if (group) group.items.push(item);
    else groups.set(key, { key, task: item.task, workspace: item.workspace, items: [item] });
  }
  return [...groups.values()];
}

function useNow(intervalMs = 60_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export function Inbox() {
  const router = useRouter();
  const utils = api.useUtils();
  const unread = useUnreadCount();
  const now = useNow();
  const [filter, setFilter] = useState<Filter>("all");
  // Pages by cursor. The procedure's input is strict, so the pages are asked for by hand rather than
  // through the tRPC infinite query (which adds a `direction`); the key is tRPC's own, so invalidating
  // `notification.list` refreshes them.
  const list = useInfiniteQuery({
    queryKey: getQueryKey(api.notification.list, { filter, limit: PAGE_SIZE }, "infinite"),
    queryFn: ({ pageParam }) => utils.client.notification.list.query({ filter, limit: PAGE_SIZE, cursor: pageParam }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    staleTime: 5_000,
  });
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  const groups = groupByTask(items);
  const order = groups.flatMap((g) => g.items);

  const changed = (data: { unread: number }) => {
    utils.notification.unreadCount.setData(undefined, data);
    void utils.notification.list.invalidate();
  };
  const markRead = api.notification.markRead.useMutation({ onSuccess: changed, onError: toastError });
  const archive = api.notification.archive.useMutation({ onSuccess: changed, onError: toastError });

  // Keyboard: the item with focus (by id), and where focus goes once the list has changed.
  const [current, setCurrent] = useState<string | null>(null);
  const rows = useRef(new Map<string, HTMLElement>());
  const focusNext = useRef<string | null>(null);
  const listRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const id = focusNext.current;
    const el = id ? rows.current.get(id) : null;
    if (el) {
      el.focus();
      focusNext.current = null;
    }
  });

  const focusItem = (item: Item | undefined) => {
    if (!item) return;
    setCurrent(item.id);
    rows.current.get(item.id)?.focus();
  };
  const open = (item: Item) => {
    if (!item.task) return;
    if (!item.readAt) markRead.mutate({ selection: { taskId: item.task.id }, read: true });
    router.push(item.task.url);
  };
  const toggleRead = (item: Item) => markRead.mutate({ selection: { ids: [item.id] }, read: !item.readAt });
  const toggleArchive = (item: Item) => {
    // In the inbox the item leaves the list; focus goes to the one after it (or before, at the end).
    const index = order.findIndex((i) => i.id === item.id);
    const next = order[index + 1] ?? order[index - 1];
    if (next && rows.current.get(item.id)?.contains(document.activeElement)) focusNext.current = next.id;
    archive.mutate({ selection: { ids: [item.id] }, archived: !item.archivedAt });
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target) || e.metaKey || e.ctrlKey || e.altKey || order.length === 0) return;
      const inList = e.target instanceof Node && !!listRef.current?.contains(e.target);
      const onPage = e.target === document.body || inList;
      const index = order.findIndex((i) => i.id === current);
      const item = index >= 0 ? order[index] : undefined;
      if (e.key === "j" || (e.key === "ArrowDown" && onPage)) {
        e.preventDefault();
        focusItem(order[Math.min(index + 1, order.length - 1)]);
      } else if (e.key === "k" || (e.key === "ArrowUp" && onPage)) {
        e.preventDefault();
        focusItem(order[Math.max(index - 1, 0)]);
      } else if (!item || !inList) {
        return;
      } else if (e.key === "Enter" && e.target === rows.current.get(item.id)) {
        e.preventDefault();
        open(item);
      } else if (e.key === "e") {
        e.preventDefault();
        toggleArchive(item);
      } else if (e.key === "u" && !item.archivedAt) {
        e.preventDefault();
        toggleRead(item);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  });

  return (
    <main id="main" className="mx-auto max-w-3xl space-y-5 px-4 py-8">
      <NotificationsLive />
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <h1 className="text-2xl font-semibold">Inbox</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400" role="status" data-testid="inbox-unread">
          {unread === null ? "" : unread === 0 ? "No unread notifications" : `${unread} unread`}
        </p>
        <div className="ml-auto flex gap-3 text-sm">
          <Link href="/account#notifications" className="underline">
            Notification settings
          </Link>
          <Link href="/" className="underline">
            Back to your work
          </Link>
        </div>
      </div>

      <div className="flex flex-wrap items-center gap-2">
        <div
          role="group"
          aria-label="Show"
          className="inline-flex rounded-md border border-zinc-300 p-0.5 dark:border-zinc-700"
        >
          {FILTERS.map((f) => (
            <button
              key={f.value}
              type="button"
              aria-pressed={filter === f.value}
              onClick={() => {
                setFilter(f.value);
                setCurrent(null);
              }}
              className={`rounded px-3 py-1 text-sm focus-visible:outline-2 focus-visible:outline-indigo-500 ${filter === f.value ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900" : "text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"}`}
            >
              {f.label}
            </button>
          ))}
        </div>
        {filter !== "archived" ? (
          <Button
            className="ml-auto"
            disabled={!unread || markRead.isPending}
            onClick={() => markRead.mutate({ selection: { all: true }, read: true })}
          >
            Mark all read
          </Button>
        ) : null}
      </div>

      <p id="inbox-keys" className="text-xs text-zinc-600 dark:text-zinc-400">
        Keys: <kbd>j</kbd>/<kbd>k</kbd> or arrows to move, <kbd>Enter</kbd> to open, <kbd>e</kbd> to archive,{" "}
        <kbd>u</kbd> to mark read or unread.
      </p>

      {list.isPending ? (
        <div aria-label="Loading notifications" role="status" className="space-y-3">
          {[0, 1, 2].map((i) => (
            <div key={i} className="h-16 animate-pulse rounded-md bg-zinc-100 dark:bg-zinc-900" />
          ))}
        </div>
      ) : list.isError ? (
        <div role="alert" className="rounded-md border border-rose-300 p-4 text-sm dark:border-rose-800">
          <p className="mb-2">Could not load your notifications: {describeError(list.error)}</p>
          <Button onClick={() => void list.refetch()}>Try again</Button>
        </div>
      ) : groups.length === 0 ? (
        <p className="rounded-md border border-dashed border-zinc-300 p-8 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
          {EMPTY[filter]}
        </p>
      ) : (
        <div ref={listRef} aria-describedby="inbox-keys">
          <ul aria-label="Notifications by task" className="space-y-4">
            {groups.map((group) => (
              <li key={group.key} className="rounded-lg border border-zinc-200 dark:border-zinc-800">
                <h2 className="flex flex-wrap items-baseline gap-x-2 border-b border-zinc-200 px-3 py-2 text-sm dark:border-zinc-800">
                  {group.task ? (
                    <>
                      <span className="font-mono text-xs text-zinc-600 dark:text-zinc-400">{group.task.ref}</span>
                      <span className="min-w-0 font-semibold break-words">{group.task.title}</span>
                      {group.task.inTrash ? (
                        <span className="text-xs text-zinc-600 dark:text-zinc-400">(in the trash)</span>
                      ) : null}
                    </>
                  ) : (
                    <span className="font-semibold">A deleted task</span>
                  )}
                  <span className="ml-auto text-xs text-zinc-600 dark:text-zinc-400">{group.workspace.name}</span>
                </h2>
                <ul className="divide-y divide-zinc-100 dark:divide-zinc-900">
                  {group.items.map((item) => (
                    <NotificationRow
                      key={item.id}
                      item={item}
                      now={now}
                      current={current === item.id}
                      rowRef={(el) => {
                        if (el) rows.current.set(item.id, el);
                        else rows.current.delete(item.id);
                      }}
                      onFocus={() => setCurrent(item.id)}
                      onOpen={() => open(item)}
                      onToggleRead={() => toggleRead(item)}
                      onToggleArchive={() => toggleArchive(item)}
                    />
                  ))}
                </ul>
              </li>
            ))}
          </ul>
          {list.hasNextPage ? (
            <div className="mt-4 flex justify-center">
              <Button onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
                {list.isFetchingNextPage ? "Loading…" : "Load more"}
              </Button>
            </div>
          ) : null}
        </div>
      )}
    </main>
  );
}

function NotificationRow({
  item,
  now,
  current,
  rowRef,
  onFocus,
  onOpen,
  onToggleRead,
  onToggleArchive,
}: {
  item: Item;
  now: Date;
  current: boolean;
  rowRef: (el: HTMLElement | null) => void;
  onFocus: () => void;
  onOpen: () => void;
  onToggleRead: () => void;
  onToggleArchive: () => void;
}) {
  const unread = !item.readAt && !item.archivedAt;
  const summaryId = `notification-${item.id}`;
  const what = describeNotification(item);
  const body = (
    <>
      <span id={summaryId} className={unread ? "font-semibold" : ""}>
        {what}
        {item.task ? <span className="sr-only">{` on ${item.task.ref} ${item.task.title}`}</span> : null}
      </span>
      <span className="sr-only">{unread ? ", unread" : ", read"}</span>
      <span className="block text-xs text-zinc-600 dark:text-zinc-400">
        <time dateTime={item.createdAt.toISOString()} title={item.createdAt.toLocaleString()}>
          {relativeTime(item.createdAt, now)}
        </time>
      </span>
    </>
  );
  const rowClass = "min-w-0 flex-1 rounded px-1 focus-visible:outline-2 focus-visible:outline-indigo-500";
  return (
    <li
      onFocus={onFocus}
      data-testid="notification"
      data-unread={unread ? "true" : undefined}
      className={`flex flex-wrap items-start gap-x-2 gap-y-1 px-3 py-2 ${current ? "bg-zinc-50 dark:bg-zinc-900" : ""}`}
    >
      <span
        aria-hidden
        className={`mt-1.5 size-2 shrink-0 rounded-full ${unread ? "bg-indigo-600 dark:bg-indigo-400" : ""}`}
      />
      {item.task ? (
        <Link
          ref={rowRef}
          href={item.task.url}
          onClick={(e) => {
            if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
            e.preventDefault();
            onOpen();
          }}
          className={`${rowClass} hover:underline`}
        >
          {body}
        </Link>
      ) : (
        <div ref={rowRef} tabIndex={-1} className={rowClass}>
          {body}
        </div>
      )}
      <div className="ml-auto flex shrink-0 gap-1">
        {!item.archivedAt ? (
          <Button variant="ghost" className="px-2 py-1 text-xs" aria-describedby={summaryId} onClick={onToggleRead}>
            {unread ? "Mark read" : "Mark unread"}
          </Button>
        ) : null}
        <Button variant="ghost" className="px-2 py-1 text-xs" aria-describedby={summaryId} onClick={onToggleArchive}>
          {item.archivedAt ? "Unarchive" : "Archive"}
        </Button>
      </div>
    </li>
  );
}
