"use client";

import { useEffect, useRef, useState } from "react";
import { errorCode } from "~/lib/errors";
import { api } from "~/trpc/react";

const RESUBSCRIBE_MS = 1_500;
const RESUBSCRIBE_SIGNED_OUT_MS = 60_000;

/** The signed-in person's unread count; kept fresh by `NotificationsLive`, and on window focus. */
export function useUnreadCount(): number | null {
  const unread = api.notification.unreadCount.useQuery(undefined, { refetchOnWindowFocus: "always", retry: false });
  return unread.data?.unread ?? null;
}

// One stream: the server sends the count at the start and on every change, and ends the stream after
// a few minutes; the next one is opened by mounting this again.
function UnreadStream({ onEnd }: { onEnd: (signedOut: boolean) => void }) {
  const utils = api.useUtils();
  api.notification.watch.useSubscription(undefined, {
    onData: ({ unread }) => {
      const before = utils.notification.unreadCount.getData()?.unread;
      utils.notification.unreadCount.setData(undefined, { unread });
      // The inbox shows what changed (new notifications, or read in another tab).
      if (before !== unread) void utils.notification.list.invalidate();
    },
    onError: (error) => onEnd(errorCode(error) === "UNAUTHORIZED"),
    onComplete: () => onEnd(false),
  });
  return null;
}

/**
 * Keeps the unread count live for the whole page (mount once), and on a person's first visit sets
 * their time zone from the browser's, for due-date reminders and email times.
 */
export function NotificationsLive() {
  const [stream, setStream] = useState(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  const onEnd = (signedOut: boolean) => {
    if (timer.current) return;
    timer.current = setTimeout(
      () => {
        timer.current = null;
        setStream((n) => n + 1);
      },
      signedOut ? RESUBSCRIBE_SIGNED_OUT_MS : RESUBSCRIBE_MS,
    );
  };
  return (
    <>
      <UnreadStream key={stream} onEnd={onEnd} />
      <GuessTimeZone />
    </>
  );
}

function GuessTimeZone() {
  const utils = api.useUtils();
  const preferences = api.notification.preferences.useQuery(undefined, { staleTime: Infinity, retry: false });
  const guess = api.notification.guessTimeZone.useMutation({
    onSuccess: (data) => utils.notification.preferences.setData(undefined, data),
  });
  const asked = useRef(false);
  const missing = preferences.data ? preferences.data.timeZone === null : false;
  useEffect(() => {
    if (!missing || asked.current) return;
    asked.current = true;
    const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (timeZone) guess.mutate({ timeZone });
  }, [missing, guess]);
  return null;
}
