"use client";

import { useQueryClient } from "@tanstack/react-query";
import { getQueryKey } from "@trpc/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { useWorkspace } from "~/components/shell/workspace-context";
import { errorCode } from "~/lib/errors";
import type { LiveChange, LiveMessage, LiveViewer } from "~/lib/live";
import { api, clientId } from "~/trpc/react";
import { catchUp, dropProject, refreshAttachments, type CachedTask } from "./live-cache";
import { addChange, addResync, createLiveBatch, otherViewers, refetchesTask, type LivePlan } from "./live-plan";

export type LiveStatus = "connecting" | "live" | "reconnecting" | "ended";
/** Where in the project this page is; other people see it next to this person's initials. */
export type LiveView = "board" | "list" | "calendar" | `task:${string}`;

export type LiveProject = {
  status: LiveStatus;
  /** The other people with this project open (not the signed-in person), while the stream is live. */
  viewers: LiveViewer[];
  /** The latest change someone else made in the project. */
  lastChange: LiveChange | null;
};

export type LiveProjectOptions = {
  /** Hold refetches while true (a card is being dragged); what arrived meanwhile applies on release. */
  paused?: boolean;
  /** A task whose `task.get` stays at the version shown: the page has unsaved edits and asks first. */
  heldTaskId?: string | null;
  /** Called for every change someone else makes in the project. */
  onChange?: (change: LiveChange) => void;
};

const RECONNECT_GRACE_MS = 2_000;

export const NO_ACCESS_MESSAGE = "You no longer have access to this project";

/**
 * One live stream per open project page: keeps the cached queries of the project fresh as other people
 * change it, and says who else is looking.
 */
export function useLiveProject(projectId: string, view: LiveView, options: LiveProjectOptions = {}): LiveProject {
  const { workspace, viewerId } = useWorkspace();
  const utils = api.useUtils();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [viewers, setViewers] = useState<LiveViewer[]>([]);
  const [lastChange, setLastChange] = useState<LiveChange | null>(null);
  const [wasLive, setWasLive] = useState(false);
  const [ended, setEnded] = useState(false);

  const apply = (plan: LivePlan) => {
    if (plan.taskLists) void utils.task.list.invalidate({ projectId });
    void queryClient.invalidateQueries({
      queryKey: getQueryKey(api.task.get),
      predicate: (query) => {
        const task = query.state.data as CachedTask;
        return task?.projectId === projectId && !!task.id && refetchesTask(plan, task.id, options.heldTaskId);
      },
    });
    if (plan.everything) {
      void utils.comment.list.invalidate();
      void utils.activity.forTask.invalidate();
    }
    for (const taskId of plan.comments) void utils.comment.list.invalidate({ taskId });
    for (const taskId of plan.activity) void utils.activity.forTask.invalidate({ taskId });
    refreshAttachments(queryClient, plan);
    if (plan.labels) void utils.label.list.invalidate({ workspaceId: workspace.id });
    if (plan.project) void utils.project.invalidate();
    if (plan.members) void utils.workspace.members.invalidate({ workspaceId: workspace.id });
    // The project's name and the viewer's role come from the server-rendered layout.
    if (plan.project || plan.members) router.refresh();
  };

  // Whether this page has refetched what it loaded before the stream's first `ready` (see catchUp).
  const caughtUp = useRef(false);
  const [batch] = useState(() => createLiveBatch((plan) => apply(plan)));
  // The batch outlives renders; it must call this render's `apply` (the latest utils and project).
  useEffect(() => batch.setApply(apply));
  useEffect(() => batch.setPaused(options.paused ?? false), [batch, options.paused]);
  useEffect(() => () => batch.dispose(), [batch]);

  const onMessage = (message: LiveMessage) => {
    switch (message.type) {
      case "presence":
        setViewers(message.viewers);
        break;
      case "resync":
        batch.add((plan) => addResync(plan));
        break;
      case "change": {
        if (message.origin !== null && message.origin === clientId()) return;
        setLastChange(message);
        options.onChange?.(message);
        batch.add((plan) => addChange(plan, message, clientId()));
        break;
      }
      case "ready":
        if (!caughtUp.current) {
          caughtUp.current = true;
          catchUp(queryClient, projectId, Date.now(), options.heldTaskId ?? null);
        }
        break;
    }
  };

  const subscription = api.live.project.useSubscription(
    { projectId, view },
    {
      onStarted: () => setWasLive(true),
      onData: (tracked) => onMessage(tracked.data),
      onError: (error) => {
        setEnded(true);
        // NOT_FOUND too: a member removed while the stream was reconnecting learns it that way.
        if (errorCode(error) === "FORBIDDEN" || errorCode(error) === "NOT_FOUND") {
          toast.error(NO_ACCESS_MESSAGE, { id: "live-no-access" });
          router.replace("/");
          dropProject(queryClient, projectId);
        } else if (errorCode(error) === "UNAUTHORIZED") {
          // Signed out elsewhere: sign in again, then come back here.
          toast.error("Your session has ended. Sign in to continue.", { id: "live-signed-out" });
          dropProject(queryClient, projectId);
          const back = window.location.pathname + window.location.search;
          router.replace(`/sign-in?callbackUrl=${encodeURIComponent(back)}`);
        }
      },
      onComplete: () => setEnded(true),
    },
  );

  // The server ends each stream every few minutes and the link reopens it at once: only a stream down
  // for longer than a moment counts as reconnecting, so the indicator does not blink (or announce).
  const down = subscription.status === "connecting" && (wasLive || !!subscription.error);
  const [downLong, setDownLong] = useState(false);
  const [wasDown, setWasDown] = useState(down);
  if (down !== wasDown) {
    setWasDown(down);
    setDownLong(false);
  }
  useEffect(() => {
    if (!down) return;
    const timer = setTimeout(() => setDownLong(true), RECONNECT_GRACE_MS);
    return () => clearTimeout(timer);
  }, [down]);

  const status: LiveStatus =
    ended || subscription.status === "error" || subscription.status === "idle"
      ? "ended"
      : subscription.status === "pending" || (down && !downLong && wasLive)
        ? "live"
        : down
          ? "reconnecting"
          : "connecting";

  return { status, viewers: status === "live" ? otherViewers(viewers, viewerId, view) : [], lastChange };
}
