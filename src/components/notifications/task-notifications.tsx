"use client";

import { useEffect, useRef } from "react";
import { Button } from "~/components/ui/button";
import { toastError } from "~/components/ui/form-error";
import { api } from "~/trpc/react";
import { useUnreadCount } from "./notifications-live";

/** Opening a task reads its notifications: once per task shown, when the person has any unread. */
export function useMarkTaskRead(taskId: string) {
  const utils = api.useUtils();
  const unread = useUnreadCount();
  const { mutate } = api.notification.markRead.useMutation({
    onSuccess: (data) => {
      utils.notification.unreadCount.setData(undefined, data);
      void utils.notification.list.invalidate();
    },
  });
  const marked = useRef<string | null>(null);
  useEffect(() => {
    if (!unread || marked.current === taskId) return;
    marked.current = taskId;
    mutate({ selection: { taskId }, read: true });
  }, [unread, taskId, mutate]);
}

/** Follow or unfollow the task: followers hear about its comments and status changes. */
export function FollowButton({ taskId }: { taskId: string }) {
  const utils = api.useUtils();
  const following = api.notification.following.useQuery({ taskId });
  const follow = api.notification.follow.useMutation({
    onSuccess: (data) => utils.notification.following.setData({ taskId }, data),
    onError: toastError,
  });
  if (!following.data) return null;
  const on = following.data.following;
  return (
    <Button
      variant="secondary"
      className="px-2 py-1 text-xs"
      disabled={follow.isPending}
      title={on ? "Stop hearing about comments and status changes" : "Hear about comments and status changes"}
      onClick={() => follow.mutate({ taskId, following: !on })}
    >
      {on ? "Unfollow" : "Follow"}
    </Button>
  );
}
